// The sample workbooks through the `impact` program: `impact check --json`, its exit code and
// the SPEC's JSON fields; the clean samples give no errors, mistakes.xlsx gives the planted issues.
#include "check_helpers.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace impact::checktest {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

struct ProgramRun {
    int exitCode = -1;
    std::string out;
};

ProgramRun runImpact(const std::string& args) {
    ProgramRun run;
    std::string command = std::string("'") + IMPACT_BINARY + "' " + args + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return run;
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
    int status = pclose(pipe);
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::string samplePath(const std::string& file) { return std::string(IMPACT_SAMPLES_DIR) + "/" + file; }

Object::Ptr parse(const std::string& text) {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Object::Ptr>();
}

Object::Ptr expectedFor(const std::string& file) {
    std::ifstream in(samplePath("expected.json"));
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str())->getObject(file);
}

std::string str(Object::Ptr o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) return "";
    return o->getValue<std::string>(key);
}

/// Every issue in `impact check --json` output at `severity` ("" for all), as (rule, sheet, cell).
Flags issuesAt(Object::Ptr result, const std::string& severity) {
    Flags out;
    Array::Ptr issues = result->getArray("issues");
    for (std::size_t i = 0; i < issues->size(); ++i) {
        Object::Ptr o = issues->getObject(static_cast<unsigned>(i));
        if (severity.empty() || str(o, "severity") == severity) out.insert({str(o, "rule"), str(o, "sheet"), str(o, "cell")});
    }
    return out;
}

/// The categories named by the category-no-evidence issues ("Category 3 (...) has no evidence").
std::multiset<int> noEvidenceCategories(Object::Ptr result) {
    std::multiset<int> out;
    Array::Ptr issues = result->getArray("issues");
    for (std::size_t i = 0; i < issues->size(); ++i) {
        Object::Ptr o = issues->getObject(static_cast<unsigned>(i));
        if (str(o, "rule") != "category-no-evidence") continue;
        std::string m = str(o, "message");
        auto at = m.find("Category ");
        if (at != std::string::npos) out.insert(std::stoi(m.substr(at + 9)));
        else out.insert(0);
    }
    return out;
}

class CleanSample : public ::testing::TestWithParam<std::string> {};

TEST_P(CleanSample, NoErrorsAndExitZero) {
    ProgramRun run = runImpact("check '" + samplePath(GetParam()) + "' --json");
    EXPECT_EQ(run.exitCode, 0) << run.out;
    Object::Ptr result = parse(run.out);
    EXPECT_EQ(result->getObject("counts")->getValue<int>("error"), 0) << run.out;
    EXPECT_EQ(issuesAt(result, "error"), Flags{}) << run.out;
}

// The warnings are the natural ones expected.json lists: attrition at its cells, and the
// categories with no evidence.
TEST_P(CleanSample, WarningsAreTheExpectedOnes) {
    ProgramRun run = runImpact("check '" + samplePath(GetParam()) + "' --json");
    Object::Ptr result = parse(run.out);
    Object::Ptr expected = expectedFor(GetParam());
    Array::Ptr warnings = expected->getArray("warnings");
    Flags expectedFlags;
    std::multiset<int> expectedCategories;
    for (std::size_t i = 0; i < warnings->size(); ++i) {
        Object::Ptr w = warnings->getObject(static_cast<unsigned>(i));
        if (str(w, "rule") == "category-no-evidence") {
            expectedCategories.insert(w->getValue<int>("category"));
            expectedFlags.insert({"category-no-evidence", "", ""});
        } else {
            expectedFlags.insert({str(w, "rule"), str(w, "sheet"), str(w, "cell")});
        }
    }
    EXPECT_EQ(issuesAt(result, "warning"), expectedFlags) << run.out;
    EXPECT_EQ(noEvidenceCategories(result), expectedCategories);
}

TEST_P(CleanSample, JsonHasTheSpecFields) {
    std::string path = samplePath(GetParam());
    ProgramRun run = runImpact("check '" + path + "' --json");
    Object::Ptr result = parse(run.out);
    ASSERT_TRUE(result->has("workbook"));
    EXPECT_EQ(result->getValue<std::string>("workbook"), path);

    ASSERT_TRUE(result->isArray("sheets"));
    Array::Ptr sheets = result->getArray("sheets");
    EXPECT_GT(sheets->size(), 0u);
    for (std::size_t i = 0; i < sheets->size(); ++i) {
        Object::Ptr s = sheets->getObject(static_cast<unsigned>(i));
        ASSERT_TRUE(s->has("name") && s->has("kind") && s->has("header_row") && s->has("rows"));
        EXPECT_FALSE(s->getValue<std::string>("name").empty());
        EXPECT_FALSE(s->getValue<std::string>("kind").empty());
        if (!s->isNull("header_row")) {
            EXPECT_GE(s->getValue<int>("header_row"), 1);
        }
        EXPECT_GE(s->getValue<int>("rows"), 0);
    }

    ASSERT_TRUE(result->isArray("issues"));
    Array::Ptr issues = result->getArray("issues");
    int counted[3] = {0, 0, 0};
    for (std::size_t i = 0; i < issues->size(); ++i) {
        Object::Ptr o = issues->getObject(static_cast<unsigned>(i));
        for (const char* key : {"severity", "rule", "sheet", "cell", "message", "suggestion"}) EXPECT_TRUE(o->has(key)) << key;
        std::string severity = str(o, "severity");
        if (severity == "error") ++counted[0];
        else if (severity == "warning") ++counted[1];
        else if (severity == "info") ++counted[2];
        else ADD_FAILURE() << "severity " << severity;
        EXPECT_FALSE(str(o, "rule").empty());
        EXPECT_FALSE(str(o, "message").empty());
    }

    ASSERT_TRUE(result->isObject("counts"));
    Object::Ptr counts = result->getObject("counts");
    EXPECT_EQ(counts->getValue<int>("error"), counted[0]);
    EXPECT_EQ(counts->getValue<int>("warning"), counted[1]);
    EXPECT_EQ(counts->getValue<int>("info"), counted[2]);
}

