// Step 7 of the graft: the workbook's relationships and the workbook part. The removed sheets'
// <sheet>, names and relationships go; the new sheets, their names and markers are appended, so
// the coordinator's sheet indexes (localSheetId, activeTab) only shift down past removed sheets.
#include "write/graft_steps.h"

#include "common/text.h"
#include "write/graft_xml.h"
#include "write/sheet_names.h"

#include <algorithm>
#include <optional>

namespace impact::write {

namespace {

/// Removes the dropped relationships and appends the new ones, choosing their ids.
void editWorkbookRels(Graft& g) {
    const XmlDoc& rels = *g.original.wbRels;
    Changes& c = g.changes;
    Splicer sp;
    int maxNum = 0;
    std::set<std::string> ids;
    for (const auto& r : g.original.wbRelList) {
        if (c.removedRids.count(r.id)) {
            const XmlNode& n = rels.node(r.node);
            sp.remove(n.begin, n.end - n.begin);
            continue;
        }
        ids.insert(r.id);
        if (r.id.size() > 3 && r.id.compare(0, 3, "rId") == 0) maxNum = std::max(maxNum, toInt(r.id.substr(3), 0));
    }
    std::string text;
    const std::string elem = qualified(rels.root().prefix, "Relationship");
    for (const auto& [type, part] : c.newWbRels) {
        std::string id;
        do id = "rId" + std::to_string(++maxNum);
        while (ids.count(id));
        ids.insert(id);
        text += "<" + elem + " Id=\"" + id + "\" Type=\"" + escapeAttr(type) + "\" Target=\"" +
                escapeAttr(relativeTarget(g.original.wbPart, part)) + "\"/>";
        c.newWbRelIds.push_back(id);
    }
    appendInside(rels, sp, 0, text);
    c.replaced[partKey(g.original.wbRelsPart)] = sp.apply(rels.text());
}

/// Where the coordinator's sheet `idx` is once the removed sheets are gone (a removed one: the
/// first visible sheet that stays).
class SheetIndexes {
public:
    explicit SheetIndexes(const Graft& g) : removed_(g.changes.removed) {
        const auto& sheets = g.original.sheets;
        for (std::size_t i = 0, kept = 0; i < sheets.size(); ++i) {
            if (removed_.count(static_cast<int>(i))) continue;
            if (!sheets[i].hidden) {
                firstVisible_ = static_cast<int>(kept);
                break;
            }
            ++kept;
        }
    }
    /// How many removed sheets come before `idx`.
    int below(int idx) const {
        return static_cast<int>(std::count_if(removed_.begin(), removed_.end(), [&](int r) { return r < idx; }));
    }
    int map(int idx) const { return removed_.count(idx) ? firstVisible_ : idx - below(idx); }

private:
    const std::set<int>& removed_;
    int firstVisible_ = 0;
};

/// <sheets>: the removed sheets' elements go, the new sheets' are appended; returns their sheet ids.
std::vector<int> editSheets(Graft& g, Splicer& sp, int sheetsNode) {
    const XmlDoc& w = *g.original.wb;
    const auto& sheets = g.original.sheets;
    int maxSheetId = 0;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        if (g.changes.removed.count(static_cast<int>(i))) {
            const XmlNode& n = w.node(sheets[i].node);
            sp.remove(n.begin, n.end - n.begin);
        } else {
            maxSheetId = std::max(maxSheetId, sheets[i].sheetId);
        }
    }
    const std::string mainPrefix = w.node(sheetsNode).prefix;
    std::optional<std::string> relPrefix = w.prefixFor(sheetsNode, kDocRelNs);
    const auto& added = g.generated.sheets;
    std::vector<int> newIds;
    std::string elems;
    std::size_t relIndex = g.changes.newWbRels.size() - added.size(); // sheets' rels come last
    for (std::size_t k = 0; k < added.size(); ++k) {
        const std::string& rid = g.changes.newWbRelIds[relIndex + k];
        newIds.push_back(++maxSheetId);
        elems += "<" + qualified(mainPrefix, "sheet") + " name=\"" + escapeAttr(added[k].newName) + "\" sheetId=\"" +
                 std::to_string(maxSheetId) + "\"";
        if (!added[k].state.empty()) elems += " state=\"" + escapeAttr(added[k].state) + "\"";
        if (relPrefix && !relPrefix->empty())
            elems += " " + *relPrefix + ":id=\"" + rid + "\"/>";
        else
            elems += " xmlns:r=\"" + std::string(kDocRelNs) + "\" r:id=\"" + rid + "\"/>";
    }
    appendInside(w, sp, sheetsNode, elems);
    return newIds;
}

/// The removed sheets' defined names go; the others' localSheetId shift past them.
void editOriginalNames(const Graft& g, Splicer& sp, int dnNode, const SheetIndexes& indexes) {
    const XmlDoc& w = *g.original.wb;
    for (int i : w.children(dnNode, kMainNs, "definedName")) {
        const XmlNode& n = w.node(i);
        int idx = toInt(n.value("localSheetId"), -1);
        if (idx < 0) continue;
        if (g.changes.removed.count(idx)) {
            sp.remove(n.begin, n.end - n.begin);
        } else if (indexes.below(idx) > 0) {
            sp.replace(n.begin, n.startEnd - n.begin,
                       setAttribute(w.startTag(i), "localSheetId", std::to_string(idx - indexes.below(idx))));
        }
    }
}

/// The generated sheets' own defined names (print titles...) and the markers of ours, as text.
std::string newNames(const Graft& g, const std::string& dn, const std::vector<int>& newSheetIds) {
    const XmlDoc& gw = *g.generated.wb;
    const auto& added = g.generated.sheets;
    std::string names;
    if (int gdn = gw.child(0, kMainNs, "definedNames"); gdn >= 0)
        for (int i : gw.children(gdn, kMainNs, "definedName")) {
            const XmlNode& n = gw.node(i);
            int k = toInt(n.value("localSheetId"), -1);
            if (k < 0 || k >= static_cast<int>(added.size())) continue; // only our sheets' own names
            names += "<" + dn;
            for (const auto& a : n.attrs) {
                if (!a.ns.empty()) continue;
                std::string v = a.local == "localSheetId" ? std::to_string(g.keptCount() + static_cast<std::size_t>(k)) : a.value;
                names += " " + a.local + "=\"" + escapeAttr(v) + "\"";
            }
            names += ">" + escapeText(renameSheetRefs(n.text, g.changes.renames)) + "</" + dn + ">";
        }
    const auto& unmarked = g.opts.unmarked;
    for (std::size_t k = 0; k < added.size(); ++k)
        if (std::find(unmarked.begin(), unmarked.end(), added[k].name) == unmarked.end())
            names += "<" + dn + " name=\"" + escapeAttr(g.opts.marker) + "\" localSheetId=\"" + std::to_string(g.keptCount() + k) +
                     "\" hidden=\"1\">" + escapeText(markerValue(newSheetIds[k], added[k].newName)) + "</" + dn + ">";
    return names;
}

/// <definedNames>: edited, and the new names appended (the element created if need be, in its
/// place in the schema's order).
void editDefinedNames(const Graft& g, Splicer& sp, int sheetsNode, const SheetIndexes& indexes, const std::vector<int>& newSheetIds) {
    const XmlDoc& w = *g.original.wb;
    const std::string mainPrefix = w.node(sheetsNode).prefix;
    int dnNode = w.child(0, kMainNs, "definedNames");
    if (dnNode >= 0) editOriginalNames(g, sp, dnNode, indexes);
    std::string names = newNames(g, qualified(mainPrefix, "definedName"), newSheetIds);
    if (dnNode >= 0) {
        appendInside(w, sp, dnNode, names);
    } else if (!names.empty()) {
        std::size_t at = w.node(sheetsNode).end;
        for (const char* before : {"functionGroups", "externalReferences"})
            if (int b = w.child(0, kMainNs, before); b >= 0) at = std::max(at, w.node(b).end);
        std::string q = qualified(mainPrefix, "definedNames");
        sp.insert(at, "<" + q + ">" + names + "</" + q + ">");
    }
}

/// Workbook views: the active and first tab follow their sheets.
void editViews(const Graft& g, Splicer& sp, const SheetIndexes& indexes) {
    const XmlDoc& w = *g.original.wb;
    int views = w.child(0, kMainNs, "bookViews");
    if (views < 0 || g.changes.removed.empty()) return;
    for (int i : w.children(views, kMainNs, "workbookView")) {
        const XmlNode& n = w.node(i);
        std::string tag(w.startTag(i)), edited = tag;
        for (const char* a : {"activeTab", "firstSheet"}) {
            int idx = toInt(n.value(a, "0"), 0);
            if (idx >= static_cast<int>(g.original.sheets.size())) continue;
            int to = indexes.map(idx);
            if (to != idx) edited = setAttribute(edited, a, std::to_string(to));
        }
        if (edited != tag) sp.replace(n.begin, n.startEnd - n.begin, edited);
    }
}

} // namespace

void editWorkbook(Graft& g) {
    // Relationship ids are chosen first, since <sheet> elements name them.
    editWorkbookRels(g);
    const XmlDoc& w = *g.original.wb;
    Splicer sp;
    int sheetsNode = w.child(0, kMainNs, "sheets");
    SheetIndexes indexes(g);
    std::vector<int> newSheetIds = editSheets(g, sp, sheetsNode);
    editDefinedNames(g, sp, sheetsNode, indexes, newSheetIds);
    editViews(g, sp, indexes);
    g.changes.replaced[partKey(g.original.wbPart)] = sp.apply(w.text());
}

} // namespace impact::write
