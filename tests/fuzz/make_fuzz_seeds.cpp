// Writes the generated seeds of the fuzz corpora: small, valid workbooks that between them use
// every feature the reader handles. Usage: make_fuzz_seeds CORPUS_DIR PARTS_CORPUS_DIR
// (corpus/ for read_fuzzer, corpus-parts/ for read_parts_fuzzer).
#include "workbook_gen.h"

#include <cstdio>
#include <fstream>
#include <string>

using namespace impact::testing;

namespace {

const char* kStyles =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\\ hh:mm\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss;@\"/></numFmts>"
    "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
    "<xf numFmtId=\"10\"/></cellXfs></styleSheet>";

WorkbookParts withStyles(WorkbookParts wb) {
    std::string rels = wb.find("xl/_rels/workbook.xml.rels")->content.prefix;
    rels.insert(rels.rfind("</Relationships>"),
                std::string("<Relationship Id=\"rId99\" Type=\"") + kRelNs + "/styles\" Target=\"styles.xml\"/>");
    wb.set("xl/_rels/workbook.xml.rels", rels);
    wb.set("xl/styles.xml", kStyles);
    return wb;
}

/// The parts text read_parts_fuzzer takes: its eight slots, separated by "\n#####\n".
void writeParts(WorkbookParts wb, const std::string& path) {
    static const char* const slots[] = {"[Content_Types].xml",      "_rels/.rels",          "xl/workbook.xml",
                                        "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                        "xl/styles.xml",            "xl/worksheets/sheet2.xml"};
    std::string out;
    std::size_t last = 0;
    for (std::size_t i = 0; i < std::size(slots); ++i)
        if (wb.find(slots[i])) last = i;
    for (std::size_t i = 0; i <= last; ++i) {
        if (i) out += "\n#####\n";
        if (Part* p = wb.find(slots[i])) out += p->content.prefix;
    }
    std::ofstream(path, std::ios::binary) << out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR PARTS_CORPUS_DIR\n", argv[0]);
        return 2;
    }
    std::string dir = argv[1], partsDir = argv[2];

    minimalWorkbook().write(dir + "/gen-minimal.xlsx");

    // Every cell type, dates through styles, escapes, rich text, phonetic runs, merges.
    WorkbookParts types = withStyles(minimalWorkbook());
    types.set("xl/sharedStrings.xml",
              std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sst xmlns=\"") + kMainNs +
                  "\" count=\"3\" uniqueCount=\"3\"><si><t>hello</t></si><si><r><rPr><b/></rPr><t>rich</t></r>"
                  "<r><t xml:space=\"preserve\"> text_x000D_</t></r><rPh sb=\"0\" eb=\"1\"><t>ph</t></rPh></si>"
                  "<si><t/></si></sst>");
    types.set("xl/worksheets/sheet1.xml",
              sheetXml("<row r=\"1\" spans=\"1:8\"><c r=\"A1\"><v>42</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
                       "<c r=\"C1\" t=\"b\"><v>1</v></c><c r=\"D1\" t=\"e\"><v>#N/A</v></c>"
                       "<c r=\"E1\" s=\"1\"><v>45000</v></c><c r=\"F1\" s=\"2\"><v>45000.5</v></c>"
                       "<c r=\"G1\" s=\"3\"><v>1.25</v></c><c r=\"H1\" s=\"4\"><v>0.5</v></c></row>"
                       "<row r=\"3\"><c r=\"B3\" t=\"str\"><f>A1&amp;\"x\"</f><v>42x</v></c>"
                       "<c r=\"A3\" t=\"d\"><v>2024-02-29T12:00:00</v></c><c r=\"C3\"><f>1/0</f></c>"
                       "<c r=\"D3\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line_x0041_</t></r></is></c>"
                       "<c r=\"$E$3\"><v> 1e308 </v></c><c r=\"F3\"><v>abc</v></c></row>"
                       "<row><c><v>-0</v></c><c t=\"s\"><v>2</v></c></row>",
                       "<sheetPr><tabColor rgb=\"FF00FF00\"/></sheetPr><dimension ref=\"A1:H4\"/>",
                       "<mergeCells count=\"2\"><mergeCell ref=\"A5:B6\"/><mergeCell ref=\"D6:C5\"/></mergeCells>"));
    types.write(dir + "/gen-types.xlsx");

