#include "pdf_helpers.h"

#include "common/number_text.h"
#include "pdf/flow.h"

#include <zlib.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace pdftest {

const Tool kPdfToText{"pdftotext", IMPACT_PDFTOTEXT};
const Tool kPdfFonts{"pdffonts", IMPACT_PDFFONTS};
const Tool kPdfInfo{"pdfinfo", IMPACT_PDFINFO};
const Tool kPdfToPpm{"pdftoppm", IMPACT_PDFTOPPM};
const Tool kQpdf{"qpdf", IMPACT_QPDF};

void PdfTest::SetUp() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir = fs::temp_directory_path() /
          ("impact-pdf-" + std::to_string(::getpid()) + "-" + info->test_suite_name() + "-" + info->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
}

void PdfTest::TearDown() {
    if (!HasFailure()) fs::remove_all(dir);
    else std::fprintf(stderr, "PDFs kept in %s\n", dir.c_str());
}

namespace {
std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q += c;
    }
    return q + "'";
}
} // namespace

Result run(const Tool& tool, const std::vector<std::string>& args) {
    std::string cmd = quote(tool.path);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " 2>/dev/null";
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    int st = ::pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return r;
}

std::string readText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<unsigned char> readBytes(const fs::path& p) {
    std::string s = readText(p);
    return {s.begin(), s.end()};
}

std::size_t count(const std::string& h, const std::string& n) {
    std::size_t c = 0;
    for (std::size_t pos = h.find(n); pos != std::string::npos; pos = h.find(n, pos + n.size())) ++c;
    return c;
}

std::string pageText(const fs::path& pdf, int page) {
    std::vector<std::string> args;
    if (page > 0) args = {"-f", std::to_string(page), "-l", std::to_string(page)};
    args.push_back(pdf.string());
    args.push_back("-");
    return run(kPdfToText, args).out;
}

int pageCount(const fs::path& pdf) {
    std::string out = run(kPdfInfo, {pdf.string()}).out;
    auto pos = out.find("Pages:");
    return pos == std::string::npos ? -1 : std::stoi(out.substr(pos + 6));
}

Image render(const fs::path& pdf, int page, int dpi, const fs::path& scratch) {
    fs::path stem = scratch / ("render-p" + std::to_string(page));
    run(kPdfToPpm, {"-r", std::to_string(dpi), "-f", std::to_string(page), "-l", std::to_string(page), "-singlefile",
                    pdf.string(), stem.string()});
    std::string data = readText(stem.string() + ".ppm");
    Image img;
    std::istringstream in(data);
    std::string magic;
    int maxv = 0;
    in >> magic >> img.width >> img.height >> maxv;
    in.get();
    if (magic != "P6" || maxv != 255) return {};
    auto off = static_cast<std::size_t>(in.tellg());
    img.rgb.assign(data.begin() + static_cast<std::ptrdiff_t>(off), data.end());
    if (img.rgb.size() < static_cast<std::size_t>(img.width) * img.height * 3) return {};
    return img;
}

std::size_t inkInBox(const Image& img, int dpi, double x, double y, double w, double h) {
    double k = dpi / 72.0;
    int x0 = std::max(0, static_cast<int>(x * k)), y0 = std::max(0, static_cast<int>(y * k));
    int x1 = std::min(img.width, static_cast<int>((x + w) * k)), y1 = std::min(img.height, static_cast<int>((y + h) * k));
    std::size_t n = 0;
    for (int yy = y0; yy < y1; ++yy)
        for (int xx = x0; xx < x1; ++xx) {
            const unsigned char* p = img.at(xx, yy);
            if (p[0] < 235 || p[1] < 235 || p[2] < 235) ++n;
        }
    return n;
}

void writePng(const fs::path& p, int w, int h, unsigned char r, unsigned char g, unsigned char b) {
    std::vector<unsigned char> raw;
    for (int y = 0; y < h; ++y) {
        raw.push_back(0);   // filter: none
        for (int x = 0; x < w; ++x) raw.insert(raw.end(), {r, g, b});
    }
    uLongf zlen = compressBound(static_cast<uLong>(raw.size()));
    std::vector<unsigned char> z(zlen);
    compress(z.data(), &zlen, raw.data(), static_cast<uLong>(raw.size()));
    z.resize(zlen);
    std::string out = "\x89PNG\r\n\x1a\n";
    auto be32 = [](std::string& s, std::uint32_t v) {
        for (int i = 3; i >= 0; --i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    auto chunk = [&](const char* type, const std::string& data) {
        be32(out, static_cast<std::uint32_t>(data.size()));
        std::string td = std::string(type, 4) + data;
        out += td;
        be32(out, static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()),
                                                   static_cast<uInt>(td.size()))));
    };
    std::string ihdr;
    be32(ihdr, static_cast<std::uint32_t>(w));
    be32(ihdr, static_cast<std::uint32_t>(h));
    ihdr += std::string("\x08\x02\x00\x00\x00", 5);   // 8-bit RGB
    chunk("IHDR", ihdr);
    chunk("IDAT", std::string(z.begin(), z.end()));
    chunk("IEND", "");
    std::ofstream(p, std::ios::binary) << out;
}

