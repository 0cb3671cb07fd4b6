// Hostile workbooks: each is generated here, at test time, into a temporary folder, and read by
// the real `impact dump --cells` in a child process limited to 500 MB of address space. A
// hostile file must be refused with exit code 2 and one clear line on stderr naming the file,
// within 5 seconds; nothing outside the zip may ever be read.
//
// IMPACT_HOSTILE_TIME_LIMIT (seconds, default 5) and IMPACT_HOSTILE_KEEP=1 (keep the generated
// files) help when investigating. Each run prints one "[hostile]" line with its exit code, time
// and peak memory.

#include "run_child.h"
#include "workbook_gen.h"
#include "zip_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;
using namespace impact::testing;

namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::uint64_t kAddressSpace = 500 * kMiB;
const char* const kMarker = "IMPACT_SECRET_7f3a9c";        // in files that must never be read
const char* const kSheetMarker = "IMPACT_EVIL_SHEET_51d2e0"; // in parts that must be ignored

double timeLimit() {
    const char* v = std::getenv("IMPACT_HOSTILE_TIME_LIMIT");
    return v ? std::atof(v) : 5.0;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string spaces(std::size_t n) { return std::string(n, ' '); }

/// 1 MiB of XML whitespace deflating at about 200:1, under the reader's 250:1 ratio limit.
const std::string& ratio200Whitespace() {
    static const std::string s = noisyWhitespace(kMiB, 400);
    return s;
}

/// 1 MiB of letters deflating at about 80:1.
const std::string& ratio80Letters() {
    static const std::string s = noisyUnits(kMiB, {"a", "b", "c", "d"}, 100);
    return s;
}

std::string billionLaughsDtd(const std::string& root) {
    std::string d = "<?xml version=\"1.0\"?>\n<!DOCTYPE " + root + " [\n <!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        d += " <!ENTITY lol" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j) d += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
        d += "\">\n";
    }
    return d + "]>\n";
}

/// Drops the `<?xml ...?>` declaration so a DOCTYPE can be put before the root.
std::string withoutDeclaration(const std::string& xml) {
    auto end = xml.find("?>");
    return xml.rfind("<?xml", 0) == 0 && end != std::string::npos ? xml.substr(end + 2) : xml;
}

class Hostile : public ::testing::Test {
protected:
    fs::path dir;

