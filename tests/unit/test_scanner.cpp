// The worksheet scanner (engine/read/sheet_scanner.h): XML features (references, CDATA, comments,
// processing instructions, prefixes, quoting, line ends), values cut by chunk boundaries, unknown
// elements, refusals (DOCTYPE, malformed XML, bad UTF-8), the fall-back to libexpat, and the
// same cells as the libexpat path for every document here and every sheet of the corpus.
#include "workbook_builder.h"

#include "common/error.h"
#include "read/sheet_parser.h"
#include "read/sheet_scanner.h"
#include "read/styles.h"
#include "read/xml_parser.h"
#include "platform/environment.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>

using namespace impact::read;
using namespace impact::test;

namespace {

/// Everything a sheet read produces, as text, for comparing two reads.
struct Capture : RowVisitor {
    std::ostringstream out;
    void onRow(const Row& row) override {
        for (const Cell& c : row.cells) {
            out << row.index << ',' << c.col << ' ' << typeName(c.type) << ' ' << partsName(c.dateParts) << ' ';
            out.precision(17);
            out << c.number << " [" << c.text << "]\n";
        }
    }
};

std::string describe(const SheetSummary& s) {
    std::ostringstream out;
    out << "rows=" << s.rowsWithData << " cells=" << s.cells;
    if (s.dimension) out << " dim=" << rangeName(*s.dimension);
    for (const Range& r : s.merged) out << " merged=" << rangeName(r);
    return out.str();
}

struct Outcome {
    std::string cells; ///< one line per cell, then the summary; or "ERROR: message"
    bool failed = false;
    std::string error;
};

const std::string kWhat = "book.xlsx, sheet 'S'";

/// Runs `read` on a fresh SheetCells: the cells and summary it produced, or its ReadError.
Outcome readInto(const std::function<void(SheetCells&)>& read) {
    Outcome o;
    Capture capture;
    CellFormats formats;
    ReadLimits limits;
    SheetCells cells(capture, nullptr, formats, false, limits, kWhat);
    try {
        read(cells);
        o.cells = capture.out.str() + describe(cells.summary());
    } catch (const impact::ReadError& e) {
        o.failed = true;
        o.error = e.what();
        o.cells = "ERROR";
    }
    return o;
}

/// Reads `xml` with the scanner, fed `chunk` bytes at a time.
Outcome scan(const std::string& xml, std::size_t chunk, ScanResult* result = nullptr) {
    return readInto([&](SheetCells& cells) {
        std::size_t at = 0;
        auto source = [&](char* buffer, std::size_t size) {
            std::size_t n = std::min({size, chunk, xml.size() - at});
            std::copy_n(xml.data() + at, n, buffer);
            at += n;
            return n;
        };
        ScanResult r = scanSheet(source, cells, kWhat, chunk);
        if (result) *result = r;
    });
}

/// Reads `xml` with libexpat (parseXml + SheetParser).
Outcome expat(const std::string& xml) {
    return readInto([&](SheetCells& cells) {
        SheetParser parser(cells);
        parseXml(std::string_view(xml), parser, kWhat);
    });
}

const std::size_t kChunks[] = {1, 2, 3, 5, 7, 13, 64, 4096, std::size_t(1) << 18};

/// The scanner's reading of `xml`, after checking that every chunk size gives the same as libexpat.
std::string cellsOf(const std::string& xml) {
    Outcome reference = expat(xml);
    EXPECT_FALSE(reference.failed) << reference.error;
    for (std::size_t chunk : kChunks) {
        ScanResult r = ScanResult::UseExpat;
        Outcome o = scan(xml, chunk, &r);
        EXPECT_EQ(r, ScanResult::Done) << "chunk " << chunk;
        EXPECT_EQ(o.cells, reference.cells) << "chunk " << chunk << (o.failed ? ": " + o.error : "");
    }
    return reference.cells;
}

/// Reads `xml` both ways (cellsOf) and expects each of `wanted` in what is read.
void expectCells(const std::string& xml, std::initializer_list<std::string_view> wanted) {
    std::string got = cellsOf(xml);
    for (std::string_view w : wanted) EXPECT_NE(got.find(w), std::string::npos) << "no '" << w << "' in:\n" << got;
}

/// The scanner's error for `xml` (checked the same at every chunk size, and refused by libexpat too).
std::string errorOf(const std::string& xml) {
    Outcome reference = expat(xml);
    EXPECT_TRUE(reference.failed) << "libexpat reads it: " << reference.cells;
    std::string first;
    for (std::size_t chunk : kChunks) {
        Outcome o = scan(xml, chunk);
        EXPECT_TRUE(o.failed) << "chunk " << chunk << " read: " << o.cells;
        if (chunk == kChunks[0]) first = o.error;
        else EXPECT_EQ(o.error, first) << "chunk " << chunk;
    }
    EXPECT_NE(first.find(kWhat), std::string::npos) << first;
    return first;
}

std::string sheet(std::string_view data, std::string_view after = "") { return worksheetXml(data, after); }

std::string inlineCell(std::string_view ref, std::string_view t) {
    return "<c r=\"" + std::string(ref) + "\" t=\"inlineStr\"><is><t>" + std::string(t) + "</t></is></c>";
}

std::string oneInline(std::string_view t) { return sheet("<row r=\"1\">" + inlineCell("A1", t) + "</row>"); }

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

/// The document without its `<?xml ...?>` declaration and the line end after it.
std::string withoutDeclarationForTest(const std::string& xml) {
    auto end = xml.find("?>");
    return xml.substr(end + 2 + (xml[end + 2] == '\n' ? 1 : 0));
}

} // namespace

