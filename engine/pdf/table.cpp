#include "pdf/table.h"

#include "pdf/flow.h"
#include "pdf/text.h"

#include <algorithm>
#include <numeric>

namespace impact::pdf {

namespace {

struct LaidRow {
    std::vector<std::vector<Line>> cells;
    double height = 0;
};

constexpr double kPadX = 5, kPadY = 3.6;

} // namespace

void Flow::table(const Table& table) {
    if (table.columns.empty()) return;
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    const double size = table.fontSize > 0 ? table.fontSize : t.body - 1;
    const double lh = size * 1.32;
    const Rect fr = frame();

    // Column geometry: relative widths scaled to the frame.
    double total = 0;
    for (const Column& c : table.columns) total += std::max(0.0, c.width);
    std::vector<double> xs, ws;
    double x = fr.x;
    for (const Column& c : table.columns) {
        double w = total > 0 ? fr.width * std::max(0.0, c.width) / total
                             : fr.width / static_cast<double>(table.columns.size());
        xs.push_back(x);
        ws.push_back(w);
        x += w;
    }
    const std::size_t nc = table.columns.size();
    auto layRow = [&](const std::vector<std::string>& cells, FontStyle font) {
        LaidRow r;
        std::size_t maxLines = 1;
        for (std::size_t i = 0; i < nc; ++i) {
            std::string_view text = i < cells.size() ? std::string_view(cells[i]) : std::string_view();
            r.cells.push_back(wrap(text, font, size, std::max(1.0, ws[i] - 2 * kPadX), doc_));
            maxLines = std::max(maxLines, r.cells.back().size());
        }
        r.height = static_cast<double>(maxLines) * lh + 2 * kPadY;
        return r;
    };
    std::vector<std::string> titles;
    for (const Column& c : table.columns) titles.push_back(c.title);
    const LaidRow header = layRow(titles, FontStyle::Bold);
    const std::size_t nTotals = std::min(table.totalRows, table.rows.size());
    const std::size_t firstTotal = table.rows.size() - nTotals;

    auto drawRow = [&](const LaidRow& r, const TextStyle& style, const std::optional<Rgb>& fill) {
        Canvas c = canvas();
        if (fill) c.fillRect({fr.x, y_, fr.width, r.height}, *fill);
        for (std::size_t i = 0; i < nc; ++i) {
            Align a = table.columns[i].align == Align::Justify ? Align::Left : table.columns[i].align;
            LineStyle ls{style, a, lh};
            drawLines(c, r.cells[i], xs[i] + kPadX, y_ + kPadY, ws[i] - 2 * kPadX, ls);
        }
        y_ += r.height;
    };
    auto drawHeader = [&] {
        drawRow(header, {FontStyle::Bold, size, th.tableHeaderText}, th.tableHeaderFill);
    };

    begin(6);
    std::vector<LaidRow> rows;
    rows.reserve(table.rows.size());
    for (std::size_t i = 0; i < table.rows.size(); ++i)
        rows.push_back(layRow(table.rows[i], i >= firstTotal ? FontStyle::Bold : FontStyle::Regular));
    // The header never sits alone at the foot of a page.
    ensure(header.height + (rows.empty() ? 0 : rows.front().height));
    drawHeader();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (y_ + rows[i].height > bottom() + 0.01) {
            Canvas c = canvas();
            c.line(fr.x, y_, fr.right(), y_, th.rule, 0.6);
            newPage();
            drawHeader();
        }
        bool isTotal = i >= firstTotal;
        if (isTotal && i == firstTotal) canvas().line(fr.x, y_, fr.right(), y_, th.heading, 0.8);
        std::optional<Rgb> fill;
        if (table.zebra && !isTotal && i % 2 == 1) fill = th.zebraFill;
        drawRow(rows[i], {isTotal ? FontStyle::Bold : FontStyle::Regular, size, th.text}, fill);
    }
    canvas().line(fr.x, y_, fr.right(), y_, th.rule, 0.6);
    end(table.caption.empty() ? 14 : 4);
    if (!table.caption.empty()) caption(table.caption);
}

} // namespace impact::pdf
