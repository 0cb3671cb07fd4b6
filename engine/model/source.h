// Where a value came from in the coordinator's workbook.
#pragma once

#include <cstdint>
#include <string>

namespace impact::model {

/// Where a value came from: sheet name and 0-based row and column.
struct Source {
    std::string sheet;
    std::uint32_t row = 0, col = 0;
};

} // namespace impact::model
