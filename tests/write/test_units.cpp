// The pieces: sheet names and formula renames, text splicing, and the package checker on
// packages broken on purpose.
#include "write_helpers.h"

#include "common/error.h"
#include "write/graft.h"
#include "write/package_check.h"
#include "write/sheet_names.h"
#include "write/xml_edit.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace impact;
using namespace impact::write;
using namespace impact::test;

TEST(Names, UniqueIgnoringCaseAndWithin31Characters) {
    std::set<std::string> taken = {foldName("Impact Summary"), foldName("Budget")};
    EXPECT_EQ(uniqueSheetName("Impact Reach", taken), "Impact Reach");
    EXPECT_EQ(uniqueSheetName("IMPACT SUMMARY", taken), "IMPACT SUMMARY (2)");
    taken.insert(foldName("impact summary (2)"));
    EXPECT_EQ(uniqueSheetName("Impact Summary", taken), "Impact Summary (3)");
    std::string longName = "Impact Data Issues and Questions";
    taken.insert(foldName(longName.substr(0, 31)));
    std::string got = uniqueSheetName(longName, taken);
    EXPECT_EQ(got, "Impact Data Issues and Ques (2)");
    EXPECT_EQ(utf16Length(got), 31u);
    EXPECT_EQ(foldName("ÉCOLE Ünïon Ж"), "école ünïon ж");
    EXPECT_EQ(uniqueSheetName("école", {foldName("École")}), "école (2)");
}

TEST(Names, CaseFoldedByTheSameRuleAsTypedText) {
    EXPECT_EQ(foldName("Année 2025"), foldName("ANNÉE 2025"));
    EXPECT_EQ(uniqueSheetName("ANNÉE 2025", {foldName("Année 2025")}), "ANNÉE 2025 (2)");
    EXPECT_EQ(foldName("Straße"), foldName("STRASSE"));
    EXPECT_EQ(foldName("Ecole\u0301"), foldName("Ecol\u00E9"));
    EXPECT_EQ(foldName("ΣΧΟΛΕΊΟ"), "σχολείο");
    // Spaces and punctuation are the name's own: Excel tells these apart.
    EXPECT_NE(foldName("Term  1"), foldName("Term 1"));
    EXPECT_NE(foldName("Term–1"), foldName("Term-1"));
    EXPECT_EQ(uniqueSheetName("Term 1", {foldName("Term  1")}), "Term 1");
    std::map<std::string, std::string> r = {{foldName("Année"), "Année (2)"}};
    EXPECT_EQ(renameSheetRefs("ANNÉE!A1+'année'!B2", r), "'Année (2)'!A1+'Année (2)'!B2");
}

TEST(Names, FormulaRenamesOnlySheetReferences) {
    std::map<std::string, std::string> r = {{foldName("Impact Summary"), "Impact Summary (2)"}, {foldName("Data"), "Data (2)"}};
    EXPECT_EQ(renameSheetRefs("'Impact Summary'!$A$2:$A$5", r), "'Impact Summary (2)'!$A$2:$A$5");
    EXPECT_EQ(renameSheetRefs("SUM(Data!A1:A3)+data!B1", r), "SUM('Data (2)'!A1:A3)+'Data (2)'!B1");
    EXPECT_EQ(renameSheetRefs("\"Data!A1\"&Data", r), "\"Data!A1\"&Data");                // a string, a name
    EXPECT_EQ(renameSheetRefs("[1]Data!A1+MyData!A1", r), "[1]Data!A1+MyData!A1");        // other workbook, other sheet
    EXPECT_EQ(renameSheetRefs("('Impact Summary'!$B$1,Budget!C2)", r), "('Impact Summary (2)'!$B$1,Budget!C2)");
    EXPECT_EQ(renameSheetRefs("'It''s'!A1", {{foldName("It's"), "It's (2)"}}), "'It''s (2)'!A1");
    EXPECT_EQ(quoteSheetName("It's"), "'It''s'");
}

