#include "write/xml_edit.h"

#include "common/error.h"
#include "common/xml_text.h"

#include <expat.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace impact::write {

const XmlAttr* XmlNode::attr(std::string_view localName) const {
    for (const auto& a : attrs)
        if (a.ns.empty() && a.local == localName) return &a;
    return nullptr;
}

const XmlAttr* XmlNode::attr(std::string_view nsUri, std::string_view localName) const {
    for (const auto& a : attrs)
        if (a.ns == nsUri && a.local == localName) return &a;
    return nullptr;
}

std::string XmlNode::value(std::string_view localName, std::string fallback) const {
    const XmlAttr* a = attr(localName);
    return a ? a->value : std::move(fallback);
}

namespace {

constexpr char kSep = '\x01';

/// Splits expat's "uri\1local\1prefix" (or "local").
void splitName(const char* name, std::string& ns, std::string& local, std::string& prefix) {
    std::string_view s(name);
    auto a = s.find(kSep);
    if (a == std::string_view::npos) {
        ns.clear();
        prefix.clear();
        local = s;
        return;
    }
    ns = s.substr(0, a);
    auto b = s.find(kSep, a + 1);
    if (b == std::string_view::npos) {
        local = s.substr(a + 1);
        prefix.clear();
    } else {
        local = s.substr(a + 1, b - a - 1);
        prefix = s.substr(b + 1);
    }
}

struct Builder {
    XML_Parser parser = nullptr;
    std::vector<XmlNode>* nodes = nullptr;
    std::vector<int> stack;
    std::vector<std::pair<std::string, std::string>> pendingDecls;
    std::string problem;

    static void onStart(void* user, const char* name, const char** atts) {
        auto* b = static_cast<Builder*>(user);
        XmlNode n;
        splitName(name, n.ns, n.local, n.prefix);
        for (const char** a = atts; *a; a += 2) {
            XmlAttr at;
            splitName(a[0], at.ns, at.local, at.prefix);
            at.value = a[1];
            n.attrs.push_back(std::move(at));
        }
        n.nsDecls = std::move(b->pendingDecls);
        b->pendingDecls.clear();
        n.begin = static_cast<std::size_t>(XML_GetCurrentByteIndex(b->parser));
        n.startEnd = n.begin + static_cast<std::size_t>(XML_GetCurrentByteCount(b->parser));
        n.parent = b->stack.empty() ? -1 : b->stack.back();
        int index = static_cast<int>(b->nodes->size());
        if (n.parent >= 0) (*b->nodes)[static_cast<std::size_t>(n.parent)].children.push_back(index);
        b->nodes->push_back(std::move(n));
        b->stack.push_back(index);
    }
    static void onEnd(void* user, const char*) {
        auto* b = static_cast<Builder*>(user);
        XmlNode& n = (*b->nodes)[static_cast<std::size_t>(b->stack.back())];
        b->stack.pop_back();
        auto at = static_cast<std::size_t>(XML_GetCurrentByteIndex(b->parser));
        auto count = static_cast<std::size_t>(XML_GetCurrentByteCount(b->parser));
        if (count == 0) { // "<a/>": the end event comes with no text of its own
            n.selfClosing = true;
            n.endBegin = n.startEnd;
            n.end = n.startEnd;
        } else {
            n.endBegin = at;
            n.end = at + count;
        }
    }
    static void onText(void* user, const char* s, int len) {
        auto* b = static_cast<Builder*>(user);
        if (!b->stack.empty()) (*b->nodes)[static_cast<std::size_t>(b->stack.back())].text.append(s, static_cast<std::size_t>(len));
    }
    static void onNsStart(void* user, const char* prefix, const char* uri) {
        auto* b = static_cast<Builder*>(user);
        b->pendingDecls.emplace_back(prefix ? prefix : "", uri ? uri : "");
    }
    static void onDoctype(void* user, const char*, const char*, const char*, int) {
        auto* b = static_cast<Builder*>(user);
        b->problem = "has a DOCTYPE, which package parts may not have";
        XML_StopParser(b->parser, XML_FALSE);
    }
    static void onXmlDecl(void* user, const char*, const char* encoding, int) {
        auto* b = static_cast<Builder*>(user);
        if (!encoding) return;
        std::string e(encoding);
        for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (e != "utf-8" && e != "utf8") {
            b->problem = "is encoded as " + std::string(encoding) + ", not UTF-8";
            XML_StopParser(b->parser, XML_FALSE);
        }
    }
};

} // namespace