impact::pdf::DocumentOptions baseOptions() {
    impact::pdf::DocumentOptions o;
    o.fontDir = IMPACT_FONT_DIR;
    o.metadata = {"Funding report – Zoë’s Atelier", "Riverside Arts Partnership", "Impact of the 2024/25 programme",
                  "arts education, impact, funders"};
    o.decoration.partnership = "Riverside Arts Partnership";
    o.decoration.academicYear = "2024/25";
    o.time = 1714564800;   // 2024-05-01 12:00:00 UTC
    return o;
}

void buildSample(impact::pdf::Document& doc) {
    using namespace impact::pdf;
    Flow flow(doc);
    flow.title("Governors’ brief: arts programme impact", "Riverside Arts Partnership · Academic year 2024/25");
    flow.tiles({{"£12,400", "raised from four funders", "of which £3,100 in kind"},
                {"1,234", "pupils took part in at least one session", ""},
                {"87%", "of sessions delivered as planned", ""},
                {"c", "looked-after children (fewer than 5)", ""}});
    flow.heading("Headlines");
    flow.paragraph(std::vector<Run>{
        {"Across eleven schools the partnership delivered "},
        {"212 sessions", FontStyle::Bold},
        {" of music, dance and visual art. Pupils’ confidence rose on every measure we asked about, most of all in "
         "“I can share my ideas with others” – a rise the coordinators also saw in lessons. Attendance at after-school "
         "clubs held up through the spring term, and the café-style sharing events at Zoë’s Atelier drew 340 "
         "family members, twice last year’s figure."}});
    flow.bullets({"Total raised: £1,234 from the Parent–Teacher Association, the rest from grants.",
                  "Every school ran at least one sharing event; three ran termly exhibitions.",
                  "Pre/post results without a comparison group show change, not its cause."});
    flow.heading("Outcomes by category", 2);
    DivergingChart likert;
    likert.scale = {"Strongly disagree", "Disagree", "Neither", "Agree", "Strongly agree"};
    likert.items = {
        {"I can share my ideas with others", {"Before", std::vector<double>{12, 25, 30, 23, 10}},
         {"After", std::vector<double>{4, 11, 20, 40, 25}}},
        {"I enjoy making art and music", {"Before", std::vector<double>{5, 10, 25, 35, 25}},
         {"After", std::vector<double>{3, 6, 16, 40, 35}}},
        {"I keep trying when something is difficult", {"Before", std::vector<double>{10, 22, 33, 25, 10}},
         {"After", std::nullopt}},
    };
    likert.caption = "Percentages of pupils answering each point. The “after” bar for the last statement is not "
                     "shown because fewer than 5 pupils answered it.";
    flow.divergingChart(likert);
    flow.heading("Money", 2);
    BarChart money;
    money.bars = {{"Arts Council grant", 6200, "£6,200"},
                  {"Local trust", 3100, "£3,100"},
                  {"Parent–Teacher Association", 1234, "£1,234"},
                  {"Business sponsor", std::nullopt, "c"}};
    money.tickLabel = [](double v) { return impact::pounds(v, 0); };
    money.caption = "Contributions received by 31 July 2025. One sponsor is not shown to protect a small donor.";
    flow.barChart(money);
    flow.callout("What these figures cannot show",
                 "The survey compares the same pupils before and after the programme. Without a comparison group it "
                 "cannot show that the programme caused the change: pupils also grow in confidence over a year.");
    flow.heading("Schools", 2);
    Table t;
    t.columns = {{"School", 3}, {"Sessions", 1, Align::Right}, {"Pupils", 1, Align::Right},
                 {"Attendance", 1.2, Align::Right}};
    t.rows = {{"St Mary’s C of E Primary", "24", "180", "92%"}, {"Riverside Academy", "31", "240", "88%"},
              {"Zoë Baptiste School for Performing Arts and Design", "18", "c", "—"},
              {"Total", "73", "≥ 420", "90%"}};
    t.totalRows = 1;
    t.caption = "c = fewer than 5 pupils; — = not shown because the base is below 5.";
    flow.table(t);
}

void writeSample(const std::string& path) {
    impact::pdf::Document doc(baseOptions());
    buildSample(doc);
    doc.save(path);
}

} // namespace pdftest
