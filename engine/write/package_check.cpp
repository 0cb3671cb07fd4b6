#include "write/package_check.h"

#include "common/error.h"
#include "common/text.h"
#include "read/xml_parser.h"
#include "write/package_checker.h"
#include "write/part_scanner.h"

namespace impact::write {

std::string checkKey(std::string name) {
    while (!name.empty() && name.front() == '/') name.erase(0, 1);
    return read::asciiLower(name);
}

namespace {

bool isXmlType(const std::string& type) { return type.size() >= 3 && (type.compare(type.size() - 3, 3, "xml") == 0); }

} // namespace

PackageCheck checkPackage(const std::string& path, const CheckOptions& options) { return PackageChecker(path, options).run(); }

PackageCheck PackageChecker::run() {
    if (!openPackage()) return result_;
    checkEntries();
    parts_ = pkg_->partNames();
    for (const auto& p : parts_) keys_.insert(checkKey(p));
    if (options_.verifyData) verifyData();
    checkContentTypes();
    checkRelationships();
    checkWorkbook();
    checkStyles();
    scanXmlParts();
    // Problems name parts, not the file, so the checks of two copies of a workbook compare equal.
    for (auto& p : result_.problems)
        for (auto at = p.find(path_ + ": "); at != std::string::npos; at = p.find(path_ + ": ")) p.erase(at, path_.size() + 2);
    return result_;
}

bool PackageChecker::openPackage() {
    try {
        pkg_ = std::make_unique<read::Package>(path_, limits_);
        return true;
    } catch (const Error& e) {
        result_.problems.push_back(std::string("package: ") + e.what());
        return false;
    }
}

/// No directory entries, and local headers that name their entries as the directory does.
void PackageChecker::checkEntries() {
    const read::ZipDirectory& zip = pkg_->zip();
    for (const auto& it : zip.entries()) {
        if (it.directory()) problem(it.name, "is a directory entry, not a part (Office applications may report those as damage)");
        std::string local;
        zip.readRaw(it.headerOffset + 26, 2, local);
        std::size_t nameLen = static_cast<unsigned char>(local[0]) | (static_cast<unsigned char>(local[1]) << 8);
        std::string localName;
        zip.readRaw(it.headerOffset + 30, nameLen, localName);
        if (localName != it.name) problem(it.name, "its local header names it '" + localName + "'");
    }
}

void PackageChecker::verifyData() {
    for (const auto& p : parts_) {
        try {
            auto s = pkg_->open(*pkg_->find(p));
            std::vector<char> buf(1 << 16);
            while (s->read(buf.data(), buf.size()) > 0) {}
        } catch (const Error& e) {
            problem(p, std::string("is corrupt (") + e.what() + ")");
        }
    }
}

std::optional<std::string> PackageChecker::readPart(const std::string& name) {
    const read::PartEntry* e = pkg_->find(name);
    if (!e) return std::nullopt;
    try {
        return pkg_->readSmall(*e);
    } catch (const Error& ex) {
        problem(name, std::string("cannot be read (") + ex.what() + ")");
        return std::nullopt;
    }
}

void PackageChecker::checkContentTypes() {
    if (auto ct = readPart("[Content_Types].xml"))
        readContentTypes(*ct);
    else
        problem("[Content_Types].xml", "is missing");
    for (const auto& p : parts_)
        if (checkKey(p) != "[content_types].xml" && typeOf(p).empty()) problem(p, "has no content type");
}

void PackageChecker::readContentTypes(const std::string& text) {
    try {
        XmlDoc d(text, "[Content_Types].xml");
        for (int i : d.children(0, kContentTypesNs, "Override")) {
            std::string name = d.node(i).value("PartName");
            if (!overrides_.emplace(checkKey(name), d.node(i).value("ContentType")).second)
                problem("[Content_Types].xml", "has two Overrides for " + name);
            if (!keys_.count(checkKey(name))) problem("[Content_Types].xml", "has an Override for the missing part " + name);
        }
        for (int i : d.children(0, kContentTypesNs, "Default"))
            defaults_.emplace(read::asciiLower(d.node(i).value("Extension")), d.node(i).value("ContentType"));
    } catch (const Error& e) {
        problem("[Content_Types].xml", e.what());
    }
}

std::string PackageChecker::typeOf(const std::string& part) const {
    if (auto it = overrides_.find(checkKey(part)); it != overrides_.end()) return it->second;
    auto dot = part.rfind('.');
    auto slash = part.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::string();
    auto it = defaults_.find(read::asciiLower(part.substr(dot + 1)));
    return it == defaults_.end() ? std::string() : it->second;
}

void PackageChecker::checkRelationships() {
    for (const auto& p : parts_) {
        std::string k = checkKey(p);
        auto marker = k.rfind("_rels/");
        if (k.size() < 5 || k.compare(k.size() - 5, 5, ".rels") != 0 || marker == std::string::npos) continue;
        checkRelsPart(p);
    }
}

/// One relationships part: it describes a part that exists, its ids are unique, its internal
/// targets exist and have the content type their relationship needs.
void PackageChecker::checkRelsPart(const std::string& p) {
    auto marker = checkKey(p).rfind("_rels/");
    std::string source = p.substr(0, marker) + p.substr(marker + 6, p.size() - marker - 6 - 5);
    if (!source.empty() && !keys_.count(checkKey(source))) problem(p, "describes the missing part " + source);
    auto text = readPart(p);
    if (!text) return;
    try {
        auto rels = read::parseRelationships(*text, p);
        std::set<std::string> ids;
        for (const auto& r : rels) {
            if (!ids.insert(r.id).second) problem(p, "has two relationships with id " + r.id);
            if (r.external) continue;
            std::string t = read::resolveTarget(source, r.target);
            if (auto hash = t.find('#'); hash != std::string::npos) t.erase(hash);
            if (!keys_.count(checkKey(t))) {
                problem(p, "points to the missing part " + r.target + " (" + r.id + ")");
                continue;
            }
            checkTargetType(r, t);
        }
        relsBySource_[checkKey(source)] = std::move(rels);
    } catch (const Error& e) {
        problem(p, e.what());
    }
}

/// The parts Excel insists on by type must carry their content type.
void PackageChecker::checkTargetType(const read::Relationship& r, const std::string& target) {
    static const std::map<std::string, std::string> expected = {{"worksheet", "spreadsheetml.worksheet+xml"},
                                                                {"chartsheet", "spreadsheetml.chartsheet+xml"},
                                                                {"styles", "spreadsheetml.styles+xml"},
                                                                {"sharedStrings", "spreadsheetml.sharedStrings+xml"},
                                                                {"theme", "theme+xml"},
                                                                {"drawing", "drawing+xml"},
                                                                {"chart", "drawingml.chart+xml"}};
    auto e = expected.find(std::string(r.kind()));
    if (e == expected.end()) return;
    std::string type = typeOf(target);
    if (type.size() < e->second.size() || type.compare(type.size() - e->second.size(), e->second.size(), e->second) != 0)
        problem(target, "has the content type '" + type + "', not that of a " + e->first);
}

const std::vector<read::Relationship>& PackageChecker::relsOf(const std::string& part) const {
    static const std::vector<read::Relationship> none;
    auto it = relsBySource_.find(checkKey(part));
    return it == relsBySource_.end() ? none : it->second;
}

/// Every XML part well-formed, without DTD, its mc:Ignorable prefixes declared; in worksheets,
/// every style index within the styles' counts.
void PackageChecker::scanXmlParts() {
    std::set<std::string> sheetKeys;
    for (const auto& p : worksheetParts_) sheetKeys.insert(checkKey(p));
    std::set<std::string> scanOnly;
    for (const auto& p : options_.scanOnly) scanOnly.insert(checkKey(p));
    for (const auto& p : parts_) {
        std::string type = typeOf(p);
        if (!isXmlType(type) || (!scanOnly.empty() && !scanOnly.count(checkKey(p)))) continue;
        bool isSheet = sheetKeys.count(checkKey(p)) > 0;
        std::set<std::string> reported;
        auto once = [&](const std::string& what) {
            if (reported.insert(what).second) problem(p, what);
        };
        OnElement onElement = [&](std::string_view ns, std::string_view local, const char** atts) {
            if (!isSheet || read::classifyNamespace(ns) != read::Ns::Main) return;
            const char* attr = local == "c" || local == "row" ? "s" : local == "col" ? "style" : nullptr;
            if (attr && cellXfs_ >= 0)
                if (const char* v = attrOf(atts, attr); v && toInt(v, -1) >= cellXfs_)
                    once(std::string("a ") + std::string(local) + " has style index " + attr + "=" + v + ", not in cellXfs");
            if (local == "cfRule")
                if (const char* v = attrOf(atts, "dxfId"); v && toInt(v, -1) >= dxfs_)
                    once(std::string("a conditional format has dxfId=") + v + ", not in dxfs");
        };
        std::string bad = scanPart(*pkg_, *pkg_->find(p), onElement);
        if (!bad.empty()) problem(p, bad);
    }
}

} // namespace impact::write
