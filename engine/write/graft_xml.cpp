#include "write/graft_xml.h"

#include "read/package.h"

namespace impact::write {

std::vector<Rel> relsOf(const XmlDoc& doc) {
    std::vector<Rel> out;
    for (int i : doc.children(0, kPkgRelNs, "Relationship")) {
        const XmlNode& n = doc.node(i);
        out.push_back({n.value("Id"), n.value("Type"), n.value("Target"), n.value("TargetMode") == "External", i});
    }
    return out;
}

namespace {

std::vector<std::string> segments(const std::string& p) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        auto slash = p.find('/', start);
        out.push_back(p.substr(start, slash - start));
        if (slash == std::string::npos) return out;
        start = slash + 1;
    }
}

} // namespace

std::string relativeTarget(const std::string& from, const std::string& to) {
    auto a = segments(from), b = segments(to);
    a.pop_back(); // the source's folder
    std::size_t common = 0;
    while (common < a.size() && common + 1 < b.size() && a[common] == b[common]) ++common;
    std::string out;
    for (std::size_t k = common; k < a.size(); ++k) out += "../";
    for (std::size_t k = common; k < b.size(); ++k) out += (k == common ? "" : "/") + b[k];
    return out;
}

std::string contentTypeIn(const XmlDoc& ct, const std::string& part) {
    std::string key = "/" + partKey(part);
    for (int i : ct.children(0, kContentTypesNs, "Override"))
        if (read::asciiLower(ct.node(i).value("PartName")) == key) return ct.node(i).value("ContentType");
    auto dot = part.rfind('.');
    std::string ext = dot == std::string::npos ? "" : read::asciiLower(part.substr(dot + 1));
    for (int i : ct.children(0, kContentTypesNs, "Default"))
        if (read::asciiLower(ct.node(i).value("Extension")) == ext) return ct.node(i).value("ContentType");
    return {};
}

void appendInside(const XmlDoc& doc, Splicer& sp, int i, const std::string& text) {
    const XmlNode& n = doc.node(i);
    if (n.selfClosing) {
        std::string tag(doc.startTag(i));
        tag.erase(tag.rfind('/'), 1);
        sp.replace(n.begin, n.end - n.begin, tag + text + "</" + qualified(n.prefix, n.local) + ">");
    } else {
        sp.insert(n.endBegin, text);
    }
}

} // namespace impact::write
