#include "pdf/chart.h"

#include "pdf/text.h"

#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace impact::pdf {

Ticks niceTicks(double maxValue, int target) {
    Ticks t;
    if (!(maxValue > 0) || !std::isfinite(maxValue)) {
        t.values = {0, 1};
        return t;
    }
    target = std::max(1, target);
    double raw = maxValue / target;
    double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double norm = raw / mag;
    double nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    t.step = nice * mag;
    double n = std::ceil(maxValue / t.step - 1e-9);
    t.max = n * t.step;
    for (int i = 0; i <= static_cast<int>(n); ++i) t.values.push_back(i * t.step);
    return t;
}

std::vector<Rgb> divergingColours(const Theme& theme, std::size_t points) {
    std::vector<Rgb> out(points, theme.neutral);
    const std::size_t half = points / 2;
    const Rgb white{1, 1, 1};
    for (std::size_t i = 0; i < half; ++i) {
        double s = static_cast<double>(half - i) / static_cast<double>(half);   // 1 at the ends
        out[i] = i == 0 ? theme.negative : theme.negative.mix(white, 0.72).mix(theme.negative, s);
        out[points - 1 - i] = i == 0 ? theme.positive : theme.positive.mix(white, 0.72).mix(theme.positive, s);
    }
    return out;
}

