// Sheet structure: rows and cells without r, sparse rows, out-of-order cells, <dimension>,
// merged cells, hidden sheets, sheet order and names, chartsheets, dialog sheets, macro sheets.
#include "workbook_builder.h"

#include "common/error.h"

#include <xlsxwriter.h>

#include <gtest/gtest.h>

using namespace impact::read;
using namespace impact::test;

namespace {

std::string inlineStr(const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

class CountingVisitor : public RowVisitor {
public:
    int rows = 0;
    void onRow(const Row&) override { ++rows; }
};

} // namespace

TEST(Structure, RowsAndCellsWithoutReferences) {
    std::string sheetData = "<row><c><v>1</v></c><c><v>2</v></c></row>"                      // row 1
                            "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"             // row 2
                            "<row r=\"5\"><c r=\"C5\"><v>3</v></c><c><v>4</v></c></row>"       // row 5
                            "<row><c><v>5</v></c></row>"                                      // row 6
                            "<row><c r=\"B8\"><v>6</v></c><c><v>7</v></c></row>"              // row 8 (from B8)
                            "<row r=\"10\"/>"                                                 // row 10, empty
                            "<row><c><v>8</v></c><c/><c><v>9</v></c></row>";                  // row 11
    TempFile file("no_r");
    writePackage(file.path(), {.sheets = {{.name = "NoRefs", .xml = worksheetXml(sheetData)}}});
    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Number, "1"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "2"));
    EXPECT_TRUE(cellIs(s, "A2", CellType::Text, "x"));
    EXPECT_TRUE(cellIs(s, "C5", CellType::Number, "3"));
    EXPECT_TRUE(cellIs(s, "D5", CellType::Number, "4"));
    EXPECT_TRUE(cellIs(s, "A6", CellType::Number, "5"));
    EXPECT_TRUE(cellIs(s, "B8", CellType::Number, "6"));
    EXPECT_TRUE(cellIs(s, "C8", CellType::Number, "7"));
    EXPECT_TRUE(cellIs(s, "A11", CellType::Number, "8"));
    EXPECT_TRUE(cellEmpty(s, "B11"));
    EXPECT_TRUE(cellIs(s, "C11", CellType::Number, "9"));
    EXPECT_EQ(s.rows, (std::vector<std::uint32_t>{0, 1, 4, 5, 7, 10}));
    EXPECT_EQ(s.summary.cells, 10u);
    EXPECT_EQ(s.summary.lastRow, 10u);
    EXPECT_EQ(s.summary.lastCol, 3u);
}

TEST(Structure, SparseRows) {
    std::string sheetData = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                            "<row r=\"50\"><c r=\"A50\" s=\"0\"/><c r=\"B50\" t=\"s\"/></row>" // blanks only
                            "<row r=\"100\" spans=\"1:16384\"><c r=\"A100\"><v>2</v></c>"
                            "<c r=\"XFD100\"><v>3</v></c></row>"
                            "<row r=\"1048576\"><c r=\"B1048576\"><v>4</v></c></row>";
    TempFile file("sparse");
    writePackage(file.path(), {.sheets = {{.name = "Sparse", .xml = worksheetXml(sheetData)}}});
    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Number, "1"));
    EXPECT_TRUE(cellIs(s, "A100", CellType::Number, "2"));
    EXPECT_TRUE(cellIs(s, "XFD100", CellType::Number, "3"));
    EXPECT_TRUE(cellIs(s, "B1048576", CellType::Number, "4"));
    EXPECT_EQ(s.rows, (std::vector<std::uint32_t>{0, 99, 1048575}));
    ASSERT_EQ(s.columns.size(), 3u);
    EXPECT_EQ(s.columns[1], (std::vector<std::uint32_t>{0, 16383}));
    EXPECT_EQ(s.summary.rowsWithData, 3u);
    EXPECT_EQ(s.summary.cells, 4u);
    EXPECT_EQ(s.summary.lastRow, 1048575u);
    EXPECT_EQ(s.summary.lastCol, 16383u);
}

