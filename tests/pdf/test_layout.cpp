// Layout on real pages: paragraphs never overflow their box (glyph boxes from pdftotext -bbox),
// tables repeat their header on every page, charts render where expected (pixels from pdftoppm).
#include "pdf_helpers.h"

#include "pdf/flow.h"
#include "common/number_text.h"

#include <cmath>
#include <map>
#include <regex>

using namespace impact::pdf;
using namespace pdftest;

namespace {

struct WordBox {
    int page;
    double xMin, yMin, xMax, yMax;
    std::string text;
};

std::vector<WordBox> wordBoxes(const fs::path& pdf) {
    std::string html = run(kPdfToText, {"-bbox", pdf.string(), "-"}).out;
    std::vector<WordBox> out;
    int page = 0;
    static const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
    std::size_t pos = 0;
    while (true) {
        std::size_t nextPage = html.find("<page ", pos);
        std::size_t nextWord = html.find("<word ", pos);
        if (nextWord == std::string::npos) break;
        if (nextPage != std::string::npos && nextPage < nextWord) {
            ++page;
            pos = nextPage + 1;
            continue;
        }
        std::size_t end = html.find("</word>", nextWord);
        std::smatch m;
        std::string one = html.substr(nextWord, end + 7 - nextWord);
        if (std::regex_match(one, m, word))
            out.push_back({page, std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4]), m[5]});
        pos = end;
    }
    return out;
}

std::string longText() {
    std::string s;
    for (int i = 0; i < 14; ++i)
        s += "The partnership’s evaluation drew on attendance registers, pupil surveys before and after the "
             "programme, and £1,234.56 of in-kind support — including Pneumonoultramicroscopicsilicovolcanoconiosis-"
             "style absurdly long compound words, URLs like https://www.example.org/reports/2024-25/impact-summary "
             "and numbers such as 1,234,567. ";
    return s;
}

/// Saturated pixels (coloured chart ink, not grey text or gridlines) in a rendered page.
struct Hue {
    std::size_t warm = 0, cool = 0;
    double warmX = 0, coolX = 0;
};
Hue hues(const Image& img) {
    Hue h;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            const unsigned char* p = img.at(x, y);
            int r = p[0], b = p[2];
            if (r - b > 40) {
                ++h.warm;
                h.warmX += x;
            } else if (b - r > 40) {
                ++h.cool;
                h.coolX += x;
            }
        }
    if (h.warm) h.warmX /= static_cast<double>(h.warm);
    if (h.cool) h.coolX /= static_cast<double>(h.cool);
    return h;
}

DivergingChart likert(bool suppressBefore) {
    DivergingChart c;
    c.scale = {"Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"};
    for (int i = 0; i < 4; ++i) {
        LikertItem it{"Statement " + std::to_string(i + 1), {"Before", std::vector<double>{30, 20, 10, 20, 20}},
                      {"After", std::vector<double>{30, 20, 10, 20, 20}}};
        if (suppressBefore) it.before.percents.reset();
        c.items.push_back(it);
    }
    c.caption = suppressBefore ? "Before bars not shown: fewer than 5 responses." : "";
    return c;
}

using LayoutTest = PdfTest;

} // namespace

TEST_F(LayoutTest, JustifiedParagraphNeverOverflowsItsBox) {
    REQUIRE_TOOL(kPdfToText);
    DocumentOptions o = baseOptions();
    const double boxX = 150, boxW = 180;
    o.margins.left = boxX;
    o.margins.right = 595.276 - boxX - boxW;
    o.decoration = {};   // no footer: only the paragraph's words on the page
    o.decoration.pageNumbers = false;
    Document doc(o);
    ASSERT_NEAR(doc.frame().x, boxX, 1e-9);
    ASSERT_NEAR(doc.frame().width, boxW, 1e-9);
    Flow flow(doc);
    flow.paragraph(longText());   // justified by default, several pages
    doc.save((dir / "p.pdf").string());
    ASSERT_GE(doc.pageCount(), 2);

    auto words = wordBoxes(dir / "p.pdf");
    ASSERT_GT(words.size(), 300u);
    for (const WordBox& w : words) {
        EXPECT_GE(w.xMin, boxX - 0.05) << w.text;
        EXPECT_LE(w.xMax, boxX + boxW + 0.05) << "'" << w.text << "' overflows on page " << w.page;
        EXPECT_GE(w.yMin, o.margins.top - 1) << w.text;
        EXPECT_LE(w.yMax, doc.pageHeight() - o.margins.bottom + 1) << w.text;
    }
    // Justified: lines of two or more words end flush with the right edge (except the last line,
    // and lines whose gaps would have to grow beyond 4 spaces, which stay left-aligned).
    std::map<std::pair<int, long>, std::pair<int, double>> lines;   // (page, y) -> (words, right edge)
    for (const WordBox& w : words) {
        auto& l = lines[std::make_pair(w.page, std::lround(w.yMax * 10))];
        ++l.first;
        l.second = std::max(l.second, w.xMax);
    }
    std::size_t multi = 0, flush = 0;
    for (const auto& [k, l] : lines)
        if (l.first >= 2) {
            ++multi;
            if (l.second > boxX + boxW - 0.3) ++flush;
        }
    EXPECT_GT(flush, multi * 85 / 100) << flush << " of " << multi << " lines flush right";
    // Nothing lost: the text (whitespace removed) comes back whole.
    std::string got, want;
    for (char c : pageText(dir / "p.pdf"))
        if (!std::isspace(static_cast<unsigned char>(c)) && c != '\f') got += c;
    for (char c : longText())
        if (!std::isspace(static_cast<unsigned char>(c))) want += c;
    EXPECT_EQ(got, want);
}

