#include "write/package_check.h"

#include "common/error.h"
#include "common/text.h"
#include "read/opc.h"
#include "read/package.h"
#include "read/xml_parser.h"
#include "write/sheet_names.h"
#include "write/xml_edit.h"

#include <expat.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

namespace impact::write {

namespace {

std::string key(std::string name) {
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    return read::asciiLower(name);
}

bool isXmlType(const std::string& type) {
    return type.size() >= 3 && (type.compare(type.size() - 3, 3, "xml") == 0);
}

/// Streams one XML part through expat: well-formedness, the root's mc:Ignorable prefixes, and a
/// callback per element (namespace URI, local name, attributes as expat gives them).
class PartScanner {
public:
    using OnElement = std::function<void(std::string_view ns, std::string_view local, const char** atts)>;

    static std::string scan(const read::Package& pkg, const read::PartEntry& entry, const OnElement& onElement) {
        PartScanner s;
        s.onElement_ = &onElement;
        XML_Parser p = XML_ParserCreateNS(nullptr, '\x01');
        s.parser_ = p;
        XML_SetUserData(p, &s);
        XML_SetElementHandler(p, &PartScanner::start, nullptr);
        XML_SetStartNamespaceDeclHandler(p, &PartScanner::decl);
        XML_SetStartDoctypeDeclHandler(p, [](void* u, const char*, const char*, const char*, int) {
            auto* self = static_cast<PartScanner*>(u);
            self->problem_ = "has a DOCTYPE";
            XML_StopParser(self->parser_, XML_FALSE);
        });
        XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
        std::string problem;
        try {
            auto stream = pkg.open(entry);
            std::vector<char> buf(1 << 16);
            while (true) {
                std::size_t n = stream->read(buf.data(), buf.size());
                if (XML_Parse(p, buf.data(), static_cast<int>(n), n == 0) != XML_STATUS_OK) {
                    problem = s.problem_.empty() ? std::string("is not well-formed XML (") + XML_ErrorString(XML_GetErrorCode(p)) + ")"
                                                 : s.problem_;
                    break;
                }
                if (n == 0) break;
            }
        } catch (const Error& e) {
            problem = std::string("cannot be read (") + e.what() + ")";
        }
        XML_ParserFree(p);
        if (problem.empty()) problem = s.problem_;
        return problem;
    }

private:
    XML_Parser parser_ = nullptr;
    const OnElement* onElement_ = nullptr;
    bool sawRoot_ = false;
    std::set<std::string> rootPrefixes_;
    std::string problem_;

