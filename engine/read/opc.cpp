#include "read/opc.h"

#include "read/package.h"
#include "read/xml_parser.h"

#include <cctype>

namespace impact::read {

namespace {

class RelsHandler : public XmlHandler {
public:
    std::vector<Relationship> rels;
    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override {
        if (ns != Ns::PackageRels || local != "Relationship") return;
        Relationship r;
        if (const char* v = atts.get("Id")) r.id = v;
        if (const char* v = atts.get("Type")) r.type = v;
        if (const char* v = atts.get("Target")) r.target = v;
        if (const char* v = atts.get("TargetMode")) r.external = std::string_view(v) == "External";
        rels.push_back(std::move(r));
    }
    void endElement(Ns, std::string_view) override {}
    void characters(std::string_view) override {}
};

class ContentTypesHandler : public XmlHandler {
public:
    std::string part, extension, overrideType, defaultType;
    void startElement(Ns ns, std::string_view local, const XmlAttributes& atts) override {
        if (ns != Ns::ContentTypes) return;
        const char* type = atts.get("ContentType");
        if (!type) return;
        if (local == "Override") {
            const char* name = atts.get("PartName");
            if (name && asciiLower(name) == part) overrideType = type;
        } else if (local == "Default") {
            const char* ext = atts.get("Extension");
            if (ext && asciiLower(ext) == extension) defaultType = type;
        }
    }
    void endElement(Ns, std::string_view) override {}
    void characters(std::string_view) override {}
};

std::string percentDecode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

} // namespace

std::vector<Relationship> parseRelationships(std::string_view xml, const std::string& what) {
    RelsHandler h;
    parseXml(xml, h, what);
    return std::move(h.rels);
}

std::string relationshipsPartFor(const std::string& part) {
    auto slash = part.rfind('/');
    if (slash == std::string::npos) return "_rels/" + part + ".rels";
    return part.substr(0, slash + 1) + "_rels/" + part.substr(slash + 1) + ".rels";
}

std::string resolveTarget(const std::string& sourcePart, const std::string& rawTarget) {
    std::string target = percentDecode(rawTarget);
    for (char& c : target)
        if (c == '\\') c = '/';
    std::string base;
    if (!target.empty() && target.front() == '/') {
        target.erase(0, 1);
    } else {
        auto slash = sourcePart.rfind('/');
        if (slash != std::string::npos) base = sourcePart.substr(0, slash + 1);
    }
    std::vector<std::string> segments;
    std::string joined = base + target;
    std::size_t start = 0;
    while (start <= joined.size()) {
        std::size_t end = joined.find('/', start);
        if (end == std::string::npos) end = joined.size();
        std::string seg = joined.substr(start, end - start);
        if (seg == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!seg.empty() && seg != ".") {
            segments.push_back(seg);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto& seg : segments) out += (out.empty() ? "" : "/") + seg;
    return out;
}

std::string contentTypeOf(std::string_view xml, const std::string& part, const std::string& what) {
    ContentTypesHandler h;
    h.part = asciiLower("/" + part);
    auto dot = part.rfind('.');
    h.extension = dot == std::string::npos ? "" : asciiLower(part.substr(dot + 1));
    parseXml(xml, h, what);
    return h.overrideType.empty() ? h.defaultType : h.overrideType;
}

} // namespace impact::read
