// One small workbook per rule, written at test time: the exact (rule, sheet, cell) set flagged
// for that rule, and nothing else at error severity.
#include "check_helpers.h"

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using model::Severity;

/// Every error expected is under `rule`: the errors flagged are exactly `expected`.
void expectOnlyErrors(const check::CheckResult& r, const Flags& expected) {
    EXPECT_EQ(flaggedAt(r, Severity::Error), expected) << describe(r);
}

Flags at(const std::string& rule, const std::string& sheet, std::initializer_list<const char*> cells) {
    Flags out;
    for (const char* c : cells) out.insert({rule, sheet, c});
    return out;
}

// A plain contributions sheet with these (amount, date) cells in rows 2...
SheetSpec contributions(const std::vector<std::pair<Cell, Cell>>& rows) {
    SheetSpec s{"Contributions", {{"Contributor", "Sector", "Cash or in kind", "Amount", "Date"}}};
    const char* names[] = {"St Peter's School", "Huntington School", "University of York", "Bristol City Council",
                           "Fulford Vale Academy", "Minster Court School"};
    const char* sectors[] = {"Independent", "State", "University", "Council", "State", "Independent"};
    for (std::size_t i = 0; i < rows.size(); ++i)
        s.rows.push_back({names[i % 6], sectors[i % 6], "Cash", rows[i].first, rows[i].second});
    return s;
}

// ---- errors -----------------------------------------------------------------------------------

TEST(WorkbookRule, ScaleOutOfRange) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How much do you know about space?", "How confident are you speaking in public?"},
                            {"P1", "Before", 2, "Not very confident"},
                            {"P2", "Before", 3, "Fairly confident"},
                            {"P3", "Before", 1, "Very much"},
                            {"P4", "Before", 2, "Not at all confident"},
                            {"P5", "Before", 7, "Fairly confident"},
                            {"P1", "After", 4, "Very confident"},
                            {"P2", "After", 4, "Extremely confident"},
                            {"P3", "After", 3, "Fairly confident"},
                            {"P4", "After", 5, "Very confident"},
                            {"P5", "After", 4, "Very confident"}}}});
    EXPECT_EQ(flagged(r, "scale-out-of-range"), at("scale-out-of-range", "Pupil survey", {"C6", "D4"})) << describe(r);
    expectOnlyErrors(r, at("scale-out-of-range", "Pupil survey", {"C6", "D4"}));
}

SheetSpec indicatorSurvey() {
    return {"Pupil survey",
            {{"Pupil ID", "Before / after", "How confident are you speaking in public?", "How much do you know about space?",
              "How happy are you at school?", "How much do you enjoy science?"},
             {"P1", "Before", "Not very confident", 2, 3, 2},
             {"P2", "Before", "Fairly confident", 3, 4, 3},
             {"P1", "After", "Very confident", 4, 4, 4},
             {"P2", "After", "Extremely confident", 5, 5, 4}}};
}

TEST(WorkbookRule, CategoryMissing) {
    auto r = checkSheets({indicatorSurvey(),
                          {"Indicators",
                           {{"Question", "Category"},
                            {"How confident are you speaking in public?", "2"},
                            {"How much do you know about space?", ""},
                            {"How happy are you at school?", "Pupil views"},
                            {"How much do you enjoy science?", ""}}}});
    EXPECT_EQ(sheetReport(r, "Indicators")->kind, model::SheetKind::Indicators) << describe(r);
    EXPECT_EQ(flagged(r, "category-missing"), at("category-missing", "Indicators", {"B3", "B5"})) << describe(r);
    expectOnlyErrors(r, at("category-missing", "Indicators", {"B3", "B5"}));
}