// ---- what it reads ------------------------------------------------------------------------

TEST(Scanner, ReferencesInTextDecoded) {
    expectCells(oneInline("a&amp;b&lt;&gt;&quot;&apos;&#65;&#x42;&#x20ac;&#128512;&#0000049;"),
                {"[a&b<>\"'AB\xE2\x82\xAC\xF0\x9F\x98\x80" "1]"});
}

TEST(Scanner, ReferencesInAttributesAndNumbers) {
    expectCells(sheet("<row r=\"&#49;\"><c r=\"&#x41;1\" s=\"0\"><v>&#49;&#50;.5</v></c>"
                      "<c r='B&#49;' t=\"&#115;tr\"><v>x &amp; y</v></c></row>",
                      "<mergeCells><mergeCell ref=\"A1&#58;B2\"/></mergeCells>"),
                {"0,0 Number None 12.5 []", "0,1 Text None 0 [x & y]", "merged=A1:B2"});
}

TEST(Scanner, CdataSections) {
    expectCells(sheet("<row r=\"1\">" + inlineCell("A1", "<![CDATA[<b>&amp;</b>]]>") + "<c r=\"B1\"><v><![CDATA[4]]>2</v></c>" +
                      inlineCell("C1", "x<![CDATA[]]>y<![CDATA[ ]] > ]]>z") + "</row>"),
                {"[<b>&amp;</b>]", "0,1 Number None 42 []", "[xy ]] > z]"});
}

TEST(Scanner, CommentsAndProcessingInstructions) {
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- before the root -->\n<?app data?>\n"
                      "<worksheet xmlns=\"" + std::string(kMainNs) + "\"><!-- x --><sheetData>"
                      "<!-- <row r=\"9\"><c><v>9</v></c></row> --><?pi <row>?>"
                      "<row r=\"1\"><c r=\"A1\"><v>1<!-- - -->2<?skip?>3</v></c>" + inlineCell("B1", "a<!--b-->c") +
                      "</row></sheetData></worksheet>\n<!-- after --><?after?>\n";
    expectCells(xml, {"0,0 Number None 123 []", "[ac]", "rows=1 cells=2"});
}

TEST(Scanner, NamespacePrefixesTransitionalAndStrict) {
    for (const char* ns : {kMainNs, kStrictMainNs}) {
        std::string xml = std::string("<x:worksheet xmlns:x=\"") + ns + "\"><x:dimension ref=\"A1:B1\"/><x:sheetData>"
                          "<x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>hi</x:t></x:is></x:c>"
                          "<x:c r=\"B1\"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>";
        expectCells(xml, {"0,0 Text None 0 [hi]", "0,1 Number None 7 []", "dim=A1:B1"});
    }
}

