// Small text helpers for every stage: blanks trimmed from the ends, whole numbers written as text,
// hex digits. (Case: Poco::toLower for ASCII, foldCase()/fold() in common/unicode_text.h for what
// people type; replacing: Poco::replace.) Inline: a few lines each, called on every cell's text and
// every XML attribute read.
#pragma once

#include <charconv>
#include <climits>
#include <cstdint>
#include <string_view>

namespace impact {

/// What trim() takes off by default: spaces, tabs and line ends.
inline constexpr std::string_view kBlanks = " \t\r\n";

/// `s` without the characters of `blanks` at either end (a view into `s`). Not Poco::trim: that
/// also takes \v and \f, and copies.
constexpr std::string_view trim(std::string_view s, std::string_view blanks = kBlanks) {
    std::size_t first = s.find_first_not_of(blanks);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(blanks) - first + 1);
}

/// trim(), also taking off no-break spaces (U+00A0 in UTF-8, pasted from web pages and Word) at
/// either end, however they mix with the other blanks.
constexpr std::string_view trimWithNoBreakSpaces(std::string_view s) {
    constexpr std::string_view nbsp = "\xC2\xA0";
    for (std::string_view before; before.size() != s.size();) {
        before = s;
        s = trim(s);
        while (s.substr(0, 2) == nbsp) s.remove_prefix(2);
        while (s.size() >= 2 && s.substr(s.size() - 2) == nbsp) s.remove_suffix(2);
    }
    return s;
}

/// A whole number from 0 to INT_MAX that is all of `s` (after leading white space and a sign, as
/// strtol reads it: "-0" is 0), else `fallback`. For counts and ids in XML attributes.
inline int toInt(std::string_view s, int fallback) {
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
    bool negative = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v > INT_MAX || (negative && v != 0)) return fallback;
    return static_cast<int>(v);
}

/// The value of a hex digit (0-9, a-f, A-F), else -1.
constexpr int hexDigitValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace impact
