// Packages: Transitional and Strict OOXML, namespace prefixes, and part names wherever the
// relationships point (custom folders, a root-level workbook, absolute and ../ targets,
// %-escapes, other letter case, backslash zip entry names, stored entries).
#include "workbook_builder.h"

#include "common/error.h"

#include <gtest/gtest.h>

#include <tuple>

using namespace impact::read;
using namespace impact::test;

namespace {

const char* kXmlDecl = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

struct Rel {
    std::string id, type, target;
};

std::string relsXml(const std::vector<Rel>& rels) {
    std::string xml = std::string(kXmlDecl) + "<Relationships xmlns=\"" + kPkgRelNs + "\">";
    for (const auto& r : rels)
        xml += "<Relationship Id=\"" + r.id + "\" Type=\"" + r.type + "\" Target=\"" + r.target + "\"/>";
    return xml + "</Relationships>";
}

std::string contentTypes() {
    return std::string(kXmlDecl) + "<Types xmlns=\"" + kContentTypesNs +
           "\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
}

/// workbook.xml in the given main and relationships namespaces, listing (name, rId) pairs.
std::string workbookXml(const std::string& mainNs, const std::string& relNs,
                        const std::vector<std::pair<std::string, std::string>>& sheets, const std::string& extra = "") {
    std::string xml = std::string(kXmlDecl) + "<workbook xmlns=\"" + mainNs + "\" xmlns:r=\"" + relNs + "\"" + extra +
                      "><sheets>";
    int n = 1;
    for (const auto& [name, rid] : sheets)
        xml += "<sheet name=\"" + name + "\" sheetId=\"" + std::to_string(n++) + "\" r:id=\"" + rid + "\"/>";
    return xml + "</sheets></workbook>";
}

std::string sheetIn(const std::string& mainNs, const std::string& sheetData) {
    return std::string(kXmlDecl) + "<worksheet xmlns=\"" + mainNs + "\"><sheetData>" + sheetData +
           "</sheetData></worksheet>";
}

std::string sstIn(const std::string& mainNs, const std::string& items) {
    return std::string(kXmlDecl) + "<sst xmlns=\"" + mainNs + "\">" + items + "</sst>";
}

std::string stylesIn(const std::string& mainNs) {
    // xf 0: General, xf 1: custom yyyy-mm-dd (164), xf 2: built-in 22.
    return std::string(kXmlDecl) + "<styleSheet xmlns=\"" + mainNs +
           "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
           "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"22\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>";
}

/// The same small sheet for every package: a shared string, a number, a date, inline text.
const char* kSheetData = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>42</v></c>"
                         "<c r=\"C1\" s=\"1\"><v>45678</v></c><c r=\"D1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
                         "</row>";
const char* kStrings = "<si><t>shared</t></si>";

void expectSmallSheet(const SheetData& s) {
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "shared"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "42"));
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(cellIs(s, "D1", CellType::Text, "inline"));
    EXPECT_EQ(s.summary.cells, 4u);
}

std::string T(const char* kind) { return std::string(kRelType) + kind; }
std::string S(const char* kind) { return std::string(kStrictRelType) + kind; }

} // namespace

TEST(Packages, TransitionalIsNotStrict) {
    TempFile file("transitional");
    writePackage(file.path(), {.sheets = {{.name = "T", .xml = worksheetXml(kSheetData)}},
                               .sharedStrings = sstXml(kStrings),
                               .styles = stylesIn(kMainNs)});
    Workbook wb(file.path());
    EXPECT_FALSE(wb.strict());
    expectSmallSheet(readAll(wb, 0));
}