    static void decl(void* u, const char* prefix, const char*) {
        auto* self = static_cast<PartScanner*>(u);
        if (!self->sawRoot_) self->rootPrefixes_.insert(prefix ? prefix : "");
    }
    static void start(void* u, const char* name, const char** atts) {
        auto* self = static_cast<PartScanner*>(u);
        std::string_view n(name);
        auto sep = n.find('\x01');
        std::string_view ns = sep == std::string_view::npos ? std::string_view() : n.substr(0, sep);
        std::string_view local = sep == std::string_view::npos ? n : n.substr(sep + 1);
        if (!self->sawRoot_) {
            self->sawRoot_ = true;
            for (const char** a = atts; *a; a += 2)
                if (std::string_view(a[0]) == std::string(kMcNs) + "\x01" + "Ignorable") {
                    std::istringstream words(a[1]);
                    std::string w;
                    while (words >> w)
                        if (!self->rootPrefixes_.count(w) && self->problem_.empty())
                            self->problem_ = "names prefix '" + w + "' in mc:Ignorable without declaring it";
                }
        }
        (*self->onElement_)(ns, local, atts);
    }
};

const char* attrOf(const char** atts, std::string_view name) {
    for (const char** a = atts; *a; a += 2)
        if (name == a[0]) return a[1];
    return nullptr;
}

} // namespace

PackageCheck checkPackage(const std::string& path, const CheckOptions& options) {
    PackageCheck result;
    auto& problems = result.problems;
    auto problem = [&](const std::string& part, const std::string& what) { problems.push_back(part + ": " + what); };

    // ---- the zip ---------------------------------------------------------------------------
    read::ReadLimits limits;
    std::unique_ptr<read::Package> pkg;
    try {
        pkg = std::make_unique<read::Package>(path, limits);
    } catch (const Error& e) {
        problems.push_back(std::string("package: ") + e.what());
        return result;
    }
    const read::ZipDirectory& zip = pkg->zip();
    for (const auto& it : zip.entries()) {
        if (it.directory()) problem(it.name, "is a directory entry, not a part (Office applications may report those as damage)");
        std::string local;
        zip.readRaw(it.headerOffset + 26, 2, local);
        std::size_t nameLen = static_cast<unsigned char>(local[0]) | (static_cast<unsigned char>(local[1]) << 8);
        std::string localName;
        zip.readRaw(it.headerOffset + 30, nameLen, localName);
        if (localName != it.name) problem(it.name, "its local header names it '" + localName + "'");
    }
    std::vector<std::string> parts = pkg->partNames();
    std::set<std::string> keys;
    for (const auto& p : parts) keys.insert(key(p));
    auto readPart = [&](const std::string& name) -> std::optional<std::string> {
        const read::PartEntry* e = pkg->find(name);
        if (!e) return std::nullopt;
        try {
            return pkg->readSmall(*e);
        } catch (const Error& ex) {
            problem(name, std::string("cannot be read (") + ex.what() + ")");
            return std::nullopt;
        }
    };
    if (options.verifyData)
        for (const auto& p : parts) {
            try {
                auto s = pkg->open(*pkg->find(p));
                std::vector<char> buf(1 << 16);
                while (s->read(buf.data(), buf.size()) > 0) {
                }
            } catch (const Error& e) {
                problem(p, std::string("is corrupt (") + e.what() + ")");
            }
        }

    // ---- content types ---------------------------------------------------------------------
    std::map<std::string, std::string> overrides, defaults;
    if (auto ct = readPart("[Content_Types].xml")) {
        try {
            XmlDoc d(*ct, "[Content_Types].xml");
            for (int i : d.children(0, kContentTypesNs, "Override")) {
                std::string name = d.node(i).value("PartName");
                if (!overrides.emplace(key(name), d.node(i).value("ContentType")).second)
                    problem("[Content_Types].xml", "has two Overrides for " + name);
                if (!keys.count(key(name))) problem("[Content_Types].xml", "has an Override for the missing part " + name);
            }
            for (int i : d.children(0, kContentTypesNs, "Default"))
                defaults.emplace(read::asciiLower(d.node(i).value("Extension")), d.node(i).value("ContentType"));
        } catch (const Error& e) {
            problem("[Content_Types].xml", e.what());
        }
    } else {
        problem("[Content_Types].xml", "is missing");
    }
    auto typeOf = [&](const std::string& part) {
        if (auto it = overrides.find(key(part)); it != overrides.end()) return it->second;
        auto dot = part.rfind('.');
        auto slash = part.rfind('/');
        if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::string();
        auto it = defaults.find(read::asciiLower(part.substr(dot + 1)));
        return it == defaults.end() ? std::string() : it->second;
    };
    for (const auto& p : parts)
        if (key(p) != "[content_types].xml" && typeOf(p).empty()) problem(p, "has no content type");

    // ---- relationships ---------------------------------------------------------------------
    std::map<std::string, std::vector<read::Relationship>> relsBySource; // source key -> rels
    for (const auto& p : parts) {
        std::string k = key(p);
        auto marker = k.rfind("_rels/");
        if (k.size() < 5 || k.compare(k.size() - 5, 5, ".rels") != 0 || marker == std::string::npos) continue;
        std::string source = p.substr(0, marker) + p.substr(marker + 6, p.size() - marker - 6 - 5);
        if (!source.empty() && !keys.count(key(source))) problem(p, "describes the missing part " + source);
        auto text = readPart(p);
        if (!text) continue;
        try {
            auto rels = read::parseRelationships(*text, p);
            std::set<std::string> ids;
            for (const auto& r : rels) {
                if (!ids.insert(r.id).second) problem(p, "has two relationships with id " + r.id);
                if (r.external) continue;
                std::string t = read::resolveTarget(source, r.target);
                if (auto hash = t.find('#'); hash != std::string::npos) t.erase(hash);
                if (!keys.count(key(t))) {
                    problem(p, "points to the missing part " + r.target + " (" + r.id + ")");
                    continue;
                }
                // The parts Excel insists on by type must carry their content type.
                static const std::map<std::string, std::string> expected = {
                    {"worksheet", "spreadsheetml.worksheet+xml"}, {"chartsheet", "spreadsheetml.chartsheet+xml"},
                    {"styles", "spreadsheetml.styles+xml"},       {"sharedStrings", "spreadsheetml.sharedStrings+xml"},
                    {"theme", "theme+xml"},                       {"drawing", "drawing+xml"},
                    {"chart", "drawingml.chart+xml"}};
                if (auto e = expected.find(std::string(r.kind())); e != expected.end()) {
                    std::string type = typeOf(t);
                    if (type.size() < e->second.size() || type.compare(type.size() - e->second.size(), e->second.size(), e->second) != 0)
                        problem(t, "has the content type '" + type + "', not that of a " + e->first);
                }
            }
            relsBySource[key(source)] = std::move(rels);
        } catch (const Error& e) {
            problem(p, e.what());
        }
    }
    auto relsOf = [&](const std::string& part) -> const std::vector<read::Relationship>& {
        static const std::vector<read::Relationship> none;
        auto it = relsBySource.find(key(part));
        return it == relsBySource.end() ? none : it->second;
    };

    // ---- the workbook ----------------------------------------------------------------------
    std::string wbPart;
    for (const auto& r : relsOf(""))
        if (r.kind() == "officeDocument" && !r.external) wbPart = read::resolveTarget("", r.target);
    std::vector<std::string> worksheetParts;
    std::string stylesPart;
    if (wbPart.empty() || !keys.count(key(wbPart))) {
        problems.push_back("package: has no workbook part");
    } else if (auto text = readPart(wbPart)) {
        try {
            XmlDoc w(*text, wbPart);
            std::map<std::string, std::string> relKinds, relTargets;
            for (const auto& r : relsOf(wbPart)) {
                relKinds[r.id] = std::string(r.kind());
                relTargets[r.id] = read::resolveTarget(wbPart, r.target);
                if (r.kind() == "styles") stylesPart = relTargets[r.id];
            }
            int sheetsNode = w.child(0, w.root().ns, "sheets");
            std::vector<int> sheets = sheetsNode < 0 ? std::vector<int>{} : w.children(sheetsNode, w.root().ns, "sheet");
            if (sheets.empty()) problem(wbPart, "lists no sheets");
            std::set<std::string> names, rids;
            std::set<int> ids;
            for (int i : sheets) {
                const XmlNode& n = w.node(i);
                std::string name = n.value("name");
                if (name.empty() || utf16Length(name) > kMaxSheetName || name.find_first_of("[]:*?/\\") != std::string::npos ||
                    name.front() == '\'' || name.back() == '\'')
                    problem(wbPart, "has the invalid sheet name '" + name + "'");
                if (!names.insert(foldName(name)).second) problem(wbPart, "has two sheets named '" + name + "' (ignoring case)");
                int id = toInt(n.value("sheetId"), -1);
                if (id <= 0 || !ids.insert(id).second) problem(wbPart, "sheet '" + name + "' has a missing or repeated sheetId");
                std::string rid;
                for (const auto& a : n.attrs)
                    if (a.local == "id" && a.ns.find("relationships") != std::string::npos) rid = a.value;
                if (rid.empty() || !rids.insert(rid).second) problem(wbPart, "sheet '" + name + "' has a missing or repeated r:id");
                else if (!relKinds.count(rid)) problem(wbPart, "sheet '" + name + "' names the missing relationship " + rid);
                else if (relKinds[rid] == "worksheet") worksheetParts.push_back(relTargets[rid]);
            }
            int count = static_cast<int>(sheets.size());
            if (int dn = w.child(0, w.root().ns, "definedNames"); dn >= 0) {
                std::set<std::pair<std::string, int>> seen;
                for (int i : w.children(dn, w.root().ns, "definedName")) {
                    const XmlNode& n = w.node(i);
                    int scope = -1;
                    if (const XmlAttr* a = n.attr("localSheetId")) {
                        scope = toInt(a->value, -1);
                        if (scope < 0 || scope >= count)
                            problem(wbPart, "defined name '" + n.value("name") + "' has localSheetId " + a->value + ", not a sheet");
                    }
                    if (!seen.emplace(foldName(n.value("name")), scope).second)
                        problem(wbPart, "has the defined name '" + n.value("name") + "' twice in one scope");
                }
            }
            if (int views = w.child(0, w.root().ns, "bookViews"); views >= 0)
                for (int i : w.children(views, w.root().ns, "workbookView"))
                    for (const char* a : {"activeTab", "firstSheet"})
                        if (const XmlAttr* v = w.node(i).attr(a); v && toInt(v->value, -1) >= count)
                            problem(wbPart, std::string(a) + " " + v->value + " is not a sheet");
        } catch (const Error& e) {
            problem(wbPart, e.what());
        }
    }

    // ---- styles ----------------------------------------------------------------------------
    int cellXfs = -1, dxfs = 0; // -1: no styles part
    if (!stylesPart.empty() && keys.count(key(stylesPart))) {
        if (auto text = readPart(stylesPart)) {
            try {
                XmlDoc s(*text, stylesPart);
                const std::string ns = s.root().ns;
                std::map<std::string, int> counts;
                std::set<int> numFmtIds;
                for (const auto& [container, item] : std::vector<std::pair<std::string, std::string>>{
                         {"numFmts", "numFmt"}, {"fonts", "font"}, {"fills", "fill"}, {"borders", "border"},
                         {"cellStyleXfs", "xf"}, {"cellXfs", "xf"}, {"cellStyles", "cellStyle"}, {"dxfs", "dxf"}}) {
                    int c = s.child(0, ns, container);
                    if (c < 0) {
                        counts[container] = 0;
                        continue;
                    }
                    auto items = s.children(c, ns, item);
                    counts[container] = static_cast<int>(items.size());
                    if (const XmlAttr* a = s.node(c).attr("count"); a && toInt(a->value, -1) != static_cast<int>(items.size()))
                        problem(stylesPart, container + " count attribute disagrees with its " + item + " elements");
                    if (container == "numFmts")
                        for (int i : items) numFmtIds.insert(toInt(s.node(i).value("numFmtId"), -1));
                }
                for (const char* container : {"cellStyleXfs", "cellXfs"}) {
                    int c = s.child(0, ns, container);
                    if (c < 0) continue;
                    int k = 0;
                    for (int i : s.children(c, ns, "xf")) {
                        const XmlNode& n = s.node(i);
                        std::string where = std::string(container) + " xf " + std::to_string(k++);
                        for (const auto& [attr, target] : std::vector<std::pair<const char*, const char*>>{
                                 {"fontId", "fonts"}, {"fillId", "fills"}, {"borderId", "borders"}}) {
                            if (const XmlAttr* a = n.attr(attr); a && toInt(a->value, -1) >= counts[target])
                                problem(stylesPart, where + " has " + attr + " " + a->value + ", not in " + target);
                        }
                        if (const XmlAttr* a = n.attr("numFmtId")) {
                            int id = toInt(a->value, -1);
                            if (id < 0 || (id >= 164 && !numFmtIds.count(id)))
                                problem(stylesPart, where + " has the undefined numFmtId " + a->value);
                        }
                        if (std::string_view(container) == "cellXfs")
                            if (const XmlAttr* a = n.attr("xfId"); a && toInt(a->value, -1) >= counts["cellStyleXfs"])
                                problem(stylesPart, where + " has xfId " + a->value + ", not in cellStyleXfs");
                    }
                }
                if (int c = s.child(0, ns, "cellStyles"); c >= 0)
                    for (int i : s.children(c, ns, "cellStyle"))
                        if (toInt(s.node(i).value("xfId"), -1) >= counts["cellStyleXfs"])
                            problem(stylesPart, "cell style '" + s.node(i).value("name") + "' has an xfId not in cellStyleXfs");
                cellXfs = counts["cellXfs"];
                dxfs = counts["dxfs"];
            } catch (const Error& e) {
                problem(stylesPart, e.what());
            }
        }
    }

    // ---- every XML part: well-formed, mc:Ignorable; sheets: style indexes ------------------
    std::set<std::string> sheetKeys;
    for (const auto& p : worksheetParts) sheetKeys.insert(key(p));
    std::set<std::string> scanOnly;
    for (const auto& p : options.scanOnly) scanOnly.insert(key(p));
    for (const auto& p : parts) {
        std::string type = typeOf(p);
        if (!isXmlType(type) || (!scanOnly.empty() && !scanOnly.count(key(p)))) continue;
        bool isSheet = sheetKeys.count(key(p)) > 0;
        std::set<std::string> reported;
        auto once = [&](const std::string& what) {
            if (reported.insert(what).second) problem(p, what);
        };
        PartScanner::OnElement onElement = [&](std::string_view ns, std::string_view local, const char** atts) {
            if (!isSheet || read::classifyNamespace(ns) != read::Ns::Main) return;
            const char* attr = local == "c" || local == "row" ? "s" : local == "col" ? "style" : nullptr;
            if (attr && cellXfs >= 0)
                if (const char* v = attrOf(atts, attr); v && toInt(v, -1) >= cellXfs)
                    once(std::string("a ") + std::string(local) + " has style index " + attr + "=" + v + ", not in cellXfs");
            if (local == "cfRule")
                if (const char* v = attrOf(atts, "dxfId"); v && toInt(v, -1) >= dxfs)
                    once(std::string("a conditional format has dxfId=") + v + ", not in dxfs");
        };
        std::string bad = PartScanner::scan(*pkg, *pkg->find(p), onElement);
        if (!bad.empty()) problem(p, bad);
    }
    // Problems name parts, not the file, so the checks of two copies of a workbook compare equal.
    for (auto& p : problems)
        for (auto at = p.find(path + ": "); at != std::string::npos; at = p.find(path + ": ")) p.erase(at, path.size() + 2);
    return result;
}

} // namespace impact::write
