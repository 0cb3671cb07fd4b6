// Recognising a sheet's kind, header row and columns, on in-memory grids (Grid::fromRows).
#include "check_helpers.h"
#include "recognise/extract.h"
#include "recognise/layout.h"

#include <gtest/gtest.h>

namespace impact::checktest {
namespace {

using read::Grid;
using recognise::recogniseLayout;
using recognise::SheetLayout;
using Rows = std::vector<std::vector<std::string>>;

SheetLayout layoutOf(const Rows& rows, const std::string& name = "Sheet1") {
    return recogniseLayout(Grid::fromRows(name, rows), vocab());
}

std::string fieldAt(const SheetLayout& l, std::uint32_t col) {
    const recognise::Column* c = l.columnAt(col);
    return c ? c->field : "(no column)";
}

TEST(Layout, AttendanceLong) {
    auto l = layoutOf({{"Pupil name", "School", "Date", "Activity", "Attended", "Pupil premium"},
                       {"Amy Adams", "Huntington School", "12/03/2025", "Maths", "Y", "Y"},
                       {"Ben Brown", "Huntington School", "12/03/2025", "Maths", "N", "N"},
                       {"Amy Adams", "Huntington School", "19/03/2025", "Maths", "Y", "Y"}});
    EXPECT_EQ(l.kind, model::SheetKind::AttendanceLong);
    EXPECT_EQ(l.headerRow, 0u);
    EXPECT_EQ(fieldAt(l, 0), "pupil_name");
    EXPECT_EQ(fieldAt(l, 1), "school");
    EXPECT_EQ(fieldAt(l, 2), "date");
    EXPECT_EQ(fieldAt(l, 3), "activity");
    EXPECT_EQ(fieldAt(l, 4), "attended");
    EXPECT_EQ(fieldAt(l, 5), "pupil_premium");
}

TEST(Layout, AttendanceRegister) {
    auto l = layoutOf({{"Pupil ID", "Pupil name", "School", "Year group", "Pupil premium (Y/N)", "Session 1", "Session 2", "Session 3"},
                       {"YK001", "Amy Adams", "Huntington School", "9", "Y", "✓", "A", "✓"},
                       {"YK002", "Ben Brown", "Huntington School", "9", "N", "✓", "✓", ""},
                       {"YK003", "Cara Cole", "St Peter's School", "10", "N", "A", "✓", "✓"}});
    EXPECT_EQ(l.kind, model::SheetKind::AttendanceRegister);
    EXPECT_EQ(l.sessionColumns, (std::vector<std::uint32_t>{5, 6, 7}));
    EXPECT_EQ(fieldAt(l, 0), "pupil_id");
    EXPECT_EQ(fieldAt(l, 2), "school");
    EXPECT_EQ(fieldAt(l, 4), "pupil_premium");
}

TEST(Layout, AttendanceRegisterWithDateHeaders) {
    auto l = layoutOf({{"Pupil", "School", "05/10/2024", "12/10/2024", "19/10/2024", "26/10/2024"},
                       {"Amy Adams", "Huntington School", "Y", "N", "Y", "Y"},
                       {"Ben Brown", "Huntington School", "1", "0", "1", ""},
                       {"Cara Cole", "St Peter's School", "P", "A", "", "P"}});
    EXPECT_EQ(l.kind, model::SheetKind::AttendanceRegister);
    EXPECT_EQ(l.sessionColumns.size(), 4u);
}

TEST(Layout, AttendanceCounts) {
    auto l = layoutOf({{"School", "Date", "Activity", "Number attending", "PP count"},
                       {"Cotham School", "12/03/2025", "Robotics day", "25", "6"},
                       {"Redland Green School", "12/03/2025", "Robotics day", "18", "3"},
                       {"Cotham School", "19/03/2025", "Debating", "12", "2"}});
    EXPECT_EQ(l.kind, model::SheetKind::AttendanceCounts);
    EXPECT_EQ(fieldAt(l, 0), "school");
    EXPECT_EQ(fieldAt(l, 3), "count");
    EXPECT_EQ(fieldAt(l, 4), "pp_count");
}

TEST(Layout, Contributions) {
    auto l = layoutOf({{"Contributor", "Sector", "Cash or in kind", "Amount", "Date", "Purpose"},
                       {"St Peter's School", "Independent", "Cash", "£2,000", "01/10/2024", "Coaches"},
                       {"University of York", "University", "In kind", "£1,050.00", "15/10/2024", "Lab time"},
                       {"Huntington School", "State", "In kind", "500", "20/10/2024", "Staff time"}});
    EXPECT_EQ(l.kind, model::SheetKind::Contributions);
    EXPECT_EQ(fieldAt(l, 0), "contributor");
    EXPECT_EQ(fieldAt(l, 1), "sector");
    EXPECT_EQ(fieldAt(l, 2), "contribution_type");
    EXPECT_EQ(fieldAt(l, 3), "amount");
    EXPECT_EQ(fieldAt(l, 4), "date");
}

TEST(Layout, SurveyWithTimepointColumn) {
    auto l = layoutOf({{"Pupil ID", "School", "Before / after", "How confident are you speaking in public?", "How much do you know about space?"},
                       {"P1", "Huntington School", "Before", "Not very confident", "2"},
                       {"P2", "Huntington School", "Before", "Fairly confident", "3"},
                       {"P1", "Huntington School", "After", "Very confident", "4"},
                       {"P2", "Huntington School", "After", "Extremely confident", "5"}});
    EXPECT_EQ(l.kind, model::SheetKind::Survey);
    EXPECT_EQ(fieldAt(l, 0), "pupil_id");
    EXPECT_EQ(fieldAt(l, 2), "timepoint");
    EXPECT_EQ(l.questionColumns, (std::vector<std::uint32_t>{3, 4}));
}

TEST(Layout, SurveyWithPairedBeforeAfterColumns) {
    auto l = layoutOf({{"Pupil ID", "Q3 (before)", "Q3 (after)", "Q4 (before)", "Q4 (after)"},
                       {"P1", "2", "4", "Agree", "Strongly agree"},
                       {"P2", "3", "3", "Disagree", "Agree"},
                       {"P3", "1", "5", "Neutral", "Agree"}});
    EXPECT_EQ(l.kind, model::SheetKind::Survey);
    EXPECT_EQ(fieldAt(l, 0), "pupil_id");
    EXPECT_EQ(l.questionColumns, (std::vector<std::uint32_t>{1, 2, 3, 4}));
}

TEST(Layout, MicrosoftFormsExport) {
    auto l = layoutOf({{"ID", "Start time", "Completion time", "Email", "Name", "How confident do you feel teaching electricity?",
                        "My pupils are confident to ask questions and speak up in science lessons"},
                       {"1", "3/12/25 9:14:22", "3/12/25 9:16:40", "a.adams@example.org", "Ann Adams", "2", "Agree"},
                       {"2", "3/12/25 9:15:02", "3/12/25 9:19:11", "b.brown@example.org", "Bob Brown", "3", "Disagree"},
                       {"3", "3/12/25 9:20:45", "3/12/25 9:22:09", "c.cole@example.org", "Cat Cole", "1", "Strongly agree"}});
    EXPECT_EQ(l.kind, model::SheetKind::Survey);
    EXPECT_EQ(fieldAt(l, 0), "response_number");
    EXPECT_EQ(fieldAt(l, 1), "start_time");
    EXPECT_EQ(fieldAt(l, 3), "email");
    EXPECT_EQ(fieldAt(l, 4), "pupil_name");
    EXPECT_EQ(l.questionColumns, (std::vector<std::uint32_t>{5, 6}));
}

TEST(Layout, GoogleFormsExport) {
    auto l = layoutOf({{"Timestamp", "Email address", "What is your name?", "Which school do you attend?", "I enjoyed the masterclass",
                        "How much do you know about DNA? (1-5)"},
                       {"12/03/2025 10:01:02", "amy@example.org", "Amy", "Huntington School", "Agree", "3"},
                       {"12/03/2025 10:04:40", "ben@example.org", "Ben", "St Peter's School", "Strongly agree", "4"},
                       {"12/03/2025 10:06:13", "cara@example.org", "Cara", "Huntington School", "Neutral", "2"}});
    EXPECT_EQ(l.kind, model::SheetKind::Survey);
    EXPECT_EQ(fieldAt(l, 0), "start_time");
    EXPECT_EQ(fieldAt(l, 1), "email");
    EXPECT_EQ(fieldAt(l, 2), "pupil_name");
    EXPECT_EQ(fieldAt(l, 3), "school");
    EXPECT_EQ(l.questionColumns, (std::vector<std::uint32_t>{4, 5}));
}

TEST(Layout, Assessment) {
    auto l = layoutOf({{"Pupil ID", "Pupil name", "School", "Pre test score", "Post test score", "Max score"},
                       {"P1", "Amy Adams", "Huntington School", "8", "14", "20"},
                       {"P2", "Ben Brown", "Huntington School", "11", "15", "20"},
                       {"P3", "Cara Cole", "St Peter's School", "5", "12", "20"}});
    EXPECT_EQ(l.kind, model::SheetKind::Assessment);
    EXPECT_EQ(fieldAt(l, 3), "score_before");
    EXPECT_EQ(fieldAt(l, 4), "score_after");
    EXPECT_EQ(fieldAt(l, 5), "max_score");
}

TEST(Layout, Indicators) {
    auto l = layoutOf({{"Question", "Category", "Scale"},
                       {"How confident are you speaking in public?", "2", "confidence5"},
                       {"How much do you know about space?", "Knowledge", "1-5"},
                       {"I would recommend the partnership", "5", ""}});
    EXPECT_EQ(l.kind, model::SheetKind::Indicators);
    EXPECT_EQ(fieldAt(l, 0), "indicator");
    EXPECT_EQ(fieldAt(l, 1), "category");
    EXPECT_EQ(fieldAt(l, 2), "scale");
}

TEST(Layout, Schools) {
    auto l = layoutOf({{"School", "Sector", "Phase", "Pupil premium %", "Quota"},
                       {"St Peter's School", "Independent", "Secondary", "n/a", "20"},
                       {"Huntington School", "State", "Secondary", "23%", "20"},
                       {"St Mary's CE Primary", "State", "Primary", "31%", "10"}});
    EXPECT_EQ(l.kind, model::SheetKind::Schools);
    EXPECT_EQ(fieldAt(l, 0), "school");
    EXPECT_EQ(fieldAt(l, 1), "sector");
    EXPECT_EQ(fieldAt(l, 3), "school_pp_share");
    EXPECT_EQ(fieldAt(l, 4), "quota");
}

TEST(Layout, Funders) {
    auto l = layoutOf({{"Funder", "Email", "Contribution", "Personal note"},
                       {"St Peter's School", "bursar@example.org", "St Peter's School", "Thank you!"},
                       {"University of York", "outreach@example.org", "University of York", ""}});
    EXPECT_EQ(l.kind, model::SheetKind::Funders);
    EXPECT_EQ(fieldAt(l, 0), "funder");
    EXPECT_EQ(fieldAt(l, 1), "email");
    EXPECT_EQ(fieldAt(l, 3), "note");
}

TEST(Layout, PartnershipKeyValue) {
    Grid g = Grid::fromRows("Partnership", {{"Partnership name", "York ISSP"},
                                            {"Academic year", "2024-25"},
                                            {"Report title", "Masterclasses"},
                                            {"Lead school", "St Peter's School"},
                                            {"Coordinator", "Jo Bloggs"}});
    EXPECT_TRUE(recognise::looksLikeSettings(g, vocab()));
    model::WorkbookModel m;
    recognise::extractSettings(g, vocab(), m);
    EXPECT_EQ(m.settings["partnership_name"], "York ISSP");
    EXPECT_EQ(m.settings["academic_year"], "2024-25");
    EXPECT_EQ(m.settings["coordinator"], "Jo Bloggs");
}

TEST(Layout, TableIsNotSettings) {
    Grid g = Grid::fromRows("Attendance", {{"Pupil name", "School", "Date", "Activity", "Attended"},
                                           {"Amy Adams", "Huntington School", "12/03/2025", "Maths", "Y"}});
    EXPECT_FALSE(recognise::looksLikeSettings(g, vocab()));
}

TEST(Layout, TitleRowsAboveTheHeader) {
    auto l = layoutOf({{"York masterclasses 2024-25"},
                       {},
                       {"Attendance at the Saturday masterclasses"},
                       {"Pupil name", "School", "Date", "Activity"},
                       {"Amy Adams", "Huntington School", "12/03/2025", "Maths"},
                       {"Ben Brown", "St Peter's School", "12/03/2025", "Maths"}});
    EXPECT_EQ(l.kind, model::SheetKind::AttendanceLong);
    EXPECT_EQ(l.headerRow, 3u);
}

TEST(Layout, NotesSheetHasNoKind) {
    auto l = layoutOf({{"Notes for next year"},
                       {"Remember to book the coaches early."},
                       {"Ask the schools for pupil premium figures in September."},
                       {"The lab is closed in half term."}});
    EXPECT_EQ(l.kind, model::SheetKind::None);
}

TEST(Layout, SessionHeaders) {
    Grid g = Grid::fromRows("R", {{"Session 1", "Week 2", "Lesson 10", "12/03/2025", "S3", "School", "Sessions", "Week"}});
    for (std::uint32_t c = 0; c < 5; ++c) EXPECT_TRUE(recognise::isSessionHeader(g, 0, c)) << g.text(0, c);
    for (std::uint32_t c = 5; c < 8; ++c) EXPECT_FALSE(recognise::isSessionHeader(g, 0, c)) << g.text(0, c);
}

TEST(Layout, HeaderLabelWithoutMerges) {
    Grid g = Grid::fromRows("S", {{"Pupil ID", "Q3"}, {"", "Before"}});
    EXPECT_EQ(recognise::headerLabel(g, 0, 0, vocab()), "Pupil ID");
    EXPECT_EQ(recognise::headerLabel(g, 1, 1, vocab()), "Before");
    EXPECT_EQ(recognise::headerLabel(g, 1, 0, vocab()), "");
}

// ---- a header row with nothing under it yet -------------------------------------------------------

struct HeaderOnlyCase {
    const char* kind;
    std::vector<std::string> header;
};

TEST(LayoutHeaderOnly, EveryKindByItsHeadersAlone) {
    const HeaderOnlyCase cases[] = {
        {"schools", {"School", "Sector", "Phase", "Quota"}},
        {"attendance-long", {"Pupil ID", "Pupil name", "School", "Activity", "Date", "Attended"}},
        {"attendance-register", {"Pupil name", "School", "Session 1", "Session 2", "Session 3", "Session 4"}},
        {"attendance-counts", {"School", "Date", "Activity", "Number attending", "Pupil premium count"}},
        {"contributions", {"Contributor", "Sector", "Cash or in kind", "Amount (£)", "Date", "Purpose"}},
        {"funders", {"Funder", "Email", "Contact name", "Contribution", "Personal note"}},
        {"indicators", {"Question", "Category", "Scale", "Respondents"}},
        {"assessment", {"Pupil name", "School", "Assessment", "Score before", "Score after", "Max score"}},
        {"survey", {"Pupil ID", "Respondent type", "Before / after", "How confident do you feel speaking in public?",
                    "I understand how science is used outside school.", "Comments", "Consent to quote"}},
    };
    for (const auto& c : cases) {
        auto l = layoutOf({c.header});
        EXPECT_EQ(model::sheetKindName(l.kind), c.kind) << c.kind;
        EXPECT_TRUE(l.headerOnly) << c.kind;
        EXPECT_EQ(l.headerRow, 0u) << c.kind;
    }
    auto reg = layoutOf({cases[2].header});
    EXPECT_EQ(reg.sessionColumns, (std::vector<std::uint32_t>{2, 3, 4, 5}));
    auto survey = layoutOf({cases[8].header});
    EXPECT_EQ(survey.questionColumns, (std::vector<std::uint32_t>{3, 4}));
    EXPECT_EQ(fieldAt(survey, 1), "respondent_type");
    EXPECT_EQ(fieldAt(survey, 2), "timepoint");
}

TEST(LayoutHeaderOnly, BelowTitleRows) {
    auto l = layoutOf({{"Contributions 2025-26"}, {}, {"Contributor", "Amount", "Date"}});
    EXPECT_EQ(l.kind, model::SheetKind::Contributions);
    EXPECT_TRUE(l.headerOnly);
    EXPECT_EQ(l.headerRow, 2u);
}

TEST(LayoutHeaderOnly, BlankRowsUnderTheHeaderAreNoRows) {
    // Spaces typed under the header (or cells only formatted, which the reader does not report)
    // hold nothing: the sheet is recognised, with no data rows.
    Grid g = Grid::fromRows("Contributions", {{"Contributor", "Sector", "Amount", "Date"}, {" ", "", " "}, {}, {"", " ", "", " "}});
    SheetLayout l = recogniseLayout(g, vocab());
    EXPECT_EQ(l.kind, model::SheetKind::Contributions);
    EXPECT_TRUE(l.headerOnly);
    EXPECT_TRUE(recognise::tableRows(g, l, vocab()).rows.empty());
    // A note typed beside the table, under no header, is no row of it either.
    Grid noted = Grid::fromRows("Schools", {{"School", "Sector", "", "", ""}, {"", "", "", "", "Fill in by October"}});
    SheetLayout n = recogniseLayout(noted, vocab());
    EXPECT_EQ(n.kind, model::SheetKind::Schools);
    EXPECT_TRUE(recognise::tableRows(noted, n, vocab()).rows.empty());
}

TEST(LayoutHeaderOnly, ARowUnderTheHeaderIsARow) {
    // With one row, the sheet is recognised as before: by its headers and what the row holds.
    auto l = layoutOf({{"Contributor", "Amount"}, {"Huntington School", "2000"}});
    EXPECT_EQ(l.kind, model::SheetKind::Contributions);
    EXPECT_FALSE(l.headerOnly);
}

TEST(LayoutHeaderOnly, NeedsTheExactWords) {
    // Partial matches are confirmed by the values under them ("Amount given" holding amounts);
    // with no values, they are not enough.
    EXPECT_EQ(layoutOf({{"Donor organisation", "Amount given"}, {"Huntington School", "2000"}}).kind, model::SheetKind::Contributions);
    EXPECT_EQ(layoutOf({{"Donor organisation", "Amount given"}}).kind, model::SheetKind::None);
    // Nor is one question with a pupil and a school: a survey needs two of its own columns named.
    EXPECT_EQ(layoutOf({{"Pupil ID", "School", "How much did you enjoy the day?"}}).kind, model::SheetKind::None);
    EXPECT_EQ(layoutOf({{"Pupil ID", "Before / after", "How much did you enjoy the day?"}}).kind, model::SheetKind::None);
}

TEST(LayoutHeaderOnly, NotesAreNotTables) {
    EXPECT_EQ(layoutOf({{"Notes for next year"}, {"Remember to book the coaches early."}, {"Ask each school for its sector."}}).kind, model::SheetKind::None);
    EXPECT_EQ(layoutOf({{"Thoughts", "Actions"}}).kind, model::SheetKind::None);
    // The last line of a two-column log is not a header with nothing under it: the rows above it
    // are as wide as it is.
    EXPECT_EQ(layoutOf({{"Term", "What happened"}, {"Autumn", "Went well"}, {"Spring", "Snow day"}, {"School", "Sector"}}).kind, model::SheetKind::None);
    // A row holding a number is data, not headers.
    Grid numbers = Grid::fromRows("Schools", {{"School", "Sector", ""}});
    read::Value twelve;
    twelve.type = read::CellType::Number;
    twelve.number = 12;
    twelve.text = "12";
    numbers.set(0, 2, twelve);
    EXPECT_EQ(recogniseLayout(numbers, vocab()).kind, model::SheetKind::None);
    EXPECT_EQ(layoutOf({{"School", "Sector", "12"}}).kind, model::SheetKind::Schools);
}

TEST(LayoutHeaderOnly, UnfilledSettings) {
    std::uint32_t filled = 99;
    Grid blank = Grid::fromRows("Partnership", {{"Setting", "Value", "What to write"},
                                               {"Partnership name", "", "The name on the front of every report."},
                                               {"Academic year", "", "The year the report covers."},
                                               {"Lead school", "", "The school that leads the partnership."}});
    EXPECT_FALSE(recognise::looksLikeSettings(blank, vocab()));
    EXPECT_TRUE(recognise::looksLikeUnfilledSettings(blank, vocab(), filled));
    EXPECT_EQ(filled, 0u);
    Grid one = Grid::fromRows("Partnership", {{"Partnership name", "York Partnership"}, {"Academic year", ""}, {"Lead school", ""}});
    EXPECT_TRUE(recognise::looksLikeUnfilledSettings(one, vocab(), filled));
    EXPECT_EQ(filled, 1u);
    // Notes that mention a setting or two are notes.
    Grid notes = Grid::fromRows("Notes", {{"Academic year"},
                                          {"Remember to book the coaches early."},
                                          {"Lead school"},
                                          {"Ask the schools for pupil premium figures in September."},
                                          {"The lab is closed in half term."}});
    EXPECT_FALSE(recognise::looksLikeUnfilledSettings(notes, vocab(), filled));
}

} // namespace
} // namespace impact::checktest