TEST(Packages, StrictOoxml) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", S("officeDocument"), "xl/workbook.xml"}})},
        {"xl/workbook.xml", workbookXml(kStrictMainNs, kStrictRelNs, {{"Strict one", "rId1"}, {"Strict two", "rId2"}},
                                        " conformance=\"strict\"")},
        {"xl/_rels/workbook.xml.rels",
         relsXml({{"rId1", S("worksheet"), "worksheets/sheet1.xml"},
                  {"rId2", S("worksheet"), "worksheets/sheet2.xml"},
                  {"rId3", S("styles"), "styles.xml"},
                  {"rId4", S("sharedStrings"), "sharedStrings.xml"}})},
        {"xl/styles.xml", stylesIn(kStrictMainNs)},
        {"xl/sharedStrings.xml", sstIn(kStrictMainNs, kStrings)},
        {"xl/worksheets/sheet1.xml", sheetIn(kStrictMainNs, kSheetData)},
        {"xl/worksheets/sheet2.xml",
         sheetIn(kStrictMainNs, "<row r=\"3\"><c r=\"B3\" t=\"d\"><v>2025-03-12</v></c>"
                                "<c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\" t=\"e\"><v>#N/A</v></c></row>")},
    };
    TempFile file("strict");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    EXPECT_TRUE(wb.strict());
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[0].name, "Strict one");
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(wb.sheets()[1].part, "xl/worksheets/sheet2.xml");
    expectSmallSheet(readAll(wb, 0));
    SheetData two = readAll(wb, 1);
    EXPECT_TRUE(dateIs(two, "B3", DateParts::Date, "2025-03-12"));
    EXPECT_TRUE(cellIs(two, "C3", CellType::Boolean, "TRUE"));
    EXPECT_TRUE(cellIs(two, "D3", CellType::Error, "#N/A"));
}

TEST(Packages, StrictOoxmlHiddenChartAndMacroSheets) {
    std::string workbook = std::string(kXmlDecl) + "<workbook xmlns=\"" + kStrictMainNs + "\" xmlns:r=\"" +
                           kStrictRelNs + "\"><workbookPr date1904=\"1\"/><sheets>"
                           "<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/>"
                           "<sheet name=\"Chart\" sheetId=\"2\" state=\"hidden\" r:id=\"rId2\"/>"
                           "<sheet name=\"Dialog\" sheetId=\"3\" state=\"veryHidden\" r:id=\"rId3\"/>"
                           "</sheets></workbook>";
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", S("officeDocument"), "xl/workbook.xml"}})},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", relsXml({{"rId1", S("worksheet"), "worksheets/sheet1.xml"},
                                                {"rId2", S("chartsheet"), "chartsheets/sheet1.xml"},
                                                {"rId3", S("dialogsheet"), "dialogsheets/sheet1.xml"},
                                                {"rId4", S("styles"), "styles.xml"}})},
        {"xl/styles.xml", stylesIn(kStrictMainNs)},
        {"xl/worksheets/sheet1.xml", sheetIn(kStrictMainNs, "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c></row>")},
        {"xl/chartsheets/sheet1.xml", std::string(kXmlDecl) + "<chartsheet xmlns=\"" + kStrictMainNs + "\"/>"},
        {"xl/dialogsheets/sheet1.xml", sheetIn(kStrictMainNs, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")},
    };
    TempFile file("strict_kinds");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    EXPECT_TRUE(wb.strict());
    EXPECT_TRUE(wb.date1904());
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[1].kind, SheetKind::Chartsheet);
    EXPECT_EQ(wb.sheets()[1].visibility, Visibility::Hidden);
    EXPECT_EQ(wb.sheets()[2].kind, SheetKind::Dialogsheet);
    EXPECT_EQ(wb.sheets()[2].visibility, Visibility::VeryHidden);
    EXPECT_TRUE(dateIs(readAll(wb, 0), "A1", DateParts::Date, "1904-01-01"));
    EXPECT_TRUE(readAll(wb, 2).rows.empty());
}

