// Cell values: shared strings (rich and phonetic runs, escapes, empty items), inline strings,
// formula strings, numbers, booleans, errors, cached formula values; cellText; A1 helpers.
#include "workbook_builder.h"

#include "read/cell.h"
#include "read/cell_text.h"
#include "read/shared_strings.h"

#include <xlsxwriter.h>

#include <gtest/gtest.h>

#include <limits>

using namespace impact::read;
using namespace impact::test;

namespace {

std::string row(int r, const std::string& cells) {
    return "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>";
}

} // namespace

// ---- libxlsxwriter workbooks ----------------------------------------------------------------

TEST(Values, XlsxwriterSharedStringsNumbersBooleansFormulas) {
    TempFile file("xlsxwriter_values");
    lxw_workbook* book = workbook_new(file.path().c_str());
    ASSERT_NE(book, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(book, "Values");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    lxw_format* italic = workbook_add_format(book);
    format_set_italic(italic);

    worksheet_write_string(ws, 0, 0, "Hello", nullptr);                        // A1
    worksheet_write_number(ws, 0, 1, 42.5, nullptr);                           // B1
    worksheet_write_boolean(ws, 0, 2, 1, nullptr);                             // C1
    worksheet_write_boolean(ws, 0, 3, 0, nullptr);                             // D1
    worksheet_write_string(ws, 0, 4, "Hello", nullptr);                        // E1: same shared string
    worksheet_write_formula_num(ws, 1, 0, "=B1*2", nullptr, 85);               // A2: cached number
    worksheet_write_formula_str(ws, 1, 1, "=\"a\"&\"b\"", nullptr, "ab");       // B2: t="str"
    lxw_rich_string_tuple f1 = {nullptr, const_cast<char*>("This is ")};
    lxw_rich_string_tuple f2 = {bold, const_cast<char*>("bold")};
    lxw_rich_string_tuple f3 = {nullptr, const_cast<char*>(" and ")};
    lxw_rich_string_tuple f4 = {italic, const_cast<char*>("italic")};
    lxw_rich_string_tuple* rich[] = {&f1, &f2, &f3, &f4, nullptr};
    worksheet_write_rich_string(ws, 2, 0, rich, nullptr);                      // A3: rich shared string
    worksheet_write_string(ws, 3, 0, "Line1\r\nLine2", nullptr);               // A4: CR stored as _x000D_
    worksheet_write_number(ws, 4, 0, 0.1, nullptr);                            // A5
    worksheet_write_number(ws, 4, 1, 1e21, nullptr);                           // B5
    worksheet_write_number(ws, 4, 2, -0.0, nullptr);                           // C5
    worksheet_write_number(ws, 4, 3, 123456789012.0, nullptr);                 // D5
    worksheet_write_number(ws, 4, 4, -3.25e-7, nullptr);                       // E5
    worksheet_write_blank(ws, 5, 0, bold);                                     // A6: formatted blank
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    // The quirks are really in the file.
    std::string sst = partText(file.path(), "xl/sharedStrings.xml");
    ASSERT_NE(sst.find("<r>"), std::string::npos) << sst;
    ASSERT_NE(sst.find("_x000D_"), std::string::npos) << sst;
    ASSERT_NE(partText(file.path(), "xl/worksheets/sheet1.xml").find("t=\"str\""), std::string::npos);

    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "Hello"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "42.5"));
    EXPECT_TRUE(cellIs(s, "C1", CellType::Boolean, "TRUE"));
    EXPECT_EQ(s.at("C1")->number, 1.0);
    EXPECT_TRUE(cellIs(s, "D1", CellType::Boolean, "FALSE"));
    EXPECT_EQ(s.at("D1")->number, 0.0);
    EXPECT_TRUE(cellIs(s, "E1", CellType::Text, "Hello"));
    EXPECT_TRUE(cellIs(s, "A2", CellType::Number, "85"));
    EXPECT_TRUE(cellIs(s, "B2", CellType::Text, "ab"));
    EXPECT_TRUE(cellIs(s, "A3", CellType::Text, "This is bold and italic"));
    EXPECT_TRUE(cellIs(s, "A4", CellType::Text, "Line1\r\nLine2"));
    EXPECT_TRUE(cellIs(s, "A5", CellType::Number, "0.1"));
    EXPECT_TRUE(cellIs(s, "B5", CellType::Number, "1e+21"));
    EXPECT_TRUE(cellIs(s, "C5", CellType::Number, "0"));
    EXPECT_TRUE(cellIs(s, "D5", CellType::Number, "123456789012"));
    EXPECT_TRUE(cellIs(s, "E5", CellType::Number, "-3.25e-07"));
    EXPECT_TRUE(cellEmpty(s, "A6"));
    EXPECT_EQ(s.summary.cells, 14u);
    EXPECT_EQ(s.summary.rowsWithData, 5u);
}