TEST(Scanner, OtherNamespacesIgnored) {
    // Elements named like sheet elements but in other namespaces (a prefix, a redefined default
    // namespace, no namespace at all) are not cells.
    std::string xml = std::string("<worksheet xmlns=\"") + kMainNs + "\" xmlns:o=\"urn:other\"><sheetData>"
                      "<row r=\"1\"><c r=\"A1\"><v>1</v><o:v>2</o:v></c><o:c r=\"B1\"><v>3</v></o:c>"
                      "<c r=\"C1\" xmlns=\"urn:other\"><v>4</v></c><c r=\"D1\"><v>5</v></c></row>"
                      "<o:row r=\"2\"><c r=\"A2\"><v>6</v></c></o:row></sheetData></worksheet>";
    expectCells(xml, {"0,0 Number None 1 []", "0,3 Number None 5 []", "rows=1 cells=2"});
    // No namespace at all: nothing is a sheet element.
    expectCells("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
                {"rows=0 cells=0"});
}

TEST(Scanner, AttributeQuotingAndWhitespace) {
    std::string xml = std::string("<worksheet\n\txmlns = '") + kMainNs + "'\r\n>\n  <sheetData>\n    <row\tr='1' >\n"
                      "      <c r = 'A1'\n         t=\"inlineStr\" other='say \"hi\"' more=\"it's\"\n><is><t>x</t></is></c>\n"
                      "      <c\r\nr=\"B1\"    s='0' ><v> 5 </v></c>\n    </row >\n  </sheetData >\n</worksheet >\n";
    expectCells(xml, {"0,0 Text None 0 [x]", "0,1 Number None 5 []"});
}

TEST(Scanner, LineEndsNormalised) {
    // CR LF and CR alone are line feeds in text; &#13; is a CR; tabs and line ends in attribute values are spaces.
    expectCells(oneInline("a\r\nb\rc\nd&#13;e\r"), {"[a\nb\nc\nd\re\n]"});
    // A reference with a line end in it is not like A1: the same refusal, naming 'A1 '.
    std::string bad = sheet("<row r=\"1\"><c r=\"A1\r\n\" t=\"str\"><v>1</v></c></row>");
    Outcome reference = expat(bad);
    EXPECT_PRED2(contains, reference.error, "reference 'A1 ' that is not like A1");
    for (std::size_t chunk : kChunks) EXPECT_EQ(scan(bad, chunk).error, reference.error) << "chunk " << chunk;
}

TEST(Scanner, ValuesCutByChunkBoundaries) {
    // Long text with references, CR LF and multi-byte characters everywhere: cellsOf reads it
    // in chunks of 1, 2, 3, 5, 7, 13, 64 and 4096 bytes as well as whole.
    std::string text;
    for (int i = 0; i < 400; ++i) text += "ab\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80&amp;&#x263A;\r\n";
    std::string data = "<row r=\"1\">" + inlineCell("A1", text) + "<c r=\"B1\"><v>123456.789</v></c>" +
                       "<c r=\"C1\" t=\"str\"><v>" + text + "</v></c></row>";
    expectCells(sheet(data), {"0,1 Number None 123456.789 []", "rows=1 cells=3"});
}

TEST(Scanner, NestedUnknownElementsSkipped) {
    std::string after = "<mc:AlternateContent xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
                        "<mc:Choice Requires=\"x14\"><controls><control shapeId=\"1\"><controlPr><anchor><from>"
                        "<xdr:col xmlns:xdr=\"urn:xdr\">1</xdr:col></from></anchor></controlPr></control></controls>"
                        "</mc:Choice><mc:Fallback><controls/></mc:Fallback></mc:AlternateContent>"
                        "<extLst><ext uri=\"{78C0D931}\" xmlns:x14=\"urn:x14\"><x14:conditionalFormattings>"
                        "<x14:conditionalFormatting><x14:cfRule type=\"x\"><xm:f xmlns:xm=\"urn:xm\">A1&lt;2</xm:f>"
                        "</x14:cfRule></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>";
    std::string data = "<row r=\"1\" spans=\"1:2\"><c r=\"A1\"><f>SUM(B1:B2)&amp;\"x\"</f><v>3</v></c>"
                       "<c r=\"B1\"><extLst><ext><unknown a=\"1\"><deeper/></unknown></ext></extLst><v>4</v></c></row>";
    expectCells(sheet(data, after), {"0,0 Number None 3 []", "0,1 Number None 4 []", "rows=1 cells=2"});
}

