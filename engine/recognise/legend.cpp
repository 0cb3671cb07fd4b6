#include "recognise/legend.h"

#include "common/text.h"
#include "common/unicode_text.h"

#include <vector>

namespace impact::recognise {

namespace {

/// The parts of a legend: split at commas, semicolons, slashes between spaces, bars and line breaks.
std::vector<std::string> legendParts(std::string_view text) {
    std::vector<std::string> parts;
    std::string part;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool spacedSlash = c == '/' && i > 0 && text[i - 1] == ' ' && i + 1 < text.size() && text[i + 1] == ' ';
        if (c == ',' || c == ';' || c == '|' || c == '\n' || c == '\r' || spacedSlash) {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    return parts;
}

/// What is trimmed from a legend and its marks: spaces and tabs (line breaks separate its parts).
constexpr std::string_view kSpaces = " \t";

} // namespace

std::optional<Legend> parseLegend(std::string_view text, const Vocabulary& vocab) {
    if (text.size() > 300) return std::nullopt;
    std::string t(trim(text, kSpaces));
    // "Key:" or "Legend:" before the marks.
    std::string lower = fold(t.substr(0, 7));
    for (const char* word : {"key", "legend"}) {
        std::string w(word);
        if (lower.rfind(w, 0) == 0) {
            std::size_t at = w.size();
            while (at < t.size() && (t[at] == ':' || t[at] == ' ' || t[at] == '-')) ++at;
            t = t.substr(at);
            break;
        }
    }
    Legend legend;
    for (const std::string& raw : legendParts(t)) {
        std::string part(trim(raw, kSpaces));
        if (part.empty()) continue;
        // "✓ = present", "x: absent", "P - present", "A absent".
        std::size_t sep = part.find_first_of("=:");
        std::string mark, meaning;
        if (sep != std::string::npos) {
            mark = trim(part.substr(0, sep), kSpaces);
            meaning = trim(part.substr(sep + 1), kSpaces);
        } else if (std::size_t sp = part.find(' '); sp != std::string::npos) {
            mark = trim(part.substr(0, sp), kSpaces);
            meaning = trim(part.substr(sp + 1), kSpaces);
            if (!meaning.empty() && meaning.front() == '-') meaning = trim(meaning.substr(1), kSpaces);
        }
        if (mark.empty() || mark.size() > 6 || meaning.empty()) return std::nullopt;
        auto present = vocab.legendMeaning(meaning);
        if (!present) return std::nullopt;
        legend.emplace(fold(mark), *present);
    }
    if (legend.empty()) return std::nullopt;
    return legend;
}

Legend findLegend(const read::Grid& grid, const Vocabulary& vocab) {
    Legend legend;
    for (std::uint32_t r : grid.rowIndices())
        for (std::uint32_t c = 0; c < grid.columnCount(); ++c) {
            const read::Value& v = grid.at(r, c);
            if (v.type != read::CellType::Text) continue;
            std::string t = grid.text(r, c);
            if (t.size() > 120 || t.find_first_of("=: ") == std::string::npos) continue;
            if (auto found = parseLegend(t, vocab))
                for (const auto& [mark, present] : *found) legend.emplace(mark, present);
        }
    return legend;
}

} // namespace impact::recognise
