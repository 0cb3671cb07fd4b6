// The package check's rules for the workbook part (sheets, defined names, views) and the styles
// part (counts, and the references between fonts, fills, borders, number formats and formats).
#include "common/error.h"
#include "common/text.h"
#include "write/package_checker.h"
#include "write/sheet_names.h"

namespace impact::write {

void PackageChecker::checkWorkbook() {
    for (const auto& r : relsOf(""))
        if (r.kind() == "officeDocument" && !r.external) wbPart_ = read::resolveTarget("", r.target);
    if (wbPart_.empty() || !keys_.count(checkKey(wbPart_))) {
        result_.problems.push_back("package: has no workbook part");
        return;
    }
    auto text = readPart(wbPart_);
    if (!text) return;
    try {
        XmlDoc w(*text, wbPart_);
        for (const auto& r : relsOf(wbPart_))
            if (r.kind() == "styles") stylesPart_ = read::resolveTarget(wbPart_, r.target);
        int sheetsNode = w.child(0, w.root().ns, "sheets");
        std::vector<int> sheets = sheetsNode < 0 ? std::vector<int>{} : w.children(sheetsNode, w.root().ns, "sheet");
        if (sheets.empty()) problem(wbPart_, "lists no sheets");
        checkSheets(w, sheets);
        int count = static_cast<int>(sheets.size());
        checkDefinedNames(w, count);
        checkViews(w, count);
    } catch (const Error& e) {
        problem(wbPart_, e.what());
    }
}

/// Sheet names valid and unique ignoring case; sheet ids and r:ids present, unique and resolved.
void PackageChecker::checkSheets(const XmlDoc& w, const std::vector<int>& sheets) {
    std::map<std::string, std::string> relKinds, relTargets;
    for (const auto& r : relsOf(wbPart_)) {
        relKinds[r.id] = std::string(r.kind());
        relTargets[r.id] = read::resolveTarget(wbPart_, r.target);
    }
    std::set<std::string> names, rids;
    std::set<int> ids;
    for (int i : sheets) {
        const XmlNode& n = w.node(i);
        std::string name = n.value("name");
        if (name.empty() || utf16Length(name) > kMaxSheetName || name.find_first_of("[]:*?/\\") != std::string::npos ||
            name.front() == '\'' || name.back() == '\'')
            problem(wbPart_, "has the invalid sheet name '" + name + "'");
        if (!names.insert(foldName(name)).second) problem(wbPart_, "has two sheets named '" + name + "' (ignoring case)");
        int id = toInt(n.value("sheetId"), -1);
        if (id <= 0 || !ids.insert(id).second) problem(wbPart_, "sheet '" + name + "' has a missing or repeated sheetId");
        std::string rid;
        for (const auto& a : n.attrs)
            if (a.local == "id" && a.ns.find("relationships") != std::string::npos) rid = a.value;
        if (rid.empty() || !rids.insert(rid).second)
            problem(wbPart_, "sheet '" + name + "' has a missing or repeated r:id");
        else if (!relKinds.count(rid))
            problem(wbPart_, "sheet '" + name + "' names the missing relationship " + rid);
        else if (relKinds[rid] == "worksheet")
            worksheetParts_.push_back(relTargets[rid]);
    }
}

/// Defined names: localSheetId a sheet, each name once per scope.
void PackageChecker::checkDefinedNames(const XmlDoc& w, int count) {
    int dn = w.child(0, w.root().ns, "definedNames");
    if (dn < 0) return;
    std::set<std::pair<std::string, int>> seen;
    for (int i : w.children(dn, w.root().ns, "definedName")) {
        const XmlNode& n = w.node(i);
        int scope = -1;
        if (const XmlAttr* a = n.attr("localSheetId")) {
            scope = toInt(a->value, -1);
            if (scope < 0 || scope >= count)
                problem(wbPart_, "defined name '" + n.value("name") + "' has localSheetId " + a->value + ", not a sheet");
        }
        if (!seen.emplace(foldName(n.value("name")), scope).second)
            problem(wbPart_, "has the defined name '" + n.value("name") + "' twice in one scope");
    }
}

void PackageChecker::checkViews(const XmlDoc& w, int count) {
    int views = w.child(0, w.root().ns, "bookViews");
    if (views < 0) return;
    for (int i : w.children(views, w.root().ns, "workbookView"))
        for (const char* a : {"activeTab", "firstSheet"})
            if (const XmlAttr* v = w.node(i).attr(a); v && toInt(v->value, -1) >= count)
                problem(wbPart_, std::string(a) + " " + v->value + " is not a sheet");
}

void PackageChecker::checkStyles() {
    if (stylesPart_.empty() || !keys_.count(checkKey(stylesPart_))) return;
    auto text = readPart(stylesPart_);
    if (!text) return;
    try {
        XmlDoc s(*text, stylesPart_);
        std::map<std::string, int> counts;
        std::set<int> numFmtIds;
        checkStyleCounts(s, counts, numFmtIds);
        checkXfs(s, counts, numFmtIds);
        if (int c = s.child(0, s.root().ns, "cellStyles"); c >= 0)
            for (int i : s.children(c, s.root().ns, "cellStyle"))
                if (toInt(s.node(i).value("xfId"), -1) >= counts["cellStyleXfs"])
                    problem(stylesPart_, "cell style '" + s.node(i).value("name") + "' has an xfId not in cellStyleXfs");
        cellXfs_ = counts["cellXfs"];
        dxfs_ = counts["dxfs"];
    } catch (const Error& e) {
        problem(stylesPart_, e.what());
    }
}

/// Each container's items counted (its count attribute must agree); the custom number formats' ids.
void PackageChecker::checkStyleCounts(const XmlDoc& s, std::map<std::string, int>& counts, std::set<int>& numFmtIds) {
    const std::string ns = s.root().ns;
    for (const auto& [container, item] : std::vector<std::pair<std::string, std::string>>{{"numFmts", "numFmt"},
                                                                                          {"fonts", "font"},
                                                                                          {"fills", "fill"},
                                                                                          {"borders", "border"},
                                                                                          {"cellStyleXfs", "xf"},
                                                                                          {"cellXfs", "xf"},
                                                                                          {"cellStyles", "cellStyle"},
                                                                                          {"dxfs", "dxf"}}) {
        int c = s.child(0, ns, container);
        if (c < 0) {
            counts[container] = 0;
            continue;
        }
        auto items = s.children(c, ns, item);
        counts[container] = static_cast<int>(items.size());
        if (const XmlAttr* a = s.node(c).attr("count"); a && toInt(a->value, -1) != static_cast<int>(items.size()))
            problem(stylesPart_, container + " count attribute disagrees with its " + item + " elements");
        if (container == "numFmts")
            for (int i : items) numFmtIds.insert(toInt(s.node(i).value("numFmtId"), -1));
    }
}

/// Formats (cellStyleXfs, cellXfs): their font, fill, border, number format and style references exist.
void PackageChecker::checkXfs(const XmlDoc& s, const std::map<std::string, int>& counts, const std::set<int>& numFmtIds) {
    const std::string ns = s.root().ns;
    for (const char* container : {"cellStyleXfs", "cellXfs"}) {
        int c = s.child(0, ns, container);
        if (c < 0) continue;
        int k = 0;
        for (int i : s.children(c, ns, "xf")) {
            const XmlNode& n = s.node(i);
            std::string where = std::string(container) + " xf " + std::to_string(k++);
            for (const auto& [attr, target] :
                 std::vector<std::pair<const char*, const char*>>{{"fontId", "fonts"}, {"fillId", "fills"}, {"borderId", "borders"}}) {
                if (const XmlAttr* a = n.attr(attr); a && toInt(a->value, -1) >= counts.at(target))
                    problem(stylesPart_, where + " has " + attr + " " + a->value + ", not in " + target);
            }
            if (const XmlAttr* a = n.attr("numFmtId")) {
                int id = toInt(a->value, -1);
                if (id < 0 || (id >= 164 && !numFmtIds.count(id))) problem(stylesPart_, where + " has the undefined numFmtId " + a->value);
            }
            if (std::string_view(container) == "cellXfs")
                if (const XmlAttr* a = n.attr("xfId"); a && toInt(a->value, -1) >= counts.at("cellStyleXfs"))
                    problem(stylesPart_, where + " has xfId " + a->value + ", not in cellStyleXfs");
        }
    }
}

} // namespace impact::write
