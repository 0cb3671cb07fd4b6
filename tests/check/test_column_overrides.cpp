// The coordinator's corrections to the column roles (SPEC "Column roles come from evidence"): the
// "Impact Columns" sheet is read (roles folded, unknown roles, sheets and columns reported at their
// cells), check --json shows every column's role, reason and source, the sheet Impact writes reads
// back to the same roles, and a role the coordinator changes there changes the figures.
#include "analyse/analysis.h"
#include "check_helpers.h"
#include "output/analyse_output.h"
#include "output/check_output.h"
#include "read/cell.h"
#include "read/workbook.h"
#include "recognise/column_overrides.h"
#include "sheets/summary_workbook.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>

namespace impact::checktest {
namespace {

using model::Severity;

/// (sheet, column letter or "", header, role): an override as a test compares it.
using Stated = std::tuple<std::string, std::string, std::string, std::string>;

std::vector<Stated> stated(const std::vector<model::ColumnOverride>& overrides) {
    std::vector<Stated> out;
    for (const auto& o : overrides) out.emplace_back(o.sheet, o.col ? read::columnName(*o.col) : "", o.header, o.role);
    return out;
}

std::vector<model::ColumnOverride> readGrid(const read::Grid& grid, model::IssueList& issues, std::uint32_t& rows) {
    return recognise::readColumnOverrides(grid, vocab(), {"Pupil survey", "Register", grid.sheetName()}, issues, rows);
}

/// A before/after survey of six pupils: names in A, the timepoint in B (Before/After), one
/// question in C answered one point higher after.
SheetSpec survey() {
    SheetSpec s{"Pupil survey", {{"Pupil name", "When", "How confident do you feel speaking in front of others?"}}};
    const char* labels[] = {"Not at all confident", "Not very confident", "Fairly confident", "Very confident", "Extremely confident"};
    for (int pass = 0; pass < 2; ++pass)
        for (int i = 0; i < 6; ++i)
            s.rows.push_back({"Pupil " + std::string(1, static_cast<char>('A' + i)), pass ? "After" : "Before", labels[(i % 4) + pass]});
    return s;
}

SheetSpec columnsSheet(std::vector<Row> rows) {
    SheetSpec s{"Impact Columns", {{"Sheet", "Column", "Header", "Role", "Reason"}}};
    for (auto& r : rows) s.rows.push_back(std::move(r));
    return s;
}

const model::ColumnRole* column(const check::CheckResult& r, const std::string& sheet, const std::string& letter) {
    const model::SheetReport* s = sheetReport(r, sheet);
    if (!s) return nullptr;
    for (const auto& c : s->columns)
        if (read::columnName(c.col) == letter) return &c;
    return nullptr;
}

/// The survey question's result in analyse --json: its "n_before", "n_after" and "mean_change".
Poco::JSON::Object::Ptr questionFigures(const check::CheckResult& r) {
    auto root = output::checkJson(r);
    output::addAnalysisJson(root, analyse::analyse(r.model, vocab()));
    auto categories = root->getArray("categories");
    for (std::size_t c = 0; c < categories->size(); ++c) {
        auto indicators = categories->getObject(static_cast<unsigned>(c))->getArray("indicators");
        for (std::size_t i = 0; i < indicators->size(); ++i) {
            auto ind = indicators->getObject(static_cast<unsigned>(i));
            if (ind->getValue<std::string>("sheet") == "Pupil survey") return ind;
        }
    }
    return nullptr;
}

/// A figure of analyse --json as text: "6", or "null".
std::string figure(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    Poco::Dynamic::Var v = o->get(key);
    return v.isEmpty() ? "null" : v.toString();
}

TEST(ColumnOverrides, RolesAreFoldedAndEveryKnownRoleIsAccepted) {
    EXPECT_EQ(recognise::roleFromText("Pupil name", vocab()), "pupil_name");
    EXPECT_EQ(recognise::roleFromText("  PUPIL_NAME ", vocab()), "pupil_name");
    EXPECT_EQ(recognise::roleFromText("pupil-name", vocab()), "pupil_name");
    EXPECT_EQ(recognise::roleFromText("Ignore", vocab()), "ignore");
    EXPECT_EQ(recognise::roleFromText("favourite colour", vocab()), "");
    EXPECT_EQ(recognise::roleFromText("", vocab()), "");
    auto roles = recognise::knownRoles(vocab());
    EXPECT_EQ(roles.size(), vocab().fields.size() + 3);
    for (const auto& r : roles) EXPECT_EQ(recognise::roleFromText(r, vocab()), r);
}

TEST(ColumnOverrides, TheSheetIsKnownByItsNameOrItsHeaders) {
    EXPECT_TRUE(recognise::isColumnsSheet(read::Grid::fromRows("impact columns", {{"anything"}})));
    EXPECT_TRUE(recognise::isColumnsSheet(read::Grid::fromRows("Roles", {{"Notes for Impact"}, {"Sheet", "Column", "Header", "Role"}})));
    EXPECT_FALSE(recognise::isColumnsSheet(read::Grid::fromRows("Register", {{"Pupil", "School", "Role"}})));
}

TEST(ColumnOverrides, RowsAreReadAndMistakesReportedAtTheirCells) {
    auto grid = read::Grid::fromRows("Impact Columns", {
                                                           {"Sheet", "Column", "Header", "Role", "Reason"},
                                                           {"Pupil survey", "B", "When", "Timepoint", "values Before/After"},
                                                           {"pupil survey", "a", "Pupil name", "Pupil name"},
                                                           {"Pupil survey", "", "Notes", "ignore"},
                                                           {"Pupil survey", "D", "Extra", ""},
                                                           {"Pupil survey", "E", "Colour", "favourite colour"},
                                                           {"Attendance", "A", "Pupil", "pupil_name"},
                                                           {"Register", "7", "Mark", "session"},
                                                           {"Register", "", "", "session"},
                                                           {},
                                                           {"", "", "", "", "", "", "question"},
                                                       });
    model::IssueList issues;
    std::uint32_t rows = 0;
    auto overrides = readGrid(grid, issues, rows);
    EXPECT_EQ(stated(overrides), (std::vector<Stated>{{"Pupil survey", "B", "When", "timepoint"},
                                                      {"Pupil survey", "A", "Pupil name", "pupil_name"},
                                                      {"Pupil survey", "", "Notes", "ignore"},
                                                      {"Register", "", "Mark", "session"}}));
    EXPECT_EQ(rows, 8u) << "every row naming something, the blank Role's too; not the blank row or a note beside the table";
    EXPECT_EQ(overrides[0].source.row, 1u);
    EXPECT_EQ(overrides[0].source.col, 3u);
    std::multiset<std::tuple<std::string, std::string, Severity>> found;
    for (const auto& i : issues.all()) found.emplace(i.rule, i.cell, i.severity);
    EXPECT_EQ(found, (std::multiset<std::tuple<std::string, std::string, Severity>>{
                         {"columns-unknown-role", "D6", Severity::Warning},
                         {"columns-unknown-sheet", "A7", Severity::Warning},
                         {"columns-bad-column", "B8", Severity::Warning},
                         {"columns-bad-column", "B9", Severity::Warning}}));
    for (const auto& i : issues.all())
        if (i.rule == "columns-unknown-role") {
            EXPECT_NE(i.message.find("favourite colour"), std::string::npos);
            EXPECT_NE(i.suggestion.find("pupil_name"), std::string::npos) << "names the valid roles: " << i.suggestion;
            EXPECT_NE(i.suggestion.find("ignore"), std::string::npos);
        }
}

TEST(ColumnOverrides, ASheetWithoutTheHeadersIsReportedOnce) {
    auto grid = read::Grid::fromRows("Impact Columns", {{"Which", "What"}, {"Pupil survey", "timepoint"}});
    model::IssueList issues;
    std::uint32_t rows = 0;
    EXPECT_TRUE(readGrid(grid, issues, rows).empty());
    ASSERT_EQ(issues.all().size(), 1u);
    EXPECT_EQ(issues.all()[0].rule, "columns-sheet-no-headers");
}

TEST(ColumnOverrides, CheckReadsTheSheetFirstAndNeverAsData) {
    auto r = checkSheets({survey(), columnsSheet({{"Pupil survey", "B", "When", "timepoint"}, {"Nowhere", "A", "x", "school"}})});
    EXPECT_TRUE(r.model.hasColumnsSheet);
    EXPECT_EQ(stated(r.model.columnOverrides), (std::vector<Stated>{{"Pupil survey", "B", "When", "timepoint"}}));
    const auto* s = sheetReport(r, "Impact Columns");
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->kind, model::SheetKind::Columns);
    EXPECT_EQ(s->rows, 2u);
    EXPECT_TRUE(s->columns.empty());
    EXPECT_EQ(flagged(r, "columns-unknown-sheet"), (Flags{{"columns-unknown-sheet", "Impact Columns", "A3"}})) << describe(r);
    EXPECT_EQ(flaggedAt(r, Severity::Error), Flags{}) << describe(r);