namespace {

constexpr double kBarH = 11, kRowGap = 7;
constexpr double kLBarH = 11, kLBarGap = 2.5, kItemGap = 10;

double labelSize(const Document& d) { return d.type().body - 1; }
double smallSize(const Document& d) { return d.type().small; }
double lineH(double size) { return size * 1.3; }

std::vector<Line> wrapLimited(const Document& d, std::string_view text, double size, double width, std::size_t max) {
    auto lines = wrap(text, FontStyle::Regular, size, std::max(1.0, width), d);
    if (lines.size() > max) {
        lines.resize(max);
        lines.back().endsParagraph = true;
    }
    return lines;
}

double captionHeight(const Document& d, const std::string& caption, double width) {
    if (caption.empty()) return 0;
    auto lines = wrap(caption, FontStyle::Italic, smallSize(d), width, d);
    return 6 + static_cast<double>(lines.size()) * smallSize(d) * 1.4;
}

void drawCaption(Canvas& c, const std::string& caption, double x, double y, double width) {
    if (caption.empty()) return;
    const Document& d = c.document();
    double s = smallSize(d);
    LineStyle ls{{FontStyle::Italic, s, d.theme().muted}, Align::Left, s * 1.4};
    drawLines(c, wrap(caption, FontStyle::Italic, s, width, d), x, y + 6, width, ls);
}

// ---- bar chart geometry --------------------------------------------------------------------------

struct BarGeometry {
    double labelW, plotX, plotW, max;
    Ticks ticks;
};

std::string tickText(const BarChart& chart, double v) {
    return chart.tickLabel ? chart.tickLabel(v) : groupedNumber(v, std::floor(v) == v ? 0 : 1);
}

BarGeometry barGeometry(const Document& d, const BarChart& chart, double x, double width) {
    BarGeometry g{};
    double dataMax = 0;
    for (const Bar& b : chart.bars)
        if (b.value) dataMax = std::max(dataMax, *b.value);
    if (chart.axisMax && *chart.axisMax > 0) {
        g.ticks = niceTicks(*chart.axisMax, 5);
        g.ticks.max = *chart.axisMax;
        while (!g.ticks.values.empty() && g.ticks.values.back() > g.ticks.max + 1e-9) g.ticks.values.pop_back();
    } else {
        g.ticks = niceTicks(dataMax, 5);
    }
    g.max = g.ticks.max;
    g.labelW = width * std::clamp(chart.labelWidth, 0.1, 0.6);
    double valueW = 0;
    for (const Bar& b : chart.bars) valueW = std::max(valueW, d.width(b.valueLabel, FontStyle::Bold, labelSize(d)));
    double lastTick = d.width(tickText(chart, g.ticks.values.back()), FontStyle::Regular, smallSize(d));
    double right = std::max(valueW + 6, lastTick / 2 + 1);
    g.plotX = x + g.labelW;
    g.plotW = std::max(10.0, width - g.labelW - right);
    return g;
}

// ---- diverging chart geometry --------------------------------------------------------------------

struct DivGeometry {
    double labelW, subW, plotX, plotW, centre, range, scale, legendH;
    std::vector<Rgb> colours;
};

/// Percentages left and right of the centre line.
std::pair<double, double> extents(const std::vector<double>& p) {
    const std::size_t n = p.size(), half = n / 2;
    double left = 0, right = 0;
    for (std::size_t i = 0; i < half; ++i) left += std::max(0.0, p[i]);
    for (std::size_t i = n - half; i < n; ++i) right += std::max(0.0, p[i]);
    if (n % 2 == 1) {
        left += std::max(0.0, p[half]) / 2;
        right += std::max(0.0, p[half]) / 2;
    }
    return {left, right};
}

std::vector<double> sized(const std::vector<double>& p, std::size_t n) {
    std::vector<double> out(n, 0);
    for (std::size_t i = 0; i < std::min(n, p.size()); ++i) out[i] = std::isfinite(p[i]) ? std::max(0.0, p[i]) : 0;
    return out;
}

/// The legend: one row centred over the plot if it fits there, else centred over the whole chart,
/// else wrapped into rows from the chart's left edge. Returns its height; draws it when `c` is set.
double legend(const Document& d, const DivergingChart& chart, const std::vector<Rgb>& colours, double x,
              double width, double plotX, double plotW, Canvas* c, double y) {
    if (chart.scale.empty()) return 0;
    const double s = smallSize(d), sw = 7.5, rowH = s * 1.8, gap = 12;
    std::vector<double> widths;
    double total = 0;
    for (const std::string& label : chart.scale) {
        widths.push_back(sw + 4 + d.width(label, FontStyle::Regular, s));
        total += widths.back() + (widths.size() > 1 ? gap : 0);
    }
    double start = total <= plotW ? plotX + (plotW - total) / 2 : total <= width ? x + (width - total) / 2 : x;
    double cx = start, rows = 1;
    for (std::size_t i = 0; i < chart.scale.size(); ++i) {
        if (cx > start && cx + widths[i] > x + width) {
            cx = start;
            ++rows;
        }
        if (c) {
            double top = y + (rows - 1) * rowH + (rowH - sw) / 2 - 1;
            c->fillRect({cx, top, sw, sw}, colours[i]);
            c->text(cx + sw + 4, top + sw - 0.5, chart.scale[i], {FontStyle::Regular, s, d.theme().text});
        }
        cx += widths[i] + gap;
    }
    return rows * rowH + 6;
}

DivGeometry divGeometry(const Document& d, const DivergingChart& chart, double x, double width) {
    DivGeometry g{};
    g.labelW = width * std::clamp(chart.labelWidth, 0.1, 0.6);
    g.subW = 0;
    for (const LikertItem& it : chart.items)
        for (const LikertBar* b : {&it.before, &it.after})
            g.subW = std::max(g.subW, d.width(b->label, FontStyle::Regular, smallSize(d)));
    g.subW = g.subW > 0 ? g.subW + 7 : 0;
    g.plotX = x + g.labelW + g.subW;
    // Room on the right for half of the last tick label ("100%"), which is centred on the plot's edge.
    double tickHalf = d.width("100%", FontStyle::Regular, smallSize(d)) / 2;
    g.plotW = std::max(20.0, width - g.labelW - g.subW - tickHalf);
    g.centre = g.plotX + g.plotW / 2;
    double maxExt = 0;
    for (const LikertItem& it : chart.items)
        for (const LikertBar* b : {&it.before, &it.after})
            if (b->percents) {
                auto [l, r] = extents(sized(*b->percents, chart.scale.size()));
                maxExt = std::max({maxExt, l, r});
            }
    g.range = maxExt > 100 ? maxExt : std::clamp(std::ceil(maxExt / 25 - 1e-9) * 25, 25.0, 100.0);
    g.scale = (g.plotW / 2 - 2) / g.range;
    g.colours = chart.colours.size() >= chart.scale.size() ? chart.colours
                                                           : divergingColours(d.theme(), chart.scale.size());
    g.legendH = legend(d, chart, g.colours, x, width, g.plotX, g.plotW, nullptr, 0);
    return g;
}

double itemHeight(const Document& d, const DivergingChart& chart, const LikertItem& item, double labelW) {
    auto lines = wrapLimited(d, item.label, labelSize(d), labelW - 10, 4);
    (void)chart;
    return std::max(2 * kLBarH + kLBarGap, static_cast<double>(lines.size()) * lineH(labelSize(d))) + kItemGap;
}

double axisHeight(const Document& d) { return 4 + smallSize(d) * 1.4; }

} // namespace

