#include "read/grid.h"

#include "common/text.h"
#include "read/cell_text.h"

#include <algorithm>
#include <limits>

namespace impact::read {

namespace {

const Value kEmpty{};
constexpr std::uint32_t kAllRows = std::numeric_limits<std::uint32_t>::max();

/// Thrown by a loader to stop reading a sheet (caught where it is read).
struct StopReading {};

/// Loads rows into a grid; with a limit, stops at the first row past it (and says so).
class GridLoader : public RowVisitor {
public:
    GridLoader(Grid& grid, std::uint32_t maxRows) : grid_(grid), left_(maxRows) {}
    void onRow(const Row& row) override {
        if (left_ == 0) {
            more_ = true;
            throw StopReading{};
        }
        --left_;
        grid_.add(row);
    }
    bool more() const { return more_; }

private:
    Grid& grid_;
    std::uint32_t left_;
    bool more_ = false;
};

/// Hands the rows below a grid's first rows to it a chunk at a time.
class ChunkLoader : public RowVisitor {
public:
    ChunkLoader(Grid& grid, std::uint32_t below, std::uint32_t chunkRows, const std::function<bool(std::uint32_t)>& onChunk)
        : grid_(grid), below_(below), chunkRows_(chunkRows), onChunk_(onChunk), loader_(grid, kAllRows) {}
    void onRow(const Row& row) override {
        if (row.index <= below_) return;
        if (held_ == 0) first_ = row.index;
        loader_.onRow(row);
        if (++held_ == chunkRows_) flush();
    }
    /// The chunk to `onChunk`, then out of the grid.
    void flush() {
        if (held_ == 0) return;
        bool more = onChunk_(first_);
        grid_.dropRowsFrom(first_);
        held_ = 0;
        if (!more) throw StopReading{};
    }

private:
    Grid& grid_;
    std::uint32_t below_, chunkRows_, first_ = 0, held_ = 0;
    const std::function<bool(std::uint32_t)>& onChunk_;
    GridLoader loader_;
};

} // namespace

Grid::Grid(const Workbook& workbook, std::size_t sheetIndex)
    : name_(workbook.sheets().at(sheetIndex).name), date1904_(workbook.date1904()), sheetIndex_(sheetIndex) {
    GridLoader loader(*this, kAllRows);
    SheetSummary summary = workbook.readSheet(sheetIndex, loader);
    merged_ = std::move(summary.merged);
}

Grid::Grid(const Workbook& workbook, std::size_t sheetIndex, std::uint32_t maxRows)
    : name_(workbook.sheets().at(sheetIndex).name), date1904_(workbook.date1904()), sheetIndex_(sheetIndex) {
    GridLoader loader(*this, maxRows);
    try {
        merged_ = workbook.readSheet(sheetIndex, loader).merged;
    } catch (const StopReading&) {
        truncated_ = true;
        merged_ = workbook.mergedRanges(sheetIndex);
    }
    readTo_ = rowIndex_.empty() ? 0 : rowIndex_.back();
}

void Grid::streamBelow(const Workbook& workbook, std::uint32_t chunkRows, const std::function<bool(std::uint32_t)>& onChunk) {
    ChunkLoader loader(*this, readTo_, chunkRows, onChunk);
    try {
        workbook.readSheet(sheetIndex_, loader);
        loader.flush();
    } catch (const StopReading&) {}
}

void Grid::dropRowsFrom(std::uint32_t row) {
    auto it = std::lower_bound(rowIndex_.begin(), rowIndex_.end(), row);
    std::size_t at = static_cast<std::size_t>(it - rowIndex_.begin());
    rowIndex_.erase(it, rowIndex_.end());
    rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(at), rows_.end());
}

void Grid::add(const Row& row) {
    auto valueOf = [](const Cell& c) {
        Value v;
        v.type = c.type;
        v.dateParts = c.dateParts;
        v.number = c.number;
        v.text = std::string(c.text);
        return v;
    };
    // The usual case, a row below those held with its cells left to right, is appended whole;
    // anything else (rows or cells out of order, as a hand-made file may have) goes cell by cell.
    bool inOrder = rowIndex_.empty() || rowIndex_.back() < row.index;
    for (std::size_t i = 1; inOrder && i < row.cells.size(); ++i) inOrder = row.cells[i - 1].col < row.cells[i].col;
    if (!inOrder || row.cells.empty()) {
        for (const Cell& c : row.cells) set(row.index, c.col, valueOf(c));
        return;
    }
    StoredRow& stored = rows_.emplace_back();
    rowIndex_.push_back(row.index);
    stored.cols.reserve(row.cells.size());
    stored.values.reserve(row.cells.size());
    for (const Cell& c : row.cells) {
        stored.cols.push_back(c.col);
        stored.values.push_back(valueOf(c));
    }
    columns_ = std::max(columns_, row.cells.back().col + 1);
}

void Grid::set(std::uint32_t row, std::uint32_t col, Value value) {
    auto it = std::lower_bound(rowIndex_.begin(), rowIndex_.end(), row);
    std::size_t at = static_cast<std::size_t>(it - rowIndex_.begin());
    if (it == rowIndex_.end() || *it != row) {
        rowIndex_.insert(it, row);
        rows_.insert(rows_.begin() + static_cast<std::ptrdiff_t>(at), StoredRow{});
    }
    StoredRow& r = rows_[at];
    auto c = std::lower_bound(r.cols.begin(), r.cols.end(), col);
    std::size_t ci = static_cast<std::size_t>(c - r.cols.begin());
    if (c != r.cols.end() && *c == col) {
        r.values[ci] = std::move(value);
    } else {
        r.cols.insert(c, col);
        r.values.insert(r.values.begin() + static_cast<std::ptrdiff_t>(ci), std::move(value));
    }
    columns_ = std::max(columns_, col + 1);
}

const Value& Grid::at(std::uint32_t row, std::uint32_t col) const {
    // Cells are asked for row by row: the row asked for last is looked at first.
    std::size_t at = lastRow_;
    if (at >= rowIndex_.size() || rowIndex_[at] != row) {
        auto it = std::lower_bound(rowIndex_.begin(), rowIndex_.end(), row);
        if (it == rowIndex_.end() || *it != row) return kEmpty;
        at = lastRow_ = static_cast<std::size_t>(it - rowIndex_.begin());
    }
    const StoredRow& r = rows_[at];
    auto c = std::lower_bound(r.cols.begin(), r.cols.end(), col);
    if (c == r.cols.end() || *c != col) return kEmpty;
    return r.values[static_cast<std::size_t>(c - r.cols.begin())];
}

const Range* Grid::mergedAt(std::uint32_t row, std::uint32_t col) const {
    for (const Range& m : merged_)
        if (m.contains(row, col)) return &m;
    return nullptr;
}

std::string Grid::text(std::uint32_t row, std::uint32_t col) const {
    const Value& v = at(row, col);
    Cell c;
    c.type = v.type;
    c.dateParts = v.dateParts;
    c.number = v.number;
    c.text = v.text;
    return std::string(trimWithNoBreakSpaces(cellText(c, date1904_)));
}

Grid Grid::fromRows(std::string name, const std::vector<std::vector<std::string>>& rows) {
    Grid g;
    g.name_ = std::move(name);
    for (std::uint32_t r = 0; r < rows.size(); ++r)
        for (std::uint32_t c = 0; c < rows[r].size(); ++c) {
            if (rows[r][c].empty()) continue;
            Value v;
            v.type = CellType::Text;
            v.text = rows[r][c];
            g.set(r, c, std::move(v));
        }
    return g;
}

} // namespace impact::read
