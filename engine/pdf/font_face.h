// One of the report's TrueType fonts (DejaVu Sans), read once per process with harfbuzz, for the two
// things a PDF needs of it:
// - measuring text: each character's advance and the font's ascent and descent, from the same tables
//   and with the same integer arithmetic as libharu (so text measures to the unit as it did when
//   libharu measured it, and every line breaks where it did);
// - embedding: a subset of the font with only the glyphs one document draws (hb-subset). Embedding
//   the whole font made every PDF carry ~250 KB of fonts and cost libharu most of its time
//   (docs/decisions.md, "PDF fonts: subsets made with hb-subset").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace impact::pdf {

class FontFace {
public:
    /// The font in the file `path`, read on first use and kept for the life of the process: the
    /// reports of one run (or a server's requests) share it. The file can't be read or is not a
    /// TrueType font: impact::ReadError.
    static const FontFace& open(const std::string& path);

    ~FontFace();
    FontFace(const FontFace&) = delete;
    FontFace& operator=(const FontFace&) = delete;

    /// Advance width of `cp` in 1/1000 em (truncated, as libharu does). A character the font lacks,
    /// or one outside the Basic Multilingual Plane, has the advance of the missing glyph (.notdef).
    unsigned advance(char32_t cp) const { return cp < advances_.size() ? advances_[cp] : missing_; }
    /// The ascender and descender (negative) of the font's hhea table, in 1/1000 em: libharu's.
    int ascent() const { return ascent_; }
    int descent() const { return descent_; }

    /// A TrueType font holding the glyphs of `codePoints` (those the font has), the missing glyph
    /// with its outline, and only the tables libharu embeds; the glyphs keep their outlines,
    /// advances and hinting. Throws impact::WriteError if harfbuzz can't make it.
    std::vector<unsigned char> subset(const std::vector<char32_t>& codePoints) const;

    /// Throws the impact::ReadError that says the file is not a TrueType font Impact can use
    /// (for libharu refusing a subset of it).
    [[noreturn]] void refused() const;

private:
    FontFace(std::string path, std::string data);

    std::string path_;
    std::string data_; ///< the file, which harfbuzz reads in place
    struct Hb;
    std::unique_ptr<Hb> hb_;
    std::vector<std::uint16_t> advances_; ///< by code point, U+0000 to U+FFFF
    std::vector<std::uint32_t> dropped_;  ///< tags of the tables a subset leaves out
    std::uint16_t missing_ = 0;
    int ascent_ = 0, descent_ = 0;
};

} // namespace impact::pdf
