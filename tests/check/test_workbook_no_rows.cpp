// Sheets with their headers but no rows yet (a new workbook, a sheet not filled in): each is
// recognised as its kind with 0 rows and one info issue, sheet-no-rows, instead of an error.
#include "check_helpers.h"

#include <xlsxwriter.h>

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using model::Severity;

struct KindHeader {
    const char* sheet;
    const char* kind;
    Row header;
};

const std::vector<KindHeader>& headers() {
    static const std::vector<KindHeader> all = {
        {"Schools", "schools", {"School", "Sector", "Phase", "Pupil premium %", "Quota"}},
        {"Attendance", "attendance-long", {"Pupil ID", "Pupil name", "School", "Year group", "Activity", "Date", "Attended"}},
        {"Register", "attendance-register", {"Pupil name", "School", "Session 1", "Session 2", "Session 3"}},
        {"Head counts", "attendance-counts", {"School", "Date", "Activity", "Number attending"}},
        {"Contributions", "contributions", {"Contributor", "Sector", "Cash or in kind", "Amount (£)", "Date", "Purpose"}},
        {"Survey", "survey", {"Pupil ID", "Respondent type", "School", "Before / after", "How confident do you feel speaking in public?",
                              "Comments", "Consent to quote"}},
        {"Quiz", "assessment", {"Pupil name", "School", "Assessment", "Score before", "Score after", "Max score"}},
        {"Indicators", "indicators", {"Question", "Category", "Scale", "Respondents"}},
        {"Funders", "funders", {"Funder", "Email", "Contact name", "Contribution", "Personal note"}},
    };
    return all;
}

/// The issues raised on sheets (not the whole workbook).
Flags sheetIssues(const check::CheckResult& r) {
    Flags out;
    for (const auto& i : r.issues.all())
        if (!i.sheet.empty()) out.insert(flagOf(i));
    return out;
}

TEST(WorkbookNoRows, EveryKindWithItsHeadersOnly) {
    std::vector<SheetSpec> sheets;
    for (const auto& h : headers()) sheets.push_back({h.sheet, {h.header}});
    auto r = checkSheets(sheets);
    Flags expected;
    for (const auto& h : headers()) {
        const model::SheetReport* s = sheetReport(r, h.sheet);
        ASSERT_NE(s, nullptr) << h.sheet;
        EXPECT_EQ(model::sheetKindName(s->kind), h.kind) << describe(r);
        EXPECT_EQ(s->headerRow, std::optional<std::uint32_t>(1)) << describe(r);
        EXPECT_EQ(s->rows, 0u) << describe(r);
        EXPECT_EQ(s->columns.size(), h.header.size()) << describe(r);
        expected.insert({"sheet-no-rows", h.sheet, "row 1"});
    }
    // One issue per sheet, an info that names the header row; no errors.
    EXPECT_EQ(sheetIssues(r), expected) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    for (const auto& i : r.issues.all())
        if (i.rule == "sheet-no-rows") {
            EXPECT_EQ(i.severity, Severity::Info);
            EXPECT_EQ(i.message, "This sheet has its headers (row 1) but no rows under them yet; it is left out until rows are added.");
        }
    EXPECT_TRUE(r.model.attendance.empty());
    EXPECT_TRUE(r.model.contributions.empty());
    EXPECT_TRUE(r.model.schools.empty());
    EXPECT_TRUE(r.model.questions.empty());
    EXPECT_TRUE(r.model.responses.empty());
    EXPECT_TRUE(r.model.indicators.empty());
    EXPECT_TRUE(r.model.funders.empty());
    EXPECT_TRUE(r.model.assessments.empty());
}

