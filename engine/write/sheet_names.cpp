#include "write/sheet_names.h"

#include "common/unicode_text.h"

#include <algorithm>

namespace impact::write {

namespace {

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
    // The folding every other match uses, less fold()'s squeezing of spaces and plain dashes:
    // 'A  B' and 'A B' are two sheets to Excel, and a formula may name either.
    return foldCase(utf8);
}

std::size_t utf16Length(std::string_view utf8) {
    std::size_t n = 0;
    for (char32_t c : decodeUtf8(utf8)) n += c >= 0x10000 ? 2 : 1;
    return n;
}

std::string uniqueSheetName(const std::string& wanted, const std::set<std::string>& takenFolded) {
    if (!takenFolded.count(foldName(wanted)) && utf16Length(wanted) <= kMaxSheetName) return wanted;
    auto cps = decodeUtf8(wanted);
    for (int k = 2;; ++k) {
        std::string suffix = " (" + std::to_string(k) + ")";
        std::string base;
        std::size_t units = 0;
        for (char32_t c : cps) {
            std::size_t u = c >= 0x10000 ? 2 : 1;
            if (units + u + suffix.size() > kMaxSheetName) break;
            units += u;
            appendUtf8(c, base);
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
