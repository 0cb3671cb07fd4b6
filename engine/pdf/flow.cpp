#include "pdf/flow.h"

#include <algorithm>
#include <cmath>

namespace impact::pdf {

namespace {
constexpr double kEps = 0.01;
}

Flow::Flow(Document& doc) : doc_(doc) {
    page_ = doc_.pageCount() == 0 ? doc_.addPage() : doc_.pageCount() - 1;
    y_ = frame().y;
}

double Flow::remaining() const { return bottom() - y_; }

void Flow::newPage() {
    page_ = doc_.addPage();
    y_ = frame().y;
    pending_ = 0;
}

bool Flow::ensure(double height) {
    if (atTop() || y_ + height <= bottom() + kEps) return false;
    newPage();
    return true;
}

void Flow::space(double points) { pending_ = std::max(pending_, points); }

void Flow::begin(double spaceBefore) {
    double gap = std::max(pending_, spaceBefore);
    pending_ = 0;
    if (!atTop()) y_ += gap;
    if (y_ > bottom()) newPage();
}

void Flow::end(double spaceAfter) { pending_ = std::max(pending_, spaceAfter); }

void Flow::placeLines(const std::vector<Line>& lines, double x, double width, const LineStyle& style) {
    const double lh = lineHeightOf(style);
    std::size_t i = 0;
    while (i < lines.size()) {
        std::size_t left = lines.size() - i;
        auto fit = static_cast<std::size_t>(std::max(0.0, std::floor((bottom() - y_ + kEps) / lh)));
        // Orphans: don't leave a single line of a longer paragraph at the foot of a page.
        if (fit == 0 || (fit < left && fit < 2)) {
            if (atTop()) fit = std::max<std::size_t>(fit, 1);   // a page can't hold more: place anyway
            else {
                newPage();
                continue;
            }
        }
        std::size_t n = std::min(fit, left);
        // Widows: don't carry a single last line over to the next page.
        if (n < left && left - n == 1 && n >= 3) --n;
        Canvas c = canvas();
        drawLines(c, lines, i, i + n, x, y_, width, style);
        y_ += static_cast<double>(n) * lh;
        i += n;
        if (i < lines.size()) newPage();
    }
}

void Flow::title(std::string_view text, std::string_view subtitle) {
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    begin(0);
    Rect fr = frame();
    LineStyle ts{{FontStyle::Bold, t.title, th.heading}, Align::Left, t.title * 1.18};
    auto lines = wrap(text, FontStyle::Bold, t.title, fr.width, doc_);
    std::vector<Line> sub;
    LineStyle ss{{FontStyle::Regular, t.subtitle, th.muted}, Align::Left, t.subtitle * 1.35};
    if (!subtitle.empty()) sub = wrap(subtitle, FontStyle::Regular, t.subtitle, fr.width, doc_);
    double h = static_cast<double>(lines.size()) * lineHeightOf(ts) +
               static_cast<double>(sub.size()) * lineHeightOf(ss) + 14;
    ensure(h);
    Canvas c = canvas();
    y_ += drawLines(c, lines, fr.x, y_, fr.width, ts);
    if (!sub.empty()) {
        y_ += 2;
        y_ += drawLines(c, sub, fr.x, y_, fr.width, ss);
    }
    y_ += 8;
    c.fillRect({fr.x, y_, 44, 2.2}, th.accent);
    y_ += 2.2;
    end(18);
}

void Flow::heading(std::string_view text, int level) {
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    level = std::clamp(level, 1, 3);
    double size = level == 1 ? t.h1 : level == 2 ? t.h2 : t.h3;
    double before = level == 1 ? 20 : level == 2 ? 14 : 10;
    double after = level == 1 ? 8 : 5;
    Rgb colour = level == 3 ? th.accent : th.heading;
    begin(before);
    Rect fr = frame();
    LineStyle ls{{FontStyle::Bold, size, colour}, Align::Left, size * 1.25};
    auto lines = wrap(text, FontStyle::Bold, size, fr.width, doc_);
    double h = static_cast<double>(lines.size()) * lineHeightOf(ls) + (level == 1 ? 4 : 0);
    // Keep with next: the heading plus about three lines of body text.
    ensure(h + after + 3 * t.body * t.leading);
    Canvas c = canvas();
    y_ += drawLines(c, lines, fr.x, y_, fr.width, ls);
    if (level == 1) {
        y_ += 3;
        c.line(fr.x, y_, fr.right(), y_, th.rule, 0.6);
        y_ += 1;
    }
    end(after);
}

void Flow::paragraph(std::string_view text, const ParagraphStyle& style) {
    paragraph(std::vector<Run>{Run{std::string(text), style.font, std::nullopt}}, style);
}

void Flow::paragraph(const std::vector<Run>& runs, const ParagraphStyle& style) {
    const Typography& t = doc_.type();
    double size = style.size.value_or(t.body);
    LineStyle ls{{FontStyle::Regular, size, style.colour.value_or(doc_.theme().text)}, style.align, size * t.leading};
    begin(0);
    Rect fr = frame();
    double width = fr.width - style.indent;
    placeLines(wrap(runs, size, width, doc_), fr.x + style.indent, width, ls);
    end(style.spaceAfter.value_or(0.7 * lineHeightOf(ls)));
}

void Flow::bullets(const std::vector<std::string>& items, const ParagraphStyle& style) {
    std::vector<std::vector<Run>> runs;
    for (const auto& s : items) runs.push_back({Run{s, style.font, std::nullopt}});
    bullets(runs, style);
}

void Flow::bullets(const std::vector<std::vector<Run>>& items, const ParagraphStyle& style) {
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    double size = style.size.value_or(t.body);
    LineStyle ls{{FontStyle::Regular, size, style.colour.value_or(th.text)}, style.align, size * t.leading};
    const double lh = lineHeightOf(ls);
    const double hang = 13;
    begin(0);
    for (const auto& item : items) {
        Rect fr = frame();
        double x = fr.x + style.indent;
        double width = fr.width - style.indent - hang;
        auto lines = wrap(item, size, width, doc_);
        ensure(std::min<double>(2, static_cast<double>(lines.size())) * lh);
        // The bullet: a small accent square on the first line's x-height.
        Canvas c = canvas();
        double base = y_ + baselineOffset(doc_, ls);
        double dot = size * 0.3;
        c.fillRect({x + 2, base - size * 0.36 - dot / 2, dot, dot}, th.accent);
        placeLines(lines, x + hang, width, ls);
        y_ += size * 0.3;
    }
    end(style.spaceAfter.value_or(0.7 * lh));
}

void Flow::tiles(const std::vector<Tile>& tiles, int perRow) {
    if (tiles.empty()) return;
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    std::size_t k = perRow > 0 ? static_cast<std::size_t>(perRow) : std::min<std::size_t>(tiles.size(), 4);
    const double gap = 10, pad = 10, edge = 2.5;
    const double valueSize = 20, labelSize = t.body - 1, noteSize = t.small;
    begin(4);
    Rect fr = frame();
    const double w = (fr.width - gap * static_cast<double>(k - 1)) / static_cast<double>(k);
    const double inner = w - 2 * pad - edge;
    LineStyle labelStyle{{FontStyle::Regular, labelSize, th.text}, Align::Left, labelSize * 1.3};
    LineStyle noteStyle{{FontStyle::Regular, noteSize, th.muted}, Align::Left, noteSize * 1.3};
    for (std::size_t row = 0; row < tiles.size(); row += k) {
        std::size_t n = std::min(k, tiles.size() - row);
        struct Laid {
            double size;
            std::vector<Line> label, note;
        };
        std::vector<Laid> laid;
        double h = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const Tile& tile = tiles[row + i];
            Laid l{fitSize(doc_, tile.value, FontStyle::Bold, valueSize, inner, 1), {}, {}};
            l.label = wrap(tile.label, FontStyle::Regular, labelSize, inner, doc_);
            if (l.label.size() > 3) l.label.resize(3);
            if (!tile.note.empty()) l.note = wrap(tile.note, FontStyle::Regular, noteSize, inner, doc_);
            double th2 = pad + valueSize * 1.15 + 4 + static_cast<double>(l.label.size()) * lineHeightOf(labelStyle) +
                         (l.note.empty() ? 0 : 3 + static_cast<double>(l.note.size()) * lineHeightOf(noteStyle)) + pad;
            h = std::max(h, th2);
            laid.push_back(std::move(l));
        }
        if (row > 0) y_ += gap;
        ensure(h);
        Canvas c = canvas();
        for (std::size_t i = 0; i < n; ++i) {
            const Tile& tile = tiles[row + i];
            double x = fr.x + static_cast<double>(i) * (w + gap);
            c.fillRect({x, y_, w, h}, th.tileFill);
            c.fillRect({x, y_, edge, h}, th.accent);
            double tx = x + edge + pad;
            double yy = y_ + pad;
            // Values share one baseline across the row, whatever size each was fitted to.
            c.text(tx, yy + valueSize * 0.9, tile.value, {FontStyle::Bold, laid[i].size, th.accent});
            yy += valueSize * 1.15 + 4;
            yy += drawLines(c, laid[i].label, tx, yy, inner, labelStyle);
            if (!laid[i].note.empty()) drawLines(c, laid[i].note, tx, yy + 3, inner, noteStyle);
        }
        y_ += h;
    }
    end(16);
}

