#include "common/email_list.h"

#include <algorithm>
#include <cctype>

namespace impact {

namespace {

/// Without spaces, tabs, line ends and no-break spaces (U+00A0, pasted from web pages) at the ends.
std::string_view trim(std::string_view s) {
    constexpr std::string_view nbsp = "\xC2\xA0";
    for (bool again = true; again && !s.empty();) {
        again = false;
        if (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n') s.remove_prefix(1), again = true;
        else if (s.substr(0, 2) == nbsp) s.remove_prefix(2), again = true;
    }
    for (bool again = true; again && !s.empty();) {
        again = false;
        if (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n') s.remove_suffix(1), again = true;
        else if (s.size() >= 2 && s.substr(s.size() - 2) == nbsp) s.remove_suffix(2), again = true;
    }
    return s;
}

bool startsWithMailto(std::string_view s) {
    if (s.size() < 7) return false;
    std::string head(s.substr(0, 7));
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return head == "mailto:";
}

/// The cell split at ';', ',' and line ends that are not inside "<...>" or "\"...\"".
std::vector<std::string_view> splitParts(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    bool inAngle = false, inQuote = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        char c = i < text.size() ? text[i] : ';';
        if (c == '"' && !inAngle) inQuote = !inQuote;
        else if (c == '<' && !inQuote) inAngle = true;
        else if (c == '>' && !inQuote) inAngle = false;
        if ((c == ';' || c == ',' || c == '\n') && ((!inAngle && !inQuote) || i == text.size())) {
            parts.push_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

} // namespace

bool isPlausibleAddress(std::string_view a) {
    auto at = a.find('@');
    if (at == std::string_view::npos || at == 0 || a.find('@', at + 1) != std::string_view::npos) return false;
    std::string_view domain = a.substr(at + 1);
    auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' || domain.find("..") != std::string_view::npos) return false;
    for (unsigned char c : a)
        if (c <= ' ' || c == 0x7F || std::string_view("<>()[]\\,;:\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
    return true;
}

EmailList parseEmailList(std::string_view text) {
    EmailList list;
    std::vector<std::string> pieces;
    for (std::string_view part : splitParts(text)) {
        part = trim(part);
        if (part.empty()) continue;
        // "Smith, John <john@x.org>" split at its comma: a piece with no "@" belongs to the next.
        if (!pieces.empty() && pieces.back().find('@') == std::string::npos) pieces.back() += ", " + std::string(part);
        else pieces.emplace_back(part);
    }
    if (pieces.empty()) {
        list.problem = "no email address";
        list.blank = true;
        return list;
    }
    for (const std::string& piece : pieces) {
        Mailbox m;
        std::string_view p = piece;
        auto open = p.rfind('<');
        if (open != std::string_view::npos && p.back() == '>') {
            std::string_view name = trim(p.substr(0, open));
            if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
            m.name = std::string(trim(name));
            p = trim(p.substr(open + 1, p.size() - open - 2));
        }
        if (startsWithMailto(p)) p = trim(p.substr(7));
        if (!isPlausibleAddress(p)) {
            list.mailboxes.clear();
            list.problem = "'" + piece + "' is not an email address";
            return list;
        }
        m.address = std::string(p);
        list.mailboxes.push_back(std::move(m));
    }
    return list;
}

std::string EmailList::addresses() const {
    std::string out;
    for (const auto& m : mailboxes) out += (out.empty() ? "" : ", ") + m.address;
    return out;
}

} // namespace impact