TEST(Scanner, EmptyElementsAndBom) {
    std::string xml = "\xEF\xBB\xBF" + sheet("<row r=\"1\"/><row r=\"2\"><c r=\"A2\"/><c r=\"B2\"><v/></c>"
                                             "<c r=\"C2\" t=\"inlineStr\"><is/></c><c r=\"D2\"><v>1</v></c></row>",
                                             "<mergeCells count=\"1\"><mergeCell ref=\"A1:C1\"/></mergeCells>");
    expectCells(xml, {"1,3 Number None 1 []", "rows=1 cells=1", "merged=A1:C1"});
}

TEST(Scanner, NoDeclarationAndSingleQuotedDeclaration) {
    std::string body = std::string("<worksheet xmlns=\"") + kMainNs + "\"><sheetData><row><c><v>2</v></c></row></sheetData></worksheet>";
    expectCells(body, {"0,0 Number None 2 []"});
    expectCells("<?xml version='1.0' encoding='utf-8' standalone='no' ?>" + body, {"0,0 Number None 2 []"});
}

// ---- what it refuses ----------------------------------------------------------------------

TEST(Scanner, DoctypeRefused) {
    std::string body = withoutDeclarationForTest(oneInline("x"));
    for (std::string dtd : {"<!DOCTYPE worksheet>", "<!DOCTYPE worksheet [<!ENTITY a \"b\">]>",
                            "<!DOCTYPE worksheet SYSTEM \"file:///etc/passwd\">"}) {
        std::string e = errorOf("<?xml version=\"1.0\"?>\n" + dtd + "\n" + body);
        EXPECT_PRED2(contains, e, "DOCTYPE");
    }
    // A declaration inside the document is refused the same way.
    EXPECT_PRED2(contains, errorOf(sheet("<row r=\"1\"><!ENTITY a \"b\"></row>")), "DOCTYPE");
}

TEST(Scanner, MalformedTagsRefused) {
    const char* rows[] = {
        "<row r=\"1\"><c r=\"A1\"><v>1</c></v></row>",      // mismatched
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c></rows>",    // mismatched
        "<row r=\"1\"><c r=A1><v>1</v></c></row>",          // unquoted
        "<row r=\"1\"><c r=\"A1\"t=\"n\"><v>1</v></c></row>", // no space between attributes
        "<row r=\"1\"><c r=\"A1\" r=\"B1\"><v>1</v></c></row>", // duplicate
        "<row r=\"1\"><c r=\"A<1\"><v>1</v></c></row>",     // '<' in a value
        "<row r=\"1\"><c r=\"A1\" t><v>1</v></c></row>",    // no value
        "<row r=\"1\">< c r=\"A1\"><v>1</v></c></row>",     // space before the name
        "<row r=\"1\"><c r=\"A1\"/ ><v>1</v></row>",        // broken empty tag
        "<row r=\"1\"><1c/></row>",                        // bad name
        "<row r=\"1\"></ row></row>",                      // bad end tag
        "<row r=\"1\"><c r=\"A1\"><v>1</v></c junk></row>", // junk in an end tag
        "<row r=\"1\"><c r=\"A1\"><v>1 &amp 2</v></c></row>",  // reference without ';'
        "<row r=\"1\"><c r=\"A1\"><v>&nbsp;</v></c></row>", // undefined entity
        "<row r=\"1\"><c r=\"A1\"><v>&#0;</v></c></row>",   // invalid character numbers
        "<row r=\"1\"><c r=\"A1\"><v>&#xD800;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#x110000;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#xFFFE;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#1;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#x;</v></c></row>",
        "<row r=\"1\"><c r=\"A1\"><v>&#X31;</v></c></row>", // 'x' is lower case
        "<row r=\"1\"><c r=\"A1\"><f>&bogus;</f><v>1</v></c></row>", // in skipped text too
        "<row r=\"1\" note=\"&bogus;\"></row>",             // and in unused attributes
        "<row r=\"1\"><!-- a -- b --></row>",              // "--" in a comment
        "<row r=\"1\"><c r=\"A1\"><v>1]]>2</v></c></row>",  // "]]>" in text
        "<row r=\"1\"><c r=\"A1\"><f>a]]]]>b</f><v>1</v></c></row>",
        "<row r=\"1\">]]></row>",
        "<row r=\"1\"><?xml version=\"1.0\"?></row>",      // declaration not at the start
        "<row r=\"1\"><?x?y?></row>", "<row r=\"1\"><?x-y=\"1\"?></row>", "<row r=\"1\"><?a:b?></row>", // bad instructions
        "<row r=\"1\"><p:c/></row>",                       // unbound prefix
        "<row r=\"1\" p:x=\"1\"></row>",                   // unbound attribute prefix
        "<row r=\"1\"><!FOO></row>",                       // unknown declaration
        // Names as namespaces have them: one colon, a prefix before it, a name after it.
        "<row r=\"1\"><r:a:b/></row>", "<row r=\"1\"><r:1b/></row>", "<row r=\"1\"><r:/></row>", "<row r=\"1\"><:b/></row>",
        "<row r=\"1\" r:x:y=\"1\"></row>", "<row r=\"1\" :x=\"1\"></row>", "<row r=\"1\" r:=\"1\"></row>",
        // The same attribute through two prefixes of one namespace; reserved prefixes.
        "<row r=\"1\" xmlns:q=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:x=\"1\" q:x=\"2\"></row>",
        "<row r=\"1\" xmlns:xml=\"urn:x\"></row>", "<row r=\"1\" xmlns:xmlns=\"urn:x\"></row>", "<row r=\"1\" xmlns:q=\"\"></row>",
    };
    for (const char* r : rows) {
        SCOPED_TRACE(r);
        EXPECT_PRED2(contains, errorOf(sheet(r)), "is not well-formed XML (line 2: ");
    }
}

