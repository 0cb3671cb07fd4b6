// graftSheets on workbooks from libxlsxwriter, openpyxl + LibreOffice, Excel and LibreOffice
// (corpus): the coordinator's parts stay byte for byte, their cells read the same, our sheets are
// there, the package passes the checker, and running again gives the same file.
#include "write_helpers.h"

#include "common/error.h"
#include "read/workbook.h"
#include "write/graft.h"
#include "write/package_check.h"
#include "read/zip_directory.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace impact;
using namespace impact::test;

namespace {

const std::vector<std::string> kOurs = {"Impact Summary", "Impact Data Issues"};

/// The parts graftSheets may rewrite; everything else of the original must be identical.
bool mayChange(const std::string& part) {
    static const std::set<std::string> rewritten = {"[Content_Types].xml", "docProps/app.xml", "xl/workbook.xml",
                                                    "xl/_rels/workbook.xml.rels", "xl/styles.xml"};
    return rewritten.count(part) > 0;
}

std::vector<std::string> problemsOf(const std::string& path) { return write::checkPackage(path).problems; }

/// Everything the issue asks of one graft, on one original.
void expectSoundGraft(const std::string& original, const std::vector<std::string>& expectedNames = kOurs,
                      bool originalClean = true) {
    SCOPED_TRACE(original);
    TempDir dir;
    std::string gen = dir / "gen.xlsx", out = dir / "out.xlsx", again = dir / "again.xlsx";
    makeGenerated(gen);
    auto names = write::graftSheets(original, gen, out);
    EXPECT_EQ(names, expectedNames);

    // Byte for byte: compressed bytes, method and content of every part we do not own.
    auto before = partsOf(original), after = partsOf(out);
    for (const auto& [name, p] : before) {
        if (mayChange(name)) continue;
        auto it = after.find(name);
        ASSERT_NE(it, after.end()) << name << " was dropped";
        EXPECT_EQ(it->second.method, p.method) << name;
        EXPECT_TRUE(it->second.compressed == p.compressed) << name << ": compressed bytes differ";
        EXPECT_TRUE(it->second.inflated == p.inflated) << name << ": content differs";
    }

    // In their physical order, with no directory entries (ours come after theirs).
    std::vector<std::string> orderBefore, orderAfter;
    read::ZipDirectory zipBefore(original), zipAfter(out);
    for (const auto& it : zipBefore.entries())
        if (!it.directory()) orderBefore.push_back(it.name);
    for (const auto& it : zipAfter.entries()) {
        EXPECT_FALSE(it.directory()) << it.name;
        EXPECT_EQ(it.flags & 0x08, 0) << it.name << " has a data descriptor";
        orderAfter.push_back(it.name);
    }
    orderAfter.resize(std::min(orderAfter.size(), orderBefore.size()));
    EXPECT_EQ(orderAfter, orderBefore);

    // Their cells read identically (values and date-ness: styles merged without shifting theirs),
    // their sheets keep order and names, and ours come after them.
    auto cellsBefore = cellsOf(original), cellsAfter = cellsOf(out);
    ASSERT_EQ(cellsAfter.size(), cellsBefore.size() + expectedNames.size());
    for (std::size_t i = 0; i < cellsBefore.size(); ++i) {
        EXPECT_EQ(cellsAfter[i].first, cellsBefore[i].first);
        EXPECT_TRUE(cellsAfter[i].second == cellsBefore[i].second) << "cells of " << cellsBefore[i].first << " changed";
    }
    const auto& summary = cellsAfter[cellsBefore.size()].second;
    EXPECT_NE(std::find(summary.begin(), summary.end(), "A2 2 0 0 Attendance"), summary.end());
    EXPECT_NE(std::find(summary.begin(), summary.end(), "B2 1 0 1000.5 "), summary.end());

    // The checker: no fault the original did not already have.
    auto problemsBefore = problemsOf(original);
    for (const auto& p : problemsOf(out))
        EXPECT_NE(std::find(problemsBefore.begin(), problemsBefore.end(), p), problemsBefore.end()) << "new problem: " << p;
    if (originalClean) {
        EXPECT_TRUE(problemsBefore.empty()) << problemsBefore.front();
    }

    // Running again replaces only our sheets: the very same file, styles.xml included.
    auto names2 = write::graftSheets(out, gen, again);
    EXPECT_EQ(names2, expectedNames);
    EXPECT_TRUE(readFile(again) == readFile(out)) << "a second run changed the file";
}

} // namespace

