#include "report/privacy.h"

#include "common/unicode_text.h"

namespace impact::report {

std::vector<std::string> namesIn(const std::string& text, const std::vector<std::string>& names) {
    std::string t = " " + normalise(text) + " ";
    std::vector<std::string> found;
    for (const auto& n : names) {
        std::string folded = normalise(n);
        if (!folded.empty() && t.find(" " + folded + " ") != std::string::npos) found.push_back(n);
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
