#include "write/sheet_names.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace impact::write {

namespace {

std::vector<char32_t> decode(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        if (i + static_cast<std::size_t>(n) > s.size()) n = 1, cp = c;
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3F);
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

void encode(char32_t cp, std::string& out) {
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

char32_t fold(char32_t c) {
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
        bool oddLower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (oddLower) return (c % 2 == 1) ? c + 1 : c;
        return (c % 2 == 0) ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

bool identChar(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '\\' ||
           c >= 0x80;
}

/// The new quoted name if `name` is renamed, else nothing.
const std::string* lookup(const std::map<std::string, std::string>& renames, std::string_view name) {
    auto it = renames.find(foldName(name));
    return it == renames.end() ? nullptr : &it->second;
}

} // namespace

std::string foldName(std::string_view utf8) {
    std::string out;
    for (char32_t c : decode(utf8)) encode(fold(c), out);
    return out;
}

std::size_t utf16Length(std::string_view utf8) {
    std::size_t n = 0;
    for (char32_t c : decode(utf8)) n += c >= 0x10000 ? 2 : 1;
    return n;
}

std::string uniqueSheetName(const std::string& wanted, const std::set<std::string>& takenFolded) {
    if (!takenFolded.count(foldName(wanted)) && utf16Length(wanted) <= kMaxSheetName) return wanted;
    auto cps = decode(wanted);
    for (int k = 2;; ++k) {
        std::string suffix = " (" + std::to_string(k) + ")";
        std::string base;
        std::size_t units = 0;
        for (char32_t c : cps) {
            std::size_t u = c >= 0x10000 ? 2 : 1;
            if (units + u + suffix.size() > kMaxSheetName) break;
            units += u;
            encode(c, base);
        }
        std::string candidate = base + suffix;
        if (!takenFolded.count(foldName(candidate))) return candidate;
    }
}

std::string quoteSheetName(std::string_view name) {
    std::string out = "'";
    for (char c : name) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string renameSheetRefs(std::string_view f, const std::map<std::string, std::string>& renames) {
    if (renames.empty()) return std::string(f);
    std::string out;
    std::size_t i = 0;
    bool afterBracket = false;
    while (i < f.size()) {
        char c = f[i];
        if (c == '"') { // string literal, "" escapes
            std::size_t j = i + 1;
            while (j < f.size()) {
                if (f[j] == '"' && j + 1 < f.size() && f[j + 1] == '"') j += 2;
                else if (f[j] == '"') break;
                else ++j;
            }
            j = std::min(j + 1, f.size());
            out.append(f.substr(i, j - i));
            i = j;
            afterBracket = false;
        } else if (c == '[') { // external workbook or structured reference
            std::size_t j = i;
            int depth = 0;
            do {
                if (f[j] == '[') ++depth;
                else if (f[j] == ']') --depth;
                ++j;
            } while (j < f.size() && depth > 0);
            out.append(f.substr(i, j - i));
            i = j;
            afterBracket = true;
        } else if (c == '\'') { // quoted sheet name, '' escapes
            std::size_t j = i + 1;
            std::string name;
            while (j < f.size()) {
                if (f[j] == '\'' && j + 1 < f.size() && f[j + 1] == '\'') name += '\'', j += 2;
                else if (f[j] == '\'') break;
                else name += f[j++];
            }
            std::size_t close = j;
            if (close < f.size() && close + 1 < f.size() && f[close + 1] == '!' && !afterBracket) {
                const std::string* renamed = lookup(renames, name);
                auto colon = name.find(':');
                if (renamed) {
                    out += quoteSheetName(*renamed);
                } else if (colon != std::string::npos) { // 'First:Last'!A1
                    std::string a = name.substr(0, colon), b = name.substr(colon + 1);
                    const std::string* ra = lookup(renames, a);
                    const std::string* rb = lookup(renames, b);
                    out += quoteSheetName((ra ? *ra : a) + ":" + (rb ? *rb : b));
                } else {
                    out.append(f.substr(i, close + 1 - i));
                }
            } else {
                out.append(f.substr(i, std::min(close + 1, f.size()) - i));
            }
            i = std::min(close + 1, f.size());
            afterBracket = false;
        } else if (identChar(static_cast<unsigned char>(c)) && (i == 0 || !identChar(static_cast<unsigned char>(f[i - 1])))) {
            std::size_t j = i;
            while (j < f.size() && identChar(static_cast<unsigned char>(f[j]))) ++j;
            std::string_view word = f.substr(i, j - i);
            const std::string* renamed = (j < f.size() && f[j] == '!' && !afterBracket) ? lookup(renames, word) : nullptr;
            if (renamed) out += quoteSheetName(*renamed);
            else out.append(word);
            i = j;
            afterBracket = false;
        } else {
            out += c;
            ++i;
            afterBracket = false;
        }
    }
    return out;
}

} // namespace impact::write