TEST_F(LayoutTest, HeadingNeverSitsAloneAtTheFootOfAPage) {
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    flow.paragraph("Opening paragraph.");
    flow.block(flow.remaining() - 30, [](Canvas&, const Rect&) {});   // leave ~30 pt on page 1
    ASSERT_EQ(doc.pageCount(), 1);
    flow.heading("Next steps");
    flow.paragraph("The partnership will repeat the survey in the summer term and add a comparison group.");
    doc.save((dir / "h.pdf").string());
    ASSERT_EQ(doc.pageCount(), 2);
    EXPECT_EQ(pageText(dir / "h.pdf", 1).find("Next steps"), std::string::npos);
    EXPECT_NE(pageText(dir / "h.pdf", 2).find("Next steps"), std::string::npos);
}

TEST_F(LayoutTest, TileValuesAndTableCellsStayInsideTheirBoxes) {
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    flow.tiles({{"£1,234,567,890", "very large value shrunk to fit"}, {"42%", "short"},
                {"1,234", "Supercalifragilisticexpialidocious-and-more label words"}, {"c", "suppressed"}});
    Table t;
    t.columns = {{"Narrow", 1}, {"Figures", 1, Align::Right}, {"Wide column", 4}};
    t.rows = {{"Internationalisation", "£1,234,567.89", "short"}, {"a", "b", "c"}};
    flow.table(t);
    doc.save((dir / "t.pdf").string());
    Rect fr = doc.frame();
    double tileW = (fr.width - 30) / 4;
    for (const WordBox& w : wordBoxes(dir / "t.pdf")) {
        if (w.yMin > 200) continue;   // tiles and table are at the top of page 1
        if (w.text == "£1,234,567,890") {
            EXPECT_LE(w.xMax, fr.x + tileW - 9.9) << "tile value overflows";
        }
        if (w.text.find("Supercali") == 0) {
            EXPECT_LE(w.xMax, fr.x + 3 * tileW + 20 - 9.9);
        }
        EXPECT_LE(w.xMax, fr.right() + 0.05) << w.text;
        if (w.text.find("Internationa") == 0) {
            EXPECT_LE(w.xMax, fr.x + fr.width / 6 - 4.9) << "cell text overflows its column";
        }
        if (w.text == "£1,234,567.89") {
            EXPECT_LE(w.xMax, fr.x + fr.width / 3 - 4.9);
            EXPECT_GE(w.xMin, fr.x + fr.width / 6 + 4.9);
        }
    }
}

TEST_F(LayoutTest, LongTableRepeatsItsHeaderOnEveryPage) {
    REQUIRE_TOOL(kPdfToText);
    Document doc(baseOptions());
    Flow flow(doc);
    flow.heading("Sessions by school");
    flow.paragraph("The table below lists every school in the partnership with the sessions it received.");
    Table t;
    t.columns = {{"School", 3}, {"Sessions delivered", 2, Align::Right}, {"Pupils", 1, Align::Right},
                 {"Attendance band", 2, Align::Centre}};
    for (int i = 1; i <= 120; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "School %03d", i);
        t.rows.push_back({name, std::to_string(i % 17 + 3), std::to_string(20 + i), i % 3 ? "High" : "Medium"});
    }
    t.rows.push_back({"Total", "1,234", "9,660", ""});
    t.totalRows = 1;
    t.caption = "Attendance band: High = 90% or more.";
    flow.table(t);
    doc.save((dir / "table.pdf").string());

    int pages = doc.pageCount();
    ASSERT_GE(pages, 3);
    std::string all;
    for (int p = 1; p <= pages; ++p) {
        std::string text = pageText(dir / "table.pdf", p);
        EXPECT_EQ(count(text, "Sessions delivered"), 1u) << "page " << p << ":\n" << text;
        EXPECT_EQ(count(text, "Attendance band"), p == pages ? 2u : 1u) << "page " << p;   // + the caption
        all += text;
    }
    std::size_t last = 0;
    for (int i = 1; i <= 120; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "School %03d", i);
        EXPECT_EQ(count(all, name), 1u) << name;
        std::size_t at = all.find(name);
        EXPECT_GT(at, last) << name << " out of order";
        last = at;
    }
    EXPECT_NE(all.find("Total"), std::string::npos);
}

