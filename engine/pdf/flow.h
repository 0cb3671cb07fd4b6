// Flow layout: blocks placed top to bottom inside the document's frame, a new page started when a
// block does not fit. Paragraphs, bullet lists and tables split between pages (paragraphs keep at
// least two lines together; tables repeat their header); headings stay with what follows; tiles,
// callouts and chart rows are kept whole.
//
//   pdf::Document doc(options);
//   pdf::Flow flow(doc);
//   flow.title("Governors' brief", "Riverside Arts Partnership · 2024/25");
//   flow.tiles({{"£12,400", "raised from 4 funders"}, {"1,234", "pupils reached"}});
//   flow.heading("Outcomes");
//   flow.paragraph("…");
//   flow.divergingChart(chart);
//   doc.save(path);
#pragma once

#include "pdf/chart.h"
#include "pdf/document.h"
#include "pdf/table.h"
#include "pdf/text.h"
#include "pdf/types.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::pdf {

struct ParagraphStyle {
    Align align = Align::Justify;
    std::optional<double> size;              ///< default Typography::body
    std::optional<Rgb> colour;               ///< default Theme::text
    FontStyle font = FontStyle::Regular;     ///< face of a plain-string paragraph
    std::optional<double> spaceAfter;        ///< default: 0.7 × line height
    double indent = 0;                       ///< left indent, points
    /// Ragged-right text (lists, labels).
    static ParagraphStyle leftAligned() {
        ParagraphStyle style;
        style.align = Align::Left;
        return style;
    }
};

/// A key figure: big number over a short label.
struct Tile {
    std::string value;   ///< e.g. "£12,400", "87%", "c" — shrunk to fit the tile if needed
    std::string label;   ///< e.g. "raised from four funders" (wrapped, up to 3 lines)
    std::string note;    ///< optional small print under the label
};

class Flow {
public:
    /// Continues on the document's last page at the top of its frame (adds a page if there is none).
    explicit Flow(Document& doc);

    Document& document() { return doc_; }
    Canvas canvas() { return doc_.page(page_); }
    int pageIndex() const { return page_; }
    double y() const { return y_; }               ///< where the next block starts (after spacing)
    Rect frame() const { return doc_.frame(); }
    double remaining() const;                     ///< from the cursor to the bottom of the frame

    void newPage();
    /// Starts a new page unless `height` fits below the cursor. Returns true if it started one.
    bool ensure(double height);
    /// Vertical space before the next block (the larger of consecutive spaces wins; none at a page top).
    void space(double points);

    void title(std::string_view title, std::string_view subtitle = {});
    /// Level 1 (section, with a rule), 2 or 3. Kept on the same page as the next few lines.
    void heading(std::string_view text, int level = 1);
    void paragraph(std::string_view text, const ParagraphStyle& style = {});
    void paragraph(const std::vector<Run>& runs, const ParagraphStyle& style = {});
    void bullets(const std::vector<std::string>& items, const ParagraphStyle& style = ParagraphStyle::leftAligned());
    void bullets(const std::vector<std::vector<Run>>& items, const ParagraphStyle& style = ParagraphStyle::leftAligned());
    /// A row of key-figure tiles (perRow 0: all in one row, at most 4; more wrap to further rows).
    void tiles(const std::vector<Tile>& tiles, int perRow = 0);
    /// A tinted box with an optional bold title: for caveats ("what these figures cannot show").
    void callout(std::string_view title, std::string_view text);
    /// Small muted text (source notes, suppression notes).
    void caption(std::string_view text);
    void rule();
    void table(const Table& table);
    void barChart(const BarChart& chart);
    void divergingChart(const DivergingChart& chart);
    /// A custom block of `height` at the cursor, full frame width; `draw` gets the page and the box.
    Rect block(double height, const std::function<void(Canvas&, const Rect&)>& draw);

private:
    void begin(double spaceBefore);
    void end(double spaceAfter);
    double bottom() const { return frame().bottom(); }
    bool atTop() const { return y_ <= frame().y + 0.01; }
    void placeLines(const std::vector<Line>& lines, double x, double width, const LineStyle& style);
    void chartRows(const detail::ChartRows& rows,
                   const std::function<void(Canvas&, double, std::size_t, std::size_t)>& draw);

    Document& doc_;
    int page_ = 0;
    double y_ = 0;
    double pending_ = 0;
};

} // namespace impact::pdf