TEST(XmlEdit, SplicesKeepEverythingElse) {
    std::string text = "<?xml version=\"1.0\"?>\n<x:a xmlns:x=\"" + std::string(kMainNs) +
                       "\" xmlns:r='urn:r'><x:b k='1' r:id=\"rId1\"/><x:c>t&amp;u</x:c></x:a>";
    XmlDoc d(text, "test");
    ASSERT_EQ(d.nodes().size(), 3u);
    EXPECT_EQ(d.raw(1), "<x:b k='1' r:id=\"rId1\"/>");
    EXPECT_TRUE(d.node(1).selfClosing);
    EXPECT_EQ(d.node(2).text, "t&u");
    EXPECT_EQ(d.inner(2), "t&amp;u");
    EXPECT_EQ(*d.prefixFor(1, "urn:r"), "r");
    EXPECT_EQ(*d.prefixFor(1, kMainNs), "x");
    EXPECT_EQ(setAttribute(d.startTag(1), "k", "a'b"), "<x:b k='a&apos;b' r:id=\"rId1\"/>");
    EXPECT_EQ(setAttribute(d.startTag(1), "n", "<2>"), "<x:b k='1' r:id=\"rId1\" n=\"&lt;2&gt;\"/>");
    EXPECT_EQ(removeAttribute(d.startTag(1), "k"), "<x:b r:id=\"rId1\"/>");
    Splicer sp;
    sp.insert(d.node(2).endBegin, "!");
    sp.remove(d.node(1).begin, d.node(1).end - d.node(1).begin);
    sp.insert(d.node(2).endBegin, "?");
    EXPECT_EQ(sp.apply(text).substr(text.find("<x:a")), "<x:a xmlns:x=\"" + std::string(kMainNs) +
                                                              "\" xmlns:r='urn:r'><x:c>t&amp;u!?</x:c></x:a>");
    EXPECT_EQ(serialise(d, 1, "s"), "<s:b xmlns:r=\"urn:r\" k=\"1\" r:id=\"rId1\"/>");
    EXPECT_THROW(XmlDoc("<!DOCTYPE a [<!ENTITY e 'x'>]><a>&e;</a>", "doctype"), ReadError);
    EXPECT_THROW(XmlDoc("<a><b></a>", "broken"), ReadError);
}

namespace {

/// A good grafted package to break in various ways.
struct Grafted {
    TempDir dir;
    std::string out = dir / "out.xlsx";
    std::map<std::string, PartBytes> parts;
    Grafted() {
        makeLxwOriginal(dir / "original.xlsx");
        makeGenerated(dir / "gen.xlsx");
        graftSheets(dir / "original.xlsx", dir / "gen.xlsx", out);
        parts = partsOf(out);
    }
    std::string text(const std::string& part) const { return parts.at(part).inflated; }
    /// The problems of a copy with `part` changed by replacing `from` with `to`.
    std::vector<std::string> brokenBy(const std::string& part, const std::string& from, const std::string& to,
                                      bool directory = false) {
        std::string t = text(part);
        auto at = t.find(from);
        EXPECT_NE(at, std::string::npos) << from;
        if (at != std::string::npos) t.replace(at, from.size(), to);
        std::string broken = dir / "broken.xlsx";
        rewritePackage(out, broken, {{part, t}}, directory);
        return checkPackage(broken).problems;
    }
};

bool mentions(const std::vector<std::string>& problems, const std::string& what) {
    return std::any_of(problems.begin(), problems.end(), [&](const std::string& p) { return p.find(what) != std::string::npos; });
}

} // namespace

TEST(Checker, PassesAGoodPackageAndFlagsEachBrokenRule) {
    Grafted g;
    ASSERT_TRUE(checkPackage(g.out).ok()) << checkPackage(g.out).problems.front();
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "sheetId=\"3\"", "sheetId=\"1\""), "repeated sheetId"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "r:id=\"rId7\"", "r:id=\"rId1\""), "repeated r:id"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "name=\"Impact Data Issues\"", "name=\"impact summary (2)\""),
                         "two sheets named"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "localSheetId=\"3\"", "localSheetId=\"4\""), "not a sheet"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/_rels/workbook.xml.rels", "worksheets/sheet4.xml", "worksheets/sheet9.xml"),
                         "missing part"));
    EXPECT_TRUE(mentions(g.brokenBy("[Content_Types].xml", "<Override PartName=\"/xl/worksheets/sheet4.xml\"", "<Override PartName=\"/xl/worksheets/sheet9.xml\""),
                         "not that of a worksheet"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/worksheets/sheet3.xml", "s=\"5\"", "s=\"95\""), "not in cellXfs"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/worksheets/sheet3.xml", "dxfId=\"0\"", "dxfId=\"9\""), "not in dxfs"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/styles.xml", "<cellXfs count=\"", "<cellXfs count=\"9"), "count attribute"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "<workbook ", "<workbook mc:Ignorable=\"x15\" xmlns:mc=\"" + std::string(kMcNs) + "\" "),
                         "mc:Ignorable"));
    EXPECT_TRUE(mentions(g.brokenBy("xl/workbook.xml", "<sheets>", "<sheets>", true), "directory entry"));
    // A duplicate entry (two parts of one name, ignoring case).
    std::string dup = g.dir / "dup.xlsx";
    rewritePackage(g.out, dup, {{"XL/Workbook.xml", g.text("xl/workbook.xml")}});
    EXPECT_TRUE(mentions(checkPackage(dup).problems, "two parts with the same name"));
}