TEST_F(LayoutTest, DivergingChartRendersCentredAndSkipsSuppressedBars) {
    REQUIRE_TOOL(kPdfToPpm);
    std::size_t ink[2] = {};
    for (int suppressed = 0; suppressed < 2; ++suppressed) {
        Document doc(baseOptions());
        Canvas c = doc.lastPage();
        Rect fr = doc.frame();
        DivergingChart chart = likert(suppressed == 1);
        double h = divergingChartHeight(doc, chart, fr.width);
        Rect box{fr.x, 150, fr.width, h};
        drawDivergingChart(c, chart, box);
        fs::path pdf = dir / ("d" + std::to_string(suppressed) + ".pdf");
        doc.save(pdf.string());
        Image img = render(pdf, 1, 50, dir);
        ASSERT_GT(img.width, 0);
        // Ink inside the chart's box, none just above it.
        EXPECT_GT(inkInBox(img, 50, box.x, box.y, box.width, box.height), 2000u);
        EXPECT_EQ(inkInBox(img, 50, box.x, box.y - 40, box.width, 38), 0u);
        Hue hue = hues(img);
        ink[suppressed] = hue.warm + hue.cool;
        ASSERT_GT(hue.warm, 100u);
        ASSERT_GT(hue.cool, 100u);
        EXPECT_LT(hue.warmX, hue.coolX) << "negative segments left of positive ones";
        double centrePx = (fr.x + fr.width * 0.3) * 50 / 72;   // the plot starts after the label column
        EXPECT_GT(hue.warmX, centrePx);
        if (suppressed == 1) {
            EXPECT_NE(pageText(pdf).find("Before bars not shown"), std::string::npos);
        }
    }
    // Suppressed "before" bars are not drawn: about half the coloured ink (legend swatches remain).
    EXPECT_LT(ink[1], ink[0] * 6 / 10);
    EXPECT_GT(ink[1], ink[0] * 4 / 10);
}

TEST_F(LayoutTest, BarChartDrawsBarsInProportionAndSkipsSuppressed) {
    REQUIRE_TOOL(kPdfToPpm);
    Document doc(baseOptions());
    Flow flow(doc);
    BarChart chart;
    chart.bars = {{"Grant", 100, "£100"}, {"Trust", 50, "£50"}, {"Sponsor", std::nullopt, "c"}};
    chart.tickLabel = [](double v) { return impact::pounds(v, 0); };
    chart.caption = "One contribution is not shown: fewer than 5 donors.";
    flow.barChart(chart);
    doc.save((dir / "bars.pdf").string());
    std::string text = pageText(dir / "bars.pdf");
    for (const char* s : {"Grant", "£100", "£50", "c", "£0", "Sponsor", "not shown"})
        EXPECT_NE(text.find(s), std::string::npos) << s;
    Image img = render(dir / "bars.pdf", 1, 72, dir);
    ASSERT_GT(img.width, 0);
    // Bands of pixel rows holding bar colour, and each band's length in pixels.
    const Rgb bar = doc.theme().bar;
    std::vector<int> lengths;
    bool inBand = false;
    for (int y = 0; y < img.height; ++y) {
        int n = 0;
        for (int x = 0; x < img.width; ++x) {
            const unsigned char* p = img.at(x, y);
            if (std::abs(p[0] - bar.r * 255) < 12 && std::abs(p[1] - bar.g * 255) < 12 && std::abs(p[2] - bar.b * 255) < 12)
                ++n;
        }
        if (n > 5 && !inBand) lengths.push_back(n);
        if (n > 5 && inBand) lengths.back() = std::max(lengths.back(), n);
        inBand = n > 5;
    }
    ASSERT_EQ(lengths.size(), 2u) << "two bars drawn, the suppressed one not";
    EXPECT_NEAR(static_cast<double>(lengths[0]) / lengths[1], 2.0, 0.1);
}

TEST_F(LayoutTest, SampleReportRendersToPng) {
    REQUIRE_TOOL(kPdfToPpm);
    fs::path pdf = fs::path(PDF_SAMPLE_DIR) / "sample.pdf";
    writeSample(pdf.string());
    fs::path png = fs::path(PDF_SAMPLE_DIR) / "sample";
    fs::remove(png.string() + "-1.png");
    Result r = run(kPdfToPpm, {"-r", "110", "-png", pdf.string(), png.string()});
    EXPECT_EQ(r.status, 0);
    EXPECT_TRUE(fs::exists(png.string() + "-1.png"));
    Image img = render(pdf, 1, 50, dir);
    EXPECT_GT(inkInBox(img, 50, 56, 60, 480, 700), 20000u);
}