TEST(WorkbookRule, CategoryUnknown) {
    auto r = checkSheets({indicatorSurvey(),
                          {"Indicators",
                           {{"Question", "Category"},
                            {"How confident are you speaking in public?", "2"},
                            {"How much do you know about space?", "Wellbeing"},
                            {"How happy are you at school?", "7"},
                            {"How much do you enjoy science?", "Teacher skills"}}}});
    EXPECT_EQ(flagged(r, "category-unknown"), at("category-unknown", "Indicators", {"B3", "B4"})) << describe(r);
    expectOnlyErrors(r, at("category-unknown", "Indicators", {"B3", "B4"}));
}

TEST(WorkbookRule, AmountNegative) {
    auto r = checkSheets({contributions({{2000, date(2024, 10, 1)},
                                         {-500, date(2024, 10, 2)},
                                         {"(250)", date(2024, 10, 3)},
                                         {"-£200", date(2024, 10, 4)},
                                         {"£1,000", date(2024, 10, 5)}})});
    EXPECT_EQ(flagged(r, "amount-negative"), at("amount-negative", "Contributions", {"D3", "D4", "D5"})) << describe(r);
    expectOnlyErrors(r, at("amount-negative", "Contributions", {"D3", "D4", "D5"}));
    EXPECT_EQ(r.model.contributions.size(), 2u);
}

TEST(WorkbookRule, AmountNotNumber) {
    auto r = checkSheets({contributions({{"two thousand", date(2024, 10, 1)},
                                         {2000, date(2024, 10, 2)},
                                         {"TBC", date(2024, 10, 3)},
                                         {"£1,000", date(2024, 10, 4)},
                                         {1500, date(2024, 10, 5)}})});
    EXPECT_EQ(sheetReport(r, "Contributions")->kind, model::SheetKind::Contributions) << describe(r);
    EXPECT_EQ(flagged(r, "amount-not-number"), at("amount-not-number", "Contributions", {"D2", "D4"})) << describe(r);
    expectOnlyErrors(r, at("amount-not-number", "Contributions", {"D2", "D4"}));
}

TEST(WorkbookRule, DateInvalid) {
    auto r = checkSheets({contributions({{2000, "31/02/2025"},
                                         {1000, "29/02/2024"},
                                         {1000, "29/02/2025"},
                                         {1000, "next week"},
                                         {1000, date(2025, 3, 12)},
                                         {1000, "12/03/2025"}})});
    EXPECT_EQ(sheetReport(r, "Contributions")->kind, model::SheetKind::Contributions) << describe(r);
    EXPECT_EQ(flagged(r, "date-invalid"), at("date-invalid", "Contributions", {"E2", "E4", "E5"})) << describe(r);
    expectOnlyErrors(r, at("date-invalid", "Contributions", {"E2", "E4", "E5"}));
}

TEST(WorkbookRule, DateInvalidInAttendance) {
    auto r = checkSheets({{"Attendance",
                           {{"Pupil name", "School", "Date", "Activity"},
                            {"Amy Adams", "Huntington School", "12/03/2025", "Maths"},
                            {"Ben Brown", "Huntington School", "31/04/2025", "Maths"},
                            {"Cara Cole", "Huntington School", date(2025, 3, 12), "Maths"},
                            {"Dan Dale", "Huntington School", "19/03/2025", "Maths"}}}});
    EXPECT_EQ(sheetReport(r, "Attendance")->kind, model::SheetKind::AttendanceLong) << describe(r);
    expectOnlyErrors(r, at("date-invalid", "Attendance", {"C3"}));
}

TEST(WorkbookRule, DuplicateResponse) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?"},
                            {"P1", "Before", "Not very confident"},
                            {"P2", "Before", "Fairly confident"},
                            {"P1", "After", "Very confident"},
                            {"P2", "After", "Very confident"},
                            {"p2 ", "Before", "Fairly confident"},
                            {"P3", "After", "Fairly confident"},
                            {"P3", "After", "Very confident"}}}});
    EXPECT_EQ(flagged(r, "duplicate-response"), at("duplicate-response", "Pupil survey", {"A6", "A8"})) << describe(r);
    expectOnlyErrors(r, at("duplicate-response", "Pupil survey", {"A6", "A8"}));
}

