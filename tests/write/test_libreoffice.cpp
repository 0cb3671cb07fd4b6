// LibreOffice opens every grafted workbook and shows our sheets with their formats (one soffice
// run for all of them), and a workbook re-saved by LibreOffice still has its marks, so the next run
// replaces our sheets instead of adding more.
#include "write_helpers.h"

#include "read/workbook.h"
#include "write/graft.h"
#include "write/package_check.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace impact;
using namespace impact::test;
namespace fs = std::filesystem;

namespace {

const char* kCorpus[] = {"libxlsxwriter__chartsheet01.xlsx", "calamine__vba.xlsm", "closedxml__hidden_sheets.xlsx",
                         "calamine__date.xlsx", "exceljs__test-issue-880.xlsx", "xlsx-populate__preserve-existing_template.xlsx",
                         "calamine__nonstandard-xml-ns-prefix.xlsx", "openpyxl__vba+comments.xlsm",
                         "sheetjs-test_files__defined_names_unicode.xlsx"};

} // namespace

TEST(LibreOffice, OpensEveryResultAndShowsOurSheets) {
    if (!haveSoffice()) GTEST_SKIP() << "soffice not installed";
    TempDir dir;
    makeGenerated(dir / "gen.xlsx");
    std::vector<std::pair<std::string, std::string>> originals; // (stem, path)
    makeLxwOriginal(dir / "lxw.xlsx");
    originals.emplace_back("lxw", dir / "lxw.xlsx");
    makeMovedOriginal(dir / "moved.xlsx");
    originals.emplace_back("moved", dir / "moved.xlsx");
    originals.emplace_back("lo", loOriginal());
    for (const char* name : kCorpus)
        if (fileExists(corpusFile(name))) originals.emplace_back(fs::path(name).stem().string(), corpusFile(name));
    fs::create_directories(dir / "out");
    fs::create_directories(dir / "csv");
    std::vector<std::string> outputs;
    std::vector<std::vector<std::string>> sheetNames;
    for (const auto& [stem, path] : originals) {
        std::string out = dir / ("out/" + stem + fs::path(path).extension().string());
        write::graftSheets(path, dir / "gen.xlsx", out);
        outputs.push_back(out);
        std::vector<std::string> names;
        read::Workbook wb(out);
        for (const auto& s : wb.sheets()) names.push_back(s.name);
        sheetNames.push_back(names);
    }
    ASSERT_TRUE(convertToCsv(outputs, dir / "csv"));
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        std::string stem = fs::path(outputs[i]).stem().string();
        SCOPED_TRACE(stem);
        // Every sheet exported: LibreOffice read the whole package.
        for (const auto& name : sheetNames[i])
            EXPECT_TRUE(fileExists(dir / ("csv/" + stem + "-" + name + ".csv"))) << name;
        std::string summaryName = sheetNames[i][sheetNames[i].size() - 2];
        std::string summary = readFile(dir / ("csv/" + stem + "-" + summaryName + ".csv"));
        EXPECT_NE(summary.find("Attendance,\"£1,000.50\",10.0%"), std::string::npos) << summary;
        EXPECT_NE(summary.find("Reach,\"£4,002.00\",40.0%"), std::string::npos) << summary;
        std::string issues = readFile(dir / ("csv/" + stem + "-Impact Data Issues.csv"));
        EXPECT_NE(issues.find("Issue\n'Impact Summary'!B3\nA second issue"), std::string::npos) << issues;
    }
    // The coordinator's own cells, as LibreOffice formats them, are untouched by the merge.
    std::string budget = readFile(dir / "csv/lxw-Budget.csv");
    EXPECT_NE(budget.find("Coaches,£250.25,01/03/2024,10%\nHall hire,£500.25,02/03/2024,20%"), std::string::npos) << budget;
    std::string attendance = readFile(dir / "csv/lo-Attendance.csv");
    EXPECT_NE(attendance.find("Pupil 1,2024-01-01,2,10%"), std::string::npos) << attendance;
}

TEST(LibreOffice, ResavedWorkbookKeepsTheMarksSoTheNextRunReplaces) {
    if (!haveSoffice()) GTEST_SKIP() << "soffice not installed";
    TempDir dir;
    makeGenerated(dir / "gen.xlsx");
    makeLxwOriginal(dir / "lxw.xlsx");
    write::graftSheets(dir / "lxw.xlsx", dir / "gen.xlsx", dir / "grafted.xlsx");
    fs::create_directories(dir / "lo");
    ASSERT_TRUE(convertToXlsx({dir / "grafted.xlsx"}, dir / "lo"));
    std::string resaved = dir / "lo/grafted.xlsx";
    auto names = write::graftSheets(resaved, dir / "gen.xlsx", dir / "again.xlsx");
    EXPECT_EQ(names, (std::vector<std::string>{"Impact Summary (2)", "Impact Data Issues"}));
    std::vector<std::string> sheets;
    read::Workbook wb(dir / "again.xlsx");
    for (const auto& s : wb.sheets()) sheets.push_back(s.name);
    EXPECT_EQ(sheets, (std::vector<std::string>{"Budget", "Impact Summary", "Impact Summary (2)", "Impact Data Issues"}));
    auto problems = write::checkPackage(dir / "again.xlsx").problems;
    EXPECT_TRUE(problems.empty()) << problems.front();
}