TEST(WorkbookNoRows, HeaderBelowATitle) {
    // The header row is named in the message; no separate header-row-found.
    auto r = checkSheets({{"Contributions", {{"Contributions 2025-26"}, {}, {"Contributor", "Amount", "Date"}}}});
    EXPECT_EQ(sheetReport(r, "Contributions")->kind, model::SheetKind::Contributions) << describe(r);
    EXPECT_EQ(sheetReport(r, "Contributions")->headerRow, std::optional<std::uint32_t>(3)) << describe(r);
    EXPECT_EQ(sheetIssues(r), (Flags{{"sheet-no-rows", "Contributions", "row 3"}})) << describe(r);
    for (const auto& i : r.issues.all())
        if (i.rule == "sheet-no-rows") {
            EXPECT_NE(i.message.find("(row 3)"), std::string::npos) << i.message;
        }
}

TEST(WorkbookNoRows, OnlyBlankAndFormattedRowsUnderTheHeader) {
    // As a coordinator's template often is: a bold header, then rows that are formatted (dates,
    // amounts, borders) and a stray space, but hold nothing.
    TempDir dir;
    std::string path = dir.file("formatted.xlsx");
    lxw_workbook* wb = workbook_new(path.c_str());
    ASSERT_NE(wb, nullptr);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_format* money = workbook_add_format(wb);
    format_set_num_format(money, "£#,##0");
    format_set_border(money, LXW_BORDER_THIN);
    lxw_format* dateFormat = workbook_add_format(wb);
    format_set_num_format(dateFormat, "dd/mm/yyyy");
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Contributions");
    const char* header[] = {"Contributor", "Sector", "Amount", "Date"};
    for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(ws, 0, c, header[c], bold);
    for (lxw_row_t r = 1; r < 40; ++r) {
        worksheet_set_row(ws, r, 18, nullptr);
        worksheet_write_blank(ws, r, 0, bold);
        worksheet_write_blank(ws, r, 2, money);
        worksheet_write_blank(ws, r, 3, dateFormat);
    }
    worksheet_write_string(ws, 5, 1, " ", nullptr);
    worksheet_write_string(ws, 9, 0, "   ", nullptr);
    lxw_worksheet* schools = workbook_add_worksheet(wb, "Schools");
    worksheet_write_string(schools, 0, 0, "School", bold);
    worksheet_write_string(schools, 0, 1, "Sector", bold);
    for (lxw_row_t r = 1; r < 20; ++r) worksheet_write_string(schools, r, 1, " ", nullptr);
    ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

    auto r = check::checkWorkbook(path, vocab());
    for (const char* sheet : {"Contributions", "Schools"}) {
        EXPECT_NE(sheetReport(r, sheet)->kind, model::SheetKind::Skipped) << describe(r);
        EXPECT_EQ(sheetReport(r, sheet)->headerRow, std::optional<std::uint32_t>(1)) << describe(r);
        EXPECT_EQ(sheetReport(r, sheet)->rows, 0u) << describe(r);
    }
    EXPECT_EQ(sheetReport(r, "Contributions")->kind, model::SheetKind::Contributions);
    EXPECT_EQ(sheetReport(r, "Schools")->kind, model::SheetKind::Schools);
    EXPECT_EQ(sheetIssues(r), (Flags{{"sheet-no-rows", "Contributions", "row 1"}, {"sheet-no-rows", "Schools", "row 1"}})) << describe(r);
}

TEST(WorkbookNoRows, NotesAreStillNotTables) {
    // A sheet named for data whose headers are not Impact's words is still not understood, and a
    // notes sheet is still skipped: only a header row as strong as a table's makes a table.
    auto r = checkSheets({{"Attendance", {{"Term", "What happened"}}},
                          {"Notes", {{"Notes for next year"}, {"Remember to book the coaches early."}, {"Ask each school for its sector."}}},
                          {"Log", {{"Term", "What happened"}, {"Autumn", "Went well"}, {"School", "Sector"}}}});
    EXPECT_EQ(sheetReport(r, "Attendance")->kind, model::SheetKind::Skipped) << describe(r);
    EXPECT_EQ(sheetReport(r, "Notes")->kind, model::SheetKind::Skipped) << describe(r);
    EXPECT_EQ(sheetReport(r, "Log")->kind, model::SheetKind::Skipped) << describe(r);
    EXPECT_EQ(sheetIssues(r), (Flags{{"sheet-not-understood", "Attendance", ""}, {"sheet-skipped", "Notes", ""}, {"sheet-skipped", "Log", ""}}))
        << describe(r);
}