TEST(Graft, LibxlsxwriterWorkbookWithChartNamesAndOwnImpactSummary) {
    TempDir dir;
    makeLxwOriginal(dir / "original.xlsx");
    expectSoundGraft(dir / "original.xlsx", {"Impact Summary (2)", "Impact Data Issues"});
}

TEST(Graft, OpenpyxlWorkbookResavedByLibreOffice) {
    if (!haveSoffice()) GTEST_SKIP() << "soffice not installed";
    // With LibreOffice there, a fixture that cannot be made is a failure, not a skip.
    expectSoundGraft(loOriginal());
}

class GraftCorpus : public ::testing::TestWithParam<const char*> {};

TEST_P(GraftCorpus, KeepsEverythingOfTheirs) {
    std::string path = corpusFile(GetParam());
    if (!fileExists(path)) GTEST_SKIP() << "corpus file missing: " << path;
    // exceljs' Mac Excel file already has a relationships part for a part it lacks.
    bool clean = std::string(GetParam()) != "exceljs__test-issue-880.xlsx";
    expectSoundGraft(path, kOurs, clean);
}

INSTANTIATE_TEST_SUITE_P(Corpus, GraftCorpus,
                         ::testing::Values("libxlsxwriter__chartsheet01.xlsx", "calamine__vba.xlsm", "closedxml__hidden_sheets.xlsx",
                                           "calamine__date.xlsx", "exceljs__test-issue-880.xlsx",
                                           "xlsx-populate__preserve-existing_template.xlsx", "calamine__any_sheets.xlsx",
                                           "calamine__nonstandard-xml-ns-prefix.xlsx", "openpyxl__vba+comments.xlsm",
                                           "sheetjs-test_files__defined_names_unicode.xlsx", "libxlsxwriter__macro01.xlsm",
                                           "tealeg-xlsx__noStylesAndSharedStringsTest.xlsx", "roo__Bibelbund.xlsx"),
                         [](const ::testing::TestParamInfo<const char*>& p) {
                             std::string n = p.param;
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

namespace {

std::string partText(const std::string& file, const std::string& part) {
    auto parts = partsOf(file);
    auto it = parts.find(part);
    return it == parts.end() ? std::string() : it->second.inflated;
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST(Graft, RenamedSheetTakesItsFormulasChartAndLinksAlong) {
    TempDir dir;
    makeLxwOriginal(dir / "original.xlsx");
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(dir / "original.xlsx", dir / "gen.xlsx", dir / "out.xlsx");
    std::string wb = partText(dir / "out.xlsx", "xl/workbook.xml");
    EXPECT_NE(wb.find("<sheet name=\"Impact Summary\" sheetId=\"2\" r:id=\"rId2\"/>"), std::string::npos) << wb;
    EXPECT_NE(wb.find("name=\"Impact Summary (2)\""), std::string::npos);
    // The original has a chart (chart1, drawing1): ours got free names.
    std::string chart = partText(dir / "out.xlsx", "xl/charts/chart2.xml");
    EXPECT_NE(chart.find("<c:f>'Impact Summary (2)'!$A$2:$A$5</c:f>"), std::string::npos) << chart;
    EXPECT_NE(chart.find("<c:f>'Impact Summary (2)'!$B$1</c:f>"), std::string::npos);
    EXPECT_EQ(chart.find("'Impact Summary'!"), std::string::npos);
    EXPECT_EQ(partText(dir / "out.xlsx", "xl/charts/chart1.xml"), partText(dir / "original.xlsx", "xl/charts/chart1.xml"));
    std::string issues = partText(dir / "out.xlsx", "xl/worksheets/sheet4.xml");
    EXPECT_NE(issues.find("location=\"'Impact Summary (2)'!B3\""), std::string::npos) << issues;
    std::string rels = partText(dir / "out.xlsx", "xl/worksheets/_rels/sheet3.xml.rels");
    EXPECT_NE(rels.find("Target=\"../drawings/drawing2.xml\""), std::string::npos) << rels;
    // Marked with the hidden sheet-scoped name; the coordinator's names shifted nowhere.
    EXPECT_NE(wb.find("<definedName name=\"_IMPACT_GENERATED\" localSheetId=\"2\" hidden=\"1\">\"generated:3:Impact Summary "
                      "(2)\"</definedName>"),
              std::string::npos)
        << wb;
    EXPECT_NE(wb.find("localSheetId=\"3\" hidden=\"1\""), std::string::npos);
    EXPECT_EQ(count(wb, "_IMPACT_GENERATED"), 2u);
}

TEST(Graft, TabSelectionAndStylesOfOurSheets) {
    TempDir dir;
    makeLxwOriginal(dir / "original.xlsx");
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(dir / "original.xlsx", dir / "gen.xlsx", dir / "out.xlsx");
    std::string sheet = partText(dir / "out.xlsx", "xl/worksheets/sheet3.xml");
    EXPECT_EQ(sheet.find("tabSelected"), std::string::npos) << "two selected tabs open grouped in Excel";
    EXPECT_NE(sheet.find("state=\"frozen\""), std::string::npos);
    std::string styles = partText(dir / "out.xlsx", "xl/styles.xml");
    std::string original = partText(dir / "original.xlsx", "xl/styles.xml");
    // The £ format exists in both: reused, not duplicated. 0.0% is new and got the next free id.
    EXPECT_EQ(count(styles, "formatCode=\"\xC2\xA3#,##0.00\""), 1u) << styles;
    EXPECT_NE(styles.find("formatCode=\"0.0%\""), std::string::npos);
    EXPECT_EQ(count(styles, "<dxf>"), 1u);
    EXPECT_GT(styles.size(), original.size());
    // Theirs are unchanged in front: the original's cellXfs are a prefix of the merged ones.
    auto xfs = [](const std::string& s) { return s.substr(s.find("<cellXfs"), s.find("</cellXfs>") - s.find("<cellXfs")); };
    std::string before = xfs(original), after = xfs(styles);
    EXPECT_EQ(after.substr(after.find('>')).rfind(before.substr(before.find('>')), 0), 0u);
}

TEST(Graft, ThemeAddedWhenTheWorkbookHasNone) {
    if (!haveSoffice()) GTEST_SKIP() << "soffice not installed";
    std::string original = loOriginal();
    TempDir dir;
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(original, dir / "gen.xlsx", dir / "out.xlsx");
    EXPECT_TRUE(partText(original, "xl/theme/theme1.xml").empty());
    EXPECT_FALSE(partText(dir / "out.xlsx", "xl/theme/theme1.xml").empty());
    EXPECT_NE(partText(dir / "out.xlsx", "xl/_rels/workbook.xml.rels").find("relationships/theme\" Target=\"theme/theme1.xml\""),
              std::string::npos);
    EXPECT_NE(partText(dir / "out.xlsx", "[Content_Types].xml").find("/xl/theme/theme1.xml"), std::string::npos);
}

TEST(Graft, RemovesExactlyTheMarkedSheetsWhereverTheyWereMoved) {
    TempDir dir;
    makeMovedOriginal(dir / "moved.xlsx");
    makeGenerated(dir / "gen.xlsx");
    auto names = write::graftSheets(dir / "moved.xlsx", dir / "gen.xlsx", dir / "out.xlsx");
    EXPECT_EQ(names, kOurs); // the old "Impact Summary" is gone, so no "(2)"
    read::Workbook wb(dir / "out.xlsx");
    std::vector<std::string> sheets;
    for (const auto& s : wb.sheets()) sheets.push_back(s.name);
    EXPECT_EQ(sheets, (std::vector<std::string>{"Budget", "Notes", "Impact Summary", "Impact Data Issues"}));
    std::string w = partText(dir / "out.xlsx", "xl/workbook.xml");
    EXPECT_NE(w.find("<definedName name=\"Rate\" localSheetId=\"0\">0.2</definedName>"), std::string::npos) << w;
    EXPECT_NE(w.find("<definedName name=\"Everything\">Budget!$A$1:$A$2</definedName>"), std::string::npos);
    EXPECT_NE(w.find("activeTab=\"0\""), std::string::npos) << "Budget was active; it is now the first sheet";
    EXPECT_EQ(count(w, "_IMPACT_GENERATED"), 2u);
    // The old sheet's part, drawing and chart went with it (and their overrides).
    auto before = partsOf(dir / "moved.xlsx"), after = partsOf(dir / "out.xlsx");
    EXPECT_TRUE(before.count("xl/charts/chart1.xml"));
    std::string ct = partText(dir / "out.xlsx", "[Content_Types].xml");
    EXPECT_EQ(count(ct, "/xl/charts/chart1.xml"), after.count("xl/charts/chart1.xml"));
    // Gone: the old sheet, its rels, drawing, drawing rels, chart. New: 2 sheets, rels, drawing, rels, chart.
    EXPECT_EQ(after.size(), before.size() - 5 + 6)
        << "parts: before " << before.size() << ", after " << after.size();
    EXPECT_TRUE(write::checkPackage(dir / "out.xlsx").ok()) << write::checkPackage(dir / "out.xlsx").problems.front();
    // Byte for byte the coordinator's sheets: moved sheet2/sheet3 parts are the same parts.
    EXPECT_TRUE(after.at("xl/worksheets/sheet2.xml").compressed == before.at("xl/worksheets/sheet2.xml").compressed);
}

TEST(Graft, UnmarkedSheetsBecomeTheCoordinators) {
    TempDir dir;
    makeLxwOriginal(dir / "original.xlsx");
    makeGenerated(dir / "gen.xlsx");
    write::GraftOptions opts;
    opts.unmarked = {"Impact Data Issues"};
    write::graftSheets(dir / "original.xlsx", dir / "gen.xlsx", dir / "out.xlsx", opts);
    auto names = write::graftSheets(dir / "out.xlsx", dir / "gen.xlsx", dir / "again.xlsx");
    EXPECT_EQ(names, (std::vector<std::string>{"Impact Summary (2)", "Impact Data Issues (2)"}));
}

TEST(Graft, XlsmKeepsItsVbaProjectAndContentType) {
    std::string path = corpusFile("calamine__vba.xlsm");
    if (!fileExists(path)) GTEST_SKIP() << "corpus file missing: " << path;
    TempDir dir;
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(path, dir / "gen.xlsx", dir / "out.xlsm");
    auto before = partsOf(path), after = partsOf(dir / "out.xlsm");
    EXPECT_TRUE(after.at("xl/vbaProject.bin").compressed == before.at("xl/vbaProject.bin").compressed);
    std::string ct = after.at("[Content_Types].xml").inflated;
    EXPECT_NE(ct.find("application/vnd.ms-office.vbaProject"), std::string::npos);
    EXPECT_NE(ct.find("application/vnd.ms-excel.sheet.macroEnabled.main+xml"), std::string::npos);
}

TEST(Graft, RefusesStrictOpenXml) {
    for (const char* name : {"poi__SimpleStrict.xlsx", "roo__strict.xlsx"}) {
        std::string path = corpusFile(name);
        if (!fileExists(path)) continue;
        TempDir dir;
        makeGenerated(dir / "gen.xlsx");
        try {
            write::graftSheets(path, dir / "gen.xlsx", dir / "out.xlsx");
            ADD_FAILURE() << name << " was accepted";
        } catch (const WriteError& e) {
            EXPECT_EQ(e.exitCode(), 3);
            EXPECT_NE(std::string(e.what()).find("Strict Open XML"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(fileExists(dir / "out.xlsx"));
    }
}

TEST(Graft, UnreadableOriginalIsAReadError) {
    TempDir dir;
    makeGenerated(dir / "gen.xlsx");
    writeFile(dir / "bad.xlsx", "not a zip at all");
    EXPECT_THROW(write::graftSheets(dir / "bad.xlsx", dir / "gen.xlsx", dir / "out.xlsx"), ReadError);
    EXPECT_THROW(write::graftSheets(dir / "gen.xlsx", dir / "gen.xlsx", dir / "gen.xlsx"), WriteError);
}

TEST(Graft, Zip64EntriesDataDescriptorsAndDirectoryEntries) {
    TempDir dir;
    makeLxwOriginal(dir / "lxw.xlsx");
    // Python's zipfile writing to a pipe: every entry zip64 with a data descriptor.
    std::string cmd = std::string("'") + IMPACT_PYTHON +
                      "' -c \"import sys, zipfile\nsrc = zipfile.ZipFile(sys.argv[1])\nout = zipfile.ZipFile(sys.stdout.buffer, 'w', "
                      "zipfile.ZIP_DEFLATED)\nfor i in src.infolist():\n    with out.open(i.filename, 'w', force_zip64=True) as f: "
                      "f.write(src.read(i))\nout.close()\" '" +
                      (dir / "lxw.xlsx") + "' | cat > '" + (dir / "z64.xlsx") + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    bool descriptors = false;
    read::ZipDirectory z64(dir / "z64.xlsx");
    for (const auto& it : z64.entries()) descriptors |= (it.flags & 0x08) != 0;
    EXPECT_TRUE(descriptors);
    expectSoundGraft(dir / "z64.xlsx", {"Impact Summary (2)", "Impact Data Issues"});
    // Folder entries (as "zip -r" makes) are not parts: dropped.
    rewritePackage(dir / "lxw.xlsx", dir / "dirs.xlsx", {}, true);
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(dir / "dirs.xlsx", dir / "gen.xlsx", dir / "out.xlsx");
    read::ZipDirectory outZip(dir / "out.xlsx");
    for (const auto& it : outZip.entries()) EXPECT_FALSE(it.directory()) << it.name;
    EXPECT_TRUE(write::checkPackage(dir / "out.xlsx").ok());
}

TEST(Graft, DropsACalculationChainThatNamesARemovedSheet) {
    TempDir dir;
    makeLxwOriginal(dir / "lxw.xlsx");
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(dir / "lxw.xlsx", dir / "gen.xlsx", dir / "w1.xlsx");
    // As Excel would save it after calculating: a chain naming cells of our sheet (sheetId 3).
    std::string rels = partText(dir / "w1.xlsx", "xl/_rels/workbook.xml.rels");
    rels.insert(rels.find("</Relationships>"), "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/"
                                                 "officeDocument/2006/relationships/calcChain\" Target=\"calcChain.xml\"/>");
    std::string ct = partText(dir / "w1.xlsx", "[Content_Types].xml");
    ct.insert(ct.find("</Types>"), "<Override PartName=\"/xl/calcChain.xml\" ContentType=\"application/vnd.openxmlformats-"
                                   "officedocument.spreadsheetml.calcChain+xml\"/>");
    std::string chain = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<calcChain xmlns=\"" +
                        std::string("http://schemas.openxmlformats.org/spreadsheetml/2006/main") +
                        "\"><c r=\"B6\" i=\"1\"/><c r=\"B2\" i=\"3\"/></calcChain>";
    rewritePackage(dir / "w1.xlsx", dir / "excel.xlsx",
                   {{"xl/_rels/workbook.xml.rels", rels}, {"[Content_Types].xml", ct}, {"xl/calcChain.xml", chain}});
    ASSERT_TRUE(write::checkPackage(dir / "excel.xlsx").ok());
    write::graftSheets(dir / "excel.xlsx", dir / "gen.xlsx", dir / "w2.xlsx");
    EXPECT_FALSE(partsOf(dir / "w2.xlsx").count("xl/calcChain.xml"));
    EXPECT_EQ(partText(dir / "w2.xlsx", "xl/_rels/workbook.xml.rels").find("calcChain"), std::string::npos);
    EXPECT_EQ(partText(dir / "w2.xlsx", "[Content_Types].xml").find("calcChain"), std::string::npos);
    EXPECT_TRUE(write::checkPackage(dir / "w2.xlsx").ok());
    EXPECT_TRUE(readFile(dir / "w2.xlsx") == readFile(dir / "w1.xlsx")) << "the same as a fresh run";
}

TEST(Graft, KeepsACopyTheUserMadeOfOurSheet) {
    TempDir dir;
    makeLxwOriginal(dir / "lxw.xlsx");
    makeGenerated(dir / "gen.xlsx");
    write::graftSheets(dir / "lxw.xlsx", dir / "gen.xlsx", dir / "w1.xlsx");
    // Excel's "Move or Copy > Create a copy" of our summary: a new sheet id and name, and the
    // sheet-scoped names copied along, our marker included.
    std::string wb = partText(dir / "w1.xlsx", "xl/workbook.xml");
    std::string marker = "\"generated:3:Impact Summary (2)\"";
    ASSERT_NE(wb.find(marker), std::string::npos);
    wb.insert(wb.find("</sheets>"), "<sheet name=\"My Summary\" sheetId=\"9\" r:id=\"rId50\"/>");
    wb.insert(wb.find("</definedNames>"),
              "<definedName name=\"_IMPACT_GENERATED\" localSheetId=\"4\" hidden=\"1\">" + marker + "</definedName>");
    std::string rels = partText(dir / "w1.xlsx", "xl/_rels/workbook.xml.rels");
    rels.insert(rels.find("</Relationships>"), "<Relationship Id=\"rId50\" Type=\"http://schemas.openxmlformats.org/"
                                                 "officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet9.xml\"/>");
    std::string ct = partText(dir / "w1.xlsx", "[Content_Types].xml");
    ct.insert(ct.find("</Types>"), "<Override PartName=\"/xl/worksheets/sheet9.xml\" ContentType=\"application/vnd."
                                   "openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
    rewritePackage(dir / "w1.xlsx", dir / "copied.xlsx",
                   {{"xl/workbook.xml", wb}, {"xl/_rels/workbook.xml.rels", rels}, {"[Content_Types].xml", ct},
                    {"xl/worksheets/sheet9.xml", partText(dir / "w1.xlsx", "xl/worksheets/sheet4.xml")}});
    ASSERT_TRUE(write::checkPackage(dir / "copied.xlsx").ok()) << write::checkPackage(dir / "copied.xlsx").problems.front();
    auto names = write::graftSheets(dir / "copied.xlsx", dir / "gen.xlsx", dir / "w2.xlsx");
    EXPECT_EQ(names, (std::vector<std::string>{"Impact Summary (2)", "Impact Data Issues"}));
    read::Workbook w2(dir / "w2.xlsx");
    std::vector<std::string> sheets;
    for (const auto& s : w2.sheets()) sheets.push_back(s.name);
    EXPECT_EQ(sheets, (std::vector<std::string>{"Budget", "Impact Summary", "My Summary", "Impact Summary (2)", "Impact Data Issues"}));
    EXPECT_TRUE(partsOf(dir / "w2.xlsx").count("xl/worksheets/sheet9.xml"));
    EXPECT_TRUE(write::checkPackage(dir / "w2.xlsx").ok()) << write::checkPackage(dir / "w2.xlsx").problems.front();
    // Our own sheet renamed by the user (same sheet id) is still ours.
    std::string renamed = partText(dir / "w1.xlsx", "xl/workbook.xml");
    renamed.replace(renamed.find("name=\"Impact Summary (2)\""), 25, "name=\"Summary for governors\"");
    rewritePackage(dir / "w1.xlsx", dir / "renamed.xlsx", {{"xl/workbook.xml", renamed}});
    EXPECT_EQ(write::graftSheets(dir / "renamed.xlsx", dir / "gen.xlsx", dir / "w3.xlsx"), names);
    EXPECT_TRUE(readFile(dir / "w3.xlsx") == readFile(dir / "w1.xlsx"));
}