TEST(Values, XlsxwriterConstantMemoryWritesInlineStrings) {
    TempFile file("xlsxwriter_inline");
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(file.path().c_str(), &options);
    ASSERT_NE(book, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(book, "Inline");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    worksheet_write_string(ws, 0, 0, "inline text", nullptr);   // A1
    worksheet_write_number(ws, 0, 1, 7, nullptr);               // B1
    lxw_rich_string_tuple f1 = {nullptr, const_cast<char*>("rich ")};
    lxw_rich_string_tuple f2 = {bold, const_cast<char*>("inline")};
    lxw_rich_string_tuple* rich[] = {&f1, &f2, nullptr};
    worksheet_write_rich_string(ws, 1, 0, rich, nullptr);        // A2
    worksheet_write_string(ws, 2, 2, "a\rb", nullptr);           // C3
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    std::string sheet = partText(file.path(), "xl/worksheets/sheet1.xml");
    ASSERT_NE(sheet.find("t=\"inlineStr\""), std::string::npos) << sheet;

    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "inline text"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Number, "7"));
    EXPECT_TRUE(cellIs(s, "A2", CellType::Text, "rich inline"));
    EXPECT_TRUE(cellIs(s, "C3", CellType::Text, "a\rb"));
    EXPECT_EQ(s.summary.cells, 4u);
}

// ---- hand-written XML -----------------------------------------------------------------------

TEST(Values, SharedStringsRichPhoneticEscapesAndEmptyItems) {
    std::string items =
        "<si><t>plain</t></si>"                                                                    // 0
        "<si><r><rPr><b/><sz val=\"11\"/></rPr><t xml:space=\"preserve\">Hello </t></r>"
        "<r><rPr><i/></rPr><t>World</t></r></si>"                                                 // 1
        "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh>"
        "<phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"                                    // 2
        "<si><r><t>漢</t></r><r><t>字</t></r><rPh sb=\"0\" eb=\"1\"><t>カン</t></rPh>"
        "<rPh sb=\"1\" eb=\"2\"><t>ジ</t></rPh></si>"                                              // 3
        "<si/>"                                                                                    // 4
        "<si><t>Line1_x000D_&#10;Line2</t></si>"                                                   // 5
        "<si><t>a_x000d_b</t></si>"                                                                // 6
        "<si><t>_x005F_x000D_</t></si>"                                                            // 7
        "<si><t xml:space=\"preserve\">  padded  </t></si>"                                        // 8
        "<si><t>after the empty one</t></si>"                                                      // 9
        "<si><t></t></si>"                                                                         // 10
        "<si><t>tab_x0009_end_x263A_</t></si>";                                                    // 11
    std::string cells;
    for (int i = 0; i <= 11; ++i)
        cells += "<c r=\"" + columnName(static_cast<std::uint32_t>(i)) + "1\" t=\"s\"><v>" + std::to_string(i) +
                 "</v></c>";
    TempFile file("sst");
    writePackage(file.path(), {.sheets = {{.name = "Strings", .xml = worksheetXml(row(1, cells))}}, .sharedStrings = sstXml(items)});

    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "plain"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Text, "Hello World"));
    EXPECT_TRUE(cellIs(s, "C1", CellType::Text, "東京"));
    EXPECT_TRUE(cellIs(s, "D1", CellType::Text, "漢字"));
    EXPECT_TRUE(cellEmpty(s, "E1"));
    EXPECT_TRUE(cellIs(s, "F1", CellType::Text, "Line1\r\nLine2"));
    EXPECT_TRUE(cellIs(s, "G1", CellType::Text, "a\rb"));
    EXPECT_TRUE(cellIs(s, "H1", CellType::Text, "_x000D_"));
    EXPECT_TRUE(cellIs(s, "I1", CellType::Text, "  padded  "));
    EXPECT_TRUE(cellIs(s, "J1", CellType::Text, "after the empty one"));
    EXPECT_TRUE(cellEmpty(s, "K1"));
    EXPECT_TRUE(cellIs(s, "L1", CellType::Text, "tab\tend\u263A"));
    EXPECT_EQ(s.summary.cells, 10u);
}

