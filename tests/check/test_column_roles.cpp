// Column roles from evidence (issue 12, SPEC "Column roles come from evidence"): one small
// workbook per class of layout that header words alone misread, each asserting the role the
// values give, the records read, and that no false error is raised.
#include "analyse/analysis.h"
#include "check_helpers.h"
#include "read/workbook.h"
#include "recognise/layout.h"
#include "recognise/legend.h"
#include "recognise/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace impact::checktest {
namespace {

using model::Severity;

const model::ColumnRole* roleOf(const check::CheckResult& r, const std::string& sheet, const std::string& header) {
    const model::SheetReport* s = sheetReport(r, sheet);
    if (!s) return nullptr;
    for (const auto& c : s->columns)
        if (c.header == header) return &c;
    return nullptr;
}

std::string role(const check::CheckResult& r, const std::string& sheet, const std::string& header) {
    const model::ColumnRole* c = roleOf(r, sheet, header);
    return c ? c->role : "(no such column)";
}

/// Responses per timepoint ("before", "after", "", "unknown").
std::map<std::string, int> timepoints(const check::CheckResult& r) {
    std::map<std::string, int> out;
    for (const auto& x : r.model.responses) out[std::string(model::timepointName(x.timepoint))]++;
    return out;
}

/// Respondents with both a before and an after response.
std::size_t matched(const check::CheckResult& r) {
    std::set<std::string> before, after;
    for (const auto& x : r.model.responses)
        if (!x.respondentKey.empty()) (x.timepoint == model::Timepoint::Before ? before : after).insert(x.respondentKey);
    return static_cast<std::size_t>(std::count_if(before.begin(), before.end(), [&](const std::string& k) { return after.count(k) > 0; }));
}

/// A survey of `n` pupils answering twice, the timepoint in column B under `header` with the
/// values `before`/`after`; names in column A.
SheetSpec surveyWithTimepoint(const std::string& header, const std::string& before, const std::string& after, int n = 6,
                              bool afterFirst = false) {
    SheetSpec s{"Pupil survey", {{"Name", header, "I feel confident speaking in front of others"}}};
    const char* labels[] = {"Not at all confident", "Not very confident", "Fairly confident", "Very confident", "Extremely confident"};
    for (int pass = 0; pass < 2; ++pass) {
        bool isAfter = (pass == 1) != afterFirst;
        for (int i = 0; i < n; ++i)
            s.rows.push_back({"Pupil " + std::string(1, static_cast<char>('A' + i)), isAfter ? after : before, labels[(i + (isAfter ? 1 : 0)) % 5]});
    }
    return s;
}

void expectBeforeAfter(const check::CheckResult& r, const std::string& header, int n = 6) {
    EXPECT_EQ(role(r, "Pupil survey", header), "timepoint") << describe(r);
    EXPECT_EQ(timepoints(r), (std::map<std::string, int>{{"before", n}, {"after", n}})) << describe(r);
    EXPECT_EQ(matched(r), static_cast<std::size_t>(n));
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    const model::ColumnRole* c = roleOf(r, "Pupil survey", header);
    ASSERT_NE(c, nullptr);
    EXPECT_NE(c->reason.find("values"), std::string::npos) << c->reason;
    EXPECT_EQ(c->source, model::RoleSource::Guessed);
}

// ---- 1. the timepoint column, whatever its header -----------------------------------------------

TEST(ColumnRoles, WhenHoldingBeforeAfterIsTheTimepointNotADate) {
    expectBeforeAfter(checkSheets({surveyWithTimepoint("When", "Before", "After")}), "When");
}

TEST(ColumnRoles, WeekHoldingWeekOneAndSixIsTheTimepoint) {
    expectBeforeAfter(checkSheets({surveyWithTimepoint("Week", "Week 1", "Week 6")}), "Week");
}

TEST(ColumnRoles, NumberedLabelsAreReadInTheirOrderWhateverComesFirst) {
    auto r = checkSheets({surveyWithTimepoint("Week", "Week 1", "Week 6", 6, /*afterFirst=*/true)});
    expectBeforeAfter(r, "Week");
    // Pupil A answered "Not at all" in week 1 and "Not very" in week 6, written first.
    for (const auto& x : r.model.responses) {
        if (x.respondentKey.find("pupil a") != std::string::npos) {
            EXPECT_EQ(x.answers.begin()->second, x.timepoint == model::Timepoint::Before ? 1 : 2);
        }
    }
}

TEST(ColumnRoles, SurveyHoldingTermsIsReadByTheTerms) {
    expectBeforeAfter(checkSheets({surveyWithTimepoint("Survey", "Autumn 2024", "Summer 2025")}), "Survey");
}

TEST(ColumnRoles, UnlistedHeaderHoldingTermsIsTheTimepoint) {
    expectBeforeAfter(checkSheets({surveyWithTimepoint("Term", "Term 1", "Term 3")}), "Term");
}

TEST(ColumnRoles, QuestionStyleHeaderHoldingStartEndIsTheTimepoint) {
    expectBeforeAfter(checkSheets({surveyWithTimepoint("Are you filling this in at the start or the end of the course?", "Start", "End")}),
                      "Are you filling this in at the start or the end of the course?");
}

TEST(ColumnRoles, NoTimepointWithRepeatedRespondentsIsSaidOnceNotAsDuplicates) {
    SheetSpec s = surveyWithTimepoint("Notes", "", "");
    auto r = checkSheets({s});
    EXPECT_EQ(flagged(r, "duplicate-response"), Flags{}) << describe(r);
    EXPECT_EQ(flagged(r, "timepoint-unknown"), (Flags{{"timepoint-unknown", "Pupil survey", "row 1"}})) << describe(r);
    EXPECT_EQ(timepoints(r), (std::map<std::string, int>{{"unknown", 12}}));
    // Its figures are null, with the reason, not "after" figures over everyone.
    auto a = analyse::analyse(r.model, vocab());
    std::size_t seen = 0;
    for (const auto& c : a.categories)
        for (const auto& i : c.indicators) {
            ++seen;
            EXPECT_FALSE(i.nullReason.empty());
            EXPECT_EQ(i.nBefore + i.nAfter + i.nMatched, 0u);
            EXPECT_FALSE(i.meanAfter.has_value());
            EXPECT_FALSE(i.meanBefore.has_value());
        }
    EXPECT_EQ(seen, 1u);
}

TEST(ColumnRoles, OneRespondentTwiceWithoutTimepointIsADuplicate) {
    SheetSpec s{"Pupil survey", {{"Name", "I feel confident speaking in front of others"}}};
    for (const char* n : {"Amy", "Ben", "Cat", "Dan", "Eve", "Amy"}) s.rows.push_back({n, "Very confident"});
    auto r = checkSheets({s});
    EXPECT_EQ(flagged(r, "duplicate-response"), (Flags{{"duplicate-response", "Pupil survey", "A7"}})) << describe(r);
    EXPECT_EQ(flagged(r, "timepoint-unknown"), Flags{});
}

// ---- 2. contributions: cash or in kind ------------------------------------------------------------

TEST(ColumnRoles, TypeHoldingCashInKindIsTheContributionTypeNotTheSector) {
    auto r = checkSheets({{"Contributions",
                           {{"Contributor", "Type", "Amount"},
                            {"St Olave's School", "Cash", 2000},
                            {"St Olave's School", "In kind", 1500},
                            {"Fulford Vale Academy", "In kind", 300}}}});
    EXPECT_EQ(role(r, "Contributions", "Type"), "contribution_type") << describe(r);
    ASSERT_EQ(r.model.contributions.size(), 3u);
    EXPECT_FALSE(r.model.contributions[0].inKind);
    EXPECT_TRUE(r.model.contributions[1].inKind);
    EXPECT_TRUE(r.model.contributions[2].inKind);
}

TEST(ColumnRoles, CashAndInKindAmountColumnsAreBothRead) {
    auto r = checkSheets({{"Contributions",
                           {{"Contributor", "Cash (£)", "In kind (£)"},
                            {"St Olave's School", 2000, 1500},
                            {"Fulford Vale Academy", "", 300},
                            {"Rotary Club", "£250", ""}}}});
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
    double cash = 0, inKind = 0;
    for (const auto& c : r.model.contributions) (c.inKind ? inKind : cash) += c.amount;
    EXPECT_DOUBLE_EQ(cash, 2250);
    EXPECT_DOUBLE_EQ(inKind, 1800);
    EXPECT_EQ(role(r, "Contributions", "In kind (£)"), "amount_in_kind") << describe(r);
}

// ---- 3. a weekday beside the date -----------------------------------------------------------------

TEST(ColumnRoles, DayOfWeekBesideDateKeepsALongAttendanceSheet) {
    SheetSpec s{"Attendance", {{"Day", "Date", "Pupil", "School", "Activity", "PP", "Hours"}}};
    const char* days[] = {"Mon", "Tue", "Wed"};
    for (int d = 0; d < 3; ++d)
        for (const char* p : {"Amy Adams", "Ben Brown", "Cara Cole", "Dan Dale"})
            s.rows.push_back({days[d], date(2025, 3, 10 + d), p, "Huntington School", "Maths", p[0] == 'A' ? "Y" : "N", 2});
    auto r = checkSheets({s});
    const auto* report = sheetReport(r, "Attendance");
    ASSERT_NE(report, nullptr);
    EXPECT_EQ(report->kind, model::SheetKind::AttendanceLong) << describe(r);
    EXPECT_EQ(role(r, "Attendance", "Date"), "date");
    EXPECT_EQ(role(r, "Attendance", "Day"), "");
    EXPECT_EQ(role(r, "Attendance", "Hours"), "hours");
    EXPECT_EQ(r.model.attendance.size(), 12u);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

// ---- 4. Microsoft Forms: the form's blank Name, the question "Your name" ----------------------------

TEST(ColumnRoles, FormsExportMatchesByTheAnsweredNameNotTheBlankNameColumn) {
    SheetSpec s{"Form responses",
                {{"ID", "Start time", "Completion time", "Email", "Name", "Your name", "Is this before or after the workshop?",
                  "How confident are you using a microscope?"}}};
    int id = 1;
    for (const char* when : {"Before", "After"})
        for (const char* who : {"Amy Khan", "Ben Ode", "Cat Ng", "Dev Rao"})
            s.rows.push_back({id++, "10/03/2025 09:00", "10/03/2025 09:05", "anonymous", "", when[0] == 'A' ? std::string(" ") + who + " " : who,
                              when, when[0] == 'B' ? "Not very confident" : "Very confident"});
    auto r = checkSheets({s});
    EXPECT_EQ(role(r, "Form responses", "Your name"), "pupil_name") << describe(r);
    EXPECT_EQ(role(r, "Form responses", "Name"), "");
    EXPECT_EQ(role(r, "Form responses", "Email"), "");
    EXPECT_EQ(matched(r), 4u) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

// ---- 5. paired columns need no identity; "Teacher" holding names is one -------------------------------

TEST(ColumnRoles, PairedColumnsMatchWithinTheRowWithoutAnIdentity) {
    SheetSpec s{"CPD feedback", {{"School", "Confidence (before)", "Confidence (after)"}}};
    for (int i = 0; i < 5; ++i) s.rows.push_back({"Huntington School", 1 + i % 3, 3 + i % 3});
    auto r = checkSheets({s});
    EXPECT_EQ(timepoints(r), (std::map<std::string, int>{{"before", 5}, {"after", 5}})) << describe(r);
    EXPECT_EQ(matched(r), 5u);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);
}

TEST(ColumnRoles, TeacherColumnHoldingNamesIsTheIdentity) {
    SheetSpec s{"Teacher survey", {{"Teacher", "Timepoint", "I feel confident teaching practical science"}}};
    for (const char* when : {"Pre", "Post"})
        for (const char* who : {"Mrs Patel", "Mr Jones", "Ms Ng", "Dr Okafor"})
            s.rows.push_back({who, when, when[1] == 'r' ? "Disagree" : "Agree"});
    auto r = checkSheets({s});
    EXPECT_EQ(role(r, "Teacher survey", "Teacher"), "pupil_name") << describe(r);
    EXPECT_EQ(matched(r), 4u);
}

// ---- 6. pupil premium and register marks as typed -----------------------------------------------------

TEST(ColumnRoles, PupilPremiumHeaderWithItsCodeAndPPTypedInIt) {
    SheetSpec s{"Attendance", {{"Pupil", "School", "Date", "PP (1 = yes)"}}};
    s.rows.push_back({"Amy Adams", "Huntington School", date(2025, 3, 10), 1});
    s.rows.push_back({"Ben Brown", "Huntington School", date(2025, 3, 10), 0});
    s.rows.push_back({"Cara Cole", "Huntington School", date(2025, 3, 10), 1});
    auto r = checkSheets({s});
    EXPECT_EQ(role(r, "Attendance", "PP (1 = yes)"), "pupil_premium") << describe(r);
    ASSERT_EQ(r.model.attendance.size(), 3u);
    EXPECT_EQ(r.model.attendance.records()[0].pupilPremium, std::optional<bool>(true));
    EXPECT_EQ(r.model.attendance.records()[1].pupilPremium, std::optional<bool>(false));

    SheetSpec typed{"Attendance", {{"Pupil", "School", "Date", "Pupil premium"}}};
    typed.rows.push_back({"Amy Adams", "Huntington School", date(2025, 3, 10), "PP"});
    typed.rows.push_back({"Ben Brown", "Huntington School", date(2025, 3, 10), "Non-PP"});
    auto t = checkSheets({typed});
    ASSERT_EQ(t.model.attendance.size(), 2u);
    EXPECT_EQ(t.model.attendance.records()[0].pupilPremium, std::optional<bool>(true));
    EXPECT_EQ(t.model.attendance.records()[1].pupilPremium, std::optional<bool>(false));
    EXPECT_EQ(flagged(t, "pupil-premium-blank"), Flags{}) << describe(t);
}

TEST(ColumnRoles, RegisterLegendSaysXIsAbsent) {
    SheetSpec s{"Register",
                {{"Pupil", "School", "Session 1", "Session 2", "Session 3"},
                 {"Amy Adams", "Huntington School", "✓", "x", "✓"},
                 {"Ben Brown", "Huntington School", "x", "x", "✓"},
                 {},
                 {"✓ = present, x = absent"}}};
    auto r = checkSheets({s});
    std::size_t present = 0;
    for (const auto& a : r.model.attendance.records()) present += a.present ? 1 : 0;
    EXPECT_EQ(present, 3u) << describe(r);
    EXPECT_EQ(r.model.attendance.size(), 6u);
    EXPECT_EQ(sheetReport(r, "Register")->rows, 2u);
}

TEST(ColumnRoles, LegendsAsCoordinatorsWriteThem) {
    auto l = recognise::parseLegend("Key: P = present; A = absent; L = late", vocab());
    ASSERT_TRUE(l);
    EXPECT_EQ(*l, (recognise::Legend{{"p", true}, {"a", false}, {"l", true}}));
    EXPECT_EQ(recognise::parseLegend("✓ present / x absent", vocab()), (recognise::Legend{{"✓", true}, {"x", false}}));
    EXPECT_FALSE(recognise::parseLegend("Amy = top of the class", vocab()));
    EXPECT_FALSE(recognise::parseLegend("Notes: bring a coat", vocab()));
}

// ---- 7. the scale in use ----------------------------------------------------------------------------

TEST(ColumnRoles, FourPointAgreementScaleHasNoMiddle) {
    SheetSpec s{"Pupil survey", {{"Pupil ID", "Timepoint", "I enjoy science"}}};
    const char* labels[] = {"Strongly disagree", "Disagree", "Agree", "Strongly agree"};
    for (const char* when : {"Before", "After"})
        for (int i = 0; i < 8; ++i) s.rows.push_back({"P" + std::to_string(i), when, labels[(i + (when[0] == 'A')) % 4]});
    auto r = checkSheets({s});
    ASSERT_EQ(r.model.questions.size(), 1u);
    EXPECT_EQ(r.model.questions[0].scale, "agreement4");
    for (const auto& x : r.model.responses)
        for (const auto& [q, point] : x.answers) EXPECT_LE(point, 4);
}

TEST(ColumnRoles, EachQuestionOnTheScaleItsAnswersShow) {
    // The first shows both sides and no middle (4 points), the second the middle (5 points),
    // the third only "Agree": it takes the survey's... both were seen, so the standard 5 points.
    SheetSpec s{"Pupil survey", {{"Pupil ID", "I enjoy science", "I like working in groups", "I like maths"}}};
    for (int i = 0; i < 6; ++i)
        s.rows.push_back({"P" + std::to_string(i), i % 2 ? "Agree" : "Disagree", i % 3 ? "Neither agree nor disagree" : "Agree", "Agree"});
    auto r = checkSheets({s});
    ASSERT_EQ(r.model.questions.size(), 3u);
    EXPECT_EQ(r.model.questions[0].scale, "agreement4");
    EXPECT_EQ(r.model.questions[1].scale, "agreement5");
    EXPECT_EQ(r.model.questions[2].scale, "agreement5");
}

TEST(ColumnRoles, AQuestionWithOneSideShownTakesTheSurveysScale) {
    SheetSpec s{"Pupil survey", {{"Pupil ID", "I enjoy science", "I like maths"}}};
    for (int i = 0; i < 6; ++i) s.rows.push_back({"P" + std::to_string(i), i % 2 ? "Strongly agree" : "Disagree", i % 2 ? "Agree" : "Strongly agree"});
    auto r = checkSheets({s});
    ASSERT_EQ(r.model.questions.size(), 2u);
    EXPECT_EQ(r.model.questions[0].scale, "agreement4");
    EXPECT_EQ(r.model.questions[1].scale, "agreement4");
}

TEST(ColumnRoles, BeforeAndAfterSheetsTogetherShowTheFourPointScale) {
    // Before: only disagreement; after: only agreement, never the middle. Together: 4 points,
    // and the before answer read first moves with the scale (Strongly disagree stays 1).
    SheetSpec before{"Survey - before", {{"Pupil ID", "I enjoy science"}, {"P1", "Strongly disagree"}, {"P2", "Disagree"}}};
    SheetSpec after{"Survey - after", {{"Pupil ID", "I enjoy science"}, {"P1", "Agree"}, {"P2", "Strongly agree"}}};
    auto r = checkSheets({before, after});
    ASSERT_EQ(r.model.questions.size(), 1u);
    EXPECT_EQ(r.model.questions[0].scale, "agreement4");
    std::map<std::string, int> points;
    for (const auto& x : r.model.responses) points[x.respondentKey + " " + std::string(model::timepointName(x.timepoint))] = x.answers.at(0);
    EXPECT_EQ(points, (std::map<std::string, int>{{"id:p1 before", 1}, {"id:p2 before", 2}, {"id:p1 after", 3}, {"id:p2 after", 4}}));
}

// ---- a sector column beside the school, in any sheet ------------------------------------------------

TEST(ColumnRoles, SectorBesideTheSchoolInAttendanceCounts) {
    SheetSpec s{"Attendance", {{"Pupil", "School", "Sector", "Date"}}};
    s.rows.push_back({"Amy Adams", "Huntington", "State", date(2025, 3, 10)});
    s.rows.push_back({"Ben Brown", "Oakwood", "Independent", date(2025, 3, 10)});
    s.rows.push_back({"Cara Cole", "Riverside", "", date(2025, 3, 10)});
    auto r = checkSheets({s});
    EXPECT_EQ(role(r, "Attendance", "Sector"), "sector") << describe(r);
    auto a = analyse::analyse(r.model, vocab());
    EXPECT_EQ(a.reach.schoolsBySector, (std::map<std::string, std::size_t>{{"state", 1}, {"independent", 1}, {"other", 1}}));
}

TEST(ColumnRoles, TypeOfActivityIsNoSector) {
    SheetSpec s{"Attendance", {{"Pupil", "School", "Type", "Date"}}};
    s.rows.push_back({"Amy Adams", "Huntington", "Workshop", date(2025, 3, 10)});
    s.rows.push_back({"Ben Brown", "Oakwood", "Trip", date(2025, 3, 11)});
    auto r = checkSheets({s});
    EXPECT_EQ(role(r, "Attendance", "Type"), "") << describe(r);
}

// ---- the coordinator's corrections win ---------------------------------------------------------------

TEST(ColumnRoles, CoordinatorsRoleWinsOverTheGuess) {
    SheetSpec s = surveyWithTimepoint("When", "Before", "After");
    TempDir dir;
    writeWorkbook(dir.file("w.xlsx"), {s});
    read::Workbook wb(dir.file("w.xlsx"));
    read::Grid grid(wb, 0);
    model::ColumnOverride ignore{"Pupil survey", 1u, "When", "ignore", {"Impact Columns", 3, 0}};
    recognise::SheetLayout l = recognise::recogniseLayout(grid, vocab(), {ignore});
    const recognise::Column* when = l.columnAt(1);
    ASSERT_NE(when, nullptr);
    EXPECT_EQ(recognise::columnRole(l, *when), "ignore");
    EXPECT_EQ(when->source, model::RoleSource::Coordinator);
    EXPECT_FALSE(l.column("timepoint"));
    // A column moved since: found by its header.
    model::ColumnOverride moved{"Pupil survey", 5u, "When", "ignore", {"Impact Columns", 3, 0}};
    EXPECT_FALSE(recognise::recogniseLayout(grid, vocab(), {moved}).column("timepoint"));
    // A role given to another column takes it from the guess.
    model::ColumnOverride name{"Pupil survey", 0u, "Name", "timepoint", {"Impact Columns", 4, 0}};
    recognise::SheetLayout n = recognise::recogniseLayout(grid, vocab(), {name});
    EXPECT_EQ(n.column("timepoint"), std::optional<std::uint32_t>(0u));
}

// ---- value profiles ------------------------------------------------------------------------------------

TEST(ColumnRoles, TimepointPairsAreOrderedByWhatTheyShow) {
    auto pair = [](std::vector<std::string> v) {
        auto p = recognise::timepointPair(v, vocab());
        return p ? p->before + " < " + p->after : std::string("none");
    };
    EXPECT_EQ(pair({"week 6", "week 1"}), "week 1 < week 6");
    EXPECT_EQ(pair({"summer 2025", "autumn 2024"}), "autumn 2024 < summer 2025");
    EXPECT_EQ(pair({"july", "sept"}), "sept < july");
    EXPECT_EQ(pair({"post", "pre"}), "pre < post");
    EXPECT_EQ(pair({"t2", "t1"}), "t1 < t2");
    EXPECT_EQ(pair({"year 7", "year 8"}), "none");
    EXPECT_EQ(pair({"st mary's", "oakfield"}), "none");
    EXPECT_EQ(pair({"yes", "no"}), "none");
}

} // namespace
} // namespace impact::checktest