TEST(Structure, OutOfOrderCells) {
    std::string sheetData = "<row r=\"1\"><c r=\"C1\"><v>3</v></c><c r=\"A1\"><v>1</v></c><c r=\"B1\"><v>2</v></c></row>"
                            "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"A2\"><v>2</v></c></row>"
                            "<row r=\"3\"><c r=\"D3\"><v>4</v></c><c r=\"B3\"><v>2</v></c><c><v>3</v></c></row>";
    TempFile file("order");
    writePackage(file.path(), {.sheets = {{.name = "Order", .xml = worksheetXml(sheetData)}}});
    SheetData s = readAll(file.path());
    ASSERT_EQ(s.columns.size(), 3u);
    EXPECT_EQ(s.columns[0], (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_TRUE(cellIs(s, "A1", CellType::Number, "1"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "2"));
    EXPECT_TRUE(cellIs(s, "C1", CellType::Number, "3"));
    EXPECT_EQ(s.columns[1], (std::vector<std::uint32_t>{0})); // the same cell twice: the later wins
    EXPECT_TRUE(cellIs(s, "A2", CellType::Number, "2"));
    EXPECT_EQ(s.columns[2], (std::vector<std::uint32_t>{1, 2, 3}));
    EXPECT_TRUE(cellIs(s, "B3", CellType::Number, "2"));
    EXPECT_TRUE(cellIs(s, "C3", CellType::Number, "3"));
    EXPECT_TRUE(cellIs(s, "D3", CellType::Number, "4"));
    EXPECT_EQ(s.summary.cells, 7u);
    EXPECT_EQ(s.summary.lastCol, 3u);
}

TEST(Structure, DimensionPresentOrAbsent) {
    std::string data = "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"D2\"><v>2</v></c></row>";
    TempFile file("dimension");
    writePackage(file.path(), {.sheets = {{.name = "Without", .xml = worksheetXml(data)},
                                          {.name = "With", .xml = worksheetXml(data, "", "<dimension ref=\"B2:D10\"/>")},
                                          {.name = "Single", .xml = worksheetXml("", "", "<dimension ref=\"A1\"/>")}}});
    Workbook wb(file.path());
    SheetData without = readAll(wb, 0);
    EXPECT_FALSE(without.summary.dimension.has_value());
    EXPECT_EQ(without.summary.lastRow, 1u);
    EXPECT_EQ(without.summary.lastCol, 3u);
    EXPECT_TRUE(cellIs(without, "D2", CellType::Number, "2"));

    SheetData with = readAll(wb, 1);
    ASSERT_TRUE(with.summary.dimension.has_value());
    EXPECT_EQ(rangeName(*with.summary.dimension), "B2:D10");
    EXPECT_EQ(with.summary.lastRow, 1u); // the claim is reported, not trusted

    SheetData single = readAll(wb, 2);
    ASSERT_TRUE(single.summary.dimension.has_value());
    EXPECT_EQ(rangeName(*single.summary.dimension), "A1");
    EXPECT_TRUE(single.rows.empty());
    EXPECT_FALSE(single.summary.lastRow.has_value());
    EXPECT_EQ(single.summary.cells, 0u);
}

TEST(Structure, MergedCellsXlsxwriter) {
    TempFile file("merged");
    lxw_workbook* book = workbook_new(file.path().c_str());
    ASSERT_NE(book, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(book, "Merged");
    lxw_format* centre = workbook_add_format(book);
    format_set_align(centre, LXW_ALIGN_CENTER);
    worksheet_merge_range(ws, 0, 0, 1, 2, "Title", centre); // A1:C2
    worksheet_merge_range(ws, 4, 4, 9, 5, "", centre);      // E5:F10
    worksheet_write_number(ws, 3, 0, 5, nullptr);           // A4
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    SheetData s = readAll(file.path());
    ASSERT_EQ(s.summary.merged.size(), 2u);
    EXPECT_EQ(rangeName(s.summary.merged[0]), "A1:C2");
    EXPECT_EQ(rangeName(s.summary.merged[1]), "E5:F10");
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "Title"));
    EXPECT_TRUE(cellEmpty(s, "B1"));
    EXPECT_TRUE(cellEmpty(s, "E5"));
    EXPECT_TRUE(cellIs(s, "A4", CellType::Number, "5"));
    EXPECT_EQ(s.summary.cells, 2u);
}

TEST(Structure, MergedCellsHandWritten) {
    std::string data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    std::string merges = "<mergeCells count=\"3\"><mergeCell ref=\"C1:C3\"/><mergeCell ref=\"A1:B2\"/>"
                         "<mergeCell ref=\"AA100:XFD1048576\"/></mergeCells>";
    TempFile file("merged_hand");
    writePackage(file.path(), {.sheets = {{.name = "M", .xml = worksheetXml(data, merges)}}});
    SheetData s = readAll(file.path());
    ASSERT_EQ(s.summary.merged.size(), 3u);
    EXPECT_EQ(rangeName(s.summary.merged[0]), "C1:C3");
    EXPECT_EQ(rangeName(s.summary.merged[1]), "A1:B2");
    EXPECT_EQ(rangeName(s.summary.merged[2]), "AA100:XFD1048576");
    EXPECT_TRUE(s.summary.merged[1].contains(1, 1));
    EXPECT_FALSE(s.summary.merged[1].contains(2, 0));
}

TEST(Structure, HiddenSheetsXlsxwriter) {
    TempFile file("hidden");
    lxw_workbook* book = workbook_new(file.path().c_str());
    ASSERT_NE(book, nullptr);
    lxw_worksheet* a = workbook_add_worksheet(book, "Visible");
    lxw_worksheet* b = workbook_add_worksheet(book, "Hidden €");
    worksheet_write_string(a, 0, 0, "shown", nullptr);
    worksheet_write_string(b, 0, 0, "secret", nullptr);
    worksheet_hide(b);
    workbook_add_worksheet(book, "R&D <'x'>");
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[2].name, "R&D <'x'>"); // XML-escaped in workbook.xml
    EXPECT_EQ(wb.sheets()[2].visibility, Visibility::Visible);
    EXPECT_EQ(wb.sheets()[0].name, "Visible");
    EXPECT_EQ(wb.sheets()[0].visibility, Visibility::Visible);
    EXPECT_EQ(wb.sheets()[1].name, "Hidden €");
    EXPECT_EQ(wb.sheets()[1].visibility, Visibility::Hidden);
    EXPECT_TRUE(cellIs(readAll(wb, 1), "A1", CellType::Text, "secret")); // hidden sheets still read
}

