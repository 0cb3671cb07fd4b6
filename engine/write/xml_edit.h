// Editing small XML parts by splicing their text, never by re-serialising them.
//
// A DOM round trip changes namespace prefixes and drops declarations that mc:Ignorable still names
// (feasibility notes 2b.11), so the parts Impact changes (workbook, relationships, content types,
// styles, app properties) are parsed only to learn where each element starts and ends; the edits
// are then made to the original bytes, leaving everything else exactly as it was.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace impact::write {

inline constexpr const char* kMainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
inline constexpr const char* kDocRelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
inline constexpr const char* kPkgRelNs = "http://schemas.openxmlformats.org/package/2006/relationships";
inline constexpr const char* kContentTypesNs = "http://schemas.openxmlformats.org/package/2006/content-types";
inline constexpr const char* kChartNs = "http://schemas.openxmlformats.org/drawingml/2006/chart";
inline constexpr const char* kAppNs = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties";
inline constexpr const char* kVtNs = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes";
inline constexpr const char* kMcNs = "http://schemas.openxmlformats.org/markup-compatibility/2006";
inline constexpr const char* kXmlNs = "http://www.w3.org/XML/1998/namespace";
inline constexpr const char* kRelTypePrefix = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

struct XmlAttr {
    std::string ns;     ///< namespace URI, "" for an unprefixed attribute
    std::string local;
    std::string prefix; ///< as written
    std::string value;  ///< with entities decoded
};

/// One element of a parsed document, with the byte positions of its tags in the original text.
struct XmlNode {
    std::string ns, local, prefix;
    std::vector<XmlAttr> attrs;
    std::vector<std::pair<std::string, std::string>> nsDecls; ///< (prefix, uri) declared on this element
    std::size_t begin = 0;    ///< the '<' of the start tag
    std::size_t startEnd = 0; ///< just past the start tag's '>'
    std::size_t endBegin = 0; ///< the '<' of the end tag; == startEnd for "<a/>"
    std::size_t end = 0;      ///< just past the element
    bool selfClosing = false;
    int parent = -1;
    std::vector<int> children;
    std::string text; ///< character data directly inside, decoded

    const XmlAttr* attr(std::string_view localName) const;                    ///< unprefixed attribute
    const XmlAttr* attr(std::string_view nsUri, std::string_view localName) const;
    std::string value(std::string_view localName, std::string fallback = {}) const;
    bool is(std::string_view nsUri, std::string_view localName) const { return ns == nsUri && local == localName; }
};

/// A parsed document: every element, in document order (node 0 is the root). Hardened like the
/// reader's parser: no DOCTYPE, so no entities. Only UTF-8 documents (every writer of xlsx uses it).
/// Throws ReadError naming `what` if the text is not well-formed.
class XmlDoc {
public:
    XmlDoc(std::string text, std::string what);

    const std::string& text() const { return text_; }
    const std::string& what() const { return what_; }
    const std::vector<XmlNode>& nodes() const { return nodes_; }
    const XmlNode& node(int i) const { return nodes_[static_cast<std::size_t>(i)]; }
    const XmlNode& root() const { return nodes_.front(); }

    /// Children of `parent` with this namespace and local name.
    std::vector<int> children(int parent, std::string_view ns, std::string_view local) const;
    /// The first such child, or -1.
    int child(int parent, std::string_view ns, std::string_view local) const;
    std::string_view raw(int i) const;   ///< the whole element as written
    std::string_view inner(int i) const; ///< between its tags
    std::string_view startTag(int i) const;
    /// The prefix bound to `ns` where element `i` stands ("" for the default namespace), or nullopt.
    std::optional<std::string> prefixFor(int i, std::string_view ns) const;

private:
    std::string text_;
    std::string what_;
    std::vector<XmlNode> nodes_;
};

/// A set of replacements in a text, applied together. Insertions at the same position keep the
/// order they were added in. Overlapping replacements are a programming error (std::logic_error).
class Splicer {
public:
    void replace(std::size_t pos, std::size_t len, std::string text);
    void insert(std::size_t pos, std::string text) { replace(pos, 0, std::move(text)); }
    void remove(std::size_t pos, std::size_t len) { replace(pos, len, {}); }
    bool empty() const { return edits_.empty(); }
    std::string apply(std::string_view source) const;

private:
    struct Edit {
        std::size_t pos, len;
        std::string text;
        std::size_t seq;
    };
    std::vector<Edit> edits_;
};

/// A start tag ("<a b='1'>" or "<a/>") with attribute `qname` set to `value` (escaped here),
/// replacing its value where present, else added at the end. Quotes and spacing kept.
std::string setAttribute(std::string_view startTag, std::string_view qname, std::string_view value);
/// A start tag without attribute `qname` (unchanged if absent).
std::string removeAttribute(std::string_view startTag, std::string_view qname);

std::string escapeText(std::string_view s);
std::string escapeAttr(std::string_view s);

/// Attribute changes for serialise(): set (or add) a value, or remove with nullopt.
using AttrOverrides = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// Writes element `i` of `doc` (and its descendants) as text for insertion into another document
/// whose SpreadsheetML namespace is bound to `mainPrefix` ("" = default namespace). Elements in
/// other namespaces keep their prefix and get their declaration. `overrides` apply to element `i`'s
/// own unprefixed attributes. With `canonical`, attributes are sorted and the main prefix is
/// dropped, so equal formatting gives equal strings whatever the writer's habits.
std::string serialise(const XmlDoc& doc, int i, std::string_view mainPrefix, const AttrOverrides& overrides = {},
                      bool canonical = false);

/// "p:local", or "local" for an empty prefix.
std::string qualified(std::string_view prefix, std::string_view local);

} // namespace impact::write