    void SetUp() override {
        fs::path base = fs::temp_directory_path();
        std::string templ = (base / "impact-hostile-XXXXXX").string();
        ASSERT_NE(mkdtemp(templ.data()), nullptr);
        dir = templ;
        // Files beside (never inside) the workbooks, which nothing may read.
        std::ofstream(dir / "secret.txt") << kMarker << "\n";
        std::ofstream(dir / "secret.dtd") << "<!ENTITY % intern \"<!ENTITY leak '" << kMarker << "'>\">\n";
        std::ofstream(dir / "secret.xml") << sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") +
                                                      kMarker + "</t></is></c></row>");
        fs::create_directories(dir / "books");
    }
    void TearDown() override {
        if (!std::getenv("IMPACT_HOSTILE_KEEP")) fs::remove_all(dir);
        else std::cout << "[hostile] kept " << dir << "\n";
    }

    std::string book(const std::string& name = "book.xlsx") const { return (dir / "books" / name).string(); }
    std::string secretPath(const std::string& name) const { return (dir / name).string(); }

    /// `impact dump MODE FILE` in a child, limited to 500 MB and killed after 3x the time limit.
    ChildResult dump(const std::string& file, const std::string& mode = "--cells") {
        ChildLimits limits;
        limits.addressSpaceBytes = kAddressSpace;
        limits.killAfterSeconds = std::max(15.0, 3 * timeLimit());
        ChildResult r = runChild({IMPACT_BIN, "dump", file, mode}, limits);
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::cout << "[hostile] " << info->test_suite_name() << "." << info->name() << " " << mode << ": " << r.describe()
                  << std::endl;
        return r;
    }

    /// Finished by itself, in time, without a signal.
    static void expectBounded(const ChildResult& r) {
        EXPECT_FALSE(r.killedForTime) << "still running after " << r.seconds << " s: " << r.describe();
        EXPECT_EQ(r.signal, 0) << r.describe();
        EXPECT_LE(r.seconds, timeLimit()) << "took too long: " << r.describe();
        EXPECT_LT(static_cast<std::uint64_t>(r.maxRssKb) * 1024, kAddressSpace) << r.describe();
    }

    /// Refused: exit 2 in time and memory, with exactly one line on stderr that names the file
    /// and contains one of `anyOf` (case-insensitive).
    static void expectRefused(const ChildResult& r, const std::string& file, const std::vector<std::string>& anyOf) {
        expectBounded(r);
        EXPECT_EQ(r.exitCode, 2) << r.describe();
        ASSERT_FALSE(r.err.empty()) << "nothing on stderr: " << r.describe();
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "stderr is not one line: [" << r.err << "]";
        EXPECT_EQ(r.err.back(), '\n') << r.err;
        EXPECT_NE(r.err.find(file), std::string::npos) << "stderr does not name " << file << ": " << r.err;
        std::string err = lower(r.err);
        bool found = anyOf.empty();
        for (const auto& want : anyOf) found = found || err.find(lower(want)) != std::string::npos;
        std::string wants;
        for (const auto& w : anyOf) wants += "'" + w + "' ";
        EXPECT_TRUE(found) << "stderr says none of " << wants << ": " << r.err;
    }

    /// Read: exit 0 in time and memory, nothing on stderr.
    static void expectRead(const ChildResult& r) {
        expectBounded(r);
        EXPECT_EQ(r.exitCode, 0) << r.describe();
        EXPECT_TRUE(r.err.empty()) << r.err;
    }

    /// Either read (exit 0, silent) or refused (exit 2, one clear line naming the file); bounded.
    static void expectReadOrRefused(const ChildResult& r, const std::string& file) {
        if (r.exitCode == 0) expectRead(r);
        else expectRefused(r, file, {});
    }

    /// Nothing from outside the zip, nor from ignored parts, was shown.
    static void expectNoLeak(const ChildResult& r) {
        EXPECT_EQ(r.out.find(kMarker), std::string::npos) << "read a file outside the zip: " << r.out.substr(0, 2000);
        EXPECT_EQ(r.err.find(kMarker), std::string::npos) << r.err;
        EXPECT_EQ(r.out.find(kSheetMarker), std::string::npos) << "read an ignored part: " << r.out.substr(0, 2000);
        EXPECT_EQ(r.out.find("root:x:0:0"), std::string::npos) << "read /etc/passwd: " << r.out.substr(0, 2000);
    }

    static void expectMinimalCells(const ChildResult& r) {
        EXPECT_NE(r.out.find("A1\tnumber\t42"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("B1\ttext\thello"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("C1\ttext\tinline"), std::string::npos) << r.out;
    }
};

const std::vector<std::string> kBomb = {"zip bomb", "beyond the limit", "over the limit", "times its compressed size"};

// ---------------------------------------------------------------------------------------------
// The generator itself

TEST_F(Hostile, BaselineMinimalWorkbookReads) {
    std::string f = book();
    minimalWorkbook().write(f);
    ChildResult r = dump(f);
    expectRead(r);
    expectMinimalCells(r);
    for (const char* mode : {"--csv", "--cells"}) {
        // Both output modes, and the data-descriptor form streaming writers use.
        WorkbookParts wb = minimalWorkbook();
        for (auto& p : wb.parts) p.options.flags = 0x8;
        std::string g = book(std::string("dd") + mode + ".xlsx");
        wb.write(g);
        ChildResult d = dump(g, mode);
        expectRead(d);
        EXPECT_NE(d.out.find("42"), std::string::npos) << d.out;
        EXPECT_NE(d.out.find("hello"), std::string::npos) << d.out;
    }
}

TEST_F(Hostile, BaselineGeneratorRatios) {
    // The "ratio-compliant" content really is under the reader's 250:1 limit.
    EXPECT_GT(deflateRatio(ratio200Whitespace()), 120.0);
    EXPECT_LT(deflateRatio(ratio200Whitespace()), 240.0);
    EXPECT_GT(deflateRatio(ratio80Letters()), 40.0);
    EXPECT_LT(deflateRatio(ratio80Letters()), 240.0);
    EXPECT_GT(deflateRatio(spaces(kMiB)), 900.0);
}

// ---------------------------------------------------------------------------------------------
// Zip bombs

TEST_F(Hostile, ZipBombSheetWhitespaceHonestSizes) {
    // 3.9 GiB of spaces inside <sheetData>, ~4 MB compressed, sizes told truthfully.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheetXmlOpen(), spaces(kMiB), 3900, sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, kBomb);
}

TEST_F(Hostile, ZipBombSheetWhitespaceLyingCentralDirectory) {
    // The same, but both headers claim the sheet inflates to 1,000 bytes.
    WorkbookParts wb = minimalWorkbook();
    EntryOptions o;
    o.cdUncompressed = o.localUncompressed = 1000;
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheetXmlOpen(), spaces(kMiB), 3900, sheetXmlClose()), o);
    std::string f = book();
    wb.write(f);
    std::vector<std::string> why = kBomb;
    why.push_back("its zip directory records");
    expectRefused(dump(f), f, why);
}

TEST_F(Hostile, ZipBombSheetZeros) {
    // 3.9 GiB of NUL bytes: not even XML, and a bomb.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheetXmlOpen(), std::string(kMiB, '\0'), 3900, sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    std::vector<std::string> why = kBomb;
    why.push_back("not well-formed");
    expectRefused(dump(f), f, why);
}

TEST_F(Hostile, ZipBombSharedStrings) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml",
           Content::repeated(std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>hello</t></si>", spaces(kMiB), 3900,
                             "</sst>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, kBomb);
}

TEST_F(Hostile, ZipBombRatioCompliantSheet) {
    // 3.9 GiB of whitespace deflating at ~200:1 (under the 250:1 ratio limit), ~20 MB of file,
    // sizes told truthfully: only the size limits can stop it, and it must still stop in time.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheetXmlOpen(), ratio200Whitespace(), 3900, sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, kBomb);
}

TEST_F(Hostile, ZipBombRatioCompliantSheetLyingSize) {
    // As above, but the headers claim 1,000 bytes: reading past what the directory records must stop at once.
    WorkbookParts wb = minimalWorkbook();
    EntryOptions o;
    o.cdUncompressed = o.localUncompressed = 1000;
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheetXmlOpen(), ratio200Whitespace(), 3900, sheetXmlClose()), o);
    std::string f = book();
    wb.write(f);
    std::vector<std::string> why = kBomb;
    why.push_back("its zip directory records");
    expectRefused(dump(f), f, why);
}