TEST(Structure, HiddenAndVeryHiddenSheetsHandWritten) {
    std::string data = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
    TempFile file("very_hidden");
    writePackage(file.path(), {.sheets = {{.name = "Shown", .xml = worksheetXml(data)},
                                          {.name = "Hid", .xml = worksheetXml(data), .state = "hidden"},
                                          {.name = "VeryHid", .xml = worksheetXml(data), .state = "veryHidden"},
                                          {.name = "Explicit", .xml = worksheetXml(data), .state = "visible"}}});
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 4u);
    EXPECT_EQ(wb.sheets()[0].visibility, Visibility::Visible);
    EXPECT_EQ(wb.sheets()[1].visibility, Visibility::Hidden);
    EXPECT_EQ(wb.sheets()[2].visibility, Visibility::VeryHidden);
    EXPECT_EQ(wb.sheets()[3].visibility, Visibility::Visible);
    EXPECT_TRUE(cellIs(readAll(wb, 2), "A1", CellType::Number, "1"));
}

TEST(Structure, SheetOrderAndUnicodeNamesFromWorkbookXml) {
    // workbook.xml lists the sheets in one order, the relationships and the zip in others,
    // and the part numbers in yet another.
    const char* names[] = {"Zeta Ω", "Données", "日本語 シート", "Emoji 😀"};
    std::string workbook = std::string("<workbook xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                           "\"><sheets>"
                           "<sheet name=\"Zeta Ω\" sheetId=\"7\" r:id=\"rId3\"/>"
                           "<sheet name=\"Données\" sheetId=\"2\" r:id=\"rId1\"/>"
                           "<sheet name=\"日本語 シート\" sheetId=\"5\" r:id=\"rId4\"/>"
                           "<sheet name=\"Emoji 😀\" sheetId=\"1\" r:id=\"rId2\"/>"
                           "</sheets></workbook>";
    std::string rels = std::string("<Relationships xmlns=\"") + kPkgRelNs + "\">" +
                       "<Relationship Id=\"rId1\" Type=\"" + kRelType + "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                       "<Relationship Id=\"rId2\" Type=\"" + kRelType + "worksheet\" Target=\"worksheets/sheet4.xml\"/>"
                       "<Relationship Id=\"rId3\" Type=\"" + kRelType + "worksheet\" Target=\"worksheets/sheet3.xml\"/>"
                       "<Relationship Id=\"rId4\" Type=\"" + kRelType + "worksheet\" Target=\"worksheets/sheet2.xml\"/>"
                       "</Relationships>";
    std::string root = std::string("<Relationships xmlns=\"") + kPkgRelNs + "\"><Relationship Id=\"rId1\" Type=\"" +
                       kRelType + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    auto sheet = [](const std::string& text) {
        return worksheetXml("<row r=\"1\">" + inlineStr("A1", text) + "</row>");
    };
    std::vector<ZipEntry> entries = {
        {"xl/worksheets/sheet2.xml", sheet("日本語 シート"), true},
        {"xl/worksheets/sheet4.xml", sheet("Emoji 😀"), true},
        {"_rels/.rels", root, true},
        {"xl/worksheets/sheet1.xml", sheet("Données"), true},
        {"xl/_rels/workbook.xml.rels", rels, true},
        {"xl/workbook.xml", workbook, true},
        {"xl/worksheets/sheet3.xml", sheet("Zeta Ω"), true},
    };
    TempFile file("order_names");
    writeZip(file.path(), entries);

    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 4u);
    const char* parts[] = {"xl/worksheets/sheet3.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                           "xl/worksheets/sheet4.xml"};
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(wb.sheets()[i].name, names[i]);
        EXPECT_EQ(wb.sheets()[i].part, parts[i]);
        EXPECT_EQ(wb.sheets()[i].kind, SheetKind::Worksheet);
        EXPECT_TRUE(cellIs(readAll(wb, i), "A1", CellType::Text, names[i])) << i;
    }
    EXPECT_EQ(wb.findSheet("Zeta Ω"), 0u);
    EXPECT_EQ(wb.findSheet("données"), 1u); // ASCII case-insensitive
    EXPECT_EQ(wb.findSheet("日本語 シート"), 2u);
    EXPECT_EQ(wb.findSheet("4"), 3u);
    EXPECT_FALSE(wb.findSheet("5").has_value());
    EXPECT_FALSE(wb.findSheet("Sheet1").has_value());
}

