#include "recognise/text.h"

#include "common/text.h"
#include "common/unicode_text.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>

namespace impact::recognise {

namespace {

const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

bool allDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int fullYear(std::string_view y) {
    int v = toInt(y, 0);
    if (y.size() <= 2) v += v < 70 ? 2000 : 1900;
    return v;
}

} // namespace

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
        y = toInt(t[0], 0), m = toInt(t[1], 0), d = toInt(t[2], 0); // ISO order
    } else if (allDigits(t[0]) && allDigits(t[2]) && t[0].size() <= 2 && (t[2].size() == 2 || t[2].size() == 4)) {
        d = toInt(t[0], 0);
        y = fullYear(t[2]);
        if (allDigits(t[1]) && t[1].size() <= 2) {
            m = toInt(t[1], 0);
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
