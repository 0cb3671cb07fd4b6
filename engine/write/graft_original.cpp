// Step 1 of the graft: what the coordinator's workbook is made of.
#include "write/graft_steps.h"

#include "common/error.h"
#include "common/text.h"
#include "read/opc.h"
#include "read/xml_parser.h"
#include "write/graft_xml.h"

namespace impact::write {

void refuseStrict(const std::string& path) {
    throw WriteError(path + ": is saved as Strict Open XML, to which Impact cannot add its sheets yet. Open it in Excel, "
                            "save it as \"Excel Workbook (*.xlsx)\" and run again.");
}

namespace {

/// The workbook and app properties parts, from the package's relationships.
void findMainParts(Graft& g) {
    Original& o = g.original;
    for (const auto& r : g.src.rels("")) {
        if (r.external) continue;
        std::string k = kindOf(r.type);
        if (k == "officeDocument") {
            if (r.type.rfind("http://purl.oclc.org/", 0) == 0) refuseStrict(g.src.path());
            o.wbPart = g.src.target("", r);
        } else if (k == "extended-properties") {
            o.appPart = g.src.target("", r);
        }
    }
    if (o.wbPart.empty()) throw ReadError(g.src.path() + ": has no workbook part; it is not an Excel workbook.");
}

void readSheets(Original& o, const std::string& label) {
    int sheetsNode = o.wb->child(0, kMainNs, "sheets");
    if (sheetsNode < 0) throw ReadError(label + " lists no sheets; the file is damaged.");
    for (int i : o.wb->children(sheetsNode, kMainNs, "sheet")) {
        const XmlNode& n = o.wb->node(i);
        OriginalSheet s{i, n.value("name"), "", "", toInt(n.value("sheetId"), 0), false};
        if (const XmlAttr* a = n.attr(kDocRelNs, "id")) s.rid = a->value;
        for (const auto& r : o.wbRelList)
            if (r.id == s.rid) s.type = kindOf(r.type);
        std::string state = n.value("state");
        s.hidden = state == "hidden" || state == "veryHidden";
        o.sheets.push_back(s);
    }
}

} // namespace

void readOriginal(Graft& g) {
    findMainParts(g);
    const Source& src = g.src;
    Original& o = g.original;
    o.wb = std::make_unique<XmlDoc>(src.read(o.wbPart), src.label(o.wbPart));
    if (read::isStrictNamespace(o.wb->root().ns)) refuseStrict(src.path());
    if (!o.wb->root().is(kMainNs, "workbook")) throw ReadError(src.label(o.wbPart) + " is not a SpreadsheetML workbook.");
    o.wbRelsPart = src.nameOf(read::relationshipsPartFor(o.wbPart));
    o.wbRels = std::make_unique<XmlDoc>(src.read(o.wbRelsPart), src.label(o.wbRelsPart));
    o.wbRelList = relsOf(*o.wbRels);
    o.ct = std::make_unique<XmlDoc>(src.read("[Content_Types].xml"), src.label("[Content_Types].xml"));
    readSheets(o, src.label(o.wbPart));
}

} // namespace impact::write
