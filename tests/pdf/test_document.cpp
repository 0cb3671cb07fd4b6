// The document as a file: text comes back exactly, fonts embedded, A4, metadata, page count,
// qpdf-clean, reproducible bytes, page decoration, logo, and errors.
#include "pdf_helpers.h"

#include "common/error.h"
#include "pdf/flow.h"
#include "version.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <regex>
#include <sstream>

using namespace impact::pdf;
using namespace pdftest;

namespace {

/// Sets an environment variable for the scope of one test.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

using DocumentTest = PdfTest;

} // namespace

TEST_F(DocumentTest, TextComesBackExactly) {
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    flow.heading("Zoë’s Atelier – funding");
    flow.paragraph("Total raised: £1,234 at the café — “quoted” text, naïve Œuvre, €5 and 2024–25.",
                   {Align::Left});
    flow.paragraph(std::vector<impact::pdf::Run>{{"Bold "}, {"£9,876", FontStyle::Bold}, {" and "}, {"é italic", FontStyle::Italic}});
    doc.save((dir / "t.pdf").string());
    std::string text = pageText(dir / "t.pdf");
    for (const char* s : {"£1,234", "é", "’", "–", "Zoë’s Atelier – funding", "café", "“quoted”", "naïve", "Œuvre",
                          "€5", "2024–25", "£9,876", "é italic"})
        EXPECT_NE(text.find(s), std::string::npos) << "missing " << s << " in:\n" << text;
}

TEST_F(DocumentTest, EveryFontIsEmbedded) {
    REQUIRE_TOOL(kPdfFonts);
    writeSample((dir / "s.pdf").string());
    Result r = run(kPdfFonts, {(dir / "s.pdf").string()});
    ASSERT_EQ(r.status, 0);
    std::istringstream in(r.out);
    std::string line;
    int fonts = 0;
    std::set<std::string> names;
    while (std::getline(in, line)) {
        if (line.rfind("name", 0) == 0 || line.rfind("----", 0) == 0 || line.empty()) continue;
        ++fonts;
        std::istringstream ls(line);
        std::string name, t1, t2, enc, emb;
        ls >> name >> t1 >> t2 >> enc >> emb;   // "HPDFAA+DejaVuSans,Book CID TrueType Identity-H yes ..."
        EXPECT_EQ(emb, "yes") << line;
        names.insert(name.substr(name.find('+') + 1));
    }
    EXPECT_EQ(fonts, 3) << r.out;
    EXPECT_TRUE(names.count("DejaVuSans,Book")) << r.out;
    EXPECT_TRUE(names.count("DejaVuSans-Bold,Bold")) << r.out;
    EXPECT_TRUE(names.count("DejaVuSans-Oblique,Oblique")) << r.out;
}

