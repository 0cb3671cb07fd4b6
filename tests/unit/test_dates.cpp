// Dates: built-in and custom number formats, the 1900 system (with 29 February 1900) and the
// 1904 system, t="d" ISO 8601 cells, and the date helpers.
#include "workbook_builder.h"

#include "read/date.h"
#include "read/number_format.h"

#include <xlsxwriter.h>

#include <gtest/gtest.h>

using namespace impact::read;
using namespace impact::test;

namespace {

std::string num(const std::string& ref, double v, int style) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return "<c r=\"" + ref + "\" s=\"" + std::to_string(style) + "\"><v>" + buf + "</v></c>";
}

} // namespace

// ---- number formats ------------------------------------------------------------------------

TEST(Dates, BuiltinFormatIds) {
    EXPECT_EQ(builtinDateParts(14), DateParts::Date);
    for (std::uint32_t id : {15u, 16u, 17u}) EXPECT_EQ(builtinDateParts(id), DateParts::Date) << id;
    EXPECT_EQ(builtinDateParts(22), DateParts::DateTime);
    for (std::uint32_t id : {18u, 19u, 20u, 21u, 45u, 47u}) EXPECT_EQ(builtinDateParts(id), DateParts::Time) << id;
    EXPECT_EQ(builtinDateParts(46), DateParts::Duration); // [h]:mm:ss
    for (std::uint32_t id : {0u, 1u, 2u, 3u, 4u, 9u, 10u, 11u, 12u, 13u, 37u, 38u, 39u, 40u, 48u, 49u})
        EXPECT_EQ(builtinDateParts(id), DateParts::None) << id;
}

TEST(Dates, FormatCodes) {
    EXPECT_EQ(formatCodeDateParts("[$-809]dd/mm/yyyy"), DateParts::Date);
    EXPECT_EQ(formatCodeDateParts("dd mmmm yyyy hh:mm"), DateParts::DateTime);
    EXPECT_EQ(formatCodeDateParts("[$-809]dd mmmm yyyy hh:mm"), DateParts::DateTime);
    EXPECT_EQ(formatCodeDateParts("[h]:mm:ss"), DateParts::Duration);
    EXPECT_EQ(formatCodeDateParts("mm:ss"), DateParts::Time);
    EXPECT_EQ(formatCodeDateParts("h:mm AM/PM"), DateParts::Time);
    EXPECT_EQ(formatCodeDateParts("yyyy-mm-dd;@"), DateParts::Date);
    EXPECT_EQ(formatCodeDateParts("mmm-yy"), DateParts::Date);
    EXPECT_EQ(formatCodeDateParts("[$-F800]dddd, mmmm dd, yyyy"), DateParts::Date);
    EXPECT_EQ(formatCodeDateParts("[$-F400]h:mm:ss AM/PM"), DateParts::Time);
    EXPECT_EQ(formatCodeDateParts("0.00%"), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("£#,##0.00"), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("#,##0 \"days\""), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("General"), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("[Red]0.00;[Blue]-0.00"), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("\"Day \"0"), DateParts::None);
    EXPECT_EQ(formatCodeDateParts("@"), DateParts::None);
}

// ---- workbooks -----------------------------------------------------------------------------