TEST_F(Hostile, ZipBombWorkbookPartTooLarge) {
    // xl/workbook.xml, which is read whole, honestly claims 1 GiB.
    WorkbookParts wb = minimalWorkbook();
    std::string xml = workbookXml({{"Sheet1", "worksheets/sheet1.xml"}});
    wb.set("xl/workbook.xml", Content::repeated(xml.substr(0, xml.size() - 11), ratio200Whitespace(), 1024, "</workbook>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"larger than any genuine workbook", "limit", "zip bomb"});
}

TEST_F(Hostile, ZipBombWorkbookPartLyingSize) {
    // xl/workbook.xml claims 1,000 bytes and inflates to 1 GiB at ~200:1: a part read whole must
    // not be held in memory beyond the small-part limit, whatever the directory claims.
    WorkbookParts wb = minimalWorkbook();
    std::string xml = workbookXml({{"Sheet1", "worksheets/sheet1.xml"}});
    EntryOptions o;
    o.cdUncompressed = o.localUncompressed = 1000;
    wb.set("xl/workbook.xml", Content::repeated(xml.substr(0, xml.size() - 11), ratio200Whitespace(), 1024, "</workbook>"), o);
    std::string f = book();
    wb.write(f);
    std::vector<std::string> why = kBomb;
    why.push_back("its zip directory records");
    why.push_back("larger than any genuine workbook");
    expectRefused(dump(f), f, why);
}

TEST_F(Hostile, ZipBombZip64ClaimsPetabyte) {
    WorkbookParts wb = minimalWorkbook();
    EntryOptions o;
    o.zip64 = true;
    o.cdUncompressed = o.localUncompressed = 1ull << 50;
    wb.set("xl/worksheets/sheet1.xml", minimalSheet(), o);
    std::string f = book();
    wb.write(f);
    std::vector<std::string> why = kBomb;
    why.push_back("damaged");
    expectRefused(dump(f), f, why);
}

TEST_F(Hostile, ZipBombOverlappingEntries) {
    // David Fifield's non-recursive zip bomb, adapted: 64 sheets whose central-directory entries
    // all point at the local header of one 1 GiB (ratio ~200:1, ~5 MB) sheet. Each is within
    // every per-entry limit; together they inflate 64 GiB.
    std::vector<SheetRef> sheets;
    for (int i = 0; i < 64; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "worksheets/s%02d.xml", i);
        sheets.push_back({"S" + std::to_string(i), name});
    }
    WorkbookParts wb = workbookSkeleton(sheets, false);
    std::string f = book();
    ZipWriter zip(f);
    for (const Part& p : wb.parts) zip.add(p.name, p.content, p.options);
    std::size_t kernel = zip.add("xl/worksheets/s00.xml",
                                 Content::repeated(sheetXmlOpen(), ratio200Whitespace(), 1024, sheetXmlClose()));
    for (int i = 1; i < 64; ++i) {
        EntryOptions o;
        o.cdPointsAtEntry = kernel;
        char name[32];
        std::snprintf(name, sizeof name, "xl/worksheets/s%02d.xml", i);
        zip.add(name, minimalSheet(), o);
    }
    zip.finish();
    expectRefused(dump(f), f, {"zip bomb", "limit", "overlap", "damaged", "share"});
}

TEST_F(Hostile, ZipBombTooManyEntries) {
    // A valid workbook followed by 25,000 empty entries (over the 20,000-entry limit).
    std::string f = book();
    {
        ZipWriter zip(f);
        for (const Part& p : minimalWorkbook().parts) zip.add(p.name, p.content, p.options);
        EntryOptions stored;
        stored.method = 0;
        for (int i = 0; i < 25000; ++i) zip.add("junk/" + std::to_string(i), "", stored);
    }
    expectRefused(dump(f), f, {"parts", "entries"});
}

TEST_F(Hostile, ZipBombMillionEntriesHeaderMemory) {
    // 1,000,000 empty entries (an 80 MB file, zip64 end record): the entry limit must bite
    // before the index of a million headers is built in memory.
    std::string f = book();
    {
        ZipWriter zip(f);
        for (const Part& p : minimalWorkbook().parts) zip.add(p.name, p.content, p.options);
        EntryOptions stored;
        stored.method = 0;
        static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 1000000; ++i) {
            std::string name;
            for (int v = i; name.empty() || v > 0; v /= 36) name += digits[v % 36];
            zip.add(name, "", stored);
        }
    }
    expectRefused(dump(f), f, {"parts", "entries", "damaged"});
}

// ---------------------------------------------------------------------------------------------
// XML: DTDs, entities

TEST_F(Hostile, XmlBillionLaughsInSharedStrings) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml", billionLaughsDtd("sst") + std::string("<sst xmlns=\"") + kMainNs +
                                       "\" count=\"1\" uniqueCount=\"1\"><si><t>&lol9;</t></si></sst>");
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"DOCTYPE"});
    EXPECT_EQ(r.out.find("lollol"), std::string::npos);
}

