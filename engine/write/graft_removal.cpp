// Step 2 of the graft: the sheets a previous run added, and everything only they used, go.
#include "write/graft_steps.h"

#include "common/text.h"
#include "read/opc.h"
#include "read/package.h"

#include <cctype>

namespace impact::write {

/// The marker's value: a string constant "generated:SHEETID:NAME" recording the sheet it was put
/// on. A sheet the user copied (Excel copies sheet-scoped names along) has another id and another
/// name, so it is theirs; our sheet renamed by the user keeps its id, and one re-saved by
/// LibreOffice (which renumbers ids) keeps its name. A bare "generated" matches any sheet.
std::string markerValue(int sheetId, const std::string& name) {
    std::string v = "generated:" + std::to_string(sheetId) + ":" + name, out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

namespace {

bool markedAsOurs(std::string text, const OriginalSheet& sheet) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') return true;
    std::string v;
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        v += text[i];
        if (text[i] == '"') ++i; // "" stands for "
    }
    if (v.rfind("generated:", 0) != 0) return true;
    auto colon = v.find(':', 10);
    if (colon == std::string::npos) return true;
    return toInt(v.substr(10, colon - 10), -1) == sheet.sheetId || v.substr(colon + 1) == sheet.name;
}

/// The sheets whose marker (a sheet-scoped defined name) says Impact added them.
std::set<int> markedSheets(const Original& o, const std::string& markerName) {
    std::set<int> marked;
    std::string marker = read::asciiLower(markerName);
    int dn = o.wb->child(0, kMainNs, "definedNames");
    if (dn < 0) return marked;
    for (int i : o.wb->children(dn, kMainNs, "definedName")) {
        const XmlNode& n = o.wb->node(i);
        int idx = toInt(n.value("localSheetId"), -1);
        if (read::asciiLower(n.value("name")) == marker && idx >= 0 && idx < static_cast<int>(o.sheets.size()) &&
            markedAsOurs(n.text, o.sheets[static_cast<std::size_t>(idx)]))
            marked.insert(idx);
    }
    return marked;
}

/// The calculation chain lists formula cells by sheet id; one naming a sheet that is gone makes
/// Excel repair the file. Excel rebuilds a missing chain, so it is dropped then (its part is added
/// to `starts`, the parts to delete).
void dropStaleCalcChain(Graft& g, const std::set<int>& removedIds, std::vector<std::string>& starts) {
    const Original& o = g.original;
    for (const auto& r : o.wbRelList) {
        if (kindOf(r.type) != "calcChain") continue;
        std::string part = g.src.target(o.wbPart, r);
        if (part.empty()) continue;
        XmlDoc chain(g.src.read(part), g.src.label(part));
        bool stale = false;
        for (const auto& n : chain.nodes())
            if (n.local == "c" && n.attr("i") && removedIds.count(toInt(n.value("i"), -1))) stale = true;
        if (stale) {
            g.changes.removedRids.insert(r.id);
            starts.push_back(part);
        }
    }
}

/// Deletes what `starts` reaches and the package no longer reaches without the removed sheets
/// (what still is reached stays, whatever else used it).
void deleteUnreachable(Graft& g, const std::vector<std::string>& starts) {
    Changes& c = g.changes;
    std::vector<std::string> roots;
    for (const auto& r : g.src.rels("")) roots.push_back(g.src.target("", r));
    std::set<std::string> kept = closure(g.src, roots, g.original.wbPart, c.removedRids);
    for (const auto& k : closure(g.src, starts))
        if (!kept.count(k)) {
            c.deleted.insert(k);
            c.deleted.insert(partKey(read::relationshipsPartFor(g.src.nameOf(k))));
        }
}

/// The part names the output keeps, and the names the package still mentions even of parts it
/// lacks: none of them is free for a new part.
void reserveNames(Graft& g) {
    const Original& o = g.original;
    Changes& c = g.changes;
    for (const auto& [k, name] : g.src.names())
        if (!c.deleted.count(k)) c.used.insert(k);
    for (int i : o.ct->children(0, kContentTypesNs, "Override"))
        if (std::string k = partKey(o.ct->node(i).value("PartName")); !c.deleted.count(k)) c.used.insert(k);
    for (const auto& r : o.wbRelList)
        if (!r.external && !c.removedRids.count(r.id)) c.used.insert(partKey(read::resolveTarget(o.wbPart, r.target)));
}

} // namespace

void findRemovals(Graft& g) {
    const Original& o = g.original;
    Changes& c = g.changes;
    c.removed = markedSheets(o, g.opts.marker);
    std::vector<std::string> starts;
    std::set<int> removedIds;
    for (int i : c.removed) {
        const OriginalSheet& sheet = o.sheets[static_cast<std::size_t>(i)];
        c.removedRids.insert(sheet.rid);
        removedIds.insert(sheet.sheetId);
        for (const auto& r : o.wbRelList)
            if (r.id == sheet.rid) starts.push_back(g.src.target(o.wbPart, r));
    }
    if (!c.removed.empty()) dropStaleCalcChain(g, removedIds, starts);
    deleteUnreachable(g, starts);
    reserveNames(g);
}

} // namespace impact::write