XmlDoc::XmlDoc(std::string text, std::string what) : text_(std::move(text)), what_(std::move(what)) {
    if (text_.size() >= 2 &&
        ((text_[0] == '\xFE' && text_[1] == '\xFF') || (text_[0] == '\xFF' && text_[1] == '\xFE') || text_[0] == '\0' || text_[1] == '\0'))
        throw WriteError(what_ + " is UTF-16 encoded; Impact can only add its sheets to workbooks whose parts are UTF-8 "
                                 "(open the workbook in Excel and save it again).");
    XML_Parser p = XML_ParserCreateNS(nullptr, kSep);
    if (!p) throw std::bad_alloc();
    Builder b;
    b.parser = p;
    b.nodes = &nodes_;
    XML_SetReturnNSTriplet(p, 1);
    XML_SetUserData(p, &b);
    XML_SetElementHandler(p, &Builder::onStart, &Builder::onEnd);
    XML_SetCharacterDataHandler(p, &Builder::onText);
    XML_SetStartNamespaceDeclHandler(p, &Builder::onNsStart);
    XML_SetStartDoctypeDeclHandler(p, &Builder::onDoctype);
    XML_SetXmlDeclHandler(p, &Builder::onXmlDecl);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    auto status = XML_Parse(p, text_.data(), static_cast<int>(text_.size()), XML_TRUE);
    std::string problem = b.problem;
    if (status != XML_STATUS_OK && problem.empty())
        problem = std::string("is not well-formed XML (") + XML_ErrorString(XML_GetErrorCode(p)) + ", line " +
                  std::to_string(XML_GetCurrentLineNumber(p)) + ")";
    XML_ParserFree(p);
    if (!problem.empty() && problem.find("UTF-8") != std::string::npos)
        throw WriteError(what_ + " " + problem +
                         "; Impact can only add its sheets to UTF-8 workbooks (open it in Excel and save it again).");
    if (!problem.empty()) throw ReadError(what_ + " " + problem + ". The file is damaged; open it in Excel and save it again.");
    if (nodes_.empty()) throw ReadError(what_ + " has no XML element. The file is damaged; open it in Excel and save it again.");
}

std::vector<int> XmlDoc::children(int parent, std::string_view ns, std::string_view local) const {
    std::vector<int> out;
    for (int c : node(parent).children)
        if (node(c).is(ns, local)) out.push_back(c);
    return out;
}

int XmlDoc::child(int parent, std::string_view ns, std::string_view local) const {
    for (int c : node(parent).children)
        if (node(c).is(ns, local)) return c;
    return -1;
}

std::string_view XmlDoc::raw(int i) const {
    const XmlNode& n = node(i);
    return std::string_view(text_).substr(n.begin, n.end - n.begin);
}

std::string_view XmlDoc::inner(int i) const {
    const XmlNode& n = node(i);
    return std::string_view(text_).substr(n.startEnd, n.endBegin - n.startEnd);
}

std::string_view XmlDoc::startTag(int i) const {
    const XmlNode& n = node(i);
    return std::string_view(text_).substr(n.begin, n.startEnd - n.begin);
}

std::optional<std::string> XmlDoc::prefixFor(int i, std::string_view ns) const {
    for (int at = i; at >= 0; at = node(at).parent) {
        const auto& decls = node(at).nsDecls;
        for (auto it = decls.rbegin(); it != decls.rend(); ++it)
            if (it->second == ns) {
                // The binding must not be shadowed by a nearer declaration of the same prefix.
                bool shadowed = false;
                for (int below = i; below != at && !shadowed; below = node(below).parent)
                    for (const auto& d : node(below).nsDecls)
                        if (d.first == it->first && d.second != ns) shadowed = true;
                if (!shadowed) return it->first;
            }
    }
    return std::nullopt;
}

// ---- Splicer ---------------------------------------------------------------------------------

void Splicer::replace(std::size_t pos, std::size_t len, std::string text) { edits_.push_back({pos, len, std::move(text), edits_.size()}); }

std::string Splicer::apply(std::string_view source) const {
    std::vector<const Edit*> order;
    for (const auto& e : edits_) order.push_back(&e);
    std::stable_sort(order.begin(), order.end(), [](const Edit* a, const Edit* b) {
        if (a->pos != b->pos) return a->pos < b->pos;
        // At one position, insertions go before a replacement that starts there.
        if ((a->len == 0) != (b->len == 0)) return a->len == 0;
        return a->seq < b->seq;
    });
    std::string out;
    out.reserve(source.size() + 256);
    std::size_t at = 0;
    for (const Edit* e : order) {
        if (e->pos < at || e->pos + e->len > source.size()) throw std::logic_error("overlapping XML edits");
        out.append(source.substr(at, e->pos - at));
        out += e->text;
        at = e->pos + e->len;
    }
    out.append(source.substr(at));
    return out;
}

// ---- start tags ------------------------------------------------------------------------------

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

struct TagAttr {
    std::size_t spanBegin; ///< the whitespace before the name
    std::size_t nameBegin, nameEnd;
    std::size_t valueBegin, valueEnd; ///< inside the quotes
    char quote;
};