TEST(Dates, XlsxwriterBuiltinAndCustomFormats) {
    TempFile file("xlsxwriter_dates");
    lxw_workbook* book = workbook_new(file.path().c_str());
    ASSERT_NE(book, nullptr);
    lxw_worksheet* ws = workbook_add_worksheet(book, "Dates");
    auto builtin = [&](std::uint8_t id) {
        lxw_format* f = workbook_add_format(book);
        format_set_num_format_index(f, id);
        return f;
    };
    auto custom = [&](const char* code) {
        lxw_format* f = workbook_add_format(book);
        format_set_num_format(f, code);
        return f;
    };
    // Row 1: built-in ids.
    worksheet_write_number(ws, 0, 0, 45678, builtin(14));            // A1
    worksheet_write_number(ws, 0, 1, 45678.75, builtin(22));         // B1
    worksheet_write_number(ws, 0, 2, 0.75, builtin(18));             // C1 h:mm AM/PM
    worksheet_write_number(ws, 0, 3, 0.5, builtin(19));              // D1 h:mm:ss AM/PM
    worksheet_write_number(ws, 0, 4, 0.25, builtin(20));             // E1 h:mm
    worksheet_write_number(ws, 0, 5, 0.25 + 1.0 / 86400, builtin(21)); // F1 h:mm:ss
    worksheet_write_number(ws, 0, 6, 1.0 / 1440, builtin(45));       // G1 mm:ss
    worksheet_write_number(ws, 0, 7, 1.5, builtin(46));              // H1 [h]:mm:ss
    worksheet_write_number(ws, 0, 8, 90.5 / 86400, builtin(47));     // I1 mmss.0
    worksheet_write_number(ws, 0, 9, 45678, builtin(2));             // J1 0.00
    // Row 2: custom codes.
    worksheet_write_number(ws, 1, 0, 45678, custom("[$-809]dd/mm/yyyy"));     // A2
    worksheet_write_number(ws, 1, 1, 45678.5, custom("dd mmmm yyyy hh:mm"));  // B2
    worksheet_write_number(ws, 1, 2, 1.25, custom("[h]:mm:ss"));              // C2
    worksheet_write_number(ws, 1, 3, 0.0125, custom("mm:ss"));                // D2
    worksheet_write_number(ws, 1, 4, 0.125, custom("0.00%"));                 // E2
    worksheet_write_number(ws, 1, 5, 1234.5, custom("£#,##0.00"));            // F2
    worksheet_write_number(ws, 1, 6, 45678, custom("#,##0 \"days\""));        // G2
    worksheet_write_number(ws, 1, 7, 45678, custom("General"));               // H2
    worksheet_write_number(ws, 1, 8, 45678, nullptr);                         // I2
    // Row 3: dates written by libxlsxwriter itself, around the 1900 leap-year bug.
    lxw_format* iso = custom("yyyy-mm-dd");
    lxw_format* isoTime = custom("yyyy-mm-dd hh:mm:ss");
    lxw_datetime d1 = {1900, 1, 1, 0, 0, 0};
    lxw_datetime d2 = {1900, 2, 28, 0, 0, 0};
    lxw_datetime d3 = {1900, 3, 1, 0, 0, 0};
    lxw_datetime d4 = {2025, 1, 21, 9, 30, 15};
    worksheet_write_datetime(ws, 2, 0, &d1, iso);     // A3
    worksheet_write_datetime(ws, 2, 1, &d2, iso);     // B3
    worksheet_write_datetime(ws, 2, 2, &d3, iso);     // C3
    worksheet_write_datetime(ws, 2, 3, &d4, isoTime); // D3
    ASSERT_EQ(workbook_close(book), LXW_NO_ERROR);

    SheetData s = readAll(file.path());
    EXPECT_FALSE(s.date1904);
    EXPECT_TRUE(dateIs(s, "A1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(dateIs(s, "B1", DateParts::DateTime, "2025-01-21T18:00:00"));
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Time, "18:00:00"));
    EXPECT_TRUE(dateIs(s, "D1", DateParts::Time, "12:00:00"));
    EXPECT_TRUE(dateIs(s, "E1", DateParts::Time, "06:00:00"));
    EXPECT_TRUE(dateIs(s, "F1", DateParts::Time, "06:00:01"));
    EXPECT_TRUE(dateIs(s, "G1", DateParts::Time, "00:01:00"));
    EXPECT_TRUE(dateIs(s, "H1", DateParts::Duration, "36:00:00"));
    EXPECT_TRUE(dateIs(s, "I1", DateParts::Time, "00:01:30.500"));
    EXPECT_TRUE(cellIs(s, "J1", CellType::Number, "45678"));

    EXPECT_TRUE(dateIs(s, "A2", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(dateIs(s, "B2", DateParts::DateTime, "2025-01-21T12:00:00"));
    EXPECT_TRUE(dateIs(s, "C2", DateParts::Duration, "30:00:00"));
    EXPECT_TRUE(dateIs(s, "D2", DateParts::Time, "00:18:00"));
    EXPECT_TRUE(cellIs(s, "E2", CellType::Number, "0.125"));
    EXPECT_TRUE(cellIs(s, "F2", CellType::Number, "1234.5"));
    EXPECT_TRUE(cellIs(s, "G2", CellType::Number, "45678"));
    EXPECT_TRUE(cellIs(s, "H2", CellType::Number, "45678"));
    EXPECT_TRUE(cellIs(s, "I2", CellType::Number, "45678"));

    EXPECT_TRUE(dateIs(s, "A3", DateParts::Date, "1900-01-01"));
    EXPECT_EQ(s.at("A3")->number, 1.0);
    EXPECT_TRUE(dateIs(s, "B3", DateParts::Date, "1900-02-28"));
    EXPECT_EQ(s.at("B3")->number, 59.0);
    EXPECT_TRUE(dateIs(s, "C3", DateParts::Date, "1900-03-01"));
    EXPECT_EQ(s.at("C3")->number, 61.0);
    EXPECT_TRUE(dateIs(s, "D3", DateParts::DateTime, "2025-01-21T09:30:15"));
}

TEST(Dates, HandWrittenCustomFormatIds) {
    // Custom codes under their own ids (164+), as Excel writes them; one xf per format.
    std::vector<std::pair<std::uint32_t, std::string>> fmts = {
        {164, "[$-809]dd/mm/yyyy"}, {165, "dd mmmm yyyy hh:mm"}, {166, "[h]:mm:ss"}, {167, "mm:ss"},
        {168, "0.00%"},             {169, "£#,##0.00"},          {170, "#,##0 \"days\""}, {171, "General"},
    };
    std::vector<std::uint32_t> xfs = {0, 164, 165, 166, 167, 168, 169, 170, 171, 14, 22};
    std::string sheetData = "<row r=\"1\">" + num("A1", 45678, 1) + num("B1", 45678.5, 2) + num("C1", 1.25, 3) +
                            num("D1", 0.0125, 4) + num("E1", 0.125, 5) + num("F1", 1234.5, 6) + num("G1", 45678, 7) +
                            num("H1", 45678, 8) + num("I1", 45678, 0) + num("J1", 45678, 9) +
                            num("K1", 45678.25, 10) + num("L1", 45678, 99) + "</row>";
    TempFile file("custom_formats");
    writePackage(file.path(), {.sheets = {{.name = "F", .xml = worksheetXml(sheetData)}}, .styles = stylesXml(fmts, xfs)});

    SheetData s = readAll(file.path());
    EXPECT_TRUE(dateIs(s, "A1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(dateIs(s, "B1", DateParts::DateTime, "2025-01-21T12:00:00"));
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Duration, "30:00:00"));
    EXPECT_TRUE(dateIs(s, "D1", DateParts::Time, "00:18:00"));
    EXPECT_TRUE(cellIs(s, "E1", CellType::Number, "0.125"));
    EXPECT_TRUE(cellIs(s, "F1", CellType::Number, "1234.5"));
    EXPECT_TRUE(cellIs(s, "G1", CellType::Number, "45678"));
    EXPECT_TRUE(cellIs(s, "H1", CellType::Number, "45678"));
    EXPECT_TRUE(cellIs(s, "I1", CellType::Number, "45678"));
    EXPECT_TRUE(dateIs(s, "J1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(dateIs(s, "K1", DateParts::DateTime, "2025-01-21T06:00:00"));
    EXPECT_TRUE(cellIs(s, "L1", CellType::Number, "45678")); // s="99": no such xf
}

TEST(Dates, TimeOfDayFormatsShowTheClockNotElapsedHours) {
    // A date-time shown with a time-of-day format (h:mm, mm:ss, h:mm AM/PM) shows its clock time,
    // as Excel does; only elapsed formats ([h], [mm], [ss]) pass 24 hours.
    std::vector<std::pair<std::uint32_t, std::string>> fmts = {{164, "hh:mm"}, {165, "[h]:mm"}, {166, "[mm]:ss"}};
    std::vector<std::uint32_t> xfs = {0, 20, 21, 18, 45, 46, 164, 165, 166};
    double when = 45678.25 + 30.0 / 86400; // 2025-01-21 06:00:30
    std::string sheetData = "<row r=\"1\">" + num("A1", when, 1) + num("B1", when, 2) + num("C1", when, 3) +
                            num("D1", 1 + 90.0 / 86400, 4) + num("E1", 1.25, 5) + num("F1", when, 6) +
                            num("G1", 1.25, 7) + num("H1", 1.25, 8) + "</row>"
                            "<row r=\"2\"><c r=\"A2\" t=\"d\" s=\"1\"><v>2025-01-21T06:00:30</v></c></row>";
    TempFile file("clock_times");
    writePackage(file.path(), {.sheets = {{.name = "T", .xml = worksheetXml(sheetData)}}, .styles = stylesXml(fmts, xfs)});
    SheetData s = readAll(file.path());
    EXPECT_TRUE(dateIs(s, "A1", DateParts::Time, "06:00:30")); // 20 h:mm
    EXPECT_TRUE(dateIs(s, "B1", DateParts::Time, "06:00:30")); // 21 h:mm:ss
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Time, "06:00:30")); // 18 h:mm AM/PM
    EXPECT_TRUE(dateIs(s, "D1", DateParts::Time, "00:01:30")); // 45 mm:ss
    EXPECT_TRUE(dateIs(s, "E1", DateParts::Duration, "30:00:00")); // 46 [h]:mm:ss
    EXPECT_TRUE(dateIs(s, "F1", DateParts::Time, "06:00:30")); // hh:mm
    EXPECT_TRUE(dateIs(s, "G1", DateParts::Duration, "30:00:00")); // [h]:mm
    EXPECT_TRUE(dateIs(s, "H1", DateParts::Duration, "30:00:00")); // [mm]:ss
    EXPECT_TRUE(dateIs(s, "A2", DateParts::Time, "06:00:30")); // t="d" shown with h:mm
}

TEST(Dates, System1900WithItsLeapDay) {
    std::string sheetData = "<row r=\"1\">" + num("A1", 1, 1) + num("B1", 59, 1) + num("C1", 60, 1) + num("D1", 61, 1) +
                            num("E1", 45678, 1) + num("F1", 60.5, 2) + "</row>";
    TempFile file("leap1900");
    writePackage(file.path(),
                 {.sheets = {{.name = "1900", .xml = worksheetXml(sheetData)}}, .styles = stylesXml({}, {0, 14, 22})});
    Workbook wb(file.path());
    EXPECT_FALSE(wb.date1904());
    SheetData s = readAll(wb, 0);
    EXPECT_TRUE(dateIs(s, "A1", DateParts::Date, "1900-01-01"));
    EXPECT_TRUE(dateIs(s, "B1", DateParts::Date, "1900-02-28"));
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Date, "1900-02-29"));
    EXPECT_TRUE(dateIs(s, "D1", DateParts::Date, "1900-03-01"));
    EXPECT_TRUE(dateIs(s, "E1", DateParts::Date, "2025-01-21"));
    EXPECT_TRUE(dateIs(s, "F1", DateParts::DateTime, "1900-02-29T12:00:00"));
}