// Identity without an ID: name and school, spaces and capitals ignored.
TEST(WorkbookRule, DuplicateResponseByNameAndSchool) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Name", "School", "Before / after", "How confident are you speaking in public?"},
                            {"Amy Adams", "Huntington School", "Before", "Not very confident"},
                            {"Ben Brown", "Huntington School", "Before", "Fairly confident"},
                            {"amy adams ", "HUNTINGTON SCHOOL", "Before", "Fairly confident"},
                            {"Amy Adams", "St Peter's School", "Before", "Fairly confident"}}}});
    EXPECT_EQ(sheetReport(r, "Pupil survey")->kind, model::SheetKind::Survey) << describe(r);
    expectOnlyErrors(r, at("duplicate-response", "Pupil survey", {"A4"}));
}

TEST(WorkbookRule, SheetNotUnderstood) {
    auto r = checkSheets({{"Attendance",
                           {{"Term", "What happened"},
                            {"Autumn", "Went well, lots came"},
                            {"Spring", "Snow day cancelled one"},
                            {"Summer", "Exams"}}},
                          {"Notes", {{"Remember to book the coaches early."}}}});
    EXPECT_EQ(sheetReport(r, "Attendance")->kind, model::SheetKind::Skipped) << describe(r);
    EXPECT_EQ(flagged(r, "sheet-not-understood"), (Flags{{"sheet-not-understood", "Attendance", ""}})) << describe(r);
    expectOnlyErrors(r, Flags{{"sheet-not-understood", "Attendance", ""}});
}

// ---- warnings ---------------------------------------------------------------------------------

TEST(WorkbookRule, CategoryNoEvidence) {
    auto r = checkSheets({{"Attendance",
                           {{"Pupil name", "School", "Date", "Activity"},
                            {"Amy Adams", "Huntington School", date(2025, 3, 12), "Maths"},
                            {"Ben Brown", "Huntington School", date(2025, 3, 12), "Maths"}}},
                          contributions({{2000, date(2024, 10, 1)}}),
                          {"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?", "How much do you know about space?"},
                            {"P1", "Before", "Not very confident", 2},
                            {"P1", "After", "Very confident", 4}}}});
    // Evidence: 1 and 2 from the survey, 5 from attendance, 6 from contributions.
    Flags expected{{"category-no-evidence", "", ""}, {"category-no-evidence", "", ""}};
    EXPECT_EQ(flagged(r, "category-no-evidence"), expected) << describe(r);
    std::set<std::string> categories;
    for (const auto& i : r.issues.all())
        if (i.rule == "category-no-evidence") categories.insert(i.message.substr(0, 10));
    EXPECT_EQ(categories, (std::set<std::string>{"Category 3", "Category 4"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, SurveyUnmatchedBefore) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?"},
                            {"P1", "Before", "Not very confident"},
                            {"P2", "Before", "Fairly confident"},
                            {"P3", "Before", "Fairly confident"},
                            {"P1", "After", "Very confident"},
                            {"P3", "After", "Very confident"},
                            {"P4", "After", "Very confident"}}}});
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), at("survey-unmatched-before", "Pupil survey", {"A3"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

// A survey with no after-responses at all is a one-off survey, not attrition.
TEST(WorkbookRule, SurveyUnmatchedBeforeNotForBeforeOnlySurvey) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "Before / after", "How confident are you speaking in public?"},
                            {"P1", "Before", "Not very confident"},
                            {"P2", "Before", "Fairly confident"}}}});
    EXPECT_EQ(flagged(r, "survey-unmatched-before"), Flags{}) << describe(r);
}

SheetSpec schoolsSheet() {
    return {"Schools",
            {{"School", "Sector"},
             {"Huntington School", "State"},
             {"St Peter's School", "Independent"},
             {"St Mary's CE Primary", "State"}}};
}