/// Attribute positions in a well-formed start tag, and where the tag's closing "/>" or ">" starts.
std::vector<TagAttr> scanTag(std::string_view tag, std::size_t& closeAt) {
    std::vector<TagAttr> out;
    std::size_t i = 1;
    while (i < tag.size() && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>') ++i;
    while (true) {
        std::size_t ws = i;
        while (i < tag.size() && isSpace(tag[i])) ++i;
        if (i >= tag.size() || tag[i] == '/' || tag[i] == '>') {
            closeAt = ws;
            return out;
        }
        TagAttr a{};
        a.spanBegin = ws;
        a.nameBegin = i;
        while (i < tag.size() && !isSpace(tag[i]) && tag[i] != '=') ++i;
        a.nameEnd = i;
        while (i < tag.size() && tag[i] != '"' && tag[i] != '\'') ++i;
        if (i >= tag.size()) throw std::logic_error("malformed start tag");
        a.quote = tag[i];
        a.valueBegin = ++i;
        while (i < tag.size() && tag[i] != a.quote) ++i;
        a.valueEnd = i;
        ++i;
        out.push_back(a);
    }
}

/// The place of an attribute value in `quote` (' or ").
XmlPlace quotedBy(char quote) { return quote == '\'' ? XmlPlace::SingleQuoted : XmlPlace::DoubleQuoted; }

} // namespace

std::string setAttribute(std::string_view tag, std::string_view qname, std::string_view value) {
    std::size_t closeAt = 0;
    auto attrs = scanTag(tag, closeAt);
    std::string out(tag);
    for (const auto& a : attrs)
        if (tag.substr(a.nameBegin, a.nameEnd - a.nameBegin) == qname) {
            out.replace(a.valueBegin, a.valueEnd - a.valueBegin, escapeXml(value, quotedBy(a.quote)));
            return out;
        }
    out.insert(closeAt, " " + std::string(qname) + "=\"" + escapeXml(value, XmlPlace::DoubleQuoted) + "\"");
    return out;
}

std::string removeAttribute(std::string_view tag, std::string_view qname) {
    std::size_t closeAt = 0;
    auto attrs = scanTag(tag, closeAt);
    std::string out(tag);
    for (const auto& a : attrs)
        if (tag.substr(a.nameBegin, a.nameEnd - a.nameBegin) == qname) {
            out.erase(a.spanBegin, a.valueEnd + 1 - a.spanBegin);
            return out;
        }
    return out;
}

std::string escapeText(std::string_view s) { return escapeXml(s, XmlPlace::Text); }

std::string escapeAttr(std::string_view s) { return escapeXml(s, XmlPlace::DoubleQuoted); }

std::string qualified(std::string_view prefix, std::string_view local) {
    return prefix.empty() ? std::string(local) : std::string(prefix) + ":" + std::string(local);
}

namespace {

bool allSpace(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return isSpace(c); });
}

void serialiseInto(std::string& out, const XmlDoc& doc, int i, std::string_view mainPrefix, const AttrOverrides* overrides,
                   bool canonical) {
    const XmlNode& n = doc.node(i);
    std::vector<std::pair<std::string, std::string>> attrs; // (qname, value)
    std::vector<std::pair<std::string, std::string>> decls;
    std::string name;
    if (n.ns == kMainNs) {
        name = canonical ? n.local : qualified(mainPrefix, n.local);
    } else if (canonical) {
        name = "{" + n.ns + "}" + n.local;
    } else {
        if (n.prefix.empty() && !n.ns.empty()) throw std::logic_error("cannot move an element in a foreign default namespace: " + n.local);
        name = qualified(n.prefix, n.local);
        if (!n.ns.empty()) decls.emplace_back("xmlns:" + n.prefix, n.ns);
    }
    for (const auto& a : n.attrs) {
        if (a.ns.empty()) {
            attrs.emplace_back(a.local, a.value);
        } else if (canonical) {
            attrs.emplace_back("{" + a.ns + "}" + a.local, a.value);
        } else {
            attrs.emplace_back(qualified(a.prefix, a.local), a.value);
            if (a.ns != kXmlNs) {
                std::string decl = "xmlns:" + a.prefix;
                if (std::none_of(decls.begin(), decls.end(), [&](const auto& d) { return d.first == decl; }))
                    decls.emplace_back(decl, a.ns);
            }
        }
    }
    if (overrides) {
        for (const auto& [key, val] : *overrides) {
            auto it = std::find_if(attrs.begin(), attrs.end(), [&](const auto& a) { return a.first == key; });
            if (!val) {
                if (it != attrs.end()) attrs.erase(it);
            } else if (it != attrs.end()) {
                it->second = *val;
            } else {
                attrs.emplace_back(key, *val);
            }
        }
    }
    if (canonical) std::sort(attrs.begin(), attrs.end());
    out += '<';
    out += name;
    for (const auto& [k, v] : decls) out += " " + k + "=\"" + escapeAttr(v) + "\"";
    for (const auto& [k, v] : attrs) out += " " + k + "=\"" + escapeAttr(v) + "\"";
    bool hasText = n.children.empty() && !n.text.empty() && !(canonical && allSpace(n.text));
    if (n.children.empty() && !hasText) {
        out += "/>";
        return;
    }
    out += '>';
    if (hasText) out += escapeText(n.text);
    for (int c : n.children) serialiseInto(out, doc, c, mainPrefix, nullptr, canonical);
    out += "</" + name + ">";
}

} // namespace

std::string serialise(const XmlDoc& doc, int i, std::string_view mainPrefix, const AttrOverrides& overrides, bool canonical) {
    std::string out;
    serialiseInto(out, doc, i, mainPrefix, &overrides, canonical);
    return out;
}

} // namespace impact::write