    auto plain = checkSheets({survey()});
    EXPECT_FALSE(plain.model.hasColumnsSheet);
    EXPECT_TRUE(plain.model.columnOverrides.empty());
}

TEST(ColumnOverrides, JsonGivesEveryColumnsLetterHeaderRoleReasonAndSource) {
    auto r = checkSheets({survey()});
    auto json = output::checkJson(r);
    auto sheets = json->getArray("sheets");
    Poco::JSON::Array::Ptr columns;
    for (std::size_t i = 0; i < sheets->size(); ++i)
        if (sheets->getObject(static_cast<unsigned>(i))->getValue<std::string>("name") == "Pupil survey")
            columns = sheets->getObject(static_cast<unsigned>(i))->getArray("columns");
    ASSERT_TRUE(columns);
    ASSERT_EQ(columns->size(), 3u);
    for (std::size_t i = 0; i < columns->size(); ++i) {
        auto c = columns->getObject(static_cast<unsigned>(i));
        for (const char* key : {"column", "header", "role", "field", "reason", "source"}) EXPECT_TRUE(c->has(key)) << key;
        EXPECT_EQ(c->getValue<std::string>("column"), read::columnName(static_cast<std::uint32_t>(i)));
        EXPECT_EQ(c->getValue<std::string>("source"), "guessed");
        EXPECT_EQ(c->get("field").toString(), c->get("role").toString()) << "the older key keeps the same value";
    }
    auto when = columns->getObject(1);
    EXPECT_EQ(when->getValue<std::string>("header"), "When");
    EXPECT_EQ(when->getValue<std::string>("role"), "timepoint");
    EXPECT_FALSE(when->getValue<std::string>("reason").empty()) << "every role the engine assumed is shown with its reason";
}

TEST(ColumnOverrides, VerboseTextListsEachColumnsRoleAndPlainTextCountsThem) {
    auto r = checkSheets({survey()});
    std::ostringstream verbose, plain;
    output::printCheck(verbose, r, true, false);
    output::printCheck(plain, r, false, false);
    EXPECT_NE(verbose.str().find("B 'When' \u2192 timepoint: "), std::string::npos) << verbose.str();
    EXPECT_NE(plain.str().find("12 rows, 3 of 3 columns understood\n"), std::string::npos) << plain.str();
    EXPECT_NE(plain.str().find("Run with --verbose to see the column roles"), std::string::npos) << plain.str();
    EXPECT_EQ(plain.str().find("'When'"), std::string::npos) << plain.str();
}

// Needs the override-apply step of recognise::recogniseLayout (engine/recognise/layout.cpp).
TEST(ColumnOverrides, ARoleTheCoordinatorSetIsReportedAsTheirs) {
    auto r = checkSheets({survey(), columnsSheet({{"Pupil survey", "B", "When", "ignore"}})});
    const auto* when = column(r, "Pupil survey", "B");
    ASSERT_NE(when, nullptr) << describe(r);
    EXPECT_EQ(when->role, "ignore");
    EXPECT_EQ(when->source, model::RoleSource::Coordinator);
    const auto* name = column(r, "Pupil survey", "A");
    ASSERT_NE(name, nullptr);
    EXPECT_EQ(name->source, model::RoleSource::Guessed) << "a column the sheet does not name stays a guess";
    std::string json = [&] {
        std::ostringstream out;
        output::checkJson(r)->stringify(out);
        return out.str();
    }();
    EXPECT_NE(json.find(R"("column":"B","header":"When","role":"ignore","field":"ignore")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("source":"coordinator")"), std::string::npos) << json;
}

// Needs the override-apply step of recognise::recogniseLayout (engine/recognise/layout.cpp).
TEST(ColumnOverrides, IgnoringTheTimepointColumnChangesTheFigures) {
    auto guessed = checkSheets({survey()});
    auto figures = questionFigures(guessed);
    ASSERT_TRUE(figures) << describe(guessed);
    EXPECT_EQ(figure(figures, "n_before"), "6");
    EXPECT_EQ(figure(figures, "n_after"), "6");

    auto ignored = checkSheets({survey(), columnsSheet({{"Pupil survey", "B", "When", "ignore"}})});
    auto flipped = questionFigures(ignored);
    ASSERT_TRUE(flipped) << describe(ignored);
    EXPECT_NE(figure(flipped, "n_before"), "6") << "without its timepoint column no response is a before-response";
    EXPECT_EQ(figure(flipped, "mean_change"), "null") << "and the change cannot be computed";
}

// Needs the override-apply step of recognise::recogniseLayout (engine/recognise/layout.cpp).
TEST(ColumnOverrides, MarkingAColumnAsTheTimepointChangesTheFigures) {
    // "Group" holding A and B reads as project/comparison groups; the coordinator says it is the
    // timepoint (A before, B after).
    SheetSpec s = survey();
    s.rows[0][1] = "Group";
    for (std::size_t i = 1; i < s.rows.size(); ++i) s.rows[i][1] = i <= 6 ? "A" : "B";
    auto guessed = checkSheets({s});
    auto corrected = checkSheets({s, columnsSheet({{"Pupil survey", "B", "Group", "timepoint"}})});
    const auto* group = column(corrected, "Pupil survey", "B");
    ASSERT_NE(group, nullptr) << describe(corrected);
    EXPECT_EQ(group->role, "timepoint");
    EXPECT_EQ(group->source, model::RoleSource::Coordinator);
    auto before = questionFigures(guessed), after = questionFigures(corrected);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(figure(before, "n_before"), "null") << "guessed: no before/after to tell";
    EXPECT_EQ(figure(after, "n_before"), "6") << "with the coordinator's timepoint";
    EXPECT_EQ(figure(after, "n_after"), "6");
}

TEST(ColumnOverrides, TheSheetImpactWritesReadsBackToTheRolesItShows) {
    auto r = checkSheets({survey(), {"Register", {{"Pupil name", "School", "Session 1", "Session 2", "Session 3", "Notes"},
                                                  {"Amy", "Fulford", "Y", "N", "Y", ""},
                                                  {"Ben", "Fulford", "Y", "Y", "N", "new"}}}});
    ASSERT_FALSE(r.model.hasColumnsSheet);
    TempDir dir;
    std::string path = dir.file("summary.xlsx");
    auto names = sheets::writeSummaryWorkbook(path, r, analyse::analyse(r.model, vocab()), vocab());
    ASSERT_NE(std::find(names.begin(), names.end(), sheets::kProposedColumnsName), names.end());

    read::Workbook wb(path);
    std::optional<read::Grid> written;
    for (std::size_t i = 0; i < wb.sheets().size(); ++i)
        if (wb.sheets()[i].name == sheets::kProposedColumnsName) written.emplace(wb, i);
    ASSERT_TRUE(written);
    EXPECT_TRUE(recognise::isColumnsSheet(*written));
    model::IssueList issues;
    std::uint32_t rows = 0;
    auto back = recognise::readColumnOverrides(*written, vocab(), {"Pupil survey", "Register"}, issues, rows);
    EXPECT_TRUE(issues.all().empty()) << issues.all().front().message;

    std::vector<Stated> shown;
    for (const auto& s : r.model.sheets)
        for (const auto& c : s.columns)
            if (!c.role.empty()) shown.emplace_back(s.name, read::columnName(c.col), c.header, c.role);
    EXPECT_FALSE(shown.empty());
    EXPECT_EQ(stated(back), shown) << "one row per column used, in order, each read back as written";
    EXPECT_EQ(rows, shown.size()) << "the list of roles beside the table is not read as rows";

    // Written when the workbook has none only.
    auto again = checkSheets({survey(), columnsSheet({{"Pupil survey", "B", "When", "timepoint"}})});
    auto names2 = sheets::writeSummaryWorkbook(dir.file("again.xlsx"), again, analyse::analyse(again.model, vocab()), vocab());
    EXPECT_EQ(std::find(names2.begin(), names2.end(), sheets::kProposedColumnsName), names2.end());
}

} // namespace
} // namespace impact::checktest
