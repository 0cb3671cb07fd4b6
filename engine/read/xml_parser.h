// A hardened, namespace-aware streaming XML parser for package parts.
//
// Built directly on libexpat, the parser Poco::XML itself wraps: Poco's SAX layer converts every
// name and attribute into XMLStrings and Attributes objects, which roughly doubles the time of a
// sheet read (feasibility notes 1c) and would miss the reader's speed target. Hardening is the
// same as Poco's recommended set-up, stricter still: any DOCTYPE is refused (OPC forbids DTDs in
// package parts), so no entity can be declared or expanded, and external entities are never read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace impact::read {

class PartStream;

/// Namespaces the reader tells apart. Transitional and Strict OOXML use different URIs for the
/// same elements; both map to the same value here.
enum class Ns : unsigned char { None, Main, Relationships, PackageRels, ContentTypes, Other };

/// Attributes of one element, as expat hands them over.
class XmlAttributes {
public:
    explicit XmlAttributes(const char** atts) : atts_(atts) {}
    /// Value of the attribute with no namespace and this local name, or nullptr.
    const char* get(std::string_view local) const;
    /// Value of the attribute in namespace `ns` with this local name, or nullptr.
    const char* get(Ns ns, std::string_view local) const;
    /// Calls f(name, value) for each attribute, in one pass (names as expat gives them).
    template <class F>
    void forEach(F&& f) const {
        for (const char** a = atts_; *a; a += 2) f(a[0], a[1]);
    }

private:
    const char** atts_;
};

/// Receives parse events. Names arrive split into namespace and local name.
class XmlHandler {
public:
    virtual ~XmlHandler() = default;
    virtual void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) = 0;
    virtual void endElement(Ns ns, std::string_view local) = 0;
    virtual void characters(std::string_view text) = 0;
};

/// Classifies a namespace URI.
Ns classifyNamespace(std::string_view uri);
/// Whether the URI is one of Strict OOXML's (purl.oclc.org).
bool isStrictNamespace(std::string_view uri);

/// Parses `stream` to the end, calling `handler`. Throws ReadError naming `what` (e.g.
/// "book.xlsx: part 'xl/worksheets/sheet1.xml'") with the line of a syntax error.
void parseXml(PartStream& stream, XmlHandler& handler, const std::string& what);
/// The same for a part already in memory.
void parseXml(std::string_view data, XmlHandler& handler, const std::string& what);

/// The ReadErrors of XML that is refused, shared by every reader of XML parts (the worksheet
/// scanner included). `what` names the file and part; `line` is 1-based.
[[noreturn]] void throwDoctypeRefused(const std::string& what);
[[noreturn]] void throwNotWellFormed(const std::string& what, std::uint64_t line, std::string_view reason);
/// A single token (tag, attribute, comment...) beyond 16 MB, which parsers refuse rather than hold.
[[noreturn]] void throwTokenTooLong(const std::string& what);

/// Set by parseXml when the document used a Strict OOXML namespace.
struct XmlStats {
    bool sawStrict = false;
};
const XmlStats& lastXmlStats();

} // namespace impact::read