TEST(Dates, System1904) {
    std::string sheetData = "<row r=\"1\">" + num("A1", 0, 1) + num("B1", 1, 1) + num("C1", 1462, 1) +
                            num("D1", 44216, 1) + num("E1", 0.5, 2) +
                            "<c r=\"F1\" t=\"d\"><v>1904-01-01</v></c>"
                            "<c r=\"G1\" t=\"d\"><v>2025-01-21</v></c></row>";
    for (const char* attr : {"date1904=\"1\"", "date1904=\"true\""}) {
        TempFile file("date1904");
        writePackage(file.path(), {.sheets = {{.name = "1904", .xml = worksheetXml(sheetData)}},
                                   .styles = stylesXml({}, {0, 14, 22}),
                                   .workbookPrAttributes = attr});
        Workbook wb(file.path());
        EXPECT_TRUE(wb.date1904()) << attr;
        SheetData s = readAll(wb, 0);
        EXPECT_TRUE(dateIs(s, "A1", DateParts::Date, "1904-01-01"));
        EXPECT_TRUE(dateIs(s, "B1", DateParts::Date, "1904-01-02"));
        EXPECT_TRUE(dateIs(s, "C1", DateParts::Date, "1908-01-02"));
        EXPECT_TRUE(dateIs(s, "D1", DateParts::Date, "2025-01-21"));
        EXPECT_TRUE(dateIs(s, "E1", DateParts::DateTime, "1904-01-01T12:00:00"));
        EXPECT_TRUE(dateIs(s, "F1", DateParts::Date, "1904-01-01"));
        EXPECT_EQ(s.at("F1")->number, 0.0);
        EXPECT_TRUE(dateIs(s, "G1", DateParts::Date, "2025-01-21"));
        EXPECT_EQ(s.at("G1")->number, 44216.0);
    }
    for (const char* attr : {"date1904=\"0\"", "date1904=\"false\"", "defaultThemeVersion=\"124226\""}) {
        TempFile file("date1900");
        writePackage(file.path(), {.sheets = {{.name = "1900", .xml = worksheetXml(sheetData)}},
                                   .styles = stylesXml({}, {0, 14, 22}),
                                   .workbookPrAttributes = attr});
        Workbook wb(file.path());
        EXPECT_FALSE(wb.date1904()) << attr;
        EXPECT_TRUE(dateIs(readAll(wb, 0), "D1", DateParts::Date, "2021-01-20"));
    }
}

