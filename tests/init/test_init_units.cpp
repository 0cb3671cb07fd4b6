// Unit tests of engine/init: the drop-down lists against the vocabulary `impact check` reads (every
// word offered must be understood, with the meaning it is offered for), the JSON error line finder,
// and the loader's checks of a workbook description. Real templates/data files; no mocks.
#include "check/check.h"
#include "common/error.h"
#include "common/json_file.h"
#include "common/paths.h"
#include "init/drop_downs.h"
#include "init/new_workbook.h"
#include "init/workbook_template.h"
#include "common/unicode_text.h"
#include "recognise/vocabulary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <cstdio>
#include <fstream>
#include <set>
#include <unistd.h>

namespace impact::init {
namespace {

const recognise::Vocabulary& vocab() { return recognise::Vocabulary::standard(); }
DropDowns lists() { return DropDowns::load(templatesDir() + "/data"); }

const std::vector<std::string>& words(const DropDowns& d, const std::string& id) {
    const DropDown* list = d.find(id);
    if (!list) throw std::runtime_error("no list " + id);
    return list->words;
}

TEST(DropDowns, SectorsAreUnderstoodAsDistinctSectors) {
    DropDowns d = lists();
    std::set<std::string> sectors;
    for (const auto& w : words(d, "sectors")) {
        std::string s = vocab().sectorOf(w);
        EXPECT_FALSE(s.empty()) << w;
        sectors.insert(s);
    }
    EXPECT_EQ(sectors.size(), words(d, "sectors").size());
    EXPECT_TRUE(sectors.count("state") && sectors.count("independent"));
}

TEST(DropDowns, YesNoTimepointsKindsAndRespondents) {
    DropDowns d = lists();
    const auto& yn = words(d, "yes_no");
    ASSERT_EQ(yn.size(), 2u);
    EXPECT_TRUE(vocab().isYes(yn[0]));
    EXPECT_TRUE(vocab().isNo(yn[1]));
    const auto& tp = words(d, "timepoints");
    ASSERT_EQ(tp.size(), 2u);
    EXPECT_EQ(vocab().timepointOf(tp[0]), model::Timepoint::Before);
    EXPECT_EQ(vocab().timepointOf(tp[1]), model::Timepoint::After);
    std::set<std::string> kinds;
    for (const auto& w : words(d, "contribution_kinds")) kinds.insert(vocab().contributionKindOf(w));
    EXPECT_EQ(kinds, (std::set<std::string>{"cash", "in_kind"}));
    std::set<std::string> types;
    for (const auto& w : words(d, "respondent_types")) types.insert(vocab().respondentTypeOf(w));
    EXPECT_EQ(types, (std::set<std::string>{"pupil", "teacher", "parent", "school"}));
}

TEST(DropDowns, CategoriesAreTheSixInOrder) {
    DropDowns d = lists();
    const auto& cats = words(d, "categories");
    ASSERT_EQ(cats.size(), 6u);
    for (std::size_t i = 0; i < cats.size(); ++i) {
        EXPECT_EQ(vocab().categoryOf(cats[i]), static_cast<int>(i + 1)) << cats[i];
        EXPECT_EQ(cats[i], vocab().category(static_cast<int>(i + 1))->name);
    }
}

TEST(DropDowns, ScaleLabelsArePointsInOrder) {
    DropDowns d = lists();
    for (const auto& s : vocab().scales) {
        const DropDown* list = d.find("scale:" + s.id);
        ASSERT_NE(list, nullptr) << s.id;
        if (s.numeric) {
            EXPECT_TRUE(list->numeric);
            EXPECT_EQ(list->min, s.min);
            EXPECT_EQ(list->max, s.max);
            continue;
        }
        ASSERT_EQ(static_cast<int>(list->words.size()), s.points()) << s.id;
        for (std::size_t p = 0; p < list->words.size(); ++p) {
            const auto& accepted = s.labels[p];
            EXPECT_NE(std::find(accepted.begin(), accepted.end(), fold(list->words[p])), accepted.end())
                << s.id << " point " << p + 1 << ": " << list->words[p];
        }
    }
    std::set<std::string> names;
    for (const auto& w : words(d, "scale_names")) names.insert(w);
    for (const auto& s : vocab().scales) EXPECT_TRUE(names.count(s.name)) << s.name;
}

TEST(DropDowns, Capitalised) {
    EXPECT_EQ(capitalised("in kind"), "In kind");
    EXPECT_EQ(capitalised("School lead"), "School lead");
    EXPECT_EQ(capitalised("\xE2\x9C\x93 yes"), "\xE2\x9C\x93 yes"); // a non-ASCII first letter is left alone
}

// The line finder init used moved to common/json_file (findJsonProblem): the same cases, same lines.
TEST(JsonErrorLine, FindsTheLine) {
    auto line = [](const std::string& text) { return findJsonProblem(text).value_or(JsonProblem{0, 0, ""}).line; };
    EXPECT_EQ(line("{\n  \"a\": 1\n  \"b\": 2\n}"), 3);       // missing comma
    EXPECT_EQ(line("{\n  \"a\": \"x,\n  \"b\": 2\n}"), 2);    // unterminated string
    EXPECT_EQ(line("{\n  \"a\": [1, 2,\n\n  ]\n}"), 4);      // trailing comma
    EXPECT_EQ(line("{\n  \"a\": nope\n}"), 2);
}

class TemplateFile : public ::testing::Test {
protected:
    std::string path = (std::filesystem::temp_directory_path() / ("impact-init-unit-" + std::to_string(getpid()) + ".json")).string();
    void TearDown() override { std::remove(path.c_str()); }
    std::string error(const std::string& text) {
        std::ofstream(path) << text;
        DropDowns d = lists();
        try {
            loadTemplate(path, vocab(), d);
        } catch (const ReadError& e) {
            return e.what();
        }
        return "";
    }
};

TEST_F(TemplateFile, StandardDescriptionLoads) {
    DropDowns d = lists();
    WorkbookTemplate t = loadTemplate(standardTemplatePath(), vocab(), d);
    EXPECT_EQ(t.instructions.sheet, "Instructions");
    EXPECT_EQ(t.sheets.size(), 7u);
    for (const auto& s : t.sheets) {
        EXPECT_FALSE(s.examples.empty()) << s.name;
        for (const auto& c : s.columns) {
            if (!c.list.empty()) {
                EXPECT_NE(d.find(c.list), nullptr) << s.name << " " << c.header;
            }
        }
    }
}

TEST_F(TemplateFile, MistakesNamedWithFileAndLine) {
    const std::string head = "{\n\"instructions\": {\"sheet\": \"Read me\", \"title\": \"T\", \"before\": []},\n\"sheets\": [\n";
    std::string e = error(head + "{\"name\": \"Money\", \"about\": \"x\",\n \"columns\": [\n{\"header\": \"Amount\", \"field\": \"amount\"},\n"
                                 "{\"header\": \"Giver\", \"field\": \"contributor\"}]}]}");
    EXPECT_NE(e.find(path + ":7:"), std::string::npos) << e;
    EXPECT_NE(e.find("\"Giver\" as contributor"), std::string::npos) << e;
    e = error(head + "{\"name\": \"Money\", \"about\": \"x\",\n \"columns\": [{\"header\": \"Sector\", \"field\": \"sector\", \"list\": \"sectors\"}],\n"
                     " \"examples\": [[\"Statey\"]]}]}");
    EXPECT_NE(e.find(path + ":6:"), std::string::npos) << e;
    EXPECT_NE(e.find("\"Statey\" is not in the drop-down list \"sectors\""), std::string::npos) << e;
    e = error(head + "{\"name\": \"Bad/name\", \"about\": \"x\", \"columns\": [{\"header\": \"Sector\"}]}]}");
    EXPECT_NE(e.find("sheet name"), std::string::npos) << e;
    e = error(head + "{\"name\": \"Dates\", \"about\": \"x\", \"columns\": [{\"header\": \"Date\", \"field\": \"date\", \"format\": \"date\"}],"
                     " \"examples\": [[\"31/02/2025\"]]}]}");
    EXPECT_NE(e.find("not a date written YYYY-MM-DD"), std::string::npos) << e;
    e = error(head + "{\"name\": \"Pupils\", \"about\": \"x\",\n \"columns\": [{\"header\": \"School\", \"field\": \"school\",\n"
                     " \"choices_from\": {\"sheet\": \"Skools\", \"column\": \"School\"}}]}]}");
    EXPECT_NE(e.find(path + ":6:"), std::string::npos) << e;
    EXPECT_NE(e.find("names no sheet \"Skools\""), std::string::npos) << e;
    EXPECT_EQ(error(head + "{\"name\": \"Fine\", \"about\": \"x\", \"columns\": [{\"header\": \"Sector\", \"field\": \"sector\"}]}]}"), "");
}

// The new workbook as `impact check` reads it. Without examples every sheet has its headers and no
// rows: each is still recognised as its kind, with 0 rows and one info (sheet-no-rows), not an error.
class NewWorkbook : public ::testing::Test {
protected:
    std::string dir = (std::filesystem::temp_directory_path() / ("impact-init-unit-" + std::to_string(getpid()))).string();
    void SetUp() override { std::filesystem::create_directories(dir); }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    check::CheckResult made(bool examples) {
        InitOptions options;
        options.examples = examples;
        std::string path = dir + (examples ? "/with.xlsx" : "/without.xlsx");
        createWorkbook(path, options);
        return check::checkWorkbook(path, vocab());
    }
    const std::map<std::string, std::string> kinds = {
        {"Partnership", "partnership"}, {"Schools", "schools"},   {"Attendance", "attendance-long"}, {"Contributions", "contributions"},
        {"Survey", "survey"},           {"Indicators", "indicators"}, {"Funders", "funders"}};
};

TEST_F(NewWorkbook, WithoutExamplesEverySheetIsRecognisedWithNoRows) {
    check::CheckResult r = made(false);
    EXPECT_FALSE(r.hasErrors());
    std::map<std::string, std::vector<std::string>> rulesBySheet;
    for (const auto& i : r.issues.all()) {
        if (i.sheet.empty()) {
            EXPECT_EQ(i.rule, "category-no-evidence") << i.message;
            continue;
        }
        rulesBySheet[i.sheet].push_back(i.rule);
        if (i.rule == "sheet-no-rows") {
            EXPECT_EQ(i.severity, model::Severity::Info) << i.sheet;
        }
    }
    for (const auto& [name, kind] : kinds) {
        const model::SheetReport* sheet = nullptr;
        for (const auto& s : r.model.sheets)
            if (s.name == name) sheet = &s;
        ASSERT_NE(sheet, nullptr) << name;
        EXPECT_EQ(model::sheetKindName(sheet->kind), kind) << name;
        EXPECT_EQ(sheet->rows, 0u) << name;
        if (kind != "partnership") {
            EXPECT_EQ(sheet->headerRow, std::optional<std::uint32_t>(1)) << name;
        }
        EXPECT_EQ(rulesBySheet[name], std::vector<std::string>{"sheet-no-rows"}) << name;
    }
    EXPECT_EQ(rulesBySheet["Instructions"], std::vector<std::string>{"sheet-skipped"});
}

TEST_F(NewWorkbook, WithExamplesEverySheetHasRows) {
    check::CheckResult r = made(true);
    EXPECT_FALSE(r.hasErrors());
    for (const auto& i : r.issues.all()) EXPECT_NE(i.rule, "sheet-no-rows") << i.sheet;
    for (const auto& s : r.model.sheets)
        if (kinds.count(s.name)) {
            EXPECT_EQ(model::sheetKindName(s.kind), kinds.at(s.name)) << s.name;
            EXPECT_GT(s.rows, 0u) << s.name;
        }
}

} // namespace
} // namespace impact::init