TEST(Packages, NonDefaultNamespacePrefixes) {
    const std::string x = std::string("xmlns:x=\"") + kMainNs + "\"";
    std::string workbook = std::string(kXmlDecl) + "<x:workbook " + x + " xmlns:rel=\"" + kRelNs +
                           "\"><x:workbookPr rel:foo=\"1\" date1904=\"0\"/><x:sheets>"
                           "<x:sheet name=\"Prefixed\" sheetId=\"1\" rel:id=\"R7\"/></x:sheets></x:workbook>";
    std::string rels = std::string(kXmlDecl) + "<pr:Relationships xmlns:pr=\"" + kPkgRelNs + "\">" +
                       "<pr:Relationship Id=\"R7\" Type=\"" + T("worksheet") + "\" Target=\"worksheets/sheet1.xml\"/>" +
                       "<pr:Relationship Id=\"R8\" Type=\"" + T("sharedStrings") + "\" Target=\"sharedStrings.xml\"/>" +
                       "<pr:Relationship Id=\"R9\" Type=\"" + T("styles") + "\" Target=\"styles.xml\"/>" +
                       "</pr:Relationships>";
    std::string root = std::string(kXmlDecl) + "<p:Relationships xmlns:p=\"" + kPkgRelNs +
                       "\"><p:Relationship Id=\"a\" Type=\"" + T("officeDocument") +
                       "\" Target=\"xl/workbook.xml\"/></p:Relationships>";
    std::string sheet = std::string(kXmlDecl) + "<x:worksheet " + x +
                        "><x:dimension ref=\"A1:E1\"/><x:sheetData><x:row r=\"1\">"
                        "<x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\"><x:v>42</x:v></x:c>"
                        "<x:c r=\"C1\" s=\"1\"><x:v>45678</x:v></x:c>"
                        "<x:c r=\"D1\" t=\"inlineStr\"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r>"
                        "</x:is></x:c>"
                        "<x:c r=\"E1\" t=\"s\"><x:v>1</x:v></x:c>"
                        "</x:row></x:sheetData><x:mergeCells><x:mergeCell ref=\"F1:G1\"/></x:mergeCells>"
                        "</x:worksheet>";
    std::string sst = std::string(kXmlDecl) + "<x:sst " + x +
                      "><x:si><x:t>shared</x:t></x:si>"
                      "<x:si><x:r><x:t>ri</x:t></x:r><x:r><x:t>ch</x:t></x:r><x:rPh sb=\"0\" eb=\"1\"><x:t>ignored</x:t>"
                      "</x:rPh></x:si></x:sst>";
    std::string styles = std::string(kXmlDecl) + "<x:styleSheet " + x +
                         "><x:numFmts count=\"1\"><x:numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></x:numFmts>"
                         "<x:cellXfs count=\"2\"><x:xf numFmtId=\"0\"/><x:xf numFmtId=\"164\"/></x:cellXfs>"
                         "</x:styleSheet>";
    // Elements in no namespace or a foreign one are not SpreadsheetML: a stray <c> must be ignored.
    std::string sheetWithStrays =
        std::string(kXmlDecl) + "<x:worksheet " + x +
        " xmlns:o=\"urn:other\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c>"
        "<o:c r=\"B1\"><o:v>2</o:v></o:c></x:row></x:sheetData></x:worksheet>";
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", root},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/sharedStrings.xml", sst},
        {"xl/styles.xml", styles},
        {"xl/worksheets/sheet1.xml", sheet},
    };
    TempFile file("prefixed");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    EXPECT_FALSE(wb.strict());
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].name, "Prefixed");
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml");
    SheetData s = readAll(wb, 0);
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "shared"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "42"));
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(cellIs(s, "D1", CellType::Text, "inline"));
    EXPECT_TRUE(cellIs(s, "E1", CellType::Text, "rich"));
    ASSERT_TRUE(s.summary.dimension.has_value());
    EXPECT_EQ(rangeName(*s.summary.dimension), "A1:E1");
    ASSERT_EQ(s.summary.merged.size(), 1u);
    EXPECT_EQ(rangeName(s.summary.merged[0]), "F1:G1");

    entries.back().data = sheetWithStrays;
    TempFile strays("strays");
    writeZip(strays.path(), entries);
    SheetData t = readAll(strays.path());
    EXPECT_TRUE(cellIs(t, "A1", CellType::Number, "1"));
    EXPECT_TRUE(cellEmpty(t, "B1"));
    EXPECT_EQ(t.summary.cells, 1u);
}