TEST(Structure, ChartsheetXlsxwriterSkipped) {
    TempFile file("chartsheet");
    lxw_workbook* book = workbook_new(file.path().c_str());
    ASSERT_NE(book, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(book, "Data");
    lxw_chartsheet* cs = workbook_add_chartsheet(book, "Chart1");
    for (int i = 0; i < 3; ++i) worksheet_write_number(ws, static_cast<lxw_row_t>(i), 0, i + 1, nullptr);
    lxw_chart* chart = workbook_add_chart(book, LXW_CHART_COLUMN);
    chart_add_series(chart, nullptr, "=Data!$A$1:$A$3");
    chartsheet_set_chart(cs, chart);
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 2u);
    EXPECT_EQ(wb.sheets()[0].kind, SheetKind::Worksheet);
    EXPECT_EQ(wb.sheets()[1].name, "Chart1");
    EXPECT_EQ(wb.sheets()[1].kind, SheetKind::Chartsheet);
    EXPECT_FALSE(wb.sheets()[1].hasCells());
    EXPECT_EQ(wb.sheets()[1].part, "xl/chartsheets/sheet1.xml");
    CountingVisitor v;
    SheetSummary summary = wb.readSheet(1, v);
    EXPECT_EQ(v.rows, 0);
    EXPECT_EQ(summary.cells, 0u);
    EXPECT_FALSE(summary.lastRow.has_value());
    EXPECT_EQ(readAll(wb, 0).summary.cells, 3u);
}

