// Step 6 of the graft: each generated sheet and the parts it uses, copied under free names.
#include "write/graft_steps.h"

#include "common/error.h"
#include "read/opc.h"
#include "write/graft_xml.h"

#include <deque>

namespace impact::write {

namespace {

constexpr const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr const char* kWorksheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
constexpr const char* kChartsheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml";
constexpr const char* kChartType = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
constexpr const char* kTableType = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";

/// The sheet's part first, then what it uses, breadth first (stable names on every run); parts
/// an earlier sheet already copied are left out.
std::vector<std::string> partsOfSheet(const Graft& g, const GeneratedSheet& s) {
    std::vector<std::string> order;
    std::deque<std::string> queue{s.part};
    std::set<std::string> seen{partKey(s.part)};
    while (!queue.empty()) {
        std::string p = queue.front();
        queue.pop_front();
        if (g.changes.genToNew.count(partKey(p))) continue; // shared with an earlier sheet
        order.push_back(p);
        for (const auto& r : g.gen.rels(p)) {
            std::string t = g.gen.target(p, r);
            if (!t.empty() && seen.insert(partKey(t)).second) queue.push_back(t);
        }
    }
    return order;
}

/// The relationships part of a copied part, its targets pointing at the copies.
std::string newRelsXml(const Graft& g, const std::string& genPart, const std::string& newPart) {
    std::string out = std::string(kXmlDecl) + "<Relationships xmlns=\"" + kPkgRelNs + "\">";
    for (const auto& r : g.gen.rels(genPart)) {
        std::string target = r.target;
        if (!r.external) {
            std::string t = g.gen.target(genPart, r);
            auto it = g.changes.genToNew.find(partKey(t));
            if (it == g.changes.genToNew.end()) throw WriteError(g.gen.label(genPart) + ": a relationship target is missing.");
            target = relativeTarget(newPart, it->second);
        }
        out += "<Relationship Id=\"" + escapeAttr(r.id) + "\" Type=\"" + escapeAttr(r.type) + "\" Target=\"" + escapeAttr(target) + "\"" +
               (r.external ? " TargetMode=\"External\"" : "") + "/>";
    }
    return out + "</Relationships>";
}

/// One generated part added under its new name, with its relationships.
void copyPart(Graft& g, const std::string& p) {
    std::string type = contentTypeIn(*g.generated.ct, p);
    if (type == kTableType) throw WriteError(g.gen.path() + ": generated sheets may not contain tables (their names would clash).");
    std::string data = g.gen.read(p);
    if (type == kWorksheetType || type == kChartsheetType || type == kChartType) data = rewriteGeneratedPart(g, data, g.gen.label(p));
    std::string name = g.changes.genToNew[partKey(p)];
    g.changes.newParts.push_back({name, std::move(data), type});
    if (!g.gen.rels(p).empty()) {
        std::string relsName = read::relationshipsPartFor(name);
        g.changes.used.insert(partKey(relsName));
        g.changes.newParts.push_back({relsName, newRelsXml(g, p, name), ""});
    }
}

} // namespace

void copyGeneratedParts(Graft& g) {
    for (auto& s : g.generated.sheets) {
        std::vector<std::string> order = partsOfSheet(g, s);
        for (const auto& p : order) g.changes.genToNew[partKey(p)] = allocatePart(g.changes, p);
        s.newPart = g.changes.genToNew[partKey(s.part)];
        for (const auto& p : order) copyPart(g, p);
        g.changes.newWbRels.emplace_back(s.relType, s.newPart);
    }
}

} // namespace impact::write