TEST(Dates, IsoDateCells) {
    std::string sheetData = "<row r=\"1\">"
                            "<c r=\"A1\" t=\"d\"><v>2025-03-12</v></c>"
                            "<c r=\"B1\" t=\"d\"><v>2025-03-12T09:30:00</v></c>"
                            "<c r=\"C1\" t=\"d\"><v>09:30:00</v></c>"
                            "<c r=\"D1\" t=\"d\" s=\"1\"><v>2025-03-12T09:30:00</v></c>"
                            "<c r=\"E1\" t=\"d\"><v>2025-02-31</v></c>"
                            "<c r=\"F1\" t=\"d\"><v>1900-03-01</v></c>"
                            "<c r=\"G1\" t=\"d\"><v>2025-03-12T09:30:00Z</v></c>"
                            "<c r=\"H1\" t=\"d\"><v>1900-01-01</v></c>"
                            "<c r=\"I1\" t=\"d\"><v>2025-03-12T09:30:00.250</v></c>"
                            "<c r=\"J1\" t=\"d\"><v></v></c>"
                            "</row>";
    TempFile file("iso_dates");
    writePackage(file.path(), {.sheets = {{.name = "ISO", .xml = worksheetXml(sheetData)}}, .styles = stylesXml({}, {0, 14})});
    SheetData s = readAll(file.path());
    EXPECT_TRUE(dateIs(s, "A1", DateParts::Date, "2025-03-12"));
    EXPECT_EQ(s.at("A1")->number, 45728.0);
    EXPECT_TRUE(dateIs(s, "B1", DateParts::DateTime, "2025-03-12T09:30:00"));
    EXPECT_DOUBLE_EQ(s.at("B1")->number, 45728.0 + 9.5 / 24);
    EXPECT_TRUE(dateIs(s, "C1", DateParts::Time, "09:30:00"));
    EXPECT_DOUBLE_EQ(s.at("C1")->number, 9.5 / 24);
    EXPECT_TRUE(dateIs(s, "D1", DateParts::Date, "2025-03-12")); // its format shows only the date
    EXPECT_TRUE(cellIs(s, "E1", CellType::Text, "2025-02-31"));   // not a real date: kept as text
    EXPECT_TRUE(dateIs(s, "F1", DateParts::Date, "1900-03-01"));
    EXPECT_EQ(s.at("F1")->number, 61.0);
    EXPECT_TRUE(dateIs(s, "G1", DateParts::DateTime, "2025-03-12T09:30:00"));
    EXPECT_TRUE(dateIs(s, "H1", DateParts::Date, "1900-01-01"));
    EXPECT_EQ(s.at("H1")->number, 1.0);
    EXPECT_TRUE(dateIs(s, "I1", DateParts::DateTime, "2025-03-12T09:30:00.250"));
    EXPECT_TRUE(cellEmpty(s, "J1"));
}