TEST(WorkbookRule, SchoolUnknown) {
    auto r = checkSheets({schoolsSheet(),
                          {"Attendance",
                           {{"Pupil name", "School", "Date", "Activity"},
                            {"Amy Adams", "huntington school ", date(2025, 3, 12), "Maths"},
                            {"Ben Brown", "Fulford Vale Academy", date(2025, 3, 12), "Maths"},
                            {"Cara Cole", "Fulford Vale Academy", date(2025, 3, 19), "Maths"},
                            {"Dan Dale", "ST PETER'S SCHOOL", date(2025, 3, 19), "Maths"}}}});
    EXPECT_EQ(flagged(r, "school-unknown"), at("school-unknown", "Attendance", {"B3"})) << describe(r);
    EXPECT_EQ(flagged(r, "school-name-typo"), Flags{}) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, SchoolNameTypo) {
    auto r = checkSheets({schoolsSheet(),
                          {"Attendance",
                           {{"Pupil name", "School", "Date", "Activity"},
                            {"Amy Adams", "St Mary's CE Primary", date(2025, 3, 12), "Maths"},
                            {"Ben Brown", "St Marys CE Primry", date(2025, 3, 12), "Maths"},
                            {"Cara Cole", "Huntington School", date(2025, 3, 19), "Maths"}}}});
    EXPECT_EQ(flagged(r, "school-name-typo"), at("school-name-typo", "Attendance", {"B3"})) << describe(r);
    for (const auto& i : r.issues.all())
        if (i.rule == "school-name-typo") {
            EXPECT_EQ(i.suggestion, "Did you mean 'St Mary's CE Primary'?");
        }
    EXPECT_EQ(flagged(r, "school-unknown"), Flags{}) << describe(r);
    expectOnlyErrors(r, Flags{});
}