TEST(Scanner, DocumentStructureRefused) {
    std::string ok = oneInline("x");
    std::string body = withoutDeclarationForTest(ok);
    for (std::string bad : {ok.substr(0, ok.size() - 5),                 // cut inside the last end tag
                            ok.substr(0, ok.rfind("</worksheet>")),      // root never closed
                            ok + "<worksheet/>",                         // two roots
                            ok + "junk",                                 // text after the root
                            "<?xml version=\"1.0\"?>\nfoo\n" + body,      // text before the root
                            std::string("<?xml version=\"1.0\"?>\n"),   // no root
                            std::string(""),                            // nothing at all
                            "<![CDATA[x]]>" + body,                      // CDATA outside the root
                            "  <?xml version=\"1.0\"?>" + body}) {        // declaration not first
        SCOPED_TRACE(bad);
        EXPECT_PRED2(contains, errorOf(bad), "is not well-formed XML");
    }
}

TEST(Scanner, BadEncodingRefused) {
    for (std::string bytes : {std::string("\xFF"), std::string("\xC3"), std::string("\xC0\xAF"), std::string("\xE0\x80\xAF"),
                              std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"), std::string("\xEF\xBF\xBE"),
                              std::string("\x01"), std::string("\x0B"), std::string(1, '\0'), std::string("\x80")}) {
        SCOPED_TRACE(testing::PrintToString(bytes));
        EXPECT_PRED2(contains, errorOf(oneInline("a" + bytes + "b")), "is not well-formed XML (line 2: ");
        // Also where the reader keeps nothing (an unknown element's text and attribute).
        EXPECT_PRED2(contains, errorOf(sheet("", "<extLst a=\"" + bytes + "\"/>")), "is not well-formed XML");
        EXPECT_PRED2(contains, errorOf(sheet("", "<extLst>" + bytes + "</extLst>")), "is not well-formed XML");
    }
    // A character cut by the end of the part.
    EXPECT_PRED2(contains, errorOf(oneInline("x") + "\xE2\x82"), "is not well-formed XML");
}

TEST(Scanner, LineNumberOfTheError) {
    std::string xml = std::string("<?xml version=\"1.0\"?>\n<worksheet xmlns=\"") + kMainNs +
                      "\">\n<sheetData>\n<row r=\"1\">\n<c r=\"A1\"><v>1</v></x>\n</row></sheetData></worksheet>";
    EXPECT_PRED2(contains, errorOf(xml), "(line 5: mismatched tag)");
    // After many chunks and lines.
    std::string rows;
    for (int i = 1; i <= 3000; ++i) rows += "<row r=\"" + std::to_string(i) + "\"><c><v>" + std::to_string(i) + "</v></c></row>\n";
    std::string big = std::string("<worksheet xmlns=\"") + kMainNs + "\"><sheetData>\n" + rows + "<row></c></row></sheetData></worksheet>";
    EXPECT_PRED2(contains, errorOf(big), "(line 3002: mismatched tag)");
}

