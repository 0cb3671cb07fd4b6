// Small helpers for the parts the graft edits by splicing (write/xml_edit.h): relationships,
// relative targets, content types, appending inside an element. Private to engine/write.
#pragma once

#include "write/graft_source.h"
#include "write/xml_edit.h"

#include <string>
#include <vector>

namespace impact::write {

/// The relationships of a relationships part parsed for editing (Rel::node set).
std::vector<Rel> relsOf(const XmlDoc& doc);

/// The target of a relationship from `from` to `to`, relative like Excel writes it.
std::string relativeTarget(const std::string& from, const std::string& to);

/// The content type [Content_Types].xml gives a part: its Override, else the Default of its extension.
std::string contentTypeIn(const XmlDoc& ct, const std::string& part);

/// Appends `text` as the last content of element `i` (also when it is written "<a/>").
void appendInside(const XmlDoc& doc, Splicer& sp, int i, const std::string& text);

} // namespace impact::write
