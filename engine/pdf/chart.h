// Charts drawn with vector primitives: a horizontal bar chart and a diverging stacked bar chart for
// Likert results. Values the caller suppressed (disclosure control) are nullopt: their bars are
// not drawn, and the caller's caption says why. Number formatting (£, %) is the caller's.
//
// Each chart can be drawn into a box (draw*) or placed by Flow, which splits a chart taller than
// the page between rows and repeats the axis and legend.
#pragma once

#include "pdf/document.h"
#include "pdf/types.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace impact::pdf {

/// "Nice" axis ticks from 0: a step of 1, 2, 2.5 or 5 × 10^k giving about `target` intervals.
struct Ticks {
    double step = 1;
    double max = 1;                ///< the axis end: a multiple of step >= the data maximum
    std::vector<double> values;    ///< 0, step, ..., max
};
Ticks niceTicks(double maxValue, int target = 5);

// ---- horizontal bar chart ----------------------------------------------------------------------

struct Bar {
    std::string label;              ///< category, wrapped to at most 2 lines
    std::optional<double> value;    ///< >= 0; nullopt = suppressed: no bar drawn
    std::string valueLabel;         ///< shown after the bar, e.g. "£1,234" or "42%" (or "c")
};

struct BarChart {
    std::vector<Bar> bars;
    /// Axis tick labels, e.g. [](double v) { return impact::pounds(v, 0); }. Default: impact::groupedNumber.
    std::function<std::string(double)> tickLabel;
    std::optional<double> axisMax;  ///< e.g. 100 for percentages; default: from the data
    std::string caption;            ///< under the chart: source, or why bars are missing
    double labelWidth = 0.3;        ///< fraction of the width for the category labels
    std::optional<Rgb> colour;      ///< default Theme::bar
};

// ---- diverging stacked bar chart (Likert) ------------------------------------------------------

struct LikertBar {
    std::string label;                          ///< e.g. "Before" or "After (n=18)"
    std::optional<std::vector<double>> percents; ///< one per scale point (0..100); nullopt = suppressed
};

struct LikertItem {
    std::string label;   ///< the question / statement
    LikertBar before;    ///< drawn above
    LikertBar after;     ///< drawn below
};

struct DivergingChart {
    std::vector<std::string> scale;   ///< point labels, most negative first (e.g. 5 or 4 points)
    std::vector<LikertItem> items;
    std::string caption;
    std::vector<Rgb> colours;         ///< one per point; empty: divergingColours(theme, n)
    double labelWidth = 0.3;          ///< fraction of the width for the item labels
};

/// Negative-to-positive colours for `points` scale points: strong negative, lighter tints towards
/// the middle, Theme::neutral at the midpoint of an odd scale, then positive tints.
std::vector<Rgb> divergingColours(const Theme& theme, std::size_t points);

/// Heights (points) the charts need at `width`.
double barChartHeight(const Document& doc, const BarChart& chart, double width);
double divergingChartHeight(const Document& doc, const DivergingChart& chart, double width);

/// Draw the whole chart with its top-left at box.x, box.y and width box.width (height as above).
void drawBarChart(Canvas& canvas, const BarChart& chart, const Rect& box);
void drawDivergingChart(Canvas& canvas, const DivergingChart& chart, const Rect& box);

namespace detail {
/// Layout shared with Flow's page splitting: fixed heights above/below the rows, and each row's.
struct ChartRows {
    double top = 0;        ///< legend
    double bottom = 0;     ///< axis and tick labels
    double caption = 0;    ///< caption (drawn under the last rows only)
    std::vector<double> rows;
};
ChartRows barChartRows(const Document& doc, const BarChart& chart, double width);
ChartRows divergingChartRows(const Document& doc, const DivergingChart& chart, double width);
/// Draws rows [first, last) (with axis, legend and - if last == all - the caption).
void drawBarChartRows(Canvas& canvas, const BarChart& chart, double x, double y, double width, std::size_t first,
                      std::size_t last);
void drawDivergingChartRows(Canvas& canvas, const DivergingChart& chart, double x, double y, double width,
                            std::size_t first, std::size_t last);
} // namespace detail

} // namespace impact::pdf
