#include "read/cell_text.h"

#include "read/date.h"

#include <charconv>
#include <cmath>

namespace impact::read {

std::string formatNumber(double value) {
    if (std::isnan(value)) return "NaN";
    if (value == 0) return "0"; // also -0
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, res.ptr);
}

std::string cellText(const Cell& cell, bool date1904) {
    switch (cell.type) {
    case CellType::Empty: return {};
    case CellType::Number: return formatNumber(cell.number);
    case CellType::Boolean: return cell.number != 0 ? "TRUE" : "FALSE";
    case CellType::Date: return serialToIso(cell.number, date1904, cell.dateParts);
    case CellType::Text:
    case CellType::Error: return std::string(cell.text);
    }
    return {};
}

} // namespace impact::read