// Without a schools sheet, the names used more than once are the real ones.
TEST(WorkbookRule, SchoolNameTypoWithoutSchoolsSheet) {
    auto r = checkSheets({{"Attendance",
                           {{"Pupil name", "School", "Date", "Activity"},
                            {"Amy Adams", "Huntington School", date(2025, 3, 12), "Maths"},
                            {"Ben Brown", "Huntington School", date(2025, 3, 12), "Maths"},
                            {"Cara Cole", "Huntingdon School", date(2025, 3, 19), "Maths"},
                            {"Dan Dale", "Fulford Vale Academy", date(2025, 3, 19), "Maths"}}}});
    EXPECT_EQ(flagged(r, "school-name-typo"), at("school-name-typo", "Attendance", {"B4"})) << describe(r);
    // The suggestion names the school as the coordinator writes it.
    for (const auto& i : r.issues.all())
        if (i.rule == "school-name-typo") {
            EXPECT_EQ(i.suggestion, "Did you mean 'Huntington School'?");
        }
    EXPECT_EQ(flagged(r, "school-unknown"), Flags{}) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, PupilPremiumBlank) {
    auto r = checkSheets({{"Attendance",
                           {{"Pupil name", "School", "Date", "Activity", "Pupil premium"},
                            {"Amy Adams", "Huntington School", date(2025, 3, 12), "Maths", "Y"},
                            {"Ben Brown", "Huntington School", date(2025, 3, 12), "Maths", ""},
                            {"Cara Cole", "Huntington School", date(2025, 3, 12), "Maths", "?"},
                            {"Ben Brown", "Huntington School", date(2025, 3, 19), "Maths", ""},
                            {"Amy Adams", "Huntington School", date(2025, 3, 19), "Maths", "Y"}}}});
    // Each pupil is reported once, at their first blank cell.
    EXPECT_EQ(flagged(r, "pupil-premium-blank"), at("pupil-premium-blank", "Attendance", {"E3", "E4"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, PupilPremiumBlankInRegister) {
    auto r = checkSheets({{"Register",
                           {{"Pupil ID", "Pupil name", "School", "PP", "Session 1", "Session 2", "Session 3"},
                            {"YK001", "Amy Adams", "Huntington School", "Y", "✓", "✓", "A"},
                            {"YK002", "Ben Brown", "Huntington School", "", "✓", "A", "✓"},
                            {"YK003", "Cara Cole", "Huntington School", "N", "✓", "✓", "✓"}}}});
    EXPECT_EQ(sheetReport(r, "Register")->kind, model::SheetKind::AttendanceRegister) << describe(r);
    EXPECT_EQ(flagged(r, "pupil-premium-blank"), at("pupil-premium-blank", "Register", {"D3"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, QuestionUnplaced) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "How was the lunch?", "How confident are you speaking in public?"},
                            {"P1", 3, "Fairly confident"},
                            {"P2", 4, "Very confident"},
                            {"P3", 2, "Not very confident"}}}});
    EXPECT_EQ(flagged(r, "question-unplaced"), at("question-unplaced", "Pupil survey", {"B1"})) << describe(r);
    EXPECT_EQ(flagged(r, "indicator-suggested"), at("indicator-suggested", "Pupil survey", {"C1"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

// ---- info -------------------------------------------------------------------------------------

TEST(WorkbookRule, HeaderRowFound) {
    // Column A is blank: the header row starts at B3.
    auto r = checkSheets({{"Attendance",
                           {{"", "Maths masterclass"},
                            {},
                            {"", "Pupil name", "School", "Date", "Activity"},
                            {"", "Amy Adams", "Huntington School", date(2025, 3, 12), "Maths"},
                            {"", "Ben Brown", "Huntington School", date(2025, 3, 12), "Maths"}}}});
    EXPECT_EQ(sheetReport(r, "Attendance")->kind, model::SheetKind::AttendanceLong) << describe(r);
    EXPECT_EQ(flagged(r, "header-row-found"), at("header-row-found", "Attendance", {"B3"})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, HeaderRowFoundNotForRowOne) {
    auto r = checkSheets({contributions({{2000, date(2024, 10, 1)}})});
    EXPECT_EQ(flagged(r, "header-row-found"), Flags{}) << describe(r);
}

TEST(WorkbookRule, TotalsRowSkipped) {
    SheetSpec c = contributions({{2000, date(2024, 10, 1)}, {1000, date(2024, 10, 2)}});
    c.rows.push_back({});
    c.rows.push_back({"Grand total", "", "", formula("=SUM(D2:D3)", 3000)});
    c.rows.push_back({"Checked by the bursar", "", "", 3000});
    auto r = checkSheets({c});
    EXPECT_EQ(flagged(r, "totals-row-skipped"), (Flags{{"totals-row-skipped", "Contributions", "row 5"}})) << describe(r);
    EXPECT_EQ(r.model.contributions.size(), 2u);
    expectOnlyErrors(r, Flags{});
}

// A totals row with no label: the contributor cell is blank and the amount is the SUM above.
TEST(WorkbookRule, TotalsRowWithoutLabelIsNotData) {
    SheetSpec c = contributions({{2000, date(2024, 10, 1)}, {1000, date(2024, 10, 2)}, {1500, date(2024, 10, 3)}});
    c.rows.push_back({"", "", "", formula("=SUM(D2:D4)", 4500)});
    auto r = checkSheets({c});
    EXPECT_EQ(r.model.contributions.size(), 3u) << describe(r);
    EXPECT_EQ(flagged(r, "totals-row-skipped"), (Flags{{"totals-row-skipped", "Contributions", "row 5"}})) << describe(r);
    expectOnlyErrors(r, Flags{});
}

// A contributor whose name starts with "Total" is not a totals row.
TEST(WorkbookRule, TotalsRowNotForANameStartingWithTotal) {
    SheetSpec c = contributions({{2000, date(2024, 10, 1)}, {1000, date(2024, 10, 2)}, {1500, date(2024, 10, 3)}});
    c.rows[2][0] = "TotalEnergies UK";
    c.rows[2][1] = "Business";
    auto r = checkSheets({c});
    EXPECT_EQ(r.model.contributions.size(), 3u) << describe(r);
    EXPECT_EQ(flagged(r, "totals-row-skipped"), Flags{}) << describe(r);
}

TEST(WorkbookRule, ValueReadAs) {
    auto r = checkSheets({contributions({{"£2,000", date(2024, 10, 1)}, {1000, date(2024, 10, 2)}, {"£1.2k", date(2024, 10, 3)}})});
    EXPECT_EQ(flagged(r, "value-read-as"), at("value-read-as", "Contributions", {"D2", "D4"})) << describe(r);
    ASSERT_EQ(r.model.contributions.size(), 3u);
    EXPECT_EQ(r.model.contributions[0].amount, 2000);
    EXPECT_EQ(r.model.contributions[2].amount, 1200);
    for (const auto& i : r.issues.all())
        if (i.rule == "value-read-as" && i.cell == "D2") {
            EXPECT_NE(i.message.find("2000"), std::string::npos) << i.message;
        }
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, TimepointOrderAssumed) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "How confident are you speaking in public?", "Wave"},
                            {"P1", "Not very confident", "Autumn"},
                            {"P2", "Fairly confident", "Autumn"},
                            {"P1", "Very confident", "Summer"},
                            {"P2", "Very confident", "Summer"}}}});
    EXPECT_EQ(flagged(r, "timepoint-order-assumed"), at("timepoint-order-assumed", "Pupil survey", {"C1"})) << describe(r);
    ASSERT_EQ(r.model.responses.size(), 4u);
    EXPECT_EQ(r.model.responses[0].timepoint, model::Timepoint::Before);
    EXPECT_EQ(r.model.responses[3].timepoint, model::Timepoint::After);
    expectOnlyErrors(r, Flags{});
}