    // Several sheets: hidden, very hidden, a chartsheet, a 1904 workbook, a sheet with no cells.
    WorkbookParts multi = workbookSkeleton({{"One", "worksheets/sheet1.xml"}, {"Two", "/xl/worksheets/sheet2.xml"},
                                            {"Three", "./worksheets/../worksheets/sheet3.xml"}});
    std::string wbXml = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<workbook xmlns=\"") + kMainNs +
                        "\" xmlns:r=\"" + kRelNs +
                        "\"><workbookPr date1904=\"1\"/><sheets><sheet name=\"One\" sheetId=\"1\" r:id=\"rId1\"/>"
                        "<sheet name=\"Two\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
                        "<sheet name=\"Three\" sheetId=\"3\" state=\"veryHidden\" r:id=\"rId3\"/>"
                        "<sheet name=\"Chart\" sheetId=\"4\" r:id=\"rId9\"/></sheets></workbook>";
    multi.set("xl/workbook.xml", wbXml);
    std::string rels = multi.find("xl/_rels/workbook.xml.rels")->content.prefix;
    rels.insert(rels.rfind("</Relationships>"),
                std::string("<Relationship Id=\"rId9\" Type=\"") + kRelNs + "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>");
    multi.set("xl/_rels/workbook.xml.rels", rels);
    multi.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"2\"><c r=\"B2\"><v>1</v></c></row>"));
    multi.set("xl/worksheets/sheet2.xml", sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"));
    multi.set("xl/worksheets/sheet3.xml", sheetXml(""));
    multi.set("xl/chartsheets/sheet1.xml", "<chartsheet/>");
    multi.set("xl/sharedStrings.xml", sharedStringsXml({"shared"}));
    multi.write(dir + "/gen-multi.xlsx");

    // Streaming-writer zip form: data descriptors, stored entries.
    WorkbookParts dd = minimalWorkbook();
    for (auto& p : dd.parts) p.options.flags = 0x8;
    dd.find("xl/workbook.xml")->options.method = 0;
    dd.find("xl/workbook.xml")->options.flags = 0;
    dd.write(dir + "/gen-datadescriptor.xlsx");

    // Strict OOXML namespaces.
    WorkbookParts strict = minimalWorkbook();
    for (auto& p : strict.parts) {
        std::string& s = p.content.prefix;
        for (auto [from, to] : {std::pair<std::string, std::string>{"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                                                     "http://purl.oclc.org/ooxml/spreadsheetml/main"},
                                {"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                                 "http://purl.oclc.org/ooxml/officeDocument/relationships"}})
            for (std::size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
    }
    strict.write(dir + "/gen-strict.xlsx");

    // The parts corpus.
    writeParts(minimalWorkbook(), partsDir + "/minimal.txt");
    writeParts(types, partsDir + "/types.txt");
    writeParts(strict, partsDir + "/strict.txt");
    WorkbookParts two = withStyles(workbookSkeleton({{"One", "worksheets/sheet1.xml"}, {"Two", "/xl/worksheets/sheet2.xml"}}));
    two.set("xl/workbook.xml", std::string("<?xml version=\"1.0\"?>\n<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                                   "\"><workbookPr date1904=\"true\"/><sheets><sheet name=\"One\" sheetId=\"1\" r:id=\"rId1\"/>"
                                   "<sheet name=\"Two\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/></sheets></workbook>");
    two.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>0</v></c></row>"));
    two.set("xl/sharedStrings.xml", sharedStringsXml({"x_x0041_"}));
    two.set("xl/worksheets/sheet2.xml", sheetXml("<row><c t=\"d\"><v>1904-01-01</v></c><c s=\"2\"><v>0.25</v></c></row>"));
    writeParts(two, partsDir + "/two-sheets.txt");

    // Regression inputs: what the fuzzer found.
    WorkbookParts emptyName = minimalWorkbook(); // an entry with an empty name (UB in Poco's isDirectory())
    EntryOptions stored;
    stored.method = 0;
    emptyName.parts.insert(emptyName.parts.begin() + 1, Part{"", "", stored});
    emptyName.write(dir + "/regress-empty-entry-name.xlsx");
    return 0;
}
