#include "common/unicode_text.h"

#include <utf8proc.h>

#include <vector>

namespace impact {

namespace {

constexpr auto kFoldOptions =
    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);

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
    utf8proc_ssize_t points = utf8proc_decompose(src, length, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()) - 1, kFoldOptions);
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

} // namespace impact
