// What the reader reports for one cell, and A1 references.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::read {

/// The type a cell shows in Excel.
enum class CellType : std::uint8_t {
    Empty,   ///< no value (also a formula without a cached value)
    Number,
    Text,
    Boolean, ///< number is 1 or 0
    Error,   ///< text holds "#N/A", "#DIV/0!" ...
    Date,    ///< number holds the serial in the workbook's own date system
};

/// For Date cells: which parts the cell's number format shows. Time is a time of day (h:mm);
/// Duration is elapsed time ([h]:mm), whose hours pass 24.
enum class DateParts : std::uint8_t { None, Date, DateTime, Time, Duration };

/// One cell during streaming. `text` points into the reader's buffers and is valid only
/// until the visitor returns.
struct Cell {
    std::uint32_t col = 0; ///< 0-based
    CellType type = CellType::Empty;
    DateParts dateParts = DateParts::None;
    double number = 0.0;
    std::string_view text;
};

/// One row during streaming: cells in column order, empty cells left out.
struct Row {
    std::uint32_t index = 0; ///< 0-based
    std::vector<Cell> cells;
};

/// A rectangle of cells, 0-based and inclusive.
struct Range {
    std::uint32_t firstRow = 0, firstCol = 0, lastRow = 0, lastCol = 0;
    bool contains(std::uint32_t row, std::uint32_t col) const {
        return row >= firstRow && row <= lastRow && col >= firstCol && col <= lastCol;
    }
};

/// "A".."XFD" for a 0-based column.
std::string columnName(std::uint32_t col);
/// "B12" for 0-based row 11, column 1.
std::string cellName(std::uint32_t row, std::uint32_t col);
/// "A1:C3", or "A1" for a single cell.
std::string rangeName(const Range& range);
/// Parses "B12" (also "$B$12") into 0-based row and column; rejects anything else.
bool parseCellName(std::string_view ref, std::uint32_t& row, std::uint32_t& col);
/// Parses "A1:C3" or "A1".
std::optional<Range> parseRangeName(std::string_view ref);

} // namespace impact::read
