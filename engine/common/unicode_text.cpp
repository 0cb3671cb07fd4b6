#include "common/unicode_text.h"

#include <utf8proc.h>

#include <algorithm>
#include <vector>

namespace impact {

namespace {

constexpr auto kFoldOptions = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

void appendAsciiLowered(std::string_view text, std::string& out) {
    for (char c : text) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Whether the three-byte code point `cp` is one foldCase() leaves as it is wherever it stands:
/// no case, no canonical decomposition, not default-ignorable, not combining.
/// tests/unit/test_unicode_text.cpp checks every one against utf8proc.
bool caselessThreeByte(char32_t cp) {
    return (cp >= 0x2010 && cp <= 0x2027) || // dashes, quotes, bullet, ellipsis
           (cp >= 0x2030 && cp <= 0x205E) || // per mille, primes, ‹ ›, ⁄
           (cp >= 0x20A0 && cp <= 0x20C0) || // currency signs (€)
           (cp >= 0x2700 && cp <= 0x27BF);   // dingbats: ✓ ✔ ✗ ✘
}

/// foldTwoByte() for every two-byte code point, from utf8proc itself. A character qualifies when
/// it is a starter (combining class 0: nothing reorders across it, and below U+0800 no starter
/// composes with what precedes it) and folds, alone, to one two-byte character. So ß (to "ss"),
/// the soft hyphen (dropped) and combining marks do not.
struct TwoByteFolds {
    char16_t to[0x800] = {};
    TwoByteFolds() {
        for (utf8proc_int32_t cp = 0x80; cp < 0x800; ++cp) {
            if (utf8proc_get_property(cp)->combining_class != 0) continue;
            utf8proc_int32_t folded[4];
            utf8proc_ssize_t n = utf8proc_decompose_char(cp, folded, 4, kFoldOptions, nullptr);
            if (n < 1 || n > 4) continue;
            n = utf8proc_normalize_utf32(folded, n, kFoldOptions);
            if (n == 1 && folded[0] >= 0x80 && folded[0] < 0x800) to[cp] = static_cast<char16_t>(folded[0]);
        }
    }
};

const TwoByteFolds& twoByteFolds() {
    static const TwoByteFolds table;
    return table;
}

} // namespace

char32_t foldTwoByte(char32_t cp) { return cp >= 0x80 && cp < 0x800 ? twoByteFolds().to[cp] : 0; }

bool foldsCharByChar(std::string_view utf8) {
    const TwoByteFolds& table = twoByteFolds();
    const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t n = utf8.size();
    for (std::size_t i = 0; i < n;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
        } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
            if (!table.to[((c & 0x1F) << 6) | (p[i + 1] & 0x3F)]) return false;
            i += 2;
        } else if ((c & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
            auto cp = static_cast<char32_t>(((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
            if (!caselessThreeByte(cp)) return false; // overlong forms and surrogates are outside every range
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

std::string foldCase(std::string_view utf8) {
    std::string out;
    if (foldsCharByChar(utf8)) {
        out.reserve(utf8.size());
        for (std::size_t i = 0; i < utf8.size(); ++i) {
            auto c = static_cast<unsigned char>(utf8[i]);
            if (c >= 0xC2 && c <= 0xDF) { // two bytes, each folded alone
                auto next = static_cast<unsigned char>(utf8[++i]);
                appendUtf8(foldTwoByte(static_cast<char32_t>(((c & 0x1F) << 6) | (next & 0x3F))), out);
            } else {
                out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
            }
        }
        return out;
    }
    // utf8proc_map() would allocate twice per call; a buffer kept per thread allocates once.
    thread_local std::vector<utf8proc_int32_t> buffer;
    const auto* src = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    const auto length = static_cast<utf8proc_ssize_t>(utf8.size());
    if (buffer.size() < utf8.size() + 1) buffer.resize(utf8.size() + 1);
    utf8proc_ssize_t points =
        utf8proc_decompose(src, length, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()) - 1, kFoldOptions);
    if (points >= 0 && static_cast<std::size_t>(points) + 1 > buffer.size()) { // longer once decomposed
        buffer.resize(static_cast<std::size_t>(points) + 1);
        points = utf8proc_decompose(src, length, buffer.data(), points, kFoldOptions);
    }
    // reencode() writes the UTF-8 over the code points, and a nul after them: one spare entry.
    utf8proc_ssize_t bytes = points < 0 ? points : utf8proc_reencode(buffer.data(), points, kFoldOptions);
    if (bytes < 0) { // not UTF-8: compare the bytes as they are
        out.reserve(utf8.size());
        appendAsciiLowered(utf8, out);
        return out;
    }
    out.assign(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(bytes));
    return out;
}

std::u32string decodeUtf8(std::string_view utf8) {
    std::u32string out;
    out.reserve(utf8.size());
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
    auto left = static_cast<utf8proc_ssize_t>(utf8.size());
    while (left > 0) {
        if (*p < 0x80) { // most text
            out += static_cast<char32_t>(*p++);
            --left;
            continue;
        }
        utf8proc_int32_t cp = -1;
        utf8proc_ssize_t used = utf8proc_iterate(p, left, &cp);
        if (used <= 0 || cp < 0) used = 1, cp = *p;
        out += static_cast<char32_t>(cp);
        p += used;
        left -= used;
    }
    return out;
}

void appendUtf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

namespace {

// What fold() does with each ASCII byte, as a table: fold runs on every cell text and name
// compared, so one lookup per byte instead of a chain of branches.
enum ByteKind : unsigned char { kPlain, kUpper, kBlank, kPunct };

struct ByteTable {
    ByteKind kind[128];
    constexpr ByteTable() : kind() {
        for (int c = 0; c < 128; ++c) {
            ByteKind k = kPlain;
            if (c >= 'A' && c <= 'Z')
                k = kUpper;
            else if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                k = kBlank;
            // std::ispunct in the C locale, less the three normalise() keeps.
            else if (c > 0x20 && c < 0x7F && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') && c != '%' && c != '#')
                k = kPunct;
            kind[c] = k;
        }
    }
};
constexpr ByteTable kBytes;

/// The byte pass of fold() into `out`: no-break spaces and blanks squeezed (leading and trailing
/// ones dropped), ASCII upper case lowered, two-byte letters folded (foldTwoByte()), curly
/// apostrophes and dashes made plain. When `punctuation` is set, ASCII punctuation counts as a
/// blank too (normalise()). With `checkUnicode`, returns false, early, for text whose characters
/// cannot be folded one by one (foldsCharByChar()): it needs foldCase() first.
bool foldBytes(std::string_view text, std::string& out, bool punctuation, bool checkUnicode) {
    // Folding here never lengthens: write in place of push_back's checks, then cut to length.
    out.resize(text.size());
    char* const begin = out.data();
    char* w = begin;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    bool pendingSpace = false;
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ByteKind k = kBytes.kind[c];
            if (k == kBlank || (punctuation && k == kPunct)) {
                pendingSpace = w != begin;
                continue;
            }
            if (pendingSpace) *w++ = ' ';
            pendingSpace = false;
            *w++ = static_cast<char>(k == kUpper ? c - 'A' + 'a' : c);
            continue;
        }
        // Once, at the first byte past ASCII: whether the rest can be folded here.
        if (checkUnicode) {
            if (!foldsCharByChar(text.substr(i))) return false;
            checkUnicode = false;
        }
        char plain = 0;
        if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) { // no-break space
            ++i;
            pendingSpace = w != begin;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x99 || p[i + 2] == 0x93 || p[i + 2] == 0x94)) {
            plain = p[i + 2] == 0x99 ? '\'' : '-'; // ’ – —
            i += 2;
            // The plain form is punctuation as well.
            if (punctuation) {
                pendingSpace = w != begin;
                continue;
            }
        }
        if (pendingSpace) *w++ = ' ';
        pendingSpace = false;
        if (plain) {
            *w++ = plain;
        } else if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) { // two bytes, folded to two
            char32_t folded = foldTwoByte(static_cast<char32_t>(((c & 0x1F) << 6) | (p[i + 1] & 0x3F)));
            if (folded == 0) { // only in text foldCase() made: left as it is
                *w++ = static_cast<char>(c);
                continue;
            }
            *w++ = static_cast<char>(0xC0 | (folded >> 6));
            *w++ = static_cast<char>(0x80 | (folded & 0x3F));
            ++i;
        } else {
            *w++ = static_cast<char>(c);
        }
    }
    out.resize(static_cast<std::size_t>(w - begin));
    return true;
}

/// fold() into `out`: Unicode case folding and composition (foldCase()), then the byte pass.
void foldInto(std::string_view text, std::string& out, bool punctuation) {
    // Most cells are ASCII, or hold accented letters and symbols (é, £, ’, ✓) that fold one by
    // one: the byte pass folds those alone, and only other text pays for the Unicode tables.
    if (foldBytes(text, out, punctuation, true)) return;
    foldBytes(foldCase(text), out, punctuation, false);
}

/// Whether normalise(text) == text: no upper case, no punctuation, no blanks but single inner
/// spaces, no no-break space, curly apostrophe or dash, nothing Unicode folding changes. Lets the
/// comparisons below skip a copy of text that is normalised already.
bool isNormalised(std::string_view text) {
    if (text.empty()) return true;
    if (text.front() == ' ' || text.back() == ' ') return false;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    unsigned char prev = 0;
    bool checkedUnicode = false;
    for (std::size_t i = 0; i < n; ++i) {
        unsigned char c = p[i];
        if (c >= 0x80) {
            // Once, at the first byte past ASCII: whether folding leaves the rest to this loop.
            if (!checkedUnicode && !foldsCharByChar(text.substr(i))) return false;
            checkedUnicode = true;
            if (c >= 0xC2 && c <= 0xDF && i + 1 < n) {
                auto cp = static_cast<char32_t>(((c & 0x1F) << 6) | (p[i + 1] & 0x3F));
                if (foldTwoByte(cp) != cp) return false;
            }
            if (c == 0xC2 && i + 1 < n && p[i + 1] == 0xA0) return false;
            if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x99 || p[i + 2] == 0x93 || p[i + 2] == 0x94)) return false;
        } else {
            ByteKind k = kBytes.kind[c];
            if (k == kUpper || k == kPunct) return false;
            if (k == kBlank && (c != ' ' || prev == ' ')) return false;
        }
        prev = c;
    }
    return true;
}

/// A view of normalise(text): `text` itself when it is normalised already, else `buffer`.
std::string_view normalisedView(std::string_view text, std::string& buffer) {
    if (isNormalised(text)) return text;
    foldInto(text, buffer, true);
    return buffer;
}

} // namespace

