// How check and analyse results are shown: JSON (SPEC, stable) for the CLI and the local service, and text for a terminal.
#pragma once

#include "check/check.h"

#include <Poco/JSON/Object.h>

#include <iosfwd>

namespace impact::output {

/// The object `impact check --json` prints (SPEC "JSON").
Poco::JSON::Object::Ptr checkJson(const check::CheckResult& result);
/// Sheets (with each column's role when `verbose`, else how many were understood), then issues
/// grouped by sheet; info only when `verbose`.
void printCheck(std::ostream& out, const check::CheckResult& result, bool verbose, bool colour);

} // namespace impact::output
