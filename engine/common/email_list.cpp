#include "common/email_list.h"

#include "common/text.h"

#include <Poco/String.h>

namespace impact {

namespace {

bool startsWithMailto(std::string_view s) { return s.size() >= 7 && Poco::icompare(std::string(s.substr(0, 7)), "mailto:") == 0; }

/// The cell split at ';', ',' and line ends that are not inside "<...>" or "\"...\"".
std::vector<std::string_view> splitParts(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    bool inAngle = false, inQuote = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        char c = i < text.size() ? text[i] : ';';
        if (c == '"' && !inAngle)
            inQuote = !inQuote;
        else if (c == '<' && !inQuote)
            inAngle = true;
        else if (c == '>' && !inQuote)
            inAngle = false;
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
        part = trimWithNoBreakSpaces(part);
        if (part.empty()) continue;
        // "Smith, John <john@x.org>" split at its comma: a piece with no "@" belongs to the next.
        if (!pieces.empty() && pieces.back().find('@') == std::string::npos)
            pieces.back() += ", " + std::string(part);
        else
            pieces.emplace_back(part);
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
            std::string_view name = trimWithNoBreakSpaces(p.substr(0, open));
            if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
            m.name = std::string(trimWithNoBreakSpaces(name));
            p = trimWithNoBreakSpaces(p.substr(open + 1, p.size() - open - 2));
        }
        if (startsWithMailto(p)) p = trimWithNoBreakSpaces(p.substr(7));
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
