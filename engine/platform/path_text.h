// UTF-8 text and std::filesystem::path. The engine keeps every path as UTF-8 text (std::string);
// on Windows, std::filesystem::path(std::string) and path.string() would use the ANSI code page
// instead, so "Année 2025–26.xlsx" would not be found. Every path made from text, or shown as
// text, goes through these two (on POSIX they copy the bytes unchanged).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace impact::platform {

/// The path named by the UTF-8 text `utf8`.
inline std::filesystem::path utf8Path(std::string_view utf8) {
    return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

/// `path` as UTF-8 text.
inline std::string utf8(const std::filesystem::path& path) {
    std::u8string text = path.u8string();
    return std::string(text.begin(), text.end());
}

/// `path` as UTF-8 text with '/' between its folders whatever the system (names compared with lists).
inline std::string genericUtf8(const std::filesystem::path& path) {
    std::u8string text = path.generic_u8string();
    return std::string(text.begin(), text.end());
}

} // namespace impact::platform