TEST(Packages, PartsWhereTheRelationshipsPoint) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", T("officeDocument"), "xl/workbook.xml"}})},
        {"xl/workbook.xml", workbookXml(kMainNs, kRelNs, {{"Data", "rId1"}, {"More", "rId2"}})},
        {"xl/_rels/workbook.xml.rels", relsXml({{"rId1", T("worksheet"), "ws/data.xml"},
                                                {"rId2", T("worksheet"), "ws/more%20data.xml"},
                                                {"rId3", T("sharedStrings"), "text/strings.xml"},
                                                {"rId4", T("styles"), "./look/st.xml"}})},
        {"xl/text/strings.xml", sstXml(kStrings)},
        {"xl/look/st.xml", stylesIn(kMainNs)},
        {"xl/ws/data.xml", worksheetXml(kSheetData)},
        {"xl/ws/more data.xml", worksheetXml("<row r=\"2\"><c r=\"A2\"><v>7</v></c></row>")},
        // Decoys in the usual places, which the relationships do not name.
        {"xl/worksheets/sheet1.xml", worksheetXml("<row r=\"1\"><c r=\"A1\"><v>-1</v></c></row>")},
        {"xl/sharedStrings.xml", sstXml("<si><t>decoy</t></si>")},
    };
    TempFile file("custom_parts");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[0].part, "xl/ws/data.xml");
    EXPECT_EQ(wb.sheets()[1].part, "xl/ws/more data.xml");
    expectSmallSheet(readAll(wb, 0));
    EXPECT_TRUE(cellIs(readAll(wb, 1), "A2", CellType::Number, "7"));
}

TEST(Packages, RootLevelWorkbook) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", T("officeDocument"), "workbook.xml"}})},
        {"workbook.xml", workbookXml(kMainNs, kRelNs, {{"Root", "rId1"}})},
        {"_rels/workbook.xml.rels", relsXml({{"rId1", T("worksheet"), "sheets/one.xml"},
                                             {"rId2", T("sharedStrings"), "strings.xml"},
                                             {"rId3", T("styles"), "styles.xml"}})},
        {"strings.xml", sstXml(kStrings)},
        {"styles.xml", stylesIn(kMainNs)},
        {"sheets/one.xml", worksheetXml(kSheetData)},
    };
    TempFile file("root_workbook");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].name, "Root");
    EXPECT_EQ(wb.sheets()[0].part, "sheets/one.xml");
    expectSmallSheet(readAll(wb, 0));
}

TEST(Packages, AbsoluteAndParentTargets) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", T("officeDocument"), "/xl/main/workbook.xml"}})},
        {"xl/main/workbook.xml", workbookXml(kMainNs, kRelNs, {{"Absolute", "rId1"}, {"Parent", "rId2"}})},
        {"xl/main/_rels/workbook.xml.rels", relsXml({{"rId1", T("worksheet"), "/xl/worksheets/sheet1.xml"},
                                                     {"rId2", T("worksheet"), "../worksheets/./sheet2.xml"},
                                                     {"rId3", T("sharedStrings"), "/xl/sharedStrings.xml"},
                                                     {"rId4", T("styles"), "../styles.xml"}})},
        {"xl/sharedStrings.xml", sstXml(kStrings)},
        {"xl/styles.xml", stylesIn(kMainNs)},
        {"xl/worksheets/sheet1.xml", worksheetXml(kSheetData)},
        {"xl/worksheets/sheet2.xml", worksheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>")},
    };
    TempFile file("absolute");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(wb.sheets()[1].part, "xl/worksheets/sheet2.xml");
    expectSmallSheet(readAll(wb, 0));
    EXPECT_TRUE(cellIs(readAll(wb, 1), "A1", CellType::Text, "shared"));
}

