#include "read/cell.h"

namespace impact::read {

std::string columnName(std::uint32_t col) {
    std::string name;
    std::uint32_t n = col + 1;
    while (n > 0) {
        std::uint32_t rem = (n - 1) % 26;
        name.insert(name.begin(), static_cast<char>('A' + rem));
        n = (n - 1) / 26;
    }
    return name;
}

std::string cellName(std::uint32_t row, std::uint32_t col) {
    return columnName(col) + std::to_string(static_cast<std::uint64_t>(row) + 1);
}

std::string rangeName(const Range& r) {
    std::string first = cellName(r.firstRow, r.firstCol);
    if (r.firstRow == r.lastRow && r.firstCol == r.lastCol) return first;
    return first + ":" + cellName(r.lastRow, r.lastCol);
}

bool parseCellName(std::string_view ref, std::uint32_t& row, std::uint32_t& col) {
    std::size_t i = 0;
    if (i < ref.size() && ref[i] == '$') ++i;
    std::uint64_t c = 0;
    std::size_t letters = 0;
    for (; i < ref.size(); ++i, ++letters) {
        char ch = ref[i];
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z') break;
        if (letters >= 3) return false;
        c = c * 26 + static_cast<std::uint64_t>(ch - 'A' + 1);
    }
    if (letters == 0) return false;
    if (i < ref.size() && ref[i] == '$') ++i;
    std::uint64_t r = 0;
    std::size_t digits = 0;
    for (; i < ref.size(); ++i, ++digits) {
        char ch = ref[i];
        if (ch < '0' || ch > '9' || digits >= 8) return false;
        r = r * 10 + static_cast<std::uint64_t>(ch - '0');
    }
    if (digits == 0 || r == 0) return false;
    row = static_cast<std::uint32_t>(r - 1);
    col = static_cast<std::uint32_t>(c - 1);
    return true;
}

std::optional<Range> parseRangeName(std::string_view ref) {
    Range range;
    std::size_t colon = ref.find(':');
    if (!parseCellName(ref.substr(0, colon), range.firstRow, range.firstCol)) return std::nullopt;
    if (colon == std::string_view::npos) {
        range.lastRow = range.firstRow;
        range.lastCol = range.firstCol;
        return range;
    }
    if (!parseCellName(ref.substr(colon + 1), range.lastRow, range.lastCol)) return std::nullopt;
    if (range.lastRow < range.firstRow) std::swap(range.lastRow, range.firstRow);
    if (range.lastCol < range.firstCol) std::swap(range.lastCol, range.firstCol);
    return range;
}

} // namespace impact::read
