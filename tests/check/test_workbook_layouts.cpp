// One small workbook per layout, written at test time: the sheet's kind, header row, the records
// read, and the exact cells flagged.
#include "check_helpers.h"
#include "read/date.h"
#include "recognise/extract.h"
#include "common/unicode_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

namespace impact::checktest {
namespace {

using model::Severity;

double serial(int y, unsigned m, unsigned d) { return read::dateToSerial({y, m, d}, false); }

std::set<std::string> schoolKeys(const check::CheckResult& r) {
    std::set<std::string> keys;
    for (const auto& a : r.model.attendance.records()) keys.insert(recognise::schoolKey(a.school));
    return keys;
}

/// Warnings other than the workbook-wide category-no-evidence ones.
Flags otherWarnings(const check::CheckResult& r) {
    Flags out;
    for (const auto& f : flaggedAt(r, Severity::Warning))
        if (f.rule != "category-no-evidence") out.insert(f);
    return out;
}

const model::Question* question(const check::CheckResult& r, const std::string& label) {
    for (const auto& q : r.model.questions)
        if (fold(q.label) == fold(label)) return &q;
    return nullptr;
}

std::size_t indexOf(const check::CheckResult& r, const model::Question* q) {
    return static_cast<std::size_t>(q - r.model.questions.data());
}

const model::Response* response(const check::CheckResult& r, const std::string& key, const std::string& timepoint) {
    for (const auto& x : r.model.responses)
        if (x.respondentKey == key && model::timepointName(x.timepoint) == timepoint) return &x;
    return nullptr;
}

// ---- attendance -----------------------------------------------------------------------------

SheetSpec attendanceLong() {
    return {"Attendance",
            {{"Maths masterclass attendance 2024-25"},
             {},
             {"Pupil name", "School", "", "Date", "Activity", "Attended", "Pupil premium"},
             {"Amy Adams", "Huntington School", "", date(2025, 3, 12), "Maths", "Y", "Y"},
             {"Ben Brown", "huntington school ", "", "12/03/2025", "Maths", "Y", "N"},
             {},
             {"Cara Cole", " HUNTINGTON SCHOOL", "", date(2025, 3, 19), "Maths", "N", "N"},
             {"Amy Adams", "Huntington School", "", date(2025, 3, 19), "Maths", "Y", "Y"},
             {"Dan Dale", "Fulford Vale Academy", "", date(2025, 3, 19), "Maths", "Y", "N"},
             {"Eve Evans", "Fulford Vale Academy", "", date(2025, 3, 19), "Maths", "Y", "Y"}},
            {"A1:G1"}};
}

TEST(WorkbookLayout, AttendanceLongWithMergedTitleBlankRowAndBlankColumn) {
    auto r = checkSheets({attendanceLong()});
    const auto* s = sheetReport(r, "Attendance");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::AttendanceLong) << describe(r);
    EXPECT_EQ(s->headerRow, 3u);
    EXPECT_EQ(s->rows, 6u);
    EXPECT_EQ(r.model.attendance.size(), 6u);
    EXPECT_EQ(flagged(r, "header-row-found"), (Flags{{"header-row-found", "Attendance", "A3"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
    // "Huntington School", "huntington school " and " HUNTINGTON SCHOOL" are one school.
    EXPECT_EQ(schoolKeys(r), (std::set<std::string>{"huntington school", "fulford vale academy"}));
    // The date typed as text is 12 March, the same session as the date cell above it.
    ASSERT_GE(r.model.attendance.size(), 2u);
    ASSERT_TRUE(r.model.attendance.records()[1].date.has_value());
    EXPECT_EQ(*r.model.attendance.records()[1].date, serial(2025, 3, 12));
    EXPECT_EQ(r.model.attendance.records()[0].sessionKey, r.model.attendance.records()[1].sessionKey);
    EXPECT_EQ(r.model.attendance.records()[1].source.row, 4u);
    EXPECT_FALSE(r.model.attendance.records()[2].present);
}

// A title merged across the columns directly above the header row is a title, not a parent
// header: the columns are "Pupil name", "School"..., not "Title (Pupil name)".
TEST(WorkbookLayout, TitleMergedDirectlyAboveTheHeader) {
    auto r = checkSheets({{"Attendance",
                           {{"Maths masterclass attendance 2024-25"},
                            {"Pupil name", "School", "Date", "Activity", "Attended"},
                            {"Amy Adams", "Huntington School", date(2025, 3, 12), "Maths", "Y"},
                            {"Ben Brown", "Huntington School", date(2025, 3, 12), "Maths", "Y"},
                            {"Cara Cole", "St Peter's School", date(2025, 3, 19), "Maths", "N"}},
                           {"A1:E1"}}});
    const auto* s = sheetReport(r, "Attendance");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::AttendanceLong) << describe(r);
    EXPECT_EQ(s->headerRow, 2u) << describe(r);
    EXPECT_EQ(s->rows, 3u);
    ASSERT_FALSE(s->columns.empty());
    EXPECT_EQ(s->columns.front().header, "Pupil name");
    EXPECT_EQ(s->columns.front().role, "pupil_name");
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(WorkbookLayout, AttendanceRegister) {
    auto r = checkSheets({{"Register",
                           {{"Philosophy masterclass register"},
                            {},
                            {"Pupil ID", "Pupil name", "School", "Year group", "Pupil premium (Y/N)", date(2024, 10, 5),
                             date(2024, 10, 12), date(2024, 10, 19), "Session 4"},
                            {"YK001", "Amy Adams", "Huntington School", 9, "Y", "✓", "A", "✓", "✓"},
                            {"YK002", "Ben Brown", "Huntington School ", 9, "N", "✓", "✓", "", "P"},
                            {"YK003", "Cara Cole", "St Peter's School", 10, "N", "A", "A", "A", "A"},
                            {"YK004", "Dan Dale", "st peter's school", 10, "Y", 1, 0, 1, ""}},
                           {"A1:I1"}}});
    const auto* s = sheetReport(r, "Register");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::AttendanceRegister) << describe(r);
    EXPECT_EQ(s->headerRow, 3u);
    EXPECT_EQ(s->rows, 4u);
    EXPECT_EQ(r.model.attendance.size(), 14u); // every mark that is not blank
    auto present = std::count_if(r.model.attendance.records().begin(), r.model.attendance.records().end(), [](const auto& a) { return a.present; });
    EXPECT_EQ(present, 8);
    EXPECT_EQ(schoolKeys(r), (std::set<std::string>{"huntington school", "st peter's school"}));
    std::set<std::string> sessions;
    for (const auto& a : r.model.attendance.records()) sessions.insert(a.sessionKey);
    EXPECT_EQ(sessions.size(), 4u);
    // The first session's date comes from its header cell.
    ASSERT_TRUE(r.model.attendance.records().front().date.has_value());
    EXPECT_EQ(*r.model.attendance.records().front().date, serial(2024, 10, 5));
    EXPECT_EQ(flagged(r, "header-row-found"), (Flags{{"header-row-found", "Register", "A3"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

TEST(WorkbookLayout, AttendanceCountsWithTotalsRow) {
    auto r = checkSheets({{"Events log",
                           {{"School", "Date", "Activity", "Number attending", "Pupil premium count"},
                            {"Cotham School", date(2025, 3, 12), "Robotics day", 25, 6},
                            {"Redland Green School", "12/03/2025", "Robotics day", 18, 3},
                            {"Cotham School", date(2025, 3, 19), "Debating", 12, 2},
                            {"Total", "", "", formula("=SUM(D2:D4)", 55), formula("=SUM(E2:E4)", 11)},
                            {"Figures from the registers."}}}});
    const auto* s = sheetReport(r, "Events log");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::AttendanceCounts) << describe(r);
    EXPECT_EQ(s->headerRow, 1u);
    EXPECT_EQ(s->rows, 3u);
    ASSERT_EQ(r.model.attendance.size(), 3u) << "the totals row must not be read as data";
    double total = 0, pp = 0;
    for (const auto& a : r.model.attendance.records()) {
        EXPECT_TRUE(a.isHeadCount);
        total += a.headCount;
        pp += a.pupilPremiumCount.value_or(0);
    }
    EXPECT_EQ(total, 55);
    EXPECT_EQ(pp, 11);
    ASSERT_TRUE(r.model.attendance.records()[1].date.has_value());
    EXPECT_EQ(*r.model.attendance.records()[1].date, serial(2025, 3, 12));
    EXPECT_EQ(r.model.attendance.records()[0].sessionKey, r.model.attendance.records()[1].sessionKey);
    EXPECT_EQ(flagged(r, "totals-row-skipped"), (Flags{{"totals-row-skipped", "Events log", "row 5"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

// ---- contributions ----------------------------------------------------------------------------

TEST(WorkbookLayout, ContributionsWithTitleTextAmountsAndTotals) {
    auto r = checkSheets({{"Contributions",
                           {{"Contributions 2024-25"},
                            {"Contributor", "Sector", "Cash or in kind", "Amount", "Date", "Purpose"},
                            {"St Peter's School", "Independent", "Cash", 2000, date(2024, 10, 1), "Coaches"},
                            {"Huntington School", "State", "In kind", "£1,050.00", date(2024, 10, 8), "Staff time"},
                            {"University of York", "University", "In kind", "£2,000", "15/10/2024", "Lab time"},
                            {"Bristol City Council", "Local authority", "Cash", 500, date(2024, 11, 1), "Grant"},
                            {"Total", "", "", formula("=SUM(D3:D6)", 2500)}}}});
    const auto* s = sheetReport(r, "Contributions");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Contributions) << describe(r);
    EXPECT_EQ(s->headerRow, 2u);
    EXPECT_EQ(s->rows, 4u);
    ASSERT_EQ(r.model.contributions.size(), 4u);
    std::vector<double> amounts;
    std::vector<std::string> sectors;
    std::vector<bool> inKind;
    for (const auto& c : r.model.contributions) {
        amounts.push_back(c.amount);
        sectors.push_back(c.sector);
        inKind.push_back(c.inKind);
    }
    EXPECT_EQ(amounts, (std::vector<double>{2000, 1050, 2000, 500}));
    EXPECT_EQ(sectors, (std::vector<std::string>{"independent", "state", "university", "council"}));
    EXPECT_EQ(inKind, (std::vector<bool>{false, true, true, false}));
    ASSERT_TRUE(r.model.contributions[2].date.has_value());
    EXPECT_EQ(*r.model.contributions[2].date, serial(2024, 10, 15));
    EXPECT_EQ(flagged(r, "header-row-found"), (Flags{{"header-row-found", "Contributions", "A2"}})) << describe(r);
    EXPECT_EQ(flagged(r, "value-read-as"),
              (Flags{{"value-read-as", "Contributions", "D4"}, {"value-read-as", "Contributions", "D5"}}))
        << describe(r);
    EXPECT_EQ(flagged(r, "totals-row-skipped"), (Flags{{"totals-row-skipped", "Contributions", "row 7"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

// ---- surveys ----------------------------------------------------------------------------------

TEST(WorkbookLayout, SurveyWithTimepointColumn) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "School", "Before / after", "How confident are you speaking in public?",
                             "How much do you know about space? (1-5)"},
                            {"P1", "Huntington School", "Before", "Not very confident", 2},
                            {"P2", "Huntington School", "Before", "Fairly confident", 3},
                            {"P3", "St Peter's School", "Before", "Not at all confident", 1},
                            {"P1", "Huntington School", "After", "Very confident", 4},
                            {"P2", "Huntington School", "After", "Extremely confident", 5},
                            {"P3", "St Peter's School", "After", "Fairly confident", 3}}}});
    const auto* s = sheetReport(r, "Pupil survey");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Survey) << describe(r);
    EXPECT_EQ(s->rows, 6u);
    ASSERT_EQ(r.model.questions.size(), 2u) << describe(r);
    const auto* conf = question(r, "How confident are you speaking in public?");
    const auto* know = question(r, "How much do you know about space? (1-5)");
    ASSERT_TRUE(conf && know) << describe(r);
    EXPECT_EQ(conf->scale, "confidence5");
    EXPECT_EQ(know->scale, "numeric1_5");
    EXPECT_EQ(conf->category, 2);
    EXPECT_EQ(know->category, 1);
    EXPECT_TRUE(conf->categorySuggested);
    EXPECT_EQ(r.model.responses.size(), 6u);
    const auto* p1before = response(r, "id:p1", "before");
    const auto* p1after = response(r, "id:p1", "after");
    ASSERT_TRUE(p1before && p1after) << describe(r);
    EXPECT_EQ(p1before->answers.at(indexOf(r, conf)), 2); // "Not very confident" is point 2
    EXPECT_EQ(p1after->answers.at(indexOf(r, conf)), 4);
    EXPECT_EQ(p1after->answers.at(indexOf(r, know)), 4);
    EXPECT_EQ(flagged(r, "indicator-suggested"),
              (Flags{{"indicator-suggested", "Pupil survey", "D1"}, {"indicator-suggested", "Pupil survey", "E1"}}))
        << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

std::vector<Row> pairedRows() {
    std::vector<Row> rows = {
        {"Pupil ID", "School", "How confident are you speaking in public?", "", "How much do you enjoy science?", ""},
        {"", "", "Before", "After", "Before", "After"},
        {"P1", "Huntington School", "Not very confident", "Very confident", "Agree", "Strongly agree"},
        {"P2", "Huntington School", "Fairly confident", "Fairly confident", "Disagree", "Agree"},
        {"P3", "St Peter's School", "Not at all confident", "Extremely confident", "Neither agree nor disagree", "Agree"}};
    return rows;
}

void expectPairedSurvey(const check::CheckResult& r) {
    const auto* s = sheetReport(r, "Survey");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Survey) << describe(r);
    EXPECT_EQ(s->headerRow, 2u) << describe(r);
    EXPECT_EQ(s->rows, 3u) << describe(r);
    ASSERT_EQ(r.model.questions.size(), 2u) << describe(r);
    const auto* conf = question(r, "How confident are you speaking in public?");
    const auto* enjoy = question(r, "How much do you enjoy science?");
    ASSERT_TRUE(conf && enjoy) << describe(r);
    EXPECT_EQ(conf->columns, (std::vector<std::uint32_t>{2, 3}));
    EXPECT_EQ(enjoy->columns, (std::vector<std::uint32_t>{4, 5}));
    EXPECT_EQ(conf->scale, "confidence5");
    EXPECT_EQ(enjoy->scale, "agreement5");
    EXPECT_EQ(r.model.responses.size(), 6u) << describe(r);
    const auto* p3before = response(r, "id:p3", "before");
    const auto* p3after = response(r, "id:p3", "after");
    ASSERT_TRUE(p3before && p3after) << describe(r);
    EXPECT_EQ(p3before->answers.at(indexOf(r, conf)), 1);
    EXPECT_EQ(p3after->answers.at(indexOf(r, conf)), 5);
    EXPECT_EQ(p3before->answers.at(indexOf(r, enjoy)), 3);
    EXPECT_EQ(p3after->answers.at(indexOf(r, enjoy)), 4);
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), Flags{}) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

// A question merged over "Before"/"After" sub-headers; Pupil ID and School merged down over both
// header rows.
TEST(WorkbookLayout, SurveyQuestionMergedOverBeforeAfterSubHeaders) {
    auto r = checkSheets({{"Survey", pairedRows(), {"A1:A2", "B1:B2", "C1:D1", "E1:F1"}}});
    expectPairedSurvey(r);
}

// The same, with Pupil ID and School typed in the first header row only (not merged down).
TEST(WorkbookLayout, SurveyQuestionMergedOverSubHeadersIdNotMergedDown) {
    auto r = checkSheets({{"Survey", pairedRows(), {"C1:D1", "E1:F1"}}});
    expectPairedSurvey(r);
}

TEST(WorkbookLayout, SurveyWithPairedColumns) {
    auto r = checkSheets({{"Survey",
                           {{"Pupil ID", "Q3 (before)", "Q3 (after)"},
                            {"P1", 2, 4},
                            {"P2", 3, 3},
                            {"P3", 1, 5},
                            {"P4", 4, ""}}}});
    const auto* s = sheetReport(r, "Survey");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Survey) << describe(r);
    ASSERT_EQ(r.model.questions.size(), 1u) << describe(r);
    EXPECT_EQ(r.model.questions[0].columns, (std::vector<std::uint32_t>{1, 2}));
    EXPECT_EQ(r.model.questions[0].scale, "numeric1_5");
    EXPECT_EQ(r.model.responses.size(), 7u);
    // P4 answered before only: attrition, at the respondent's identity cell.
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), (Flags{{"survey-unmatched-before", "Survey", "A5"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

// Questions are listed in the order of their columns, as the coordinator's survey asks them.
TEST(WorkbookLayout, QuestionsInColumnOrder) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Q2 Zebras", "Q1 Apples"},
                            {"P1", 2, 4},
                            {"P2", 3, 3},
                            {"P3", 1, 5}}}});
    ASSERT_EQ(r.model.questions.size(), 2u) << describe(r);
    EXPECT_EQ(r.model.questions[0].label, "Q2 Zebras");
    EXPECT_EQ(r.model.questions[1].label, "Q1 Apples");
}

// The paired question keeps its wording, capitals and all, for the reports.
TEST(WorkbookLayout, PairedQuestionLabelKeepsItsWording) {
    auto r = checkSheets({{"Survey",
                           {{"Pupil ID", "How confident are you? (before)", "How confident are you? (after)"},
                            {"P1", 2, 4},
                            {"P2", 3, 3},
                            {"P3", 1, 5}}}});
    ASSERT_EQ(r.model.questions.size(), 1u) << describe(r);
    EXPECT_EQ(r.model.questions[0].label, "How confident are you?");
}

std::vector<Row> formsSheet(const std::vector<std::tuple<int, std::string, std::string, int, std::string>>& rows) {
    std::vector<Row> out = {{"ID", "Start time", "Completion time", "Email", "Name",
                             "How confident do you feel teaching electricity?",
                             "How confident are you using coding robots in science lessons?"}};
    for (const auto& [id, email, name, q1, q2] : rows)
        out.push_back({id, "3/12/25 9:14:22", "3/12/25 9:16:40", email, name, q1, q2});
    return out;
}

// Microsoft Forms exports pasted into two sheets: the response numbers (ID) restart in each and
// say nothing about who answered; respondents are matched by email.
TEST(WorkbookLayout, FormsExportsBeforeAndAfterSheetsMatchedByIdentity) {
    auto before = formsSheet({{1, "ann@example.org", "Ann Adams", 2, "Not very confident"},
                              {2, "bob@example.org", "Bob Brown", 3, "Fairly confident"},
                              {3, "cat@example.org", "Cat Cole", 1, "Not at all confident"},
                              {4, "dan@example.org", "Dan Dale", 2, "Fairly confident"}});
    auto after = formsSheet({{1, "dan@example.org", "Dan Dale", 4, "Very confident"},
                             {2, "cat@example.org", "Cat Cole", 3, "Fairly confident"},
                             {3, "ann@example.org", "Ann Adams", 5, "Extremely confident"},
                             {4, "bob@example.org", "Bob Brown", 3, "Very confident"}});
    auto r = checkSheets({{"Survey – before", before}, {"Survey – after", after}});
    for (const char* name : {"Survey – before", "Survey – after"}) {
        const auto* s = sheetReport(r, name);
        ASSERT_NE(s, nullptr);
        EXPECT_EQ(s->kind, model::SheetKind::Survey) << describe(r);
        EXPECT_EQ(s->rows, 4u);
    }
    ASSERT_EQ(r.model.questions.size(), 2u) << "the same questions on both sheets are one question each\n" << describe(r);
    EXPECT_EQ(r.model.questions[0].survey, r.model.questions[1].survey);
    const auto* electricity = question(r, "How confident do you feel teaching electricity?");
    const auto* robots = question(r, "How confident are you using coding robots in science lessons?");
    ASSERT_TRUE(electricity && robots) << describe(r);
    EXPECT_EQ(electricity->scale, "numeric1_5");
    EXPECT_EQ(robots->scale, "confidence5");
    std::size_t e = indexOf(r, electricity), rb = indexOf(r, robots);
    ASSERT_EQ(r.model.responses.size(), 8u);
    const auto* annBefore = response(r, "email:ann@example.org", "before");
    const auto* annAfter = response(r, "email:ann@example.org", "after");
    ASSERT_TRUE(annBefore && annAfter) << describe(r);
    EXPECT_EQ(annBefore->answers.at(e), 2);
    EXPECT_EQ(annAfter->answers.at(e), 5); // Ann is response 3 after, not response 1
    EXPECT_EQ(annAfter->answers.at(rb), 5);
    const auto* danAfter = response(r, "email:dan@example.org", "after");
    ASSERT_NE(danAfter, nullptr);
    EXPECT_EQ(danAfter->answers.at(e), 4);
    EXPECT_EQ(danAfter->answers.at(rb), 4);
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), Flags{}) << describe(r);
    EXPECT_EQ(flagged(r, "duplicate-response"), Flags{}) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(WorkbookLayout, GoogleFormsExport) {
    auto r = checkSheets({{"Form responses 1",
                           {{"Timestamp", "Email address", "What is your name?", "Which school do you attend?",
                             "I enjoyed the masterclass", "I learned something new"},
                            {"12/03/2025 10:01:02", "amy@example.org", "Amy", "Huntington School", "Agree", "Strongly agree"},
                            {"12/03/2025 10:04:40", "ben@example.org", "Ben", "St Peter's School", "Strongly agree", "Agree"},
                            {"12/03/2025 10:06:13", "cara@example.org", "Cara", "Huntington School", "Neutral", "Neither agree nor disagree"},
                            {"12/03/2025 10:09:55", "dan@example.org", "Dan", "St Peter's School", "Agree", "Agree"}}}});
    const auto* s = sheetReport(r, "Form responses 1");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Survey) << describe(r);
    EXPECT_EQ(s->rows, 4u);
    ASSERT_EQ(r.model.questions.size(), 2u) << describe(r);
    for (const auto& q : r.model.questions) EXPECT_EQ(q.scale, "agreement5");
    ASSERT_EQ(r.model.responses.size(), 4u);
    EXPECT_EQ(r.model.responses[0].respondentKey, "email:amy@example.org");
    EXPECT_EQ(r.model.responses[0].school, "Huntington School");
    EXPECT_EQ(r.model.responses[2].answers.at(0), 3);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

// A timepoint column holding exactly two other values: read as before and after in the order
// they first appear, with an info issue at the column's header.
TEST(WorkbookLayout, TwoOtherTimepointValuesInOrderOfAppearance) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Timepoint", "How confident are you speaking in public?"},
                            {"P1", "Week 1", "Not very confident"},
                            {"P2", "Week 1", "Fairly confident"},
                            {"P3", "Week 1", "Not at all confident"},
                            {"P1", "Week 6", "Very confident"},
                            {"P2", "Week 6", "Fairly confident"},
                            {"P3", "Week 6", "Very confident"}}}});
    EXPECT_EQ(sheetReport(r, "Pupil survey")->kind, model::SheetKind::Survey) << describe(r);
    EXPECT_EQ(flagged(r, "timepoint-order-assumed"), (Flags{{"timepoint-order-assumed", "Pupil survey", "B1"}})) << describe(r);
    ASSERT_EQ(r.model.responses.size(), 6u);
    for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(r.model.responses[i].timepoint, i < 3 ? model::Timepoint::Before : model::Timepoint::After) << i;
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), Flags{}) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