std::string fold(std::string_view text) {
    std::string out;
    foldInto(text, out, false);
    return out;
}

std::string normalise(std::string_view text) {
    // fold(), then punctuation as blanks, squeezed: the same as folding with punctuation as
    // blanks in one pass (the plain forms of curly apostrophes and dashes are punctuation).
    std::string out;
    foldInto(text, out, true);
    return out;
}

bool containsWords(std::string_view text, std::string_view phrase) {
    std::string textBuffer, phraseBuffer;
    return containsNormalisedWords(normalisedView(text, textBuffer), normalisedView(phrase, phraseBuffer));
}

bool containsNormalisedWords(std::string_view t, std::string_view p) {
    if (p.empty() || p.size() > t.size()) return false;
    // `p` as whole words of `t`: " p " in " t ".
    for (std::size_t at = t.find(p); at != std::string_view::npos; at = t.find(p, at + 1)) {
        bool startsWord = at == 0 || t[at - 1] == ' ';
        bool endsWord = at + p.size() == t.size() || t[at + p.size()] == ' ';
        if (startsWord && endsWord) return true;
    }
    return false;
}

double similarity(std::string_view a, std::string_view b) {
    // By characters, not bytes: "é" against "e" is one edit, as "a" against "e" is.
    std::u32string x = decodeUtf8(normalise(a)), y = decodeUtf8(normalise(b));
    x.erase(std::remove(x.begin(), x.end(), U' '), x.end());
    y.erase(std::remove(y.begin(), y.end(), U' '), y.end());
    if (x.empty() && y.empty()) return 1.0;
    std::vector<std::size_t> prev(y.size() + 1), cur(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return 1.0 - static_cast<double>(prev[y.size()]) / static_cast<double>(std::max(x.size(), y.size()));
}

} // namespace impact