INSTANTIATE_TEST_SUITE_P(Samples, CleanSample,
                         ::testing::Values("york-masterclasses.xlsx", "bristol-events.xlsx", "science-cpd.xlsx"),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                             std::string name = param.param.substr(0, param.param.find('.'));
                             for (char& c : name)
                                 if (c == '-') c = '_';
                             return name;
                         });

TEST(Samples, MistakesGivesThePlantedIssuesAndExitOne) {
    ProgramRun run = runImpact("check '" + samplePath("mistakes.xlsx") + "' --json");
    EXPECT_EQ(run.exitCode, 1) << run.out;
    Object::Ptr result = parse(run.out);
    Array::Ptr planted = expectedFor("mistakes.xlsx")->getArray("issues");
    Flags expectedErrors, expectedWarnings;
    for (std::size_t i = 0; i < planted->size(); ++i) {
        Object::Ptr p = planted->getObject(static_cast<unsigned>(i));
        Flag f{str(p, "rule"), str(p, "sheet"), str(p, "cell")};
        (str(p, "severity") == "error" ? expectedErrors : expectedWarnings).insert(f);
    }
    EXPECT_EQ(issuesAt(result, "error"), expectedErrors) << run.out;
    // Besides the planted warnings: category-no-evidence for the workbook, and what the README
    // says an engine may also report (school-unknown beside the typo; question-unplaced for the
    // question whose category is "Wellbeing").
    Flags warnings;
    for (const Flag& f : issuesAt(result, "warning")) {
        if (f.rule == "category-no-evidence" && f.sheet.empty()) continue;
        if (f.rule == "school-unknown" && f.sheet == "Register" && f.cell == "C77") continue;
        if (f.rule == "question-unplaced" && f.sheet == "Pupil survey") continue;
        warnings.insert(f);
    }
    EXPECT_EQ(warnings, expectedWarnings) << run.out;
    Object::Ptr counts = result->getObject("counts");
    EXPECT_EQ(counts->getValue<int>("error"), static_cast<int>(expectedErrors.size()));
}

TEST(Samples, MistakesTextOutputListsEveryPlantedIssue) {
    ProgramRun run = runImpact("check '" + samplePath("mistakes.xlsx") + "'");
    EXPECT_EQ(run.exitCode, 1);
    for (const char* rule : {"pupil-premium-blank", "school-name-typo", "survey-unmatched-before", "duplicate-response",
                             "scale-out-of-range", "amount-not-number", "date-invalid", "amount-negative", "category-unknown"})
        EXPECT_NE(run.out.find(rule), std::string::npos) << rule;
    EXPECT_NE(run.out.find("Did you mean 'St Mary's CE Primary'?"), std::string::npos) << run.out;
}

TEST(Samples, BristolNotesSheetIsSkipped) {
    ProgramRun run = runImpact("check '" + samplePath("bristol-events.xlsx") + "' --json");
    Object::Ptr result = parse(run.out);
    Array::Ptr sheets = result->getArray("sheets");
    Array::Ptr skipped = expectedFor("bristol-events.xlsx")->getArray("skipped_sheets");
    std::set<std::string> expected, actual;
    for (std::size_t i = 0; i < skipped->size(); ++i) expected.insert(skipped->getElement<std::string>(static_cast<unsigned>(i)));
    for (std::size_t i = 0; i < sheets->size(); ++i) {
        Object::Ptr s = sheets->getObject(static_cast<unsigned>(i));
        if (str(s, "kind") == "skipped") actual.insert(str(s, "name"));
    }
    EXPECT_EQ(actual, expected);
}

TEST(Samples, ExitTwoWhenTheWorkbookCannotBeRead) {
    EXPECT_EQ(runImpact("check /nonexistent/book.xlsx --json").exitCode, 2);
    TempDir dir;
    std::string path = dir.file("not-a-workbook.xlsx");
    std::ofstream(path) << "School,Sector\nHuntington School,State\n";
    EXPECT_EQ(runImpact("check '" + path + "' --json").exitCode, 2);
    EXPECT_EQ(runImpact("check").exitCode, 2);
}

} // namespace
} // namespace impact::checktest