TEST_F(Hostile, XmlBillionLaughsInSheet) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           billionLaughsDtd("worksheet") +
               withoutDeclaration(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>")));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"DOCTYPE"});
    EXPECT_EQ(r.out.find("lollol"), std::string::npos);
}

TEST_F(Hostile, XmlBillionLaughsInWorkbookAndRels) {
    {
        WorkbookParts wb = minimalWorkbook();
        wb.set("xl/workbook.xml", billionLaughsDtd("workbook") +
                                      withoutDeclaration(workbookXml({{"&lol9;", "worksheets/sheet1.xml"}})));
        std::string f = book("workbook.xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"DOCTYPE"});
    }
    {
        WorkbookParts wb = minimalWorkbook();
        std::string rels = workbookRelsXml({{"Sheet1", "&lol9;"}});
        wb.set("xl/_rels/workbook.xml.rels", billionLaughsDtd("Relationships") + withoutDeclaration(rels));
        std::string f = book("rels.xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"DOCTYPE"});
    }
    {
        WorkbookParts wb = minimalWorkbook();
        wb.set("_rels/.rels", billionLaughsDtd("Relationships") + withoutDeclaration(wb.find("_rels/.rels")->content.prefix));
        std::string f = book("pkgrels.xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"DOCTYPE"});
    }
}

TEST_F(Hostile, XmlExternalEntityLocalFile) {
    // XXE: an external entity naming a local file beside the workbook.
    std::string dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file://" +
                      secretPath("secret.txt") + "\">]>\n";
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           dtd + withoutDeclaration(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>")));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"DOCTYPE"});
    expectNoLeak(r);

    // The same in the shared strings, with a relative system id.
    WorkbookParts wb2 = minimalWorkbook();
    wb2.set("xl/sharedStrings.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM \"../secret.txt\">]>\n" +
                                        std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>&xxe;</t></si></sst>");
    std::string g = book("sst.xlsx");
    wb2.write(g);
    ChildResult r2 = dump(g);
    expectRefused(r2, g, {"DOCTYPE"});
    expectNoLeak(r2);
}

TEST_F(Hostile, XmlExternalEntityUtf16) {
    // The XXE sheet again, encoded as UTF-16LE with a byte-order mark.
    std::string ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file://" +
                        secretPath("secret.txt") + "\">]>\n" +
                        withoutDeclaration(sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"));
    std::string utf16 = "\xFF\xFE";
    for (char c : ascii) {
        utf16 += c;
        utf16 += '\0';
    }
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", utf16);
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"DOCTYPE"});
    expectNoLeak(r);
}

TEST_F(Hostile, XmlParameterEntities) {
    // A parameter entity pulls in an external DTD that declares the entity used in the text.
    std::string dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE sst [<!ENTITY % pe SYSTEM \"file://" + secretPath("secret.dtd") +
                      "\"> %pe; %intern;]>\n";
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml", dtd + std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>&leak;</t></si></sst>");
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"DOCTYPE"});
    expectNoLeak(r);

    // An external DTD subset by system id, with no internal subset.
    WorkbookParts wb2 = minimalWorkbook();
    wb2.set("xl/worksheets/sheet1.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet SYSTEM \"file://" +
                                            secretPath("secret.dtd") + "\">\n" + withoutDeclaration(minimalSheet()));
    std::string g = book("extdtd.xlsx");
    wb2.write(g);
    ChildResult r2 = dump(g);
    expectRefused(r2, g, {"DOCTYPE"});
    expectNoLeak(r2);
}

TEST_F(Hostile, XmlUndeclaredEntity) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"not well-formed"});
}

TEST_F(Hostile, XmlHugeInlineText) {
    // One 100 MiB text node in a cell (deflating at ~80:1, so the ratio limit does not stop it).
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           Content::repeated(sheetXmlOpen() + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>", ratio80Letters(), 100,
                             "</t></is></c></row>" + sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"32,767"});
}

TEST_F(Hostile, XmlHugeSharedString) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml", Content::repeated(std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>",
                                                     ratio80Letters(), 100, "</t></si></sst>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"32,767"});
}

TEST_F(Hostile, XmlHugeCellValue) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           Content::repeated(sheetXmlOpen() + "<row r=\"1\"><c r=\"A1\"><v>", noisyUnits(kMiB, {"1", "2"}, 100), 100,
                             "</v></c></row>" + sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"32,767"});
}

TEST_F(Hostile, XmlHugeIgnoredTextNode) {
    // 100 MiB of text where the reader keeps nothing (an extension element): streamed past.
    WorkbookParts wb = minimalWorkbook();
    std::string sheet = minimalSheet();
    auto close = sheet.rfind("</worksheet>");
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheet.substr(0, close) + "<extLst><ext uri=\"{hostile}\">",
                                                         ratio80Letters(), 100, "</ext></extLst></worksheet>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRead(r);
    expectMinimalCells(r);
}