// ---- date helpers --------------------------------------------------------------------------

TEST(Dates, SerialToIso1900) {
    EXPECT_EQ(serialToIso(1, false, DateParts::Date), "1900-01-01");
    EXPECT_EQ(serialToIso(59, false, DateParts::Date), "1900-02-28");
    EXPECT_EQ(serialToIso(60, false, DateParts::Date), "1900-02-29");
    EXPECT_EQ(serialToIso(61, false, DateParts::Date), "1900-03-01");
    EXPECT_EQ(serialToIso(45678, false, DateParts::Date), "2025-01-21");
    EXPECT_EQ(serialToIso(45678.999999999, false, DateParts::Date), "2025-01-22");
    EXPECT_EQ(serialToIso(1.5, false, DateParts::Duration), "36:00:00");
    EXPECT_EQ(serialToIso(1.5, false, DateParts::Time), "12:00:00");
    auto d = serialToDate(60, false);
    EXPECT_EQ(d.year, 1900);
    EXPECT_EQ(d.month, 2u);
    EXPECT_EQ(d.day, 29u);
}

TEST(Dates, SerialToIso1904) {
    EXPECT_EQ(serialToIso(0, true, DateParts::Date), "1904-01-01");
    EXPECT_EQ(serialToIso(1, true, DateParts::Date), "1904-01-02");
    EXPECT_EQ(serialToIso(59, true, DateParts::Date), "1904-02-29"); // 1904 is a real leap year
    EXPECT_EQ(serialToIso(0.75, true, DateParts::DateTime), "1904-01-01T18:00:00");
}

