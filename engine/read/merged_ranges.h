// A worksheet's merged ranges without reading its cells. A long sheet is recognised from its
// first rows only, but its <mergeCells> come after every row; inflating the part and looking
// for them costs a fraction of reading the cells (bench/README.md, "Streaming analysis").
#pragma once

#include "read/cell.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace impact::read {

/// Every `<mergeCell ref="...">` of a worksheet's XML pulled through `source` (which fills up to
/// `size` bytes and returns 0 at the end), in file order. A namespace prefix is allowed; text
/// cannot hold the tag, since '<' is always escaped in XML text. Nullopt if a ref is written with
/// character references ("A1&#58;B2"): the sheet must then be read through the XML reader.
std::optional<std::vector<Range>> scanMergedRanges(const std::function<std::size_t(char*, std::size_t)>& source);

} // namespace impact::read