TEST_F(Hostile, XmlHugeAttribute) {
    // A 100 MiB attribute value: one XML token the parser must hold whole. Read or refused, but
    // within the memory limit.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           Content::repeated(sheetXmlOpen() + "<row r=\"1\"><c r=\"A1\" hostile=\"", ratio80Letters(), 100,
                             "\"><v>1</v></c></row>" + sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, XmlHugeAttributeInSharedStrings) {
    // The same 100 MiB attribute in the shared strings, which are streamed through libexpat.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml", Content::repeated(std::string("<sst xmlns=\"") + kMainNs + "\"><si hostile=\"",
                                                     ratio80Letters(), 100, "\"><t>hello</t></si></sst>"));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, XmlHugeCommentInUtf16Sheet) {
    // A UTF-16 sheet (which a UTF-8-only front end must hand to libexpat) holding a 100 MiB comment.
    auto utf16 = [](const std::string& ascii) {
        std::string out;
        for (char c : ascii) {
            out += c;
            out += '\0';
        }
        return out;
    };
    std::string head = utf16("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" +
                             withoutDeclaration(sheetXmlOpen()) + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><!--");
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           Content::repeated("\xFF\xFE" + head, utf16(ratio80Letters().substr(0, kMiB / 2)), 100, utf16("-->" + sheetXmlClose())));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, XmlDeepNestingClosed) {
    // 1,000,000 nested elements after the sheet data, all closed: well-formed, nothing to keep.
    WorkbookParts wb = minimalWorkbook();
    std::string sheet = minimalSheet();
    auto close = sheet.rfind("</worksheet>");
    std::string open, shut;
    for (int i = 0; i < 1000000; ++i) open += "<x>";
    for (int i = 0; i < 1000000; ++i) shut += "</x>";
    wb.set("xl/worksheets/sheet1.xml", sheet.substr(0, close) + open + shut + "</worksheet>");
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRead(r);
    expectMinimalCells(r);
}

TEST_F(Hostile, XmlDeepNestingUnclosed) {
    // 1,000,000 nested elements inside a cell, never closed.
    WorkbookParts wb = minimalWorkbook();
    std::string open;
    for (int i = 0; i < 1000000; ++i) open += "<is>";
    wb.set("xl/worksheets/sheet1.xml", sheetXmlOpen() + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\">" + open);
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"not well-formed"});
}

// ---------------------------------------------------------------------------------------------
// Entry names and relationship targets that escape the package

class HostileEntryName : public Hostile, public ::testing::WithParamInterface<const char*> {};

TEST_P(HostileEntryName, IsNeverAPart) {
    // The only sheet lives in an entry whose name escapes the package, and the relationship
    // names that entry: the entry must be ignored, so the sheet is missing.
    std::string name = GetParam();
    WorkbookParts wb = workbookSkeleton({{"Sheet1", name}}, false);
    wb.set(name, sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") + kSheetMarker +
                          "</t></is></c></row>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"missing"});
    expectNoLeak(r);
}

INSTANTIATE_TEST_SUITE_P(Escaping, HostileEntryName,
                         ::testing::Values("../evil.xml", "../../evil.xml", "xl/../../evil.xml", "/abs.xml",
                                           "/xl/worksheets/abs.xml", "C:\\x.xml", "C:/x.xml", "..\\evil.xml",
                                           "\\\\server\\share\\x.xml", "//server/x.xml"),
                         [](const ::testing::TestParamInfo<const char*>& p) { return "name" + std::to_string(p.index); });

TEST_F(Hostile, PathsEscapingEntriesBesideValidWorkbook) {
    // A valid workbook that also carries escaping entries: read as usual, the extras ignored.
    WorkbookParts wb = minimalWorkbook();
    std::string evil = sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") + kSheetMarker +
                                "</t></is></c></row>");
    for (const char* n : {"../evil.xml", "/abs.xml", "C:\\x.xml", "../xl/worksheets/sheet2.xml", "..\\..\\evil.xml"})
        wb.set(n, evil);
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRead(r);
    expectMinimalCells(r);
    expectNoLeak(r);
}

TEST_F(Hostile, PathsAbsoluteEntryShadowsRealPart) {
    // "/xl/worksheets/sheet1.xml" beside the real "xl/worksheets/sheet1.xml": the absolute one
    // must be ignored, never read in place of the real one.
    WorkbookParts wb = minimalWorkbook();
    wb.set("/xl/worksheets/sheet1.xml", sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") +
                                                 kSheetMarker + "</t></is></c></row>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectNoLeak(r);
    expectReadOrRefused(r, f);
    if (r.exitCode == 0) expectMinimalCells(r);
}

TEST_F(Hostile, PathsCaseVariantDuplicatePart) {
    // "XL/worksheets/sheet1.xml" and "xl/worksheets/sheet1.xml" are the same OPC part name:
    // a package holding both is ambiguous (readers would disagree on the data) and is refused.
    WorkbookParts wb = minimalWorkbook();
    wb.set("XL/worksheets/sheet1.xml", sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") +
                                                kSheetMarker + "</t></is></c></row>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"same name", "twice", "duplicate"});
    expectNoLeak(r);
}

class HostileRelTarget : public Hostile, public ::testing::WithParamInterface<const char*> {};

TEST_P(HostileRelTarget, NeverReadsOutsideTheZip) {
    // The sheet's relationship points outside the package (a real file exists at the place);
    // only the zip is ever read, so the sheet is missing.
    std::string target = GetParam();
    auto at = target.find("@SECRET@");
    if (at != std::string::npos) target.replace(at, 8, secretPath("secret.xml"));
    WorkbookParts wb = workbookSkeleton({{"Sheet1", target}}, false);
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"missing"});
    expectNoLeak(r);
}

