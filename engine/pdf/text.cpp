#include "pdf/text.h"

#include "common/unicode_text.h"

#include <algorithm>
#include <cmath>

namespace impact::pdf {

namespace {

/// Decodes one code point at s[i]; advances i. Invalid sequences give U+FFFD and advance one byte.
char32_t decode(std::string_view s, std::size_t& i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = b(i);
    if (c < 0x80) { ++i; return c; }
    int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (c >= 0xF5 || len == 0 || i + static_cast<std::size_t>(len) > s.size()) { ++i; return 0xFFFD; }
    char32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
        unsigned char cc = b(i + static_cast<std::size_t>(k));
        if ((cc & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms and surrogates.
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        ++i;
        return 0xFFFD;
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

struct Token {
    Word word;
    bool hardBreak = false;   ///< a '\n' (the token carries no word)
};

std::vector<Token> tokenize(const std::vector<Run>& runs, double size, const TextMeasure& m) {
    std::vector<Token> tokens;
    Word current;
    bool pendingSpace = false;
    FontStyle spaceFont = FontStyle::Regular;
    auto finishWord = [&] {
        if (current.pieces.empty()) return;
        for (Piece& p : current.pieces) {
            p.width = m.width(p.text, p.font, size);
            current.width += p.width;
        }
        tokens.push_back({std::move(current), false});
        current = Word{};
    };
    for (const Run& run : runs) {
        std::string text = cleanUtf8(run.text);
        for (std::size_t i = 0; i < text.size();) {
            std::size_t start = i;
            char32_t cp = decode(text, i);
            if (cp == ' ' || cp == '\n' || cp == 0x2009 || cp == 0x200B) {   // breakable spaces
                finishWord();
                if (cp == '\n') tokens.push_back({Word{}, true});
                else {
                    pendingSpace = true;
                    spaceFont = run.font;
                }
                continue;
            }
            if (current.pieces.empty()) {
                if (!pendingSpace) spaceFont = run.font;
                current.spaceFont = spaceFont;
                current.space = m.width(" ", spaceFont, size);
                pendingSpace = false;
            }
            if (current.pieces.empty() || current.pieces.back().font != run.font ||
                current.pieces.back().colour != run.colour)
                current.pieces.push_back({"", run.font, run.colour, 0});
            current.pieces.back().text.append(text, start, i - start);
        }
    }
    finishWord();
    return tokens;
}

/// A word's code points, for splitting it: piece index, byte range in that piece, width.
struct Glyph {
    std::size_t piece, begin, end;
    double width;
    char32_t cp;
};

std::vector<Glyph> glyphs(const Word& word, double size, const TextMeasure& m) {
    std::vector<Glyph> out;
    for (std::size_t pi = 0; pi < word.pieces.size(); ++pi) {
        const Piece& p = word.pieces[pi];
        std::size_t begin = 0;
        while (begin < p.text.size()) {
            std::size_t end = begin;
            char32_t cp = decode(p.text, end);
            out.push_back({pi, begin, end, m.width(std::string_view(p.text).substr(begin, end - begin), p.font, size), cp});
            begin = end;
        }
    }
    return out;
}

/// Glyphs [a, b) of `word` as a word of their own (pieces re-measured whole).
Word slice(const Word& word, const std::vector<Glyph>& g, std::size_t a, std::size_t b, double size,
           const TextMeasure& m) {
    Word w;
    w.space = word.space;
    w.spaceFont = word.spaceFont;
    for (std::size_t i = a; i < b; ++i) {
        const Piece& src = word.pieces[g[i].piece];
        if (w.pieces.empty() || i == a || g[i].piece != g[i - 1].piece)
            w.pieces.push_back({"", src.font, src.colour, 0});
        w.pieces.back().text.append(src.text, g[i].begin, g[i].end - g[i].begin);
    }
    for (Piece& p : w.pieces) {
        p.width = m.width(p.text, p.font, size);
        w.width += p.width;
    }
    return w;
}

bool isLetter(char32_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c != 0xD7 && c != 0xF7 && c < 0x2000);
}

/// Where a line may break inside a word: after a hyphen or dash between letters ("in-|kind",
/// "Parent–|Teacher", but not "2024-25"), and after a slash followed by more text (URLs, "and/|or").
bool softBreakAfter(const std::vector<Glyph>& g, std::size_t i) {
    if (i == 0 || i + 1 >= g.size()) return false;
    char32_t c = g[i].cp, prev = g[i - 1].cp, next = g[i + 1].cp;
    if (c == '-' || c == 0x2010 || c == 0x2013 || c == 0x2014) return isLetter(prev) && isLetter(next);
    if (c == '/') return next != '/';
    return false;
}

} // namespace

std::string cleanUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        char32_t cp = decode(s, i);
        if (cp == '\t' || cp == '\r') cp = ' ';
        if ((cp < 0x20 && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) continue;
        if (cp > 0xFFFF || cp == 0xFEFF) cp = cp == 0xFEFF ? 0 : 0xFFFD;
        if (cp == 0) continue;
        appendUtf8(cp, out);
    }
    return out;
}

std::vector<Line> wrap(const std::vector<Run>& runs, double size, double maxWidth, const TextMeasure& m) {
    std::vector<Line> lines;
    Line line;
    auto newLine = [&](bool endsParagraph) {
        line.endsParagraph = endsParagraph;
        lines.push_back(std::move(line));
        line = Line{};
    };
    auto add = [&](Word w) {
        line.width += (line.words.empty() ? 0 : w.space) + w.width;
        line.words.push_back(std::move(w));
    };
    // Greedy filling. A word that does not fit the rest of the line is split at its last soft break
    // that fits; a word wider than a whole line is broken between characters, starting on the
    // current line when a fair part of it is free (so the line before stays full and justifiable).
    auto place = [&](Word word) {
        while (true) {
            const double gap = line.words.empty() ? 0 : word.space;
            if (line.width + gap + word.width <= maxWidth) {
                add(std::move(word));
                return;
            }
            const double room = maxWidth - line.width - gap;
            const std::vector<Glyph> g = glyphs(word, size, m);
            std::size_t cut = 0;
            double w = 0;
            for (std::size_t i = 0; i < g.size() && w + g[i].width <= room; ++i) {
                w += g[i].width;
                if (softBreakAfter(g, i)) cut = i + 1;
            }
            if (cut == 0 && word.width > maxWidth && (line.words.empty() || room >= maxWidth * 0.3)) {
                w = 0;
                while (cut < g.size() && w + g[cut].width <= room) w += g[cut++].width;
                if (cut == 0 && line.words.empty()) cut = 1;   // narrower than one character: one per line
            }
            if (cut == 0) {   // nothing of it fits here: carry the whole word to the next line
                newLine(false);
                continue;
            }
            add(slice(word, g, 0, cut, size, m));
            newLine(false);
            word = slice(word, g, cut, g.size(), size, m);
        }
    };
    for (Token& t : tokenize(runs, size, m)) {
        if (t.hardBreak) newLine(true);
        else place(std::move(t.word));
    }
    if (!line.words.empty() || lines.empty() || !lines.back().endsParagraph) newLine(true);
    else lines.back().endsParagraph = true;
    return lines;
}

std::vector<Line> wrap(std::string_view text, FontStyle font, double size, double maxWidth, const TextMeasure& m) {
    return wrap(std::vector<Run>{Run{std::string(text), font, std::nullopt}}, size, maxWidth, m);
}

double lineHeightOf(const LineStyle& style) {
    return style.lineHeight > 0 ? style.lineHeight : style.text.size * 1.38;
}

double baselineOffset(const Document& doc, const LineStyle& style) {
    double asc = doc.ascent(FontStyle::Regular) * style.text.size;
    double desc = doc.descent(FontStyle::Regular) * style.text.size;
    return (lineHeightOf(style) - (asc + desc)) / 2 + asc;
}

double drawLines(Canvas& canvas, const std::vector<Line>& lines, std::size_t first, std::size_t last, double x,
                 double top, double width, const LineStyle& style) {
    const double lh = lineHeightOf(style);
    const double base = baselineOffset(canvas.document(), style);
    last = std::min(last, lines.size());
    double y = top;
    for (std::size_t li = first; li < last; ++li, y += lh) {
        const Line& line = lines[li];
        if (line.words.empty()) continue;
        double extraGap = 0;
        double left = x;
        bool justify = false;
        if (style.align == Align::Justify && !line.endsParagraph && line.words.size() > 1) {
            double extra = (width - line.width) / static_cast<double>(line.words.size() - 1);
            double space = line.words[1].space > 0 ? line.words[1].space : style.text.size * 0.32;
            if (extra > 0 && extra <= style.maxStretch * space) {
                extraGap = extra;
                justify = true;
            }
        }
        if (style.align == Align::Right) left = x + width - line.width;
        else if (style.align == Align::Centre) left = x + (width - line.width) / 2;
        const double baseline = y + base;
        // Draw runs of same-face text as one string (better text extraction); a justified line
        // draws word by word at computed positions.
        std::string buf;
        double bufX = left;
        const Piece* bufStyle = nullptr;
        auto flush = [&] {
            if (bufStyle && !buf.empty())
                canvas.text(bufX, baseline, buf,
                            {bufStyle->font, style.text.size, bufStyle->colour.value_or(style.text.colour)});
            buf.clear();
            bufStyle = nullptr;
        };
        double pen = left;
        for (std::size_t wi = 0; wi < line.words.size(); ++wi) {
            const Word& w = line.words[wi];
            if (wi > 0) {
                if (justify) {
                    flush();
                    pen += w.space + extraGap;
                } else {
                    if (bufStyle && bufStyle->font == w.pieces.front().font && w.spaceFont == bufStyle->font &&
                        bufStyle->colour == w.pieces.front().colour)
                        buf += ' ';
                    else flush();
                    pen += w.space;
                }
            }
            for (const Piece& p : w.pieces) {
                if (!bufStyle || bufStyle->font != p.font || bufStyle->colour != p.colour) {
                    flush();
                    bufStyle = &p;
                    bufX = pen;
                }
                buf += p.text;
                pen += p.width;
            }
        }
        flush();
    }
    return y - top;
}

double fitSize(const TextMeasure& m, std::string_view text, FontStyle font, double size, double maxWidth,
               double minSize) {
    double w = m.width(text, font, size);
    if (w <= maxWidth || w <= 0) return size;
    double fitted = size * maxWidth / w;
    fitted = std::floor(fitted * 10) / 10;   // tenths of a point, rounded down: never overflows
    return std::max(minSize, fitted);
}

} // namespace impact::pdf