// ---- assessment, indicators, schools, funders, partnership ------------------------------------

TEST(WorkbookLayout, Assessment) {
    auto r = checkSheets({{"Pupil quiz",
                           {{"Electricity quiz"},
                            {"Pupil ID", "Pupil name", "School", "Pre test score", "Post test score", "Max score"},
                            {"P1", "Amy Adams", "Huntington School", 8, 14, 20},
                            {"P2", "Ben Brown", "Huntington School", 11, 15, 20},
                            {"P3", "Cara Cole", "St Peter's School", 5, 12, 20}}}});
    const auto* s = sheetReport(r, "Pupil quiz");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Assessment) << describe(r);
    EXPECT_EQ(s->headerRow, 2u);
    ASSERT_EQ(r.model.assessments.size(), 3u);
    EXPECT_EQ(r.model.assessments[0].before, 8);
    EXPECT_EQ(r.model.assessments[0].after, 14);
    EXPECT_EQ(r.model.assessments[0].max, 20);
    EXPECT_EQ(r.model.assessments[0].pupilKey, "id:p1");
    EXPECT_EQ(flagged(r, "header-row-found"), (Flags{{"header-row-found", "Pupil quiz", "A2"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(WorkbookLayout, IndicatorsPlaceTheSurveyQuestions) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?",
                             "How much do you know about space?"},
                            {"P1", "Before", "Not very confident", 2},
                            {"P2", "Before", "Fairly confident", 3},
                            {"P1", "After", "Very confident", 4},
                            {"P2", "After", "Extremely confident", 5}}},
                          {"Indicators",
                           {{"Question", "Category", "Scale"},
                            {"How confident are you speaking in public?", "2", "confidence5"},
                            {"How much do you know about space?", "Knowledge", "1-5"}}}});
    EXPECT_EQ(sheetReport(r, "Indicators")->kind, model::SheetKind::Indicators) << describe(r);
    EXPECT_TRUE(r.model.hasIndicatorsSheet);
    ASSERT_EQ(r.model.indicators.size(), 2u);
    const auto* conf = question(r, "How confident are you speaking in public?");
    const auto* know = question(r, "How much do you know about space?");
    ASSERT_TRUE(conf && know) << describe(r);
    EXPECT_EQ(conf->category, 2);
    EXPECT_EQ(know->category, 1);
    EXPECT_FALSE(conf->categorySuggested);
    EXPECT_FALSE(know->categorySuggested);
    EXPECT_EQ(know->scale, "numeric1_5");
    EXPECT_EQ(flagged(r, "indicator-suggested"), Flags{}) << describe(r);
    EXPECT_EQ(flagged(r, "indicator-no-data"), Flags{}) << describe(r);
    EXPECT_EQ(flagged(r, "question-unplaced"), Flags{}) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(WorkbookLayout, PartnershipSchoolsAndFunders) {
    auto r = checkSheets({{"Partnership",
                           {{"Partnership name", "York ISSP"},
                            {"Academic year", "2024-25"},
                            {"Report title", "Masterclasses"},
                            {"Lead school", "St Peter's School"},
                            {"Coordinator", "Jo Bloggs"}}},
                          {"Schools",
                           {{"School", "Sector", "Phase", "Pupil premium %", "Quota"},
                            {"St Peter's School", "Independent", "Secondary", "n/a", 20},
                            {"Huntington School", "State", "Secondary", "23%", 20},
                            {"St Mary's CE Primary", "Academy", "Primary", 0.31, 10}}},
                          {"Funders",
                           {{"Funder", "Email", "Contribution", "Personal note"},
                            {"St Peter's School", "bursar@example.org", "St Peter's School", "Thank you!"},
                            {"University of York", "outreach@example.org", "University of York", ""}}}});
    EXPECT_EQ(sheetReport(r, "Partnership")->kind, model::SheetKind::Partnership) << describe(r);
    EXPECT_EQ(sheetReport(r, "Schools")->kind, model::SheetKind::Schools) << describe(r);
    EXPECT_EQ(sheetReport(r, "Funders")->kind, model::SheetKind::Funders) << describe(r);
    EXPECT_EQ(r.model.settings["partnership_name"], "York ISSP");
    EXPECT_EQ(r.model.settings["lead_school"], "St Peter's School");
    ASSERT_EQ(r.model.schools.size(), 3u);
    EXPECT_EQ(r.model.schools[0].sector, "independent");
    EXPECT_EQ(r.model.schools[1].sector, "state");
    EXPECT_EQ(r.model.schools[2].sector, "state");
    EXPECT_FALSE(r.model.schools[0].pupilPremiumShare.has_value());
    ASSERT_TRUE(r.model.schools[1].pupilPremiumShare.has_value());
    EXPECT_DOUBLE_EQ(*r.model.schools[1].pupilPremiumShare, 0.23);
    EXPECT_DOUBLE_EQ(r.model.schools[2].pupilPremiumShare.value_or(-1), 0.31);
    EXPECT_EQ(r.model.schools[2].quota, 10);
    ASSERT_EQ(r.model.funders.size(), 2u);
    EXPECT_EQ(r.model.funders[1].email, "outreach@example.org");
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    EXPECT_EQ(otherWarnings(r), Flags{}) << describe(r);
}

} // namespace
} // namespace impact::checktest
