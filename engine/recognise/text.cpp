#include "recognise/text.h"

#include "common/unicode_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

namespace impact::recognise {

namespace {

// What fold() does with each ASCII byte, as a table: fold runs on every cell text and name
// compared, so one lookup per byte instead of a chain of branches.
enum ByteKind : unsigned char { kPlain, kUpper, kBlank, kPunct };

struct ByteTable {
    ByteKind kind[128];
    constexpr ByteTable() : kind() {
        for (int c = 0; c < 128; ++c) {
            ByteKind k = kPlain;
            if (c >= 'A' && c <= 'Z') k = kUpper;
            else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') k = kBlank;
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
            if (c == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] == 0x99 || p[i + 2] == 0x93 || p[i + 2] == 0x94))
                return false;
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

const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int toInt(std::string_view s) {
    int v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

int fullYear(std::string_view y) {
    int v = toInt(y);
    if (y.size() <= 2) v += v < 70 ? 2000 : 1900;
    return v;
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

bool namesSameIndicator(std::string_view indicator, std::string_view label) {
    std::string a = normalise(indicator), b = normalise(label);
    if (a == b) return true;
    if (a.size() >= 8 && (b.find(a) != std::string::npos || a.find(b) != std::string::npos)) return true;
    return similarity(indicator, label) >= 0.9;
}

std::optional<TypedDate> parseTypedDate(std::string_view raw) {
    std::string s = fold(raw);
    // Split into tokens of digits or letters.
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : s) {
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
        if (alnum) {
            if (!cur.empty() && ((cur.back() >= '0' && cur.back() <= '9') != (c >= '0' && c <= '9'))) {
                tokens.push_back(cur);
                cur.clear();
            }
            cur += c;
        } else {
            if (!cur.empty()) tokens.push_back(cur);
            cur.clear();
            if (c != '/' && c != '-' && c != '.' && c != ' ' && c != ',') return std::nullopt;
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    // Ordinal suffixes: "12th March 2025".
    std::vector<std::string> t;
    for (auto& tok : tokens)
        if (tok != "st" && tok != "nd" && tok != "rd" && tok != "th") t.push_back(tok);
    // A leading weekday: "Wed 12 March 2025".
    if (t.size() == 4 && !allDigits(t[0])) t.erase(t.begin());
    if (t.size() != 3) return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (allDigits(t[0]) && t[0].size() == 4 && allDigits(t[1]) && allDigits(t[2])) {
        y = toInt(t[0]), m = toInt(t[1]), d = toInt(t[2]); // ISO order
    } else if (allDigits(t[0]) && allDigits(t[2]) && t[0].size() <= 2 && (t[2].size() == 2 || t[2].size() == 4)) {
        d = toInt(t[0]);
        y = fullYear(t[2]);
        if (allDigits(t[1]) && t[1].size() <= 2) {
            m = toInt(t[1]);
        } else {
            for (int i = 0; i < 12; ++i)
                if (t[1].size() >= 3 && t[1].compare(0, 3, kMonths[i]) == 0) m = i + 1;
            if (m == 0) return std::nullopt;
        }
    } else {
        return std::nullopt;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200) {
        if (m >= 1 && m <= 31 && d >= 1 && d <= 31) return TypedDate{{y, static_cast<unsigned>(m), static_cast<unsigned>(d)}, false};
        return std::nullopt;
    }
    TypedDate out{{y, static_cast<unsigned>(m), static_cast<unsigned>(d)}, true};
    out.valid = read::isValidDate(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    return out;
}

std::optional<double> parseMoney(std::string_view raw) {
    std::string s = fold(raw);
    if (s.empty()) return std::nullopt;
    bool negative = false;
    if (s.front() == '(' && s.back() == ')') {
        negative = true;
        s = s.substr(1, s.size() - 2);
    }
    std::string digits;
    double multiplier = 1;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '-' && digits.empty()) negative = !negative;
        else if ((c >= '0' && c <= '9') || c == '.') digits += c;
        else if (c == ',' || c == ' ') continue;
        else if (s.compare(i, 2, "\xC2\xA3") == 0) ++i; // £
        else if (c == 'k' && i + 1 == s.size() && !digits.empty()) multiplier = 1000;
        else if (s.compare(i, 3, "gbp") == 0) i += 2;
        else if (c == 'p' && i + 1 == s.size()) multiplier = 0.01;
        else return std::nullopt;
    }
    if (digits.empty() || std::count(digits.begin(), digits.end(), '.') > 1) return std::nullopt;
    double v = 0;
    auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) return std::nullopt;
    return (negative ? -v : v) * multiplier;
}

std::optional<double> parseShare(std::string_view raw, bool isNumber, double number) {
    if (isNumber) return number > 1.0 ? number / 100.0 : number;
    std::string s = fold(raw);
    bool percent = !s.empty() && s.back() == '%';
    if (percent) s.pop_back();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
    return percent || v > 1.0 ? v / 100.0 : v;
}

namespace {

/// "Q3 (before)", "Confidence - post", "Q3: after": the last word is set off by a bracket, a dash
/// or a colon. "Have you seen this before?" is a question, not a timepoint.
bool markedAsTimepoint(std::string_view header) {
    std::string h = fold(header);
    while (!h.empty() && (h.back() == ')' || h.back() == ' ')) h.pop_back();
    std::size_t lastSpace = h.find_last_of(" (-:");
    if (lastSpace == std::string::npos) return false;
    std::size_t i = lastSpace;
    while (i > 0 && h[i] == ' ') --i;
    char c = h[i];
    return c == '(' || c == '-' || c == ':' || h[lastSpace] == '(' || h[lastSpace] == '-' || h[lastSpace] == ':';
}

} // namespace

std::optional<HeaderSplit> splitTimepointSuffix(std::string_view header, const std::vector<std::string>& words) {
    std::string n = normalise(header);
    for (const auto& w : words) {
        std::string nw = normalise(w);
        if (nw.empty() || n.size() <= nw.size() + 1) continue;
        if (n.compare(n.size() - nw.size(), nw.size(), nw) == 0 && n[n.size() - nw.size() - 1] == ' ' &&
            markedAsTimepoint(header)) {
            // Cut the original header before its last bracket or dash.
            std::string h(header);
            std::size_t cut = h.find_last_of("([-–:");
            std::string base = cut != std::string::npos && cut > 0 ? h.substr(0, cut) : n.substr(0, n.size() - nw.size() - 1);
            // Keep the coordinator's wording and capitals: it is the label reports show.
            std::string kept = fold(base) == base ? base : std::string(base);
            while (!kept.empty() && (kept.back() == ' ' || kept.back() == '-')) kept.pop_back();
            while (!kept.empty() && kept.front() == ' ') kept.erase(0, 1);
            return HeaderSplit{kept, w};
        }
    }
    return std::nullopt;
}

} // namespace impact::recognise