TEST(Packages, BackslashZipEntryNames) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels\\.rels", relsXml({{"rId1", T("officeDocument"), "xl/workbook.xml"}})},
        {"xl\\workbook.xml", workbookXml(kMainNs, kRelNs, {{"One", "rId1"}, {"Two", "rId2"}})},
        {"xl\\_rels\\workbook.xml.rels", relsXml({{"rId1", T("worksheet"), "worksheets/sheet1.xml"},
                                                  {"rId2", T("worksheet"), "worksheets\\sheet2.xml"},
                                                  {"rId3", T("sharedStrings"), "sharedStrings.xml"},
                                                  {"rId4", T("styles"), "styles.xml"}})},
        {"xl\\sharedStrings.xml", sstXml(kStrings)},
        {"xl\\styles.xml", stylesIn(kMainNs)},
        {"xl\\worksheets\\sheet1.xml", worksheetXml(kSheetData)},
        {"xl\\worksheets\\sheet2.xml", worksheetXml("<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>")},
    };
    TempFile file("backslash");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml");
    EXPECT_EQ(wb.sheets()[1].part, "xl/worksheets/sheet2.xml");
    expectSmallSheet(readAll(wb, 0));
    EXPECT_TRUE(cellIs(readAll(wb, 1), "A1", CellType::Number, "2"));
}

TEST(Packages, PartNamesMatchIgnoringCase) {
    std::vector<ZipEntry> entries = {
        {"[Content_Types].xml", contentTypes()},
        {"_rels/.rels", relsXml({{"rId1", T("officeDocument"), "XL/Workbook.xml"}})},
        {"xl/workbook.xml", workbookXml(kMainNs, kRelNs, {{"Case", "rId1"}})},
        {"xl/_rels/workbook.xml.rels", relsXml({{"rId1", T("worksheet"), "Worksheets/Sheet1.XML"},
                                                {"rId2", T("sharedStrings"), "SharedStrings.xml"},
                                                {"rId3", T("styles"), "STYLES.xml"}})},
        {"xl/sharedStrings.xml", sstXml(kStrings)},
        {"xl/styles.xml", stylesIn(kMainNs)},
        {"xl/worksheets/sheet1.xml", worksheetXml(kSheetData)},
    };
    TempFile file("case");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].part, "xl/worksheets/sheet1.xml"); // the zip's own spelling
    expectSmallSheet(readAll(wb, 0));
}

TEST(Packages, StoredEntriesAndNoRootRelationships) {
    // Uncompressed (stored) entries; no _rels/.rels, so the usual xl/workbook.xml is used.
    PackageSpec spec{.sheets = {{.name = "Stored", .xml = worksheetXml(kSheetData)}},
                     .sharedStrings = sstXml(kStrings),
                     .styles = stylesIn(kMainNs)};
    std::vector<ZipEntry> entries;
    for (auto& e : buildPackage(spec)) {
        if (e.name == "_rels/.rels") continue;
        e.deflate = false;
        entries.push_back(e);
    }
    TempFile file("stored");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 1u);
    expectSmallSheet(readAll(wb, 0));
}

TEST(Packages, StreamedZipWithDataDescriptors) {
    // Streaming writers put zero sizes in the local headers and the real ones after the data.
    TempFile file("descriptors");
    writeZip(file.path(),
             buildPackage({.sheets = {{.name = "Streamed", .xml = worksheetXml(kSheetData)}},
                           .sharedStrings = sstXml(kStrings),
                           .styles = stylesIn(kMainNs)}),
             true);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 1u);
    expectSmallSheet(readAll(wb, 0));
}

TEST(Packages, MissingSheetPartIsAReadError) {
    std::vector<ZipEntry> entries = buildPackage({.sheets = {{.name = "Gone", .xml = worksheetXml("")}}});
    std::erase_if(entries, [](const ZipEntry& e) { return e.name == "xl/worksheets/sheet1.xml"; });
    TempFile file("missing_part");
    writeZip(file.path(), entries);
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 1u);
    EXPECT_EQ(wb.sheets()[0].part, "");
    struct Nop : RowVisitor {
        void onRow(const Row&) override {}
    } nop;
    EXPECT_THROW(wb.readSheet(0, nop), impact::ReadError);
}