TEST(Scanner, CellErrorsNameTheCell) {
    // The sink's own refusals arrive unchanged through the scanner.
    Outcome o = scan(sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>3</v></c></row>"), 7);
    EXPECT_TRUE(o.failed);
    EXPECT_PRED2(contains, o.error, kWhat + ", row 1: refers to shared string 3");
    o = scan(sheet("<row r=\"1\"><c r=\"XFE1\"><v>3</v></c></row>"), 3);
    EXPECT_PRED2(contains, o.error, "16,384 columns");
    std::string huge = oneInline(std::string(40000, 'x') + std::string(40000, 'y') + std::string(60000, 'z'));
    o = scan(huge, 4096);
    EXPECT_PRED2(contains, o.error, "32,767 characters");
}

// ---- what it leaves to libexpat -----------------------------------------------------------

TEST(Scanner, OtherEncodingsLeftToExpat) {
    std::string body = withoutDeclarationForTest(oneInline("caf\xE9"));
    std::string latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" + body;
    std::string utf16;
    for (char c : "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + withoutDeclarationForTest(oneInline("caf"))) {
        if (!c) continue;
        utf16 += c;
        utf16 += '\0';
    }
    for (const std::string& xml : {latin1, "\xFF\xFE" + utf16, utf16, std::string("<?xml version=\"1.1\"?>") + body}) {
        for (std::size_t chunk : {std::size_t(1), std::size_t(4096)}) {
            ScanResult r = ScanResult::Done;
            Outcome o = scan(xml, chunk, &r);
            EXPECT_FALSE(o.failed) << o.error;
            EXPECT_EQ(r, ScanResult::UseExpat);
            EXPECT_EQ(o.cells, "rows=0 cells=0") << "nothing reached the sink";
        }
    }

    // Through the workbook: the sheet in ISO-8859-1 is read by libexpat.
    TempFile file("latin1_sheet");
    writePackage(file.path(), {.sheets = {{.name = "S", .xml = latin1}}});
    SheetData data = readAll(file.path());
    EXPECT_TRUE(cellIs(data, "A1", CellType::Text, "caf\xC3\xA9"));
}

// ---- the same as libexpat on every corpus workbook -----------------------------------------

namespace {

struct ReaderChoice {
    explicit ReaderChoice(bool useExpat) {
        impact::platform::setEnvironmentVariable("IMPACT_READER", useExpat ? std::optional<std::string>("expat") : std::nullopt);
    }
    ~ReaderChoice() { impact::platform::setEnvironmentVariable("IMPACT_READER", std::nullopt); }
};

/// Every sheet of `path` read one way: cells and summaries, or the error.
std::string readWorkbook(const std::string& path, bool useExpat) {
    ReaderChoice choice(useExpat);
    EXPECT_EQ(sheetScannerDisabled(), useExpat);
    std::ostringstream out;
    try {
        Workbook wb(path);
        for (std::size_t i = 0; i < wb.sheets().size(); ++i) {
            Capture capture;
            try {
                SheetSummary s = wb.readSheet(i, capture);
                out << "sheet " << i << "\n" << capture.out.str() << describe(s) << "\n";
            } catch (const impact::ReadError& e) {
                std::string m = e.what();
                // The two parsers word an XML error differently; that it is one must agree.
                if (contains(m, "is not well-formed XML")) m = m.substr(0, m.find(" (line"));
                out << "sheet " << i << " error: " << m << "\n";
            }
        }
    } catch (const impact::ReadError& e) {
        out << "workbook error: " << e.what() << "\n";
    }
    return out.str();
}

} // namespace

TEST(Scanner, SameAsExpatOnEveryCorpusWorkbook) {
    namespace fs = std::filesystem;
    fs::path dir = IMPACT_CORPUS_DIR;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir)) {
        std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".xlsx" || ext == ".xlsm")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 100u);
    std::size_t lines = 0;
    for (const fs::path& f : files) {
        SCOPED_TRACE(f.filename().string());
        std::string scanned = readWorkbook(f.string(), false);
        std::string parsed = readWorkbook(f.string(), true);
        EXPECT_EQ(scanned, parsed);
        lines += static_cast<std::size_t>(std::count(parsed.begin(), parsed.end(), '\n'));
    }
    EXPECT_GT(lines, 100000u) << "cells and sheets compared";
}
