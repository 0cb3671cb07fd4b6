#include "read/grid.h"

#include "common/text.h"
#include "read/cell_text.h"

#include <algorithm>

namespace impact::read {

namespace {

const Value kEmpty{};

class GridLoader : public RowVisitor {
public:
    explicit GridLoader(Grid& grid) : grid_(grid) {}
    void onRow(const Row& row) override {
        for (const Cell& c : row.cells) {
            Value v;
            v.type = c.type;
            v.dateParts = c.dateParts;
            v.number = c.number;
            v.text = std::string(c.text);
            grid_.set(row.index, c.col, std::move(v));
        }
    }

private:
    Grid& grid_;
};


} // namespace

Grid::Grid(const Workbook& workbook, std::size_t sheetIndex)
    : name_(workbook.sheets().at(sheetIndex).name), date1904_(workbook.date1904()) {
    GridLoader loader(*this);
    SheetSummary summary = workbook.readSheet(sheetIndex, loader);
    merged_ = std::move(summary.merged);
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
    auto it = std::lower_bound(rowIndex_.begin(), rowIndex_.end(), row);
    if (it == rowIndex_.end() || *it != row) return kEmpty;
    const StoredRow& r = rows_[static_cast<std::size_t>(it - rowIndex_.begin())];
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
