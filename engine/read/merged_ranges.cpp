#include "read/merged_ranges.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace impact::read {

namespace {

constexpr std::string_view kTag = "mergeCell";

bool nameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

/// Whether the "mergeCell" at `at` in `text` opens a tag: '<' or '<prefix:' before it, and a
/// blank, '/' or '>' after it (so "mergeCells" is not one).
bool opensTag(std::string_view text, std::size_t at) {
    std::size_t end = at + kTag.size();
    if (end >= text.size()) return false;
    char after = text[end];
    if (after != ' ' && after != '\t' && after != '\r' && after != '\n' && after != '/' && after != '>') return false;
    if (at == 0) return false;
    std::size_t i = at - 1;
    if (text[i] == '<') return true;
    if (text[i] != ':') return false;
    while (i > 0 && nameChar(text[i - 1])) --i;
    return i > 0 && text[i - 1] == '<' && i + 1 < at;
}

/// The ref attribute's value in the tag starting at `from`, up to the tag's '>'.
std::string_view refIn(std::string_view text, std::size_t from) {
    std::size_t close = text.find('>', from);
    if (close == std::string_view::npos) return {};
    std::string_view tag = text.substr(from, close - from);
    for (std::size_t p = tag.find("ref"); p != std::string_view::npos; p = tag.find("ref", p + 3)) {
        if (p == 0 || (tag[p - 1] != ' ' && tag[p - 1] != '\t' && tag[p - 1] != '\r' && tag[p - 1] != '\n')) continue;
        std::size_t q = p + 3;
        while (q < tag.size() && (tag[q] == ' ' || tag[q] == '\t')) ++q;
        if (q >= tag.size() || tag[q] != '=') continue;
        ++q;
        while (q < tag.size() && (tag[q] == ' ' || tag[q] == '\t')) ++q;
        if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\'')) continue;
        std::size_t end = tag.find(tag[q], q + 1);
        if (end == std::string_view::npos) return {};
        return tag.substr(q + 1, end - q - 1);
    }
    return {};
}

} // namespace

std::optional<std::vector<Range>> scanMergedRanges(const std::function<std::size_t(char*, std::size_t)>& source) {
    // Each chunk is searched as it comes; only a short carry is kept between chunks (a tag cut by
    // a chunk's end is judged once its end has come), so memory stays flat whatever the sheet holds.
    constexpr std::size_t kChunk = 256 * 1024, kCarry = 512;
    std::vector<Range> out;
    std::string text;
    std::vector<char> buffer(kChunk);
    for (std::size_t n; (n = source(buffer.data(), buffer.size())) > 0;) {
        text.append(buffer.data(), n);
        std::size_t keepFrom = text.size() > kCarry ? text.size() - kCarry : 0, judged = 0;
        for (std::size_t from = 0, at; (at = text.find(kTag, from)) != std::string::npos; from = at + 1) {
            if (at + kTag.size() >= text.size() || text.find('>', at) == std::string::npos) {
                std::size_t open = text.rfind('<', at);
                keepFrom = std::max(judged, open == std::string::npos ? at : open);
                break; // its end decides: wait for the next chunk
            }
            judged = at + kTag.size();
            keepFrom = std::max(keepFrom, judged);
            if (!opensTag(text, at)) continue;
            std::string_view ref = refIn(text, at + kTag.size());
            if (ref.find('&') != std::string_view::npos) return std::nullopt;
            if (auto range = parseRangeName(ref)) out.push_back(*range);
        }
        // Past the last tag judged; a prefix ("<x:") cut at the chunk's end stays in the carry.
        text.erase(0, keepFrom);
    }
    return out;
}

} // namespace impact::read