INSTANTIATE_TEST_SUITE_P(Escaping, HostileRelTarget,
                         ::testing::Values("../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
                                           "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..\\..\\..\\etc\\passwd", "@SECRET@",
                                           "../../../../../../../../../../../..@SECRET@", "file://@SECRET@",
                                           "../../../secret.xml"),
                         [](const ::testing::TestParamInfo<const char*>& p) { return "target" + std::to_string(p.index); });

TEST_F(Hostile, PathsPackageRelsPointOutside) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("_rels/.rels", std::string("<Relationships xmlns=\"") + kPkgRelNs + "\"><Relationship Id=\"rId1\" Type=\"" +
                              kRelNs + "/officeDocument\" Target=\"../../../../../../.." + secretPath("secret.xml") +
                              "\"/></Relationships>");
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"missing"});
    expectNoLeak(r);
}

// ---------------------------------------------------------------------------------------------
// Rows, columns, dimensions and shared-string counts

TEST_F(Hostile, LimitsRowBeyondExcel) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"2000000\"><c r=\"A2000000\"><v>1</v></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"1,048,576"});
}

TEST_F(Hostile, LimitsRowNumberBeyond32Bits) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"4294967297\"><c><v>1</v></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"1,048,576"});
}

TEST_F(Hostile, LimitsCellColumnBeyondExcel) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"16,384"});
}

TEST_F(Hostile, LimitsCellRowBeyondExcel) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row><c r=\"A1048577\"><v>1</v></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"1,048,576"});
}

TEST_F(Hostile, LimitsTooManyImplicitRows) {
    // 1,048,577 rows without r attributes. Even with varying values the sheet compresses more
    // than 100:1, so the ratio limit may refuse it first: either refusal is right.
    WorkbookParts wb = minimalWorkbook();
    std::string rows = noisyUnits(1048577 * 26, {"<row><c><v>1</v></c></row>", "<row><c><v>2</v></c></row>"}, 4);
    wb.set("xl/worksheets/sheet1.xml", sheetXml(rows));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"1,048,576", "zip bomb"});
}

TEST_F(Hostile, LimitsTooManyImplicitColumns) {
    WorkbookParts wb = minimalWorkbook();
    std::string cells;
    for (int i = 0; i < 16385; ++i) cells += "<c><v>1</v></c>";
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1\">" + cells + "</row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"16,384"});
}

TEST_F(Hostile, LimitsHugeDimensionTinyData) {
    // A dimension of the whole grid with one cell of data: legitimate, and cheap in every mode.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml",
           sheetXml("<row r=\"1\"><c r=\"A1\"><v>42</v></c></row>", "<dimension ref=\"A1:XFD1048576\"/>"));
    std::string f = book();
    wb.write(f);
    for (const char* mode : {"--cells", "--csv", "--sheet=1"}) {
        ChildResult r = dump(f, mode);
        expectRead(r);
        EXPECT_NE(r.out.find("42"), std::string::npos) << r.out;
        EXPECT_LT(r.maxRssKb, 100 * 1024) << "a claimed dimension must not be allocated: " << r.describe();
        EXPECT_LT(r.stdoutBytes, 4096u) << r.describe();
    }
}

TEST_F(Hostile, LimitsLastCellOfTheGrid) {
    // XFD1048576 is Excel's last cell: legitimate.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1048576\"><c r=\"XFD1048576\"><v>7</v></c></row>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRead(r);
    EXPECT_NE(r.out.find("XFD1048576\tnumber\t7"), std::string::npos) << r.out;
}

TEST_F(Hostile, LimitsSharedStringCountsLie) {
    // count and uniqueCount claim four billion strings; there are two. Nothing is sized from them.
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/sharedStrings.xml", sharedStringsXml({"hello", "world"}, "count=\"4000000000\" uniqueCount=\"4000000000\""));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRead(r);
    expectMinimalCells(r);
    EXPECT_LT(r.maxRssKb, 100 * 1024) << r.describe();

    // Claims beyond 32 bits, and not numbers at all.
    wb.set("xl/sharedStrings.xml", sharedStringsXml({"hello"}, "count=\"99999999999999999999\" uniqueCount=\"-1\""));
    std::string g = book("g.xlsx");
    wb.write(g);
    ChildResult r2 = dump(g);
    expectRead(r2);
    expectMinimalCells(r2);
}

TEST_F(Hostile, LimitsSharedStringIndexOutOfRange) {
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>4000000000</v></c></row>"));
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"shared string"});
}