namespace detail {

ChartRows barChartRows(const Document& d, const BarChart& chart, double width) {
    ChartRows r;
    BarGeometry g = barGeometry(d, chart, 0, width);
    r.top = 0;
    for (const Bar& b : chart.bars) {
        auto lines = wrapLimited(d, b.label, labelSize(d), g.labelW - 8, 3);
        r.rows.push_back(std::max(kBarH, static_cast<double>(lines.size()) * lineH(labelSize(d))) + kRowGap);
    }
    r.bottom = axisHeight(d);
    r.caption = captionHeight(d, chart.caption, width);
    return r;
}

void drawBarChartRows(Canvas& c, const BarChart& chart, double x, double y, double width, std::size_t first,
                      std::size_t last) {
    const Document& d = c.document();
    const Theme& th = d.theme();
    const BarGeometry g = barGeometry(d, chart, x, width);
    const ChartRows rows = barChartRows(d, chart, width);
    last = std::min(last, chart.bars.size());
    double rowsH = 0;
    for (std::size_t i = first; i < last; ++i) rowsH += rows.rows[i];
    const double top = y + rows.top;
    const double ls = labelSize(d), ss = smallSize(d);
    auto xOf = [&](double v) { return g.plotX + std::clamp(v, 0.0, g.max) / g.max * g.plotW; };

    for (double v : g.ticks.values)   // gridlines
        if (v > 0) c.line(xOf(v), top, xOf(v), top + rowsH - kRowGap / 2, th.grid, 0.5);
    double yy = top;
    for (std::size_t i = first; i < last; ++i) {
        const Bar& b = chart.bars[i];
        double content = rows.rows[i] - kRowGap;
        double rowTop = yy + kRowGap / 2;
        auto lines = wrapLimited(d, b.label, ls, g.labelW - 8, 3);
        double labelH = static_cast<double>(lines.size()) * lineH(ls);
        LineStyle lst{{FontStyle::Regular, ls, th.text}, Align::Left, lineH(ls)};
        drawLines(c, lines, x, rowTop + (content - labelH) / 2, g.labelW - 8, lst);
        double barTop = rowTop + (content - kBarH) / 2;
        double end = g.plotX;
        if (b.value) {
            end = xOf(*b.value);
            c.fillRect({g.plotX, barTop, end - g.plotX, kBarH}, chart.colour.value_or(th.bar));
        }
        if (!b.valueLabel.empty())
            c.text(end + 4, barTop + kBarH / 2 + ls * 0.36, b.valueLabel,
                   {b.value ? FontStyle::Bold : FontStyle::Regular, ls, b.value ? th.text : th.muted});
        yy += rows.rows[i];
    }
    // Axis: the zero line, a baseline, and tick labels.
    double axisY = top + rowsH - kRowGap / 2;
    c.line(g.plotX, top, g.plotX, axisY, th.rule, 0.7);
    c.line(g.plotX, axisY, g.plotX + g.plotW, axisY, th.rule, 0.5);
    for (double v : g.ticks.values) {
        std::string t = tickText(chart, v);
        c.line(xOf(v), axisY, xOf(v), axisY + 2.5, th.rule, 0.5);
        double w = d.width(t, FontStyle::Regular, ss);
        c.text(xOf(v) - w / 2, axisY + 4 + ss, t, {FontStyle::Regular, ss, th.muted});
    }
    if (last == chart.bars.size()) drawCaption(c, chart.caption, x, top + rowsH - kRowGap / 2 + rows.bottom, width);
}

ChartRows divergingChartRows(const Document& d, const DivergingChart& chart, double width) {
    ChartRows r;
    DivGeometry g = divGeometry(d, chart, 0, width);
    r.top = g.legendH;
    for (const LikertItem& it : chart.items) r.rows.push_back(itemHeight(d, chart, it, g.labelW));
    r.bottom = axisHeight(d);
    r.caption = captionHeight(d, chart.caption, width);
    return r;
}

void drawDivergingChartRows(Canvas& c, const DivergingChart& chart, double x, double y, double width,
                            std::size_t first, std::size_t last) {
    const Document& d = c.document();
    const Theme& th = d.theme();
    const DivGeometry g = divGeometry(d, chart, x, width);
    const std::size_t n = chart.scale.size();
    last = std::min(last, chart.items.size());
    legend(d, chart, g.colours, x, width, g.plotX, g.plotW, &c, y);
    const double top = y + g.legendH;
    const double ls = labelSize(d), ss = smallSize(d);
    double rowsH = 0;
    for (std::size_t i = first; i < last; ++i) rowsH += itemHeight(d, chart, chart.items[i], g.labelW);
    const double axisY = top + rowsH - kItemGap / 2;

    // Gridlines at the ticks (behind the bars).
    const double step = g.range > 50 && g.range <= 100 ? (g.range == 75 ? 25 : 50) : 25;
    std::vector<double> ticks;
    for (double v = 0; v <= g.range + 1e-9; v += step) ticks.push_back(v);
    for (double v : ticks)
        if (v > 0)
            for (double sgn : {-1.0, 1.0})
                c.line(g.centre + sgn * v * g.scale, top, g.centre + sgn * v * g.scale, axisY, th.grid, 0.5);
    c.line(g.centre, top, g.centre, axisY, th.muted, 0.7);   // the neutral midpoint, behind the bars

    double yy = top;
    for (std::size_t i = first; i < last; ++i) {
        const LikertItem& it = chart.items[i];
        double h = itemHeight(d, chart, it, g.labelW);
        double content = h - kItemGap;
        double groupTop = yy + kItemGap / 2 + (content - (2 * kLBarH + kLBarGap)) / 2;
        auto lines = wrapLimited(d, it.label, ls, g.labelW - 10, 4);
        double labelH = static_cast<double>(lines.size()) * lineH(ls);
        LineStyle lst{{FontStyle::Regular, ls, th.text}, Align::Left, lineH(ls)};
        drawLines(c, lines, x, yy + kItemGap / 2 + (content - labelH) / 2, g.labelW - 10, lst);
        int k = 0;
        for (const LikertBar* b : {&it.before, &it.after}) {
            double barTop = groupTop + k++ * (kLBarH + kLBarGap);
            if (!b->label.empty())
                c.text(x + g.labelW, g.subW - 7, barTop + kLBarH / 2 + ss * 0.36, b->label,
                       {FontStyle::Regular, ss, th.muted}, Align::Right);
            if (!b->percents || n == 0) continue;   // suppressed: not drawn
            std::vector<double> p = sized(*b->percents, n);
            auto [left, right] = extents(p);
            (void)right;
            double sx = g.centre - left * g.scale;
            std::vector<double> bounds;
            for (std::size_t s = 0; s < n; ++s) {
                double w = p[s] * g.scale;
                if (w <= 0) continue;
                c.fillRect({sx, barTop, w, kLBarH}, g.colours[s]);
                std::string pct = groupedNumber(p[s]) + "%";
                double ps = ss - 0.5;
                double tw = d.width(pct, FontStyle::Regular, ps);
                if (tw + 4 <= w) {
                    Rgb tc = g.colours[s].luminance() < 0.3 ? Rgb{1, 1, 1} : th.text;
                    c.text(sx + (w - tw) / 2, barTop + kLBarH / 2 + ps * 0.36, pct, {FontStyle::Regular, ps, tc});
                }
                sx += w;
                bounds.push_back(sx);
            }
            for (std::size_t s = 0; s + 1 < bounds.size(); ++s)   // hairline gaps between segments
                c.line(bounds[s], barTop, bounds[s], barTop + kLBarH, Rgb{1, 1, 1}, 0.6);
        }
        yy += h;
    }
    // Baseline and tick labels ("50%" either side of "0%").
    c.line(g.plotX, axisY, g.plotX + g.plotW, axisY, th.rule, 0.5);
    for (double v : ticks)
        for (double sgn : {-1.0, 1.0}) {
            if (v == 0 && sgn > 0) continue;
            double tx = g.centre + sgn * v * g.scale;
            std::string t = groupedNumber(v) + "%";
            double w = d.width(t, FontStyle::Regular, ss);
            c.line(tx, axisY, tx, axisY + 2.5, th.rule, 0.5);
            c.text(tx - w / 2, axisY + 4 + ss, t, {FontStyle::Regular, ss, th.muted});
        }
    if (last == chart.items.size()) drawCaption(c, chart.caption, x, axisY + axisHeight(d), width);
}

} // namespace detail

double barChartHeight(const Document& d, const BarChart& chart, double width) {
    auto r = detail::barChartRows(d, chart, width);
    double h = r.top + r.bottom + r.caption;
    for (double v : r.rows) h += v;
    return h;
}

double divergingChartHeight(const Document& d, const DivergingChart& chart, double width) {
    auto r = detail::divergingChartRows(d, chart, width);
    double h = r.top + r.bottom + r.caption;
    for (double v : r.rows) h += v;
    return h;
}

void drawBarChart(Canvas& c, const BarChart& chart, const Rect& box) {
    detail::drawBarChartRows(c, chart, box.x, box.y, box.width, 0, chart.bars.size());
}

void drawDivergingChart(Canvas& c, const DivergingChart& chart, const Rect& box) {
    detail::drawDivergingChartRows(c, chart, box.x, box.y, box.width, 0, chart.items.size());
}

} // namespace impact::pdf