TEST_F(DocumentTest, EmbeddedFontsAreSubsetsOfTheCharactersDrawn) {
    // Each font program in the PDF (/Length1: its size before compression) is a small part of its
    // file: the glyphs drawn, not the whole of DejaVu Sans (with the whole font embedded it was a
    // fifth of the file, with every table but the glyphs' outlines kept whole).
    writeSample((dir / "s.pdf").string());
    std::string pdf = readText(dir / "s.pdf");
    std::uintmax_t smallest = UINTMAX_MAX;
    for (const char* file : {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"})
        smallest = std::min(smallest, fs::file_size(fs::path(IMPACT_FONT_DIR) / file));
    std::regex length1("/Length1 ([0-9]+)");
    int programs = 0;
    for (auto it = std::sregex_iterator(pdf.begin(), pdf.end(), length1); it != std::sregex_iterator(); ++it) {
        ++programs;
        std::uintmax_t size = std::stoull((*it)[1]);
        EXPECT_GT(size, 2000u);   // the glyphs are there
        EXPECT_LT(size, smallest / 10) << "an embedded font is " << size << " bytes, its file " << smallest;
    }
    EXPECT_EQ(programs, 3);
    EXPECT_LT(pdf.size(), 120u * 1024u);
}

TEST_F(DocumentTest, TextBeyondLatin1ComesBack) {
    // Pupils' and partners' names in other alphabets: each character drawn is in the subset.
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    const std::vector<std::string> names = {"Łukasz Wójcik", "Zoë Ağaoğlu", "Nguyễn Thị Hương", "Дмитрий Соколов",
                                            "Σοφία Παπαδοπούλου", "Şükrü Çelik", "Ørjan Ševčík"};
    for (const auto& n : names) flow.paragraph(n);
    flow.paragraph(std::vector<impact::pdf::Run>{{"Bold "}, {"Ἀθηνᾶ Ŀlívia", FontStyle::Bold}, {" italic "}, {"Ζωή Ђорђе", FontStyle::Italic}});
    doc.save((dir / "n.pdf").string());
    std::string text = pageText(dir / "n.pdf");
    for (const auto& n : names) EXPECT_NE(text.find(n), std::string::npos) << "missing " << n << " in:\n" << text;
    for (const char* s : {"Ἀθηνᾶ Ŀlívia", "Ζωή Ђорђе"}) EXPECT_NE(text.find(s), std::string::npos) << "missing " << s << " in:\n" << text;
}

TEST_F(DocumentTest, ACharacterTheFontLacksIsDrawnAsTheMissingGlyph) {
    // DejaVu Sans has no Chinese: 中 is measured with the missing glyph's advance (1229/2048 em,
    // 600 thousandths) and drawn as its box, as when the whole font was embedded (a subset keeps
    // that glyph's outline), and the text still says 中.
    REQUIRE_TOOL(kPdfToPpm);
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    EXPECT_DOUBLE_EQ(doc.width("中", FontStyle::Regular, 40), 24);
    EXPECT_DOUBLE_EQ(doc.width("A中", FontStyle::Regular, 10), doc.width("A", FontStyle::Regular, 10) + 6);
    doc.lastPage().text(100, 200, "中", {FontStyle::Regular, 40, Rgb::hex(0x000000)});
    doc.save((dir / "m.pdf").string());
    Image page = render(dir / "m.pdf", 1, 72, dir);
    ASSERT_GT(page.width, 0);
    EXPECT_GT(inkInBox(page, 72, 100, 170, 24, 32), 60u) << "the missing glyph's box";
    EXPECT_NE(pageText(dir / "m.pdf").find("中"), std::string::npos);
}

TEST_F(DocumentTest, InfoShowsA4MetadataAndPageCount) {
    REQUIRE_TOOL(kPdfInfo);
    Document doc(baseOptions());
    buildSample(doc);
    doc.save((dir / "s.pdf").string());
    Result r = run(kPdfInfo, {"-isodates", (dir / "s.pdf").string()});
    ASSERT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("Page size:       595.276 x 841.89 pts (A4)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Title:           Funding report – Zoë’s Atelier\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Author:          Riverside Arts Partnership\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Subject:         Impact of the 2024/25 programme\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Keywords:        arts education, impact, funders\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(std::string("Creator:         Impact ") + impact::kVersion + "\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Pages:           " + std::to_string(doc.pageCount()) + "\n"), std::string::npos) << r.out;
    EXPECT_GE(doc.pageCount(), 2);
    EXPECT_EQ(pageCount(dir / "s.pdf"), doc.pageCount());
}

TEST_F(DocumentTest, QpdfCheckPasses) {
    REQUIRE_TOOL(kQpdf);
    writeSample((dir / "s.pdf").string());
    Result r = run(kQpdf, {"--check", (dir / "s.pdf").string()});
    EXPECT_EQ(r.status, 0) << r.out;   // 3 would mean warnings
    EXPECT_NE(r.out.find("No syntax or stream encoding errors found"), std::string::npos) << r.out;
}

TEST_F(DocumentTest, DatesComeFromSourceDateEpoch) {
    REQUIRE_TOOL(kPdfInfo);
    {
        ScopedEnv env("SOURCE_DATE_EPOCH", "1700000000");   // 2023-11-14T22:13:20Z
        writeSample((dir / "a.pdf").string());
    }
    {
        ScopedEnv env("SOURCE_DATE_EPOCH", nullptr);   // falls back to the caller's time
        writeSample((dir / "b.pdf").string());
    }
    std::string a = run(kPdfInfo, {"-isodates", (dir / "a.pdf").string()}).out;
    std::string b = run(kPdfInfo, {"-isodates", (dir / "b.pdf").string()}).out;
    EXPECT_NE(a.find("CreationDate:    2023-11-14T22:13:20"), std::string::npos) << a;
    EXPECT_NE(a.find("ModDate:         2023-11-14T22:13:20"), std::string::npos) << a;
    EXPECT_NE(b.find("CreationDate:    2024-05-01T12:00:00"), std::string::npos) << b;
}

TEST_F(DocumentTest, MalformedSourceDateEpochIsAUsageError) {
    ScopedEnv env("SOURCE_DATE_EPOCH", "yesterday");
    EXPECT_THROW(Document doc(baseOptions()), impact::UsageError);
}

TEST_F(DocumentTest, SameInputGivesSameBytesAcrossProcesses) {
    ScopedEnv env("SOURCE_DATE_EPOCH", "1714564800");
    // Two separate processes (different heap and library addresses), plus one in this process.
    std::string self = fs::read_symlink("/proc/self/exe").string();
    for (const char* name : {"p1.pdf", "p2.pdf"}) {
        std::string cmd = "'" + self + "' --write-sample '" + (dir / name).string() + "'";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    }
    writeSample((dir / "p3.pdf").string());
    auto p1 = readBytes(dir / "p1.pdf"), p2 = readBytes(dir / "p2.pdf"), p3 = readBytes(dir / "p3.pdf");
    ASSERT_GT(p1.size(), 10000u);
    EXPECT_TRUE(p1 == p2) << "two runs with the same SOURCE_DATE_EPOCH differ";
    EXPECT_TRUE(p1 == p3);
    // Nothing that varies per run: no /ID, and the only dates are SOURCE_DATE_EPOCH's.
    std::string s(p1.begin(), p1.end());
    EXPECT_EQ(s.find("/ID"), std::string::npos);
    EXPECT_NE(s.find("D:20240501120000Z"), std::string::npos);
}

TEST_F(DocumentTest, BytesTwiceAreIdentical) {
    Document doc(baseOptions());
    buildSample(doc);
    auto a = doc.bytes();
    auto b = doc.bytes();
    EXPECT_TRUE(a == b);
    EXPECT_THROW(doc.addPage(), std::logic_error);
}

TEST_F(DocumentTest, FooterSaysPageNOfMOnEveryPage) {
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    for (int i = 0; i < 90; ++i)
        flow.paragraph("Paragraph " + std::to_string(i) + ": the partnership met every half term to plan the "
                       "sessions, share evidence and agree the next steps with each school’s lead.");
    doc.save((dir / "f.pdf").string());
    int n = doc.pageCount();
    ASSERT_GE(n, 3);
    for (int p = 1; p <= n; ++p) {
        std::string text = pageText(dir / "f.pdf", p);
        std::string want = "Page " + std::to_string(p) + " of " + std::to_string(n);
        EXPECT_EQ(count(text, want), 1u) << "page " << p << ":\n" << text;
        EXPECT_NE(text.find("Riverside Arts Partnership · 2024/25"), std::string::npos) << text;
    }
}

TEST_F(DocumentTest, HeaderAndPngLogoAreDrawn) {
    REQUIRE_TOOL(kPdfToPpm);
    writePng(dir / "logo.png", 120, 40, 200, 30, 30);
    DocumentOptions o = baseOptions();
    o.decoration.header = "Governors’ brief – confidential";
    o.decoration.logoPath = (dir / "logo.png").string();
    Document doc(o);
    Flow flow(doc);
    flow.paragraph("First page.");
    flow.newPage();
    flow.paragraph("Second page.");
    doc.save((dir / "l.pdf").string());
    EXPECT_NE(pageText(dir / "l.pdf", 1).find("Governors’ brief – confidential"), std::string::npos);
    // The logo box: top-right, inside the top margin. 120x40 px scaled to fit 118x34 pt.
    const Decoration& d = o.decoration;
    double boxX = doc.pageWidth() - o.margins.right - d.logoWidth, boxY = o.margins.top - 12 - d.logoHeight;
    Image p1 = render(dir / "l.pdf", 1, 72, dir);
    Image p2 = render(dir / "l.pdf", 2, 72, dir);
    ASSERT_GT(p1.width, 0);
    std::size_t ink1 = inkInBox(p1, 72, boxX, boxY, d.logoWidth, d.logoHeight);
    EXPECT_GT(ink1, 102u * 34u * 8u / 10u) << "logo drawn on page 1";
    EXPECT_EQ(inkInBox(p2, 72, boxX + 40, boxY, d.logoWidth - 40, d.logoHeight), 0u) << "first page only";
    const unsigned char* px = p1.at(static_cast<int>(boxX + d.logoWidth - 20), static_cast<int>(boxY + 17));
    EXPECT_GT(px[0], 150);   // red
    EXPECT_LT(px[1], 80);
}

TEST_F(DocumentTest, JpegLogoIsDrawn) {
    REQUIRE_TOOL(kPdfToPpm);
    // A JPEG made by rendering a one-colour page with pdftoppm.
    {
        Document doc(baseOptions());
        doc.lastPage().fillRect({0, 0, doc.pageWidth(), doc.pageHeight()}, Rgb::hex(0x2F6690));
        doc.save((dir / "blue.pdf").string());
    }
    run(kPdfToPpm, {"-r", "10", "-jpeg", "-singlefile", (dir / "blue.pdf").string(), (dir / "logo").string()});
    ASSERT_TRUE(fs::exists(dir / "logo.jpg"));
    DocumentOptions o = baseOptions();
    o.decoration.logoPath = (dir / "logo.jpg").string();
    Document doc(o);
    Flow(doc).paragraph("Logo test.");
    doc.save((dir / "j.pdf").string());
    Image p1 = render(dir / "j.pdf", 1, 72, dir);
    const Decoration& d = o.decoration;
    double boxX = doc.pageWidth() - o.margins.right - d.logoWidth, boxY = o.margins.top - 12 - d.logoHeight;
    EXPECT_GT(inkInBox(p1, 72, boxX, boxY, d.logoWidth, d.logoHeight), 200u);
}

TEST_F(DocumentTest, BadLogoIsAReadErrorNotACrash) {
    std::ofstream(dir / "bad.png", std::ios::binary) << std::string("\x89PNG\r\n\x1a\ngarbage garbage", 23);
    std::ofstream(dir / "text.png") << "not an image";
    std::ofstream(dir / "bad.jpg", std::ios::binary) << std::string("\xFF\xD8\xFF\xE0garbage", 11);
    std::ofstream(dir / "empty.jpg", std::ios::binary) << std::string("\xFF\xD8\xFF", 3);
    for (const char* name : {"bad.png", "text.png", "missing.png", "bad.jpg", "empty.jpg"}) {
        DocumentOptions o = baseOptions();
        o.decoration.logoPath = (dir / name).string();
        Document doc(o);
        Flow(doc).paragraph("x");
        try {
            doc.bytes();
            ADD_FAILURE() << name << " accepted";
        } catch (const impact::ReadError& e) {
            EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
        }
    }
}

TEST_F(DocumentTest, MissingFontsAreAReadError) {
    DocumentOptions o = baseOptions();
    o.fontDir = (dir / "nofonts").string();
    try {
        Document doc(o);
        ADD_FAILURE() << "no error";
    } catch (const impact::ReadError& e) {
        EXPECT_NE(std::string(e.what()).find("DejaVuSans.ttf"), std::string::npos) << e.what();
    }
}

TEST_F(DocumentTest, UnwritablePathIsAWriteError) {
    Document doc(baseOptions());
    Flow(doc).paragraph("x");
    EXPECT_THROW(doc.save((dir / "no" / "such" / "folder" / "x.pdf").string()), impact::WriteError);
}

TEST_F(DocumentTest, FontsComeFromTemplatesDir) {
    // With no fontDir the fonts are found through impact::templatesDir() (here $IMPACT_TEMPLATES).
    ScopedEnv env("IMPACT_TEMPLATES", fs::path(IMPACT_FONT_DIR).parent_path().c_str());
    DocumentOptions o = baseOptions();
    o.fontDir.clear();
    Document doc(o);
    EXPECT_GT(doc.width("£1,234", FontStyle::Regular, 10), 20);
}