TEST_F(Hostile, LimitsSameCellRepeatedInOneRow) {
    // One row repeating A1/B1 16 million times (~350 MB of XML at ~80:1): a row holds at most
    // 16,384 cells, so memory must stay bounded by that, not by the repetitions.
    WorkbookParts wb = minimalWorkbook();
    std::string chunk = noisyUnits(kMiB, {"<c r=\"A1\"><v>1</v></c>", "<c r=\"B1\"><v>2</v></c>"}, 8);
    wb.set("xl/worksheets/sheet1.xml",
           Content::repeated(sheetXmlOpen() + "<row r=\"1\">", chunk, 350, "</row>" + sheetXmlClose()));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, LimitsManyMergedRanges) {
    // 25 million <mergeCell> elements (~600 MB of XML at ~80:1) after a one-cell sheet.
    WorkbookParts wb = minimalWorkbook();
    std::string sheet = minimalSheet();
    auto close = sheet.rfind("</worksheet>");
    std::string chunk = noisyUnits(kMiB, {"<mergeCell ref=\"A1:B2\"/>", "<mergeCell ref=\"C3:D4\"/>"}, 8);
    wb.set("xl/worksheets/sheet1.xml", Content::repeated(sheet.substr(0, close) + "<mergeCells>", chunk, 580,
                                                         "</mergeCells></worksheet>"));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, LimitsManySharedStrings) {
    // 40 million one-letter shared strings (~680 MB of XML at ~80:1).
    WorkbookParts wb = minimalWorkbook();
    std::string chunk = noisyUnits(kMiB, {"<si><t>a</t></si>", "<si><t>b</t></si>"}, 8);
    wb.set("xl/sharedStrings.xml", Content::repeated(std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>hello</t></si>",
                                                     chunk, 650, "</sst>"));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, LimitsSharedStringTextBudget) {
    // 600 MiB of shared-string text in 4,000-character strings (each within Excel's limit).
    WorkbookParts wb = minimalWorkbook();
    std::string chunk;
    const std::string& letters = ratio80Letters();
    for (std::size_t at = 0; chunk.size() < kMiB; at += 4000) chunk += "<si><t>" + letters.substr(at % (kMiB - 4000), 4000) + "</t></si>";
    wb.set("xl/sharedStrings.xml", Content::repeated(std::string("<sst xmlns=\"") + kMainNs + "\"><si><t>hello</t></si>",
                                                     chunk, 600, "</sst>"));
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

// ---------------------------------------------------------------------------------------------
// Broken and forged zip structure

TEST_F(Hostile, ZipDuplicateEntryNames) {
    WorkbookParts wb = minimalWorkbook();
    wb.parts.push_back(Part{"xl/worksheets/sheet1.xml",
                            sheetXml(std::string("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>") + kSheetMarker +
                                     "</t></is></c></row>"),
                            {}});
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectRefused(r, f, {"same name"});
    expectNoLeak(r);
}

TEST_F(Hostile, ZipTruncated) {
    std::string full = book("full.xlsx");
    auto size = minimalWorkbook().write(full);
    for (std::uint64_t keep : {size / 2, size - 10, static_cast<std::uint64_t>(40)}) {
        std::string f = book("cut" + std::to_string(keep) + ".xlsx");
        fs::copy_file(full, f);
        fs::resize_file(f, keep);
        expectRefused(dump(f), f, {"damaged", "truncated"});
    }
}

TEST_F(Hostile, ZipTruncatedInsideSheetWithDirectoryKept) {
    // The sheet's data is cut short, but a central directory (claiming the full size) follows.
    WorkbookParts wb = minimalWorkbook();
    EntryOptions o;
    o.method = 0;
    o.cdCompressed = o.cdUncompressed = o.localCompressed = o.localUncompressed = 100000;
    wb.set("xl/worksheets/sheet1.xml", minimalSheet(), o);
    std::string f = book();
    wb.write(f);
    expectRefused(dump(f), f, {"damaged", "truncated", "ends early", "CRC", "well-formed"});
}

TEST_F(Hostile, ZipCrcMismatch) {
    for (const char* part : {"xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml"}) {
        WorkbookParts wb = minimalWorkbook();
        Part* p = wb.find(part);
        p->options.cdCrc = p->options.localCrc = 0x12345678;
        std::string f = book(std::string("crc-") + std::to_string(std::hash<std::string>{}(part) % 1000) + ".xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"CRC"});
    }
}

TEST_F(Hostile, ZipCrcMismatchInALongSheetThatIsStreamed) {
    // A sheet longer than the rows `check` recognises it from is looked through once for its merged
    // ranges without the CRC, then streamed with it: the damage is still found.
    std::string rows = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Pupil ID</t></is></c>"
                       "<c r=\"B1\" t=\"inlineStr\"><is><t>School</t></is></c>"
                       "<c r=\"C1\" t=\"inlineStr\"><is><t>Activity</t></is></c>"
                       "<c r=\"D1\" t=\"inlineStr\"><is><t>Attended</t></is></c></row>";
    for (int r = 2; r <= 7000; ++r) {
        std::string n = std::to_string(r);
        rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"inlineStr\"><is><t>P" + std::to_string(r % 300) +
                "</t></is></c><c r=\"B" + n + "\" t=\"inlineStr\"><is><t>Hillside</t></is></c><c r=\"C" + n +
                "\" t=\"inlineStr\"><is><t>Maths</t></is></c><c r=\"D" + n + "\" t=\"inlineStr\"><is><t>Y</t></is></c></row>";
    }
    WorkbookParts wb = minimalWorkbook();
    wb.set("xl/worksheets/sheet1.xml", sheetXml(rows, "", "<mergeCells count=\"1\"><mergeCell ref=\"F1:G1\"/></mergeCells>"));
    wb.find("xl/worksheets/sheet1.xml")->options.cdCrc = wb.find("xl/worksheets/sheet1.xml")->options.localCrc = 0x12345678;
    std::string f = book("crc-long.xlsx");
    wb.write(f);
    ChildLimits limits;
    limits.addressSpaceBytes = kAddressSpace;
    limits.killAfterSeconds = std::max(15.0, 3 * timeLimit());
    ChildResult r = runChild({IMPACT_BIN, "check", f}, limits);
    expectRefused(r, f, {"CRC"});
}

TEST_F(Hostile, ZipStoredEntrySizeLies) {
    struct Lie {
        const char* label;
        std::int64_t compressedDelta, uncompressedDelta;
    };
    for (Lie lie : {Lie{"larger", 5000, 5000}, Lie{"smaller", -50, -50}, Lie{"disagree", 0, 100}, Lie{"zero", 0, 0}}) {
        WorkbookParts wb = minimalWorkbook();
        std::string sheet = minimalSheet();
        EntryOptions o;
        o.method = 0;
        auto n = static_cast<std::int64_t>(sheet.size());
        if (std::string(lie.label) == "zero") {
            o.cdCompressed = o.localCompressed = o.cdUncompressed = o.localUncompressed = 0;
        } else {
            o.cdCompressed = o.localCompressed = static_cast<std::uint64_t>(n + lie.compressedDelta);
            o.cdUncompressed = o.localUncompressed = static_cast<std::uint64_t>(n + lie.uncompressedDelta);
        }
        wb.set("xl/worksheets/sheet1.xml", sheet, o);
        std::string f = book(std::string("stored-") + lie.label + ".xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"damaged", "truncated", "ends early", "CRC", "well-formed", "inflates to", "zip directory"});
    }
}

TEST_F(Hostile, ZipEncryptedAndUnknownMethods) {
    {
        WorkbookParts wb = minimalWorkbook();
        wb.find("xl/worksheets/sheet1.xml")->options.flags = 0x1;
        std::string f = book("encrypted.xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"encrypted"});
    }
    for (std::uint16_t method : std::initializer_list<std::uint16_t>{1, 12, 14, 93, 99}) {
        WorkbookParts wb = minimalWorkbook();
        wb.find("xl/worksheets/sheet1.xml")->options.method = method;
        std::string f = book("method" + std::to_string(method) + ".xlsx");
        wb.write(f);
        expectRefused(dump(f), f, {"method", "damaged"});
    }
}

TEST_F(Hostile, ZipLocalHeadersLie) {
    // The local header's sizes are wrong, the central directory's right (readers differ on which
    // to trust): read correctly or refused, never anything else.
    WorkbookParts wb = minimalWorkbook();
    Part* p = wb.find("xl/worksheets/sheet1.xml");
    p->options.localCompressed = 3;
    p->options.localUncompressed = 1ull << 31;
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectReadOrRefused(r, f);
    if (r.exitCode == 0) expectMinimalCells(r);
}

TEST_F(Hostile, ZipCentralNameDiffersFromLocal) {
    // The directory names the sheet entry "xl/worksheets/sheet2.xml"; its local header says sheet1.
    WorkbookParts wb = minimalWorkbook();
    wb.find("xl/worksheets/sheet1.xml")->options.cdName = "xl/worksheets/sheet2.xml";
    std::string f = book();
    wb.write(f);
    expectReadOrRefused(dump(f), f);
}

TEST_F(Hostile, ZipEmptyEntryName) {
    // An entry with an empty name (and no data) beside a valid workbook: ignored. (Found by the
    // fuzzer: Poco's ZipLocalFileHeader::isDirectory() reads the byte before an empty name.)
    WorkbookParts wb = minimalWorkbook();
    EntryOptions stored;
    stored.method = 0;
    wb.parts.insert(wb.parts.begin() + 1, Part{"", "", stored});
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectReadOrRefused(r, f);
    if (r.exitCode == 0) expectMinimalCells(r);
}

TEST_F(Hostile, LimitsLargeStylesPart) {
    // A 60 MB styles part (3 million cell formats, under the 64 MB small-part limit): bounded.
    WorkbookParts wb = minimalWorkbook();
    std::string rels = wb.find("xl/_rels/workbook.xml.rels")->content.prefix;
    rels.insert(rels.rfind("</Relationships>"),
                std::string("<Relationship Id=\"rId9\" Type=\"") + kRelNs + "/styles\" Target=\"styles.xml\"/>");
    wb.set("xl/_rels/workbook.xml.rels", rels);
    std::string chunk = noisyUnits(kMiB, {"<xf numFmtId=\"14\"/>", "<xf numFmtId=\"0\"/>", "<xf numFmtId=\"2\"/>"}, 8);
    wb.set("xl/styles.xml", Content::repeated(std::string("<styleSheet xmlns=\"") + kMainNs + "\"><cellXfs>", chunk, 60,
                                              "</cellXfs></styleSheet>"));
    std::string f = book();
    wb.write(f);
    ChildResult r = dump(f);
    expectReadOrRefused(r, f);
}

TEST_F(Hostile, ZipGarbageAndEmptyFiles) {
    std::string f = book("garbage.xlsx");
    {
        std::ofstream out(f, std::ios::binary);
        out << "PK\x03\x04" << std::string(5000, '\xff');
    }
    expectRefused(dump(f), f, {"damaged", "not", "zip"});
    std::string g = book("onlyend.xlsx");
    {
        ZipWriter zip(g);
    }
    expectRefused(dump(g), g, {"empty", "not"});
}

} // namespace