// Before/after words need no assumption.
TEST(WorkbookRule, TimepointOrderNotAssumedForUsualWords) {
    auto r = checkSheets({{"Pupil survey",
                           {{"Pupil ID", "How confident are you speaking in public?", "Stage"},
                            {"P1", "Not very confident", "Pre"},
                            {"P1", "Very confident", "Post"}}}});
    EXPECT_EQ(flagged(r, "timepoint-order-assumed"), Flags{}) << describe(r);
}

TEST(WorkbookRule, IndicatorSuggested) {
    auto r = checkSheets({{"Teacher survey",
                           {{"Email", "Before / after", "How confident do you feel teaching electricity?",
                             "How likely are you to recommend the partnership to a colleague?"},
                            {"a@example.org", "Before", 2, "Likely"},
                            {"b@example.org", "Before", 3, "Very likely"},
                            {"a@example.org", "After", 4, "Very likely"},
                            {"b@example.org", "After", 4, "Likely"}}}});
    EXPECT_EQ(flagged(r, "indicator-suggested"), at("indicator-suggested", "Teacher survey", {"C1", "D1"})) << describe(r);
    ASSERT_EQ(r.model.questions.size(), 2u);
    EXPECT_EQ(r.model.questions[0].respondents, "teacher");
    EXPECT_EQ(r.model.questions[0].category, 4);
    EXPECT_EQ(r.model.questions[1].category, 5);
    EXPECT_EQ(r.model.questions[1].scale, "likelihood5");
    expectOnlyErrors(r, Flags{});
}

TEST(WorkbookRule, SheetSkipped) {
    auto r = checkSheets({{"Notes", {{"Notes for next year"}, {"Remember to book the coaches early."}}},
                          contributions({{2000, date(2024, 10, 1)}})});
    EXPECT_EQ(sheetReport(r, "Notes")->kind, model::SheetKind::Skipped) << describe(r);
    EXPECT_EQ(flagged(r, "sheet-skipped"), (Flags{{"sheet-skipped", "Notes", ""}})) << describe(r);
    EXPECT_EQ(flagged(r, "sheet-not-understood"), Flags{}) << describe(r);
    expectOnlyErrors(r, Flags{});
}

} // namespace
} // namespace impact::checktest