void Flow::callout(std::string_view title, std::string_view text) {
    const Typography& t = doc_.type();
    const Theme& th = doc_.theme();
    const double pad = 10, edge = 2.5;
    begin(6);
    Rect fr = frame();
    double inner = fr.width - 2 * pad - edge;
    double size = t.body - 0.5;
    LineStyle ts{{FontStyle::Bold, size, th.heading}, Align::Left, size * t.leading};
    LineStyle bs{{FontStyle::Regular, size, th.text}, Align::Justify, size * t.leading};
    std::vector<Line> tl;
    if (!title.empty()) tl = wrap(title, FontStyle::Bold, size, inner, doc_);
    auto bl = wrap(text, FontStyle::Regular, size, inner, doc_);
    double h = 2 * pad + static_cast<double>(tl.size() + bl.size()) * lineHeightOf(bs) + (tl.empty() ? 0 : 2);
    if (h > fr.height) {   // too tall for a box: fall back to a heading and a paragraph
        if (!title.empty()) heading(title, 3);
        paragraph(text);
        return;
    }
    ensure(h);
    Canvas c = canvas();
    c.fillRect({fr.x, y_, fr.width, h}, th.calloutFill);
    c.fillRect({fr.x, y_, edge, h}, th.muted);
    double yy = y_ + pad;
    yy += drawLines(c, tl, fr.x + edge + pad, yy, inner, ts);
    if (!tl.empty()) yy += 2;
    drawLines(c, bl, fr.x + edge + pad, yy, inner, bs);
    y_ += h;
    end(12);
}