TEST(Dates, DateToSerial) {
    EXPECT_EQ(dateToSerial({1900, 1, 1}, false), 1.0);
    EXPECT_EQ(dateToSerial({1900, 2, 28}, false), 59.0);
    EXPECT_EQ(dateToSerial({1900, 3, 1}, false), 61.0);
    EXPECT_EQ(dateToSerial({2025, 1, 21}, false), 45678.0);
    EXPECT_EQ(dateToSerial({1904, 1, 1}, true), 0.0);
    EXPECT_EQ(dateToSerial({2025, 1, 21}, true), 44216.0);
}

TEST(Dates, IsValidDate) {
    EXPECT_FALSE(isValidDate(2025, 2, 31));
    EXPECT_FALSE(isValidDate(2025, 2, 29));
    EXPECT_TRUE(isValidDate(2024, 2, 29));
    EXPECT_FALSE(isValidDate(1900, 2, 29));
    EXPECT_TRUE(isValidDate(2000, 2, 29));
    EXPECT_FALSE(isValidDate(2025, 4, 31));
    EXPECT_TRUE(isValidDate(2025, 12, 31));
    EXPECT_FALSE(isValidDate(2025, 13, 1));
    EXPECT_FALSE(isValidDate(2025, 0, 1));
    EXPECT_FALSE(isValidDate(2025, 1, 0));
}

TEST(Dates, IsoToSerial) {
    DateParts parts = DateParts::None;
    auto v = isoToSerial("2025-03-12", false, parts);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, 45728.0);
    EXPECT_EQ(parts, DateParts::Date);
    v = isoToSerial("2025-03-12T09:30:00", false, parts);
    ASSERT_TRUE(v);
    EXPECT_DOUBLE_EQ(*v, 45728.0 + 9.5 / 24);
    EXPECT_EQ(parts, DateParts::DateTime);
    v = isoToSerial("09:30", false, parts);
    ASSERT_TRUE(v);
    EXPECT_DOUBLE_EQ(*v, 9.5 / 24);
    EXPECT_EQ(parts, DateParts::Time);
    v = isoToSerial("2025-03-12", true, parts);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, 45728.0 - 1462);
    EXPECT_FALSE(isoToSerial("2025-02-31", false, parts));
    EXPECT_FALSE(isoToSerial("12/03/2025", false, parts));
    EXPECT_FALSE(isoToSerial("", false, parts));
}
