#include "report/privacy.h"

#include "common/unicode_text.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

namespace impact::report {

std::vector<std::string> namesIn(const std::string& text, const std::vector<std::string>& names) {
    std::string t = " " + normalise(text) + " ";
    // A name occurs only if each of its words is a word of the text: looked up in a set of the
    // text's words first, most names (thousands, checked against every report) are ruled out
    // without searching the whole text for them.
    std::unordered_set<std::string_view> words;
    for (std::size_t start = 0, space; (space = t.find(' ', start)) != std::string::npos; start = space + 1)
        words.insert(std::string_view(t).substr(start, space - start));
    auto wordsAllThere = [&](std::string_view name) {
        for (std::size_t start = 0; start <= name.size();) {
            std::size_t space = std::min(name.find(' ', start), name.size());
            if (space > start && !words.count(name.substr(start, space - start))) return false;
            start = space + 1;
        }
        return true;
    };
    std::vector<std::string> found;
    for (const auto& n : names) {
        std::string folded = normalise(n);
        if (!folded.empty() && wordsAllThere(folded) && t.find(" " + folded + " ") != std::string::npos) found.push_back(n);
    }
    return found;
}

std::string initials(const std::string& name) {
    std::string n = normalise(name), out;
    bool start = true;
    for (std::size_t i = 0; i < n.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(n[i]);
        if (c == ' ') { start = true; continue; }
        if ((c & 0xC0) == 0x80) continue; // the rest of a UTF-8 sequence
        if (start) {
            if (!out.empty()) out += " ";
            std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            std::string first = n.substr(i, len);
            if (len == 1 && c >= 'a' && c <= 'z') first[0] = static_cast<char>(c - 'a' + 'A');
            out += first + ".";
        }
        start = false;
    }
    return out;
}

} // namespace impact::report
