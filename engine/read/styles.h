// The part of styles.xml the reader needs: which cell formats (xf) show dates.
#pragma once

#include "read/cell.h"

#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

class CellFormats {
public:
    CellFormats() = default;
    /// Reads `xml` (the styles part). `what` names the part in errors.
    static CellFormats parse(std::string_view xml, const std::string& what);
    /// What the cell format with this index (a cell's s="") shows; None for unknown indices.
    DateParts dateParts(std::uint32_t xf) const { return xf < xf_.size() ? xf_[xf] : DateParts::None; }
    std::size_t size() const { return xf_.size(); }

private:
    std::vector<DateParts> xf_;
};

} // namespace impact::read