TEST(Values, InlineStringsPlainRichPhoneticAndEscaped) {
    std::string cells =
        "<c r=\"A1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"B1\" t=\"inlineStr\"><is><r><rPr><b/></rPr><t xml:space=\"preserve\">rich </t></r>"
        "<r><t>inline</t></r></is></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></is></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>x_x000D_y_x000d_z</t></is></c>"
        "<c r=\"E1\" t=\"inlineStr\"><is><t/></is></c>"
        "<c r=\"F1\" t=\"inlineStr\" s=\"0\"><is><t xml:space=\"preserve\"> 12 </t></is></c>";
    TempFile file("inline");
    writePackage(file.path(), {.sheets = {{.name = "Inline", .xml = worksheetXml(row(1, cells))}}});

    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "inline"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Text, "rich inline"));
    EXPECT_TRUE(cellIs(s, "C1", CellType::Text, "東京"));
    EXPECT_TRUE(cellIs(s, "D1", CellType::Text, "x\ry\rz"));
    EXPECT_TRUE(cellEmpty(s, "E1"));
    EXPECT_TRUE(cellIs(s, "F1", CellType::Text, " 12 ")); // text that looks like a number stays text
}

TEST(Values, FormulaStringsErrorsBooleansAndCachedValues) {
    std::string sheetData =
        row(1, "<c r=\"A1\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
               "<c r=\"B1\" t=\"str\"><f>\"p\"&amp;CHAR(13)&amp;\"q\"</f><v>p_x000D_q</v></c>"
               "<c r=\"C1\" t=\"str\"><f>\"\"</f><v></v></c>"
               "<c r=\"D1\" t=\"str\"><f>T(1)</f></c>") +
        row(2, "<c r=\"A2\" t=\"e\"><v>#NULL!</v></c>"
               "<c r=\"B2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"
               "<c r=\"C2\" t=\"e\"><f>\"a\"+1</f><v>#VALUE!</v></c>"
               "<c r=\"D2\" t=\"e\"><v>#REF!</v></c>"
               "<c r=\"E2\" t=\"e\"><f>nosuchname</f><v>#NAME?</v></c>"
               "<c r=\"F2\" t=\"e\"><v>#NUM!</v></c>"
               "<c r=\"G2\" t=\"e\"><f>NA()</f><v>#N/A</v></c>"
               "<c r=\"H2\" t=\"e\"><v>#GETTING_DATA</v></c>") +
        row(3, "<c r=\"A3\" t=\"b\"><v>1</v></c>"
               "<c r=\"B3\" t=\"b\"><v>0</v></c>"
               "<c r=\"C3\" t=\"b\"><f>TRUE()</f><v>1</v></c>"
               "<c r=\"D3\" t=\"b\"><f>1&gt;2</f><v>0</v></c>") +
        row(4, "<c r=\"A4\"><f>1+1</f><v>2</v></c>"
               "<c r=\"B4\"><f>SUM(A1:A3)</f></c>"                      // no cached value
               "<c r=\"C4\"><f t=\"shared\" ref=\"C4:D4\" si=\"0\">A4*2</f><v>4</v></c>"
               "<c r=\"D4\"><f t=\"shared\" si=\"0\"/><v>4.5</v></c>"
               "<c r=\"E4\" t=\"n\"><f>1/3</f><v>0.33333333333333331</v></c>"
               "<c r=\"F4\"><f>1+1</f><v></v></c>"                      // empty cached value
               "<c r=\"G4\" t=\"b\"><f>TRUE()</f></c>"
               "<c r=\"H4\" t=\"e\"><f>NA()</f></c>"
               "<c r=\"I4\" t=\"s\"><f>A1</f></c>") +
        row(5, "<c r=\"A5\"><v>0.1</v></c>"
               "<c r=\"B5\"><v>1E+21</v></c>"
               "<c r=\"C5\"><v>-0</v></c>"
               "<c r=\"D5\"><v>123456789012</v></c>"
               "<c r=\"E5\"><v>1.5E-3</v></c>"
               "<c r=\"F5\" t=\"n\"><v>-17</v></c>") +
        row(6, "<c r=\"A6\"><f>SUM(A1:A5)</f></c><c r=\"B6\" t=\"str\"><f>A1</f></c>"); // only uncached
    TempFile file("formulas");
    writePackage(file.path(), {.sheets = {{.name = "Formulas", .xml = worksheetXml(sheetData)}}});

    SheetData s = readAll(file.path());
    EXPECT_TRUE(cellIs(s, "A1", CellType::Text, "ab"));
    EXPECT_TRUE(cellIs(s, "B1", CellType::Text, "p\rq"));
    EXPECT_TRUE(cellEmpty(s, "C1"));
    EXPECT_TRUE(cellEmpty(s, "D1"));

    EXPECT_TRUE(cellIs(s, "A2", CellType::Error, "#NULL!"));
    EXPECT_TRUE(cellIs(s, "B2", CellType::Error, "#DIV/0!"));
    EXPECT_TRUE(cellIs(s, "C2", CellType::Error, "#VALUE!"));
    EXPECT_TRUE(cellIs(s, "D2", CellType::Error, "#REF!"));
    EXPECT_TRUE(cellIs(s, "E2", CellType::Error, "#NAME?"));
    EXPECT_TRUE(cellIs(s, "F2", CellType::Error, "#NUM!"));
    EXPECT_TRUE(cellIs(s, "G2", CellType::Error, "#N/A"));
    EXPECT_TRUE(cellIs(s, "H2", CellType::Error, "#GETTING_DATA"));
    EXPECT_EQ(s.at("G2")->text, "#N/A");

    EXPECT_TRUE(cellIs(s, "A3", CellType::Boolean, "TRUE"));
    EXPECT_TRUE(cellIs(s, "B3", CellType::Boolean, "FALSE"));
    EXPECT_TRUE(cellIs(s, "C3", CellType::Boolean, "TRUE"));
    EXPECT_TRUE(cellIs(s, "D3", CellType::Boolean, "FALSE"));

    EXPECT_TRUE(cellIs(s, "A4", CellType::Number, "2"));
    EXPECT_TRUE(cellEmpty(s, "B4"));
    EXPECT_TRUE(cellIs(s, "C4", CellType::Number, "4"));
    EXPECT_TRUE(cellIs(s, "D4", CellType::Number, "4.5"));
    EXPECT_TRUE(cellIs(s, "E4", CellType::Number, "0.3333333333333333"));
    EXPECT_TRUE(cellEmpty(s, "F4"));
    EXPECT_TRUE(cellEmpty(s, "G4"));
    EXPECT_TRUE(cellEmpty(s, "H4"));
    EXPECT_TRUE(cellEmpty(s, "I4"));

    EXPECT_TRUE(cellIs(s, "A5", CellType::Number, "0.1"));
    EXPECT_EQ(s.at("A5")->number, 0.1);
    EXPECT_TRUE(cellIs(s, "B5", CellType::Number, "1e+21"));
    EXPECT_TRUE(cellIs(s, "C5", CellType::Number, "0"));
    EXPECT_TRUE(cellIs(s, "D5", CellType::Number, "123456789012"));
    EXPECT_TRUE(cellIs(s, "E5", CellType::Number, "0.0015"));
    EXPECT_TRUE(cellIs(s, "F5", CellType::Number, "-17"));

    // A row of formulas without cached values has nothing to show: it is not visited.
    EXPECT_TRUE(cellEmpty(s, "A6"));
    EXPECT_TRUE(cellEmpty(s, "B6"));
    EXPECT_EQ(s.rows, (std::vector<std::uint32_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(s.summary.rowsWithData, 5u);
    EXPECT_EQ(s.summary.cells, 2u + 8u + 4u + 4u + 6u);
    EXPECT_EQ(s.summary.lastRow, 4u);
}

// ---- escapes, cellText, A1 helpers ---------------------------------------------------------

TEST(Values, DecodeXmlEscapesEitherCase) {
    std::string a = "a_x000D_b_x000d_c";
    decodeXmlEscapes(a);
    EXPECT_EQ(a, "a\rb\rc");
    std::string b = "_x005F_x000D_";
    decodeXmlEscapes(b);
    EXPECT_EQ(b, "_x000D_");
    std::string c = "no_xZZZZ_escape_x00";
    decodeXmlEscapes(c);
    EXPECT_EQ(c, "no_xZZZZ_escape_x00");
    std::string d = "_x00e9_";
    decodeXmlEscapes(d);
    EXPECT_EQ(d, "\u00e9");
}

TEST(Values, DecodeXmlEscapesSurrogatePair) {
    // _xHHHH_ escapes are UTF-16 code units: a character beyond the BMP takes two of them.
    std::string s = "a_xD83D__xDE00_b";
    decodeXmlEscapes(s);
    EXPECT_EQ(s, "a\U0001F600b");
}

TEST(Values, CellTextNumbers) {
    auto shown = [](double v) {
        Cell c;
        c.type = CellType::Number;
        c.number = v;
        return cellText(c, false);
    };
    EXPECT_EQ(shown(0.1), "0.1");
    EXPECT_EQ(shown(1e21), "1e+21");
    EXPECT_EQ(shown(-0.0), "0");
    EXPECT_EQ(shown(123456789012.0), "123456789012");
    EXPECT_EQ(shown(0.1 + 0.2), "0.30000000000000004");
    EXPECT_EQ(shown(-3), "-3");
    EXPECT_EQ(formatNumber(1e21), "1e+21");
    EXPECT_EQ(formatNumber(-0.0), "0");
}

TEST(Values, CellTextOtherTypes) {
    Cell b;
    b.type = CellType::Boolean;
    b.number = 1;
    EXPECT_EQ(cellText(b, false), "TRUE");
    b.number = 0;
    EXPECT_EQ(cellText(b, false), "FALSE");
    Cell e;
    e.type = CellType::Error;
    e.text = "#N/A";
    EXPECT_EQ(cellText(e, false), "#N/A");
    Cell t;
    t.type = CellType::Text;
    t.text = "x";
    EXPECT_EQ(cellText(t, false), "x");
    Cell empty;
    EXPECT_EQ(cellText(empty, false), "");
    Cell d;
    d.type = CellType::Date;
    d.dateParts = DateParts::Date;
    d.number = 45678;
    EXPECT_EQ(cellText(d, false), "2025-01-21");
    d.dateParts = DateParts::DateTime;
    d.number = 45678.75;
    EXPECT_EQ(cellText(d, false), "2025-01-21T18:00:00");
    d.dateParts = DateParts::Time;
    d.number = 0.5;
    EXPECT_EQ(cellText(d, false), "12:00:00");
}

TEST(Values, ColumnNames) {
    EXPECT_EQ(columnName(0), "A");
    EXPECT_EQ(columnName(25), "Z");
    EXPECT_EQ(columnName(26), "AA");
    EXPECT_EQ(columnName(51), "AZ");
    EXPECT_EQ(columnName(52), "BA");
    EXPECT_EQ(columnName(701), "ZZ");
    EXPECT_EQ(columnName(702), "AAA");
    EXPECT_EQ(columnName(16383), "XFD");
    EXPECT_EQ(cellName(11, 1), "B12");
    EXPECT_EQ(cellName(1048575, 16383), "XFD1048576");
    EXPECT_EQ(rangeName(Range{0, 0, 2, 2}), "A1:C3");
    EXPECT_EQ(rangeName(Range{4, 3, 4, 3}), "D5");
}

TEST(Values, ParseCellNames) {
    std::uint32_t r = 99, c = 99;
    ASSERT_TRUE(parseCellName("$B$12", r, c));
    EXPECT_EQ(r, 11u);
    EXPECT_EQ(c, 1u);
    ASSERT_TRUE(parseCellName("B$12", r, c));
    EXPECT_EQ(r, 11u);
    EXPECT_EQ(c, 1u);
    ASSERT_TRUE(parseCellName("$B12", r, c));
    EXPECT_EQ(r, 11u);
    EXPECT_EQ(c, 1u);
    ASSERT_TRUE(parseCellName("xfd1048576", r, c));
    EXPECT_EQ(r, 1048575u);
    EXPECT_EQ(c, 16383u);
    for (const char* bad : {"", "A", "12", "A0", "1A", "ABCD1", "A1B", "A-1", "$", "$$A1", "A1:B2", " A1"})
        EXPECT_FALSE(parseCellName(bad, r, c)) << "'" << bad << "'";

    // Round trip over columns and rows.
    for (std::uint32_t col : {0u, 1u, 25u, 26u, 27u, 51u, 52u, 701u, 702u, 703u, 18277u % 16384u, 16383u}) {
        for (std::uint32_t rw : {0u, 8u, 9u, 99u, 1048575u}) {
            std::string name = cellName(rw, col);
            std::uint32_t pr = 0, pc = 0;
            ASSERT_TRUE(parseCellName(name, pr, pc)) << name;
            EXPECT_EQ(pr, rw) << name;
            EXPECT_EQ(pc, col) << name;
        }
    }
}

TEST(Values, ParseRangeNames) {
    auto r = parseRangeName("A1:C3");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->firstRow, 0u);
    EXPECT_EQ(r->firstCol, 0u);
    EXPECT_EQ(r->lastRow, 2u);
    EXPECT_EQ(r->lastCol, 2u);
    auto single = parseRangeName("$D$5");
    ASSERT_TRUE(single);
    EXPECT_EQ(rangeName(*single), "D5");
    auto reversed = parseRangeName("C3:A1");
    ASSERT_TRUE(reversed);
    EXPECT_EQ(rangeName(*reversed), "A1:C3");
    EXPECT_FALSE(parseRangeName("A1:"));
    EXPECT_FALSE(parseRangeName("nonsense"));
}
