// Streaming one XML part of a package through expat for the package check (write/package_check.h):
// well-formedness, no DTD, the root's mc:Ignorable prefixes declared, and a callback per element.
// Private to engine/write.
#pragma once

#include "read/package.h"

#include <functional>
#include <string>
#include <string_view>

namespace impact::write {

/// Called for each element: namespace URI, local name, attributes as expat gives them (name,
/// value, ..., nullptr).
using OnElement = std::function<void(std::string_view ns, std::string_view local, const char** atts)>;

/// Scans `entry` of `pkg`; returns what is wrong with it ("is not well-formed XML (...)", "has a
/// DOCTYPE", "cannot be read (...)", ...) or "" if nothing is.
std::string scanPart(const read::Package& pkg, const read::PartEntry& entry, const OnElement& onElement);

/// The value of attribute `name` in expat's attribute list, or nullptr.
const char* attrOf(const char** atts, std::string_view name);

} // namespace impact::write