TEST(Structure, DialogSheetsAndChartsheetsHandWrittenSkipped) {
    // A dialog sheet that even holds cells: it is still skipped.
    std::string dialog = std::string("<dialogsheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                         "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></dialogsheet>";
    std::string chart = std::string("<chartsheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
                        "\"><sheetPr/><drawing r:id=\"rId1\"/></chartsheet>";
    std::string data = "<row r=\"1\"><c r=\"A1\"><v>2</v></c></row>";
    TempFile file("dialog");
    writePackage(file.path(),
                 {.sheets = {{.name = "Dialog1", .xml = dialog, .relType = std::string(kRelType) + "dialogsheet",
                              .part = "xl/dialogsheets/sheet1.xml"},
                             {.name = "Data", .xml = worksheetXml(data)},
                             {.name = "Chart1", .xml = chart, .relType = std::string(kRelType) + "chartsheet",
                              .part = "xl/chartsheets/sheet1.xml"}}});
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[0].kind, SheetKind::Dialogsheet);
    EXPECT_EQ(wb.sheets()[0].part, "xl/dialogsheets/sheet1.xml");
    EXPECT_FALSE(wb.sheets()[0].hasCells());
    EXPECT_EQ(wb.sheets()[1].kind, SheetKind::Worksheet);
    EXPECT_EQ(wb.sheets()[2].kind, SheetKind::Chartsheet);
    for (std::size_t i : {0u, 2u}) {
        CountingVisitor v;
        SheetSummary summary = wb.readSheet(i, v);
        EXPECT_EQ(v.rows, 0) << i;
        EXPECT_EQ(summary.cells, 0u) << i;
        EXPECT_EQ(summary.rowsWithData, 0u) << i;
    }
    EXPECT_TRUE(cellIs(readAll(wb, 1), "A1", CellType::Number, "2"));
}

TEST(Structure, Excel4MacroSheets) {
    auto macro = [](const std::string& cells) {
        return std::string("<xm:macrosheet xmlns=\"") + kMainNs + "\" xmlns:r=\"" + kRelNs +
               "\" xmlns:xm=\"http://schemas.microsoft.com/office/excel/2006/main\"><sheetPr/>"
               "<dimension ref=\"A1:B2\"/><sheetData>" + cells + "</sheetData></xm:macrosheet>";
    };
    std::string m1 = macro("<row r=\"1\"><c r=\"A1\" t=\"str\"><f>GET.WORKSPACE(1)</f><v>Windows</v></c>"
                           "<c r=\"B1\"><v>3</v></c></row><row r=\"2\"><c r=\"A2\" t=\"b\"><f>RETURN(TRUE)</f>"
                           "<v>1</v></c></row>");
    std::string m2 = macro("<row r=\"1\"><c r=\"A1\" t=\"e\"><v>#N/A</v></c></row>");
    TempFile file("macro");
    writePackage(file.path(), {.sheets = {{.name = "Data", .xml = worksheetXml("")},
                                          {.name = "Macro1", .xml = m1, .state = "hidden", .relType = kMacroRelType,
                                           .part = "xl/macrosheets/sheet1.xml"},
                                          {.name = "Intl", .xml = m2, .relType = kIntlMacroRelType,
                                           .part = "xl/macrosheets/intl1.xml"}}});
    Workbook wb(file.path());
    ASSERT_EQ(wb.sheets().size(), 3u);
    EXPECT_EQ(wb.sheets()[1].kind, SheetKind::Macrosheet);
    EXPECT_EQ(wb.sheets()[1].visibility, Visibility::Hidden);
    EXPECT_TRUE(wb.sheets()[1].hasCells());
    EXPECT_EQ(wb.sheets()[2].kind, SheetKind::Macrosheet);
    SheetData s = readAll(wb, 1);
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "Windows"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "3"));
    EXPECT_TRUE(cellIs(s, "A2", CellType::Boolean, "TRUE"));
    ASSERT_TRUE(s.summary.dimension.has_value());
    EXPECT_EQ(rangeName(*s.summary.dimension), "A1:B2");
    EXPECT_TRUE(cellIs(readAll(wb, 2), "A1", CellType::Error, "#N/A"));
    EXPECT_TRUE(readAll(wb, 0).rows.empty());
}
