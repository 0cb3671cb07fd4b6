// Text layout: UTF-8 clean-up, measured line wrapping of mixed-face runs, and drawing wrapped lines
// left/centred/right aligned or justified (space distributed between words; no hyphenation).
// Guarantee: no line is wider than the width it was wrapped to — a word wider than the line is
// broken between characters (at least one character per line).
#pragma once

#include "pdf/document.h"
#include "pdf/types.h"

#include <string>
#include <string_view>
#include <vector>

namespace impact::pdf {

/// Valid UTF-8 libharu can draw: invalid bytes and characters outside the Basic Multilingual Plane
/// become U+FFFD, tabs become spaces, other control characters except '\n' are dropped.
std::string cleanUtf8(std::string_view text);

/// Part of a word in one face.
struct Piece {
    std::string text;
    FontStyle font = FontStyle::Regular;
    std::optional<Rgb> colour;
    double width = 0;
};

/// A word: pieces with no break between them ("£1,234" bold followed by "," regular).
struct Word {
    std::vector<Piece> pieces;
    double width = 0;
    double space = 0;   ///< width of the space that precedes it on a line
    FontStyle spaceFont = FontStyle::Regular;   ///< the face that space is in
};

struct Line {
    std::vector<Word> words;
    double width = 0;            ///< natural width: words plus normal spaces
    bool endsParagraph = false;  ///< last line of the text or before a '\n' (never justified)
};

/// Wraps `runs` at `size` into lines no wider than `maxWidth`.
std::vector<Line> wrap(const std::vector<Run>& runs, double size, double maxWidth, const TextMeasure& measure);
std::vector<Line> wrap(std::string_view text, FontStyle font, double size, double maxWidth,
                       const TextMeasure& measure);

/// How wrapped lines are drawn.
struct LineStyle {
    TextStyle text;              ///< size and default colour (runs carry their own face)
    Align align = Align::Left;
    double lineHeight = 0;       ///< 0: text.size * 1.38
    /// Justify: a line whose gaps would exceed this many normal spaces is left-aligned instead.
    double maxStretch = 4.0;
};

double lineHeightOf(const LineStyle& style);
/// Offset from the top of a line box to its baseline (text vertically centred in the box).
double baselineOffset(const Document& doc, const LineStyle& style);

/// Draws lines [first, last) with the top of the first line box at `top`, within [x, x + width].
/// Returns the height used.
double drawLines(Canvas& canvas, const std::vector<Line>& lines, std::size_t first, std::size_t last, double x,
                 double top, double width, const LineStyle& style);
inline double drawLines(Canvas& canvas, const std::vector<Line>& lines, double x, double top, double width,
                        const LineStyle& style) {
    return drawLines(canvas, lines, 0, lines.size(), x, top, width, style);
}

/// The largest size <= `size` (and >= `minSize`) at which `text` fits `maxWidth` on one line.
double fitSize(const TextMeasure& measure, std::string_view text, FontStyle font, double size, double maxWidth,
               double minSize = 4);

} // namespace impact::pdf
