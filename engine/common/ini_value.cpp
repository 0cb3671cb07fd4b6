#include "common/ini_value.h"

#include "common/text.h"

namespace impact {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

/// A value's ends trimmed: spaces, tabs, and the \r of a Windows line end.
std::string_view trimmed(std::string_view s) { return trim(s, " \t\r"); }

/// Where an inline comment starts, or npos.
std::size_t commentStart(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((s[i] == ';' || s[i] == '#') && (i == 0 || isBlank(s[i - 1]))) return i;
    return std::string_view::npos;
}

} // namespace

std::string iniValue(std::string_view raw) {
    std::string_view v = trimmed(raw);
    if (v.size() >= 2 && v.front() == '"') {
        // The closing quote is the first, else the last, that only a comment follows (the last
        // lets a value that itself starts with a quote be written in quotes); with neither, the
        // quotes are part of the value, read by the usual rule below.
        for (std::size_t close : {v.find('"', 1), v.rfind('"')}) {
            if (close == std::string_view::npos || close == 0) continue;
            std::string_view after = trimmed(v.substr(close + 1));
            if (after.empty() || commentStart(after) == 0) return std::string(v.substr(1, close - 1));
        }
    }
    if (auto c = commentStart(v); c != std::string_view::npos) v = trimmed(v.substr(0, c));
    return std::string(v);
}

std::string iniQuoted(std::string_view value) {
    bool needs = !value.empty() &&
                 (isBlank(value.front()) || isBlank(value.back()) || value.front() == '"' || commentStart(value) != std::string_view::npos);
    return needs ? "\"" + std::string(value) + "\"" : std::string(value);
}

} // namespace impact
