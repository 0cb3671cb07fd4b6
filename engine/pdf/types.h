// Basic value types of the PDF layout layer (engine/pdf): colours, boxes, fonts, text styles and
// the colour theme a report template supplies. No libharu types appear in any engine/pdf header.
//
// Coordinates everywhere in impact::pdf are PDF points (1/72 inch) with the origin at the TOP-LEFT
// corner of the page and y growing DOWNWARDS (the layer converts to PDF's bottom-up space).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace impact::pdf {

/// A colour, each channel 0..1.
struct Rgb {
    double r = 0, g = 0, b = 0;

    /// 0xRRGGBB.
    static constexpr Rgb hex(std::uint32_t v) {
        return {((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
    }
    /// "#RRGGBB" or "RRGGBB" (as written in a template); nullopt if malformed.
    static std::optional<Rgb> parse(std::string_view text);
    /// This colour mixed with `other`: t = 0 gives this, t = 1 gives other.
    Rgb mix(const Rgb& other, double t) const;
    /// Relative luminance (0 black .. 1 white), to choose dark or light text on a fill.
    double luminance() const;

    friend bool operator==(const Rgb&, const Rgb&) = default;
};

/// A rectangle: x, y of its top-left corner (y downwards), width and height.
struct Rect {
    double x = 0, y = 0, width = 0, height = 0;
    double right() const { return x + width; }
    double bottom() const { return y + height; }
};

/// The three faces of the embedded font family (DejaVu Sans).
enum class FontStyle { Regular, Bold, Italic };

/// Horizontal alignment. Justify applies to paragraphs only (elsewhere it means Left).
enum class Align { Left, Centre, Right, Justify };

/// How a piece of text is drawn.
struct TextStyle {
    FontStyle font = FontStyle::Regular;
    double size = 9.5;   ///< points
    Rgb colour{};        ///< fill colour of the glyphs
};

/// A stretch of text in one face, for paragraphs that mix regular, bold and italic words.
struct Run {
    std::string text;                ///< UTF-8; '\n' forces a line break
    FontStyle font = FontStyle::Regular;
    std::optional<Rgb> colour;       ///< default: the paragraph's colour
};

/// The colours of a report, from its template. Defaults: muted navy / slate / teal-blue, with a
/// colour-blind-safe orange-to-blue diverging pair for Likert charts.
struct Theme {
    Rgb text = Rgb::hex(0x262B33);            ///< body text
    Rgb muted = Rgb::hex(0x6B7280);           ///< captions, footers, axis labels
    Rgb heading = Rgb::hex(0x1F3A5F);         ///< titles and headings
    Rgb accent = Rgb::hex(0x2F6690);          ///< key figures, heading rules, tile edges
    Rgb rule = Rgb::hex(0xC9CED6);            ///< separators, axes
    Rgb grid = Rgb::hex(0xE4E7EB);            ///< chart gridlines
    Rgb tileFill = Rgb::hex(0xF2F5F8);        ///< key-figure tile background
    Rgb calloutFill = Rgb::hex(0xF5F3EE);     ///< note/caveat box background
    Rgb tableHeaderFill = Rgb::hex(0x1F3A5F); ///< table header row
    Rgb tableHeaderText = Rgb::hex(0xFFFFFF);
    Rgb zebraFill = Rgb::hex(0xF3F5F7);       ///< every other table row
    Rgb bar = Rgb::hex(0x3A78A8);             ///< bar-chart bars
    Rgb negative = Rgb::hex(0xC0633A);        ///< most negative Likert point
    Rgb neutral = Rgb::hex(0xD6D8DB);         ///< Likert midpoint
    Rgb positive = Rgb::hex(0x2F6690);        ///< most positive Likert point
};

/// Type sizes (points) and line spacing.
struct Typography {
    double body = 9.5;
    double small = 7.5;      ///< captions, footers, axis labels
    double title = 21;
    double subtitle = 11.5;
    double h1 = 14;
    double h2 = 11.5;
    double h3 = 10;
    double leading = 1.38;   ///< line height as a multiple of the font size
};

} // namespace impact::pdf
