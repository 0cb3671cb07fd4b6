#include "common/xml_text.h"

namespace impact {

std::string escapeXml(std::string_view text, XmlPlace place) {
    const bool attribute = place == XmlPlace::DoubleQuoted || place == XmlPlace::SingleQuoted;
    const bool doubleQuote = place == XmlPlace::DoubleQuoted || place == XmlPlace::Anywhere;
    const bool singleQuote = place == XmlPlace::SingleQuoted || place == XmlPlace::Anywhere;
    std::string out;
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += doubleQuote ? "&quot;" : "\""; break;
        case '\'': out += singleQuote ? "&apos;" : "'"; break;
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\r': out += attribute ? "&#13;" : "\r"; break;
        default: out += c;
        }
    }
    return out;
}

} // namespace impact