void Flow::caption(std::string_view text) {
    const Typography& t = doc_.type();
    LineStyle ls{{FontStyle::Italic, t.small, doc_.theme().muted}, Align::Left, t.small * 1.4};
    begin(3);
    Rect fr = frame();
    placeLines(wrap(text, FontStyle::Italic, t.small, fr.width, doc_), fr.x, fr.width, ls);
    end(10);
}

void Flow::rule() {
    begin(6);
    Rect fr = frame();
    canvas().line(fr.x, y_, fr.right(), y_, doc_.theme().rule, 0.5);
    y_ += 0.5;
    end(8);
}

Rect Flow::block(double height, const std::function<void(Canvas&, const Rect&)>& draw) {
    begin(0);
    ensure(height);
    Rect fr = frame();
    Rect box{fr.x, y_, fr.width, height};
    Canvas c = canvas();
    draw(c, box);
    y_ += height;
    end(8);
    return box;
}

void Flow::chartRows(const detail::ChartRows& rows,
                     const std::function<void(Canvas&, double, std::size_t, std::size_t)>& draw) {
    begin(6);
    std::size_t i = 0;
    const std::size_t n = rows.rows.size();
    if (n == 0) {
        ensure(rows.top + rows.bottom + rows.caption);
        Canvas c = canvas();
        draw(c, y_, 0, 0);
        y_ += rows.top + rows.bottom + rows.caption;
    }
    while (i < n) {
        // As many rows as fit (at least one); the caption goes with the last rows.
        double avail = bottom() - y_ - rows.top - rows.bottom;
        std::size_t j = i;
        double used = 0;
        while (j < n && used + rows.rows[j] <= avail + kEps) used += rows.rows[j++];
        if (j == n && used + rows.caption > avail + kEps) {
            // The rows fit but the caption does not: move the rest to a fresh page if it fits there,
            // else leave the last row to go over with the caption.
            double all = rows.top + rows.bottom + rows.caption;
            for (std::size_t k = i; k < n; ++k) all += rows.rows[k];
            if (!atTop() && (all <= frame().height || j - i == 1)) {
                newPage();
                continue;
            }
            if (j - i > 1) used -= rows.rows[--j];
        }
        if (j == i) {
            if (!atTop()) {
                newPage();
                continue;
            }
            used = rows.rows[j++];
        }
        Canvas c = canvas();
        draw(c, y_, i, j);
        y_ += rows.top + used + rows.bottom + (j == n ? rows.caption : 0);
        i = j;
        if (i < n) newPage();
    }
    end(14);
}

void Flow::barChart(const BarChart& chart) {
    Rect fr = frame();
    chartRows(detail::barChartRows(doc_, chart, fr.width), [&](Canvas& c, double y, std::size_t a, std::size_t b) {
        detail::drawBarChartRows(c, chart, fr.x, y, fr.width, a, b);
    });
}

void Flow::divergingChart(const DivergingChart& chart) {
    Rect fr = frame();
    chartRows(detail::divergingChartRows(doc_, chart, fr.width),
              [&](Canvas& c, double y, std::size_t a, std::size_t b) {
                  detail::drawDivergingChartRows(c, chart, fr.x, y, fr.width, a, b);
              });
}

} // namespace impact::pdf
