// Steps 3 to 5 of the graft: the generated workbook read, its sheets named, its formats merged.
#include "write/graft_steps.h"

#include "common/error.h"
#include "read/opc.h"
#include "write/graft_xml.h"
#include "write/sheet_names.h"
#include "write/styles_merge.h"

#include <cctype>

namespace impact::write {

namespace {

/// The generated sheets from the generated workbook part and its relationships.
void readGeneratedSheets(Graft& g, const std::vector<Rel>& rels) {
    Generated& gen = g.generated;
    int sheets = gen.wb->child(0, kMainNs, "sheets");
    if (sheets < 0) return;
    for (int i : gen.wb->children(sheets, kMainNs, "sheet")) {
        const XmlNode& n = gen.wb->node(i);
        GeneratedSheet s;
        s.name = n.value("name");
        s.state = n.value("state");
        const XmlAttr* rid = n.attr(kDocRelNs, "id");
        for (const auto& r : rels)
            if (rid && r.id == rid->value) {
                s.relType = r.type;
                s.part = g.gen.target(gen.wbPart, r);
            }
        if (s.part.empty()) throw WriteError(g.gen.path() + ": the generated sheet '" + s.name + "' has no part.");
        gen.sheets.push_back(s);
    }
}

/// The shared strings (a workbook not written in constant_memory mode has them), serialised.
void readSharedStrings(Graft& g, const std::string& part) {
    XmlDoc sst(g.gen.read(part), g.gen.label(part));
    for (int si : sst.children(0, kMainNs, "si")) {
        std::string inner;
        for (int c : sst.node(si).children) inner += serialise(sst, c, "\x01");
        g.generated.sharedStrings.push_back(inner);
    }
}

} // namespace

void readGenerated(Graft& g) {
    const Source& src = g.gen;
    Generated& gen = g.generated;
    for (const auto& r : src.rels(""))
        if (kindOf(r.type) == "officeDocument") gen.wbPart = src.target("", r);
    if (gen.wbPart.empty()) throw WriteError(src.path() + ": the generated workbook has no workbook part.");
    gen.wb = std::make_unique<XmlDoc>(src.read(gen.wbPart), src.label(gen.wbPart));
    gen.ct = std::make_unique<XmlDoc>(src.read("[Content_Types].xml"), src.label("[Content_Types].xml"));
    auto rels = src.rels(gen.wbPart);
    readGeneratedSheets(g, rels);
    for (const auto& r : rels) {
        std::string k = kindOf(r.type);
        if (k == "styles") gen.stylesPart = src.target(gen.wbPart, r);
        if (k == "theme") gen.themePart = src.target(gen.wbPart, r);
        if (k == "sharedStrings") {
            std::string part = src.target(gen.wbPart, r);
            if (!part.empty()) readSharedStrings(g, part);
        }
    }
}

void nameSheets(Graft& g) {
    std::set<std::string> taken;
    const auto& sheets = g.original.sheets;
    for (std::size_t i = 0; i < sheets.size(); ++i)
        if (!g.changes.removed.count(static_cast<int>(i))) taken.insert(foldName(sheets[i].name));
    for (auto& s : g.generated.sheets) {
        s.newName = uniqueSheetName(s.name, taken);
        taken.insert(foldName(s.newName));
        if (s.newName != s.name) g.changes.renames[foldName(s.name)] = s.newName;
    }
}

std::string allocatePart(Changes& changes, const std::string& wanted) {
    auto slash = wanted.rfind('/');
    std::string dir = slash == std::string::npos ? "" : wanted.substr(0, slash + 1);
    std::string file = wanted.substr(dir.size());
    auto dot = file.rfind('.');
    std::string ext = dot == std::string::npos ? "" : file.substr(dot);
    std::string stem = file.substr(0, file.size() - ext.size());
    while (!stem.empty() && std::isdigit(static_cast<unsigned char>(stem.back()))) stem.pop_back();
    for (int n = 1;; ++n) {
        std::string candidate = dir + stem + std::to_string(n) + ext;
        if (!changes.used.count(partKey(candidate)) && !changes.used.count(partKey(read::relationshipsPartFor(candidate)))) {
            changes.used.insert(partKey(candidate));
            return candidate;
        }
    }
}

namespace {

/// A generated part (styles or theme) added as a part of the workbook, with its relationship.
void addWorkbookPart(Graft& g, const std::string& genPart, const char* kind) {
    std::string name = allocatePart(g.changes, genPart);
    g.changes.newParts.push_back({name, g.gen.read(genPart), contentTypeIn(*g.generated.ct, genPart)});
    g.changes.newWbRels.emplace_back(std::string(kRelTypePrefix) + kind, name);
}

} // namespace

void mergeStylesAndTheme(Graft& g) {
    const Generated& gen = g.generated;
    std::string origStyles, origTheme;
    for (const auto& r : g.original.wbRelList) {
        if (kindOf(r.type) == "styles") origStyles = g.src.target(g.original.wbPart, r);
        if (kindOf(r.type) == "theme") origTheme = g.src.target(g.original.wbPart, r);
    }
    if (!gen.stylesPart.empty() && !origStyles.empty()) {
        std::string before = g.src.read(origStyles);
        StylesMerge m = mergeStyles(before, g.gen.read(gen.stylesPart), g.src.label(origStyles));
        g.changes.xfMap = std::move(m.xfMap);
        g.changes.dxfMap = std::move(m.dxfMap);
        if (m.xml != before) g.changes.replaced[partKey(origStyles)] = std::move(m.xml);
    } else if (!gen.stylesPart.empty()) {
        // The workbook has no styles part (some generators omit it): ours becomes its styles.
        addWorkbookPart(g, gen.stylesPart, "styles");
    }
    // LibreOffice writes no theme; our fonts and charts use theme colours (feasibility 2b.8).
    if (origTheme.empty() && !gen.themePart.empty()) addWorkbookPart(g, gen.themePart, "theme");
}

} // namespace impact::write