TEST(WorkbookNoRows, PartnershipSettingsWithoutValues) {
    auto r = checkSheets({{"Partnership",
                           {{"Setting", "Value", "What to write"},
                            {"Partnership name", "", "The name on the front of every report."},
                            {"Academic year", "", "The year the report covers, e.g. 2025-26."},
                            {"Lead school", "", "The school that leads the partnership."},
                            {"Next steps", "", "A few sentences for the end of the governors' brief."}}}});
    EXPECT_EQ(sheetReport(r, "Partnership")->kind, model::SheetKind::Partnership) << describe(r);
    EXPECT_EQ(sheetReport(r, "Partnership")->rows, 0u) << describe(r);
    EXPECT_EQ(sheetIssues(r), (Flags{{"sheet-no-rows", "Partnership", ""}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Info), (Flags{{"sheet-no-rows", "Partnership", ""}})) << describe(r);
    EXPECT_TRUE(r.model.settings.empty());

    // One value typed in: read, and no issue.
    auto one = checkSheets({{"Partnership",
                             {{"Setting", "Value"}, {"Partnership name", "York Schools Partnership"}, {"Academic year", ""}, {"Lead school", ""}}}});
    EXPECT_EQ(sheetReport(one, "Partnership")->kind, model::SheetKind::Partnership) << describe(one);
    EXPECT_EQ(sheetReport(one, "Partnership")->rows, 1u) << describe(one);
    EXPECT_EQ(sheetIssues(one), Flags{}) << describe(one);
    EXPECT_EQ(one.model.settings.at("partnership_name"), "York Schools Partnership");
}

TEST(WorkbookNoRows, EmptyIndicatorsSheetBesideASurvey) {
    // The survey's questions are placed by suggestion; the empty indicators sheet is the
    // coordinator's own (no second "Indicators" is proposed), and nothing is an error.
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?"},
                            {"P1", "Before", "Not very confident"},
                            {"P2", "Before", "Fairly confident"},
                            {"P1", "After", "Very confident"},
                            {"P2", "After", "Extremely confident"}}},
                          {"Indicators", {{"Question", "Category"}}}});
    EXPECT_EQ(sheetReport(r, "Pupil survey")->kind, model::SheetKind::Survey) << describe(r);
    EXPECT_EQ(sheetReport(r, "Pupil survey")->rows, 4u) << describe(r);
    EXPECT_EQ(sheetReport(r, "Indicators")->kind, model::SheetKind::Indicators) << describe(r);
    EXPECT_EQ(flagged(r, "sheet-no-rows"), (Flags{{"sheet-no-rows", "Indicators", "row 1"}})) << describe(r);
    EXPECT_EQ(flagged(r, "indicator-suggested"), (Flags{{"indicator-suggested", "Pupil survey", "C1"}})) << describe(r);
    EXPECT_TRUE(r.model.hasIndicatorsSheet);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(WorkbookNoRows, ATotalsRowAloneIsNoRows) {
    // A template with its totals row ready: recognised by the total under the amounts, no rows.
    auto r = checkSheets({{"Contributions", {{"Contributor", "Amount"}, {"Total", formula("SUM(B2:B2)", 0)}}}});
    EXPECT_EQ(sheetReport(r, "Contributions")->kind, model::SheetKind::Contributions) << describe(r);
    EXPECT_EQ(sheetReport(r, "Contributions")->rows, 0u) << describe(r);
    EXPECT_EQ(flagged(r, "sheet-no-rows"), (Flags{{"sheet-no-rows", "Contributions", "row 1"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

} // namespace
} // namespace impact::checktest
