// A whole sheet held in memory, for recognising and validating a coordinator's tables.
#pragma once

#include "read/workbook.h"

#include <functional>
#include <string>
#include <vector>

namespace impact::read {

/// A cell's value, owning its text.
struct Value {
    CellType type = CellType::Empty;
    DateParts dateParts = DateParts::None;
    double number = 0.0;
    std::string text;
    bool empty() const { return type == CellType::Empty; }
};

/// A sheet's non-empty cells by row, with its merged ranges: the whole sheet, or only its first
/// rows (a long sheet is recognised from them, then streamed below them a chunk at a time).
class Grid {
public:
    Grid() = default;
    Grid(const Workbook& workbook, std::size_t sheetIndex);
    /// The sheet's first `maxRows` rows that hold cells (truncated() if it has more), with all
    /// its merged ranges.
    Grid(const Workbook& workbook, std::size_t sheetIndex, std::uint32_t maxRows);
    /// Whether the sheet has rows below those held.
    bool truncated() const { return truncated_; }
    /// Reads the rows below those held, `chunkRows` at a time: after each chunk `onChunk(first)`
    /// sees the grid with the first rows and the chunk (`first` its first row), then the chunk is
    /// dropped. Stops when `onChunk` returns false. Memory holds one chunk, whatever the sheet's size.
    void streamBelow(const Workbook& workbook, std::uint32_t chunkRows, const std::function<bool(std::uint32_t)>& onChunk);

    const std::string& sheetName() const { return name_; }
    bool date1904() const { return date1904_; }
    /// The value at (row, col), 0-based; an empty value where there is none.
    const Value& at(std::uint32_t row, std::uint32_t col) const;
    /// The top-left cell of the merged range holding (row, col), or nullptr if not merged.
    const Range* mergedAt(std::uint32_t row, std::uint32_t col) const;
    /// Rows that hold at least one cell, in order.
    const std::vector<std::uint32_t>& rowIndices() const { return rowIndex_; }
    std::uint32_t rowCount() const { return rows_.empty() ? 0 : rowIndex_.back() + 1; }
    std::uint32_t columnCount() const { return columns_; }
    const std::vector<Range>& merged() const { return merged_; }
    /// The cell's text as `impact dump` shows it, trimmed.
    std::string text(std::uint32_t row, std::uint32_t col) const;

    /// For tests: a grid from rows of texts (numbers stay text).
    static Grid fromRows(std::string name, const std::vector<std::vector<std::string>>& rows);
    void set(std::uint32_t row, std::uint32_t col, Value value);
    /// Adds a row as the reader gives it.
    void add(const Row& row);
    /// Drops row `row` and every row below it (streamBelow still reads below the rows first read).
    void dropRowsFrom(std::uint32_t row);

private:
    struct StoredRow {
        std::vector<std::uint32_t> cols;
        std::vector<Value> values;
    };
    std::string name_;
    bool date1904_ = false;
    std::vector<std::uint32_t> rowIndex_;
    std::vector<StoredRow> rows_;
    std::vector<Range> merged_;
    std::uint32_t columns_ = 0;
    std::size_t sheetIndex_ = 0;
    bool truncated_ = false;
    std::uint32_t readTo_ = 0; ///< the last row read, whatever was dropped since
    /// The position of the row at() found last (a grid is read by one thread at a time).
    mutable std::size_t lastRow_ = 0;
};

} // namespace impact::read
