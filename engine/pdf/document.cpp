#include "pdf/document.h"

#include "common/error.h"
#include "common/paths.h"
#include "common/source_date.h"
#include "common/unicode_text.h"
#include "pdf/font_face.h"
#include "pdf/memory_font.h"
#include "pdf/text.h"
#include "platform/files.h"
#include "platform/path_text.h"
#include "platform/time.h"
#include "version.h"

#include <hpdf.h>
#include <png.h>

#include <array>
#include <bitset>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <variant>

namespace impact::pdf {

namespace {

HPDF_REAL f(double v) { return static_cast<HPDF_REAL>(v); }

/// The libharu error handler: it only records. Throwing from here would unwind through C frames.
struct ErrorRecord {
    HPDF_STATUS code = HPDF_OK;
    HPDF_STATUS detail = 0;
};

void recordError(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
    auto* rec = static_cast<ErrorRecord*>(user);
    if (rec->code == HPDF_OK) {   // keep the first error: later ones are usually consequences
        rec->code = code;
        rec->detail = detail;
    }
}

std::string describe(HPDF_STATUS code) {
    switch (code) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_OPEN_ERROR: return "cannot open a file";
    case HPDF_FILE_IO_ERROR: return "file input/output error";
    case HPDF_INVALID_PNG_IMAGE: return "not a PNG image libharu can read";
    case HPDF_LIBPNG_ERROR: return "libpng could not read the image";
    case HPDF_INVALID_JPEG_DATA: return "not a JPEG image libharu can read";
    case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
    case HPDF_INVALID_IMAGE: return "invalid image";
    case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font does not allow embedding";
    case HPDF_TTF_INVALID_CMAP:
    case HPDF_TTF_INVALID_FOMAT:
    case HPDF_TTF_MISSING_TABLE: return "not a TrueType font libharu can read";
    case HPDF_PAGE_OUT_OF_RANGE: return "page out of range";
    default: return "internal error";
    }
}

std::string hex4(unsigned v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%04X", v);
    return buf;
}

constexpr std::array<const char*, 3> kFontFiles = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                   "DejaVuSans-Oblique.ttf"};

std::vector<unsigned char> readFile(const std::string& path) {
    std::ifstream in(platform::utf8Path(path), std::ios::binary);
    if (!in) return {};
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// libharu 2.3.0's libpng error callback returns instead of jumping, so libpng abort()s the whole
/// process on a corrupt PNG. Decode it first with libpng's simplified API, which contains its own
/// errors, and hand libharu only PNGs that decode cleanly.
bool pngDecodes(const std::vector<unsigned char>& data) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data.data(), data.size())) return false;
    image.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    bool ok = png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0;
    png_image_free(&image);
    return ok;
}

/// A JPEG libharu can embed: segments well formed up to a start-of-frame with a real size and
/// 1, 3 or 4 components, followed by a start-of-scan. (libharu copies the data without decoding it.)
bool jpegLooksWhole(const std::vector<unsigned char>& d) {
    std::size_t i = 2;   // after SOI
    bool frame = false;
    while (i + 4 <= d.size()) {
        if (d[i] != 0xFF) return false;
        unsigned char marker = d[i + 1];
        if (marker == 0xFF) { ++i; continue; }   // fill byte
        std::size_t len = static_cast<std::size_t>(d[i + 2]) << 8 | d[i + 3];
        if (len < 2 || i + 2 + len > d.size()) return false;
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (len < 8) return false;
            unsigned h = static_cast<unsigned>(d[i + 5]) << 8 | d[i + 6];
            unsigned w = static_cast<unsigned>(d[i + 7]) << 8 | d[i + 8];
            unsigned comps = d[i + 9];
            if (h == 0 || w == 0 || (comps != 1 && comps != 3 && comps != 4)) return false;
            frame = true;
        }
        if (marker == 0xDA) return frame && i + 2 + len < d.size();   // start of scan, with data after it
        i += 2 + len;
    }
    return false;
}

// What Canvas draws is recorded as marks, in page coordinates (origin top-left), and written through
// libharu only when the document is finished: each font is embedded as a subset of the characters
// drawn in it, and libharu must have the font before the first text that uses it.
struct RectMark {
    Rect box;
    Rgb colour;
    std::optional<double> lineWidth;   ///< outlined with lines this wide; none: filled
};
struct LineMark {
    double x1, y1, x2, y2;
    Rgb colour;
    double lineWidth;
};
struct TextMark {
    double x, baseline;
    std::string text;   ///< cleanUtf8
    TextStyle style;
};
struct ImageMark {
    HPDF_Image image;   ///< loaded when drawn: a bad file fails where it is drawn
    Rect box;           ///< fitted already
    std::string path;
};
using Mark = std::variant<RectMark, LineMark, TextMark, ImageMark>;

} // namespace

std::optional<std::int64_t> documentTime(std::optional<std::int64_t> fallback) {
    if (auto epoch = sourceDateEpoch()) return epoch;
    return fallback;
}

struct Document::Impl {
    DocumentOptions options;
    ErrorRecord error;
    HPDF_Doc doc = nullptr;
    std::vector<HPDF_Page> pages;
    std::vector<std::vector<Mark>> marks;   ///< per page, in drawing order
    /// The fonts, per FontStyle: measured from when first used, embedded when the document is finished.
    mutable std::array<const FontFace*, 3> faces{};
    std::array<std::bitset<0x10000>, 3> drawnChars;   ///< the characters drawn in each face
    std::array<HPDF_Font, 3> fonts{};                 ///< libharu's, of the subsets: made by paint()
    std::map<std::string, HPDF_Image> images;
    bool finished = false;
    std::string fontDir;
    std::string drawn;          ///< drawnText(): the page text as drawn
    int drawnPage = -1;         ///< where the last string drawn was
    double drawnBaseline = 0;
    std::string information;    ///< drawnText()'s last lines: "\n" before each value

    void recordDrawn(int page, double baseline, const std::string& text) {
        if (!drawn.empty()) drawn += page == drawnPage && baseline == drawnBaseline ? ' ' : '\n';
        drawn += text;
        drawnPage = page;
        drawnBaseline = baseline;
    }

    ~Impl() {
        if (doc) HPDF_Free(doc);
    }

    /// Throws if libharu recorded an error since the last check. `what` says what we were doing.
    void check(const std::string& what) {
        HPDF_STATUS code = error.code != HPDF_OK ? error.code : HPDF_GetError(doc);
        if (code == HPDF_OK) return;
        HPDF_STATUS detail = error.code != HPDF_OK ? error.detail : HPDF_GetErrorDetail(doc);
        error = {};
        HPDF_ResetError(doc);
        throw WriteError("Could not " + what + ": libharu error " + hex4(static_cast<unsigned>(code)) +
                         " (" + describe(code) + ", detail " + std::to_string(detail) + ").");
    }

    const FontFace& face(FontStyle style) const {
        auto i = static_cast<std::size_t>(style);
        if (!faces[i]) faces[i] = &FontFace::open(fontDir + "/" + kFontFiles[i]);
        return *faces[i];
    }

    void mark(int index, Mark m) {
        if (finished) throw std::logic_error("impact::pdf::Document: drawing after the document was finished");
        page(index);   // range check
        marks[static_cast<std::size_t>(index)].push_back(std::move(m));
    }

    /// Embeds each face drawn in as a subset of the characters drawn in it, then writes every mark
    /// through libharu, page by page in drawing order.
    void paint() {
        char tag[] = "HPDFAA";   // the subset tags libharu gives the fonts it loads: AA, AB, AC
        for (std::size_t i = 0; i < fonts.size(); ++i) {
            if (drawnChars[i].none()) continue;
            std::vector<char32_t> chars;
            for (std::size_t c = 0; c < drawnChars[i].size(); ++c)
                if (drawnChars[i][c]) chars.push_back(static_cast<char32_t>(c));
            const FontFace& source = face(static_cast<FontStyle>(i));
            const char* name = loadTrueTypeFromMemory(doc, source.subset(chars), tag);
            fonts[i] = name ? HPDF_GetFont(doc, name, "UTF-8") : nullptr;
            if (!fonts[i] || error.code != HPDF_OK || HPDF_GetError(doc) != HPDF_OK) {
                error = {};
                HPDF_ResetError(doc);
                source.refused();
            }
            ++tag[5];
        }
        for (std::size_t p = 0; p < pages.size(); ++p)
            for (const Mark& m : marks[p]) std::visit([&](const auto& mark) { paintMark(pages[p], mark); }, m);
        marks.clear();
    }

    void paintMark(HPDF_Page p, const RectMark& m) {
        if (m.lineWidth) {
            HPDF_Page_SetRGBStroke(p, f(m.colour.r), f(m.colour.g), f(m.colour.b));
            HPDF_Page_SetLineWidth(p, f(*m.lineWidth));
        } else
            HPDF_Page_SetRGBFill(p, f(m.colour.r), f(m.colour.g), f(m.colour.b));
        HPDF_Page_Rectangle(p, f(m.box.x), f(pageHeight() - m.box.bottom()), f(m.box.width), f(m.box.height));
        if (m.lineWidth) HPDF_Page_Stroke(p);
        else HPDF_Page_Fill(p);
        check("draw on the PDF page");
    }

    void paintMark(HPDF_Page p, const LineMark& m) {
        HPDF_Page_SetRGBStroke(p, f(m.colour.r), f(m.colour.g), f(m.colour.b));
        HPDF_Page_SetLineWidth(p, f(m.lineWidth));
        HPDF_Page_MoveTo(p, f(m.x1), f(pageHeight() - m.y1));
        HPDF_Page_LineTo(p, f(m.x2), f(pageHeight() - m.y2));
        HPDF_Page_Stroke(p);
        check("draw on the PDF page");
    }

    void paintMark(HPDF_Page p, const TextMark& m) {
        const TextStyle& style = m.style;
        HPDF_Page_SetRGBFill(p, f(style.colour.r), f(style.colour.g), f(style.colour.b));
        HPDF_Page_BeginText(p);
        HPDF_Page_SetFontAndSize(p, fonts[static_cast<std::size_t>(style.font)], f(style.size));
        HPDF_Page_TextOut(p, f(m.x), f(pageHeight() - m.baseline), m.text.c_str());
        HPDF_Page_EndText(p);
        check("write text on the PDF page");
    }

    void paintMark(HPDF_Page p, const ImageMark& m) {
        HPDF_Page_DrawImage(p, m.image, f(m.box.x), f(pageHeight() - m.box.bottom()), f(m.box.width), f(m.box.height));
        check("draw the logo " + m.path);
    }

    HPDF_Image image(const std::string& path) {
        if (auto it = images.find(path); it != images.end()) return it->second;
        std::vector<unsigned char> data = readFile(path);
        if (data.empty())
            throw ReadError("The logo " + path + " could not be read. Check the file exists, or remove "
                            "it from the report template.");
        HPDF_Image img = nullptr;
        auto size = static_cast<HPDF_UINT>(data.size());
        if (data.size() >= 8 && data[0] == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
            if (!pngDecodes(data))
                throw ReadError("The logo " + path + " is a damaged PNG image. Save it again as PNG or JPEG, "
                                "or remove it from the report template.");
            img = HPDF_LoadPngImageFromMem(doc, data.data(), size);
        }
        else if (data.size() >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
            if (!jpegLooksWhole(data))
                throw ReadError("The logo " + path + " is a damaged JPEG image. Save it again as PNG or JPEG, "
                                "or remove it from the report template.");
            img = HPDF_LoadJpegImageFromMem(doc, data.data(), size);
        }
        else
            throw ReadError("The logo " + path + " is neither a PNG nor a JPEG image. Save it as PNG "
                            "or JPEG, or remove it from the report template.");
        if (!img || error.code != HPDF_OK || HPDF_GetError(doc) != HPDF_OK) {
            HPDF_STATUS code = error.code != HPDF_OK ? error.code : HPDF_GetError(doc);
            error = {};
            HPDF_ResetError(doc);
            throw ReadError("The logo " + path + " could not be read (" + describe(code) +
                            "). Save it again as a plain PNG or JPEG, or remove it from the report template.");
        }
        images.emplace(path, img);
        return img;
    }

    HPDF_Page page(int index) const {
        if (index < 0 || static_cast<std::size_t>(index) >= pages.size())
            throw std::out_of_range("impact::pdf: page index " + std::to_string(index) + " out of range");
        return pages[static_cast<std::size_t>(index)];
    }

    double pageHeight() const { return 841.89; }
};

Document::Document(DocumentOptions options) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.options = std::move(options);
    d.fontDir = d.options.fontDir.empty() ? templatesDir() + "/fonts" : d.options.fontDir;
    for (const char* file : kFontFiles) {   // fail early, with a message that says what to do
        std::error_code ec;
        if (!std::filesystem::is_regular_file(platform::utf8Path(d.fontDir + "/" + file), ec))
            throw ReadError("The report font " + d.fontDir + "/" + file +
                            " is missing. Reinstall Impact, or set IMPACT_TEMPLATES to a templates folder "
                            "that has a fonts/ folder with the DejaVu Sans fonts.");
    }
    d.doc = HPDF_New(recordError, &d.error);
    if (!d.doc) throw WriteError("Could not start a PDF document: out of memory.");
    HPDF_SetCompressionMode(d.doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d.doc);
    HPDF_SetCurrentEncoder(d.doc, "UTF-8");
    d.check("set up the PDF document");

    const Metadata& m = d.options.metadata;
    auto info = [&](HPDF_InfoType type, const std::string& value) {
        if (value.empty()) return;
        std::string clean = cleanUtf8(value);
        HPDF_SetInfoAttr(d.doc, type, clean.c_str());
        d.information += "\n" + clean;
    };
    info(HPDF_INFO_TITLE, m.title);
    info(HPDF_INFO_AUTHOR, m.author);
    info(HPDF_INFO_SUBJECT, m.subject);
    info(HPDF_INFO_KEYWORDS, m.keywords);
    info(HPDF_INFO_CREATOR, std::string("Impact ") + kVersion);
    info(HPDF_INFO_PRODUCER, std::string("Impact ") + kVersion + " (Haru Free PDF Library " +
                                 HPDF_GetVersion() + ")");
    if (auto t = documentTime(d.options.time)) {
        std::time_t tt = static_cast<std::time_t>(*t);
        std::tm tm = platform::utcTime(tt);
        HPDF_Date date{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                       tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(d.doc, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(d.doc, HPDF_INFO_MOD_DATE, date);
    }
    d.check("set the PDF's metadata");
}

Document::~Document() = default;

int Document::addPage() {
    Impl& d = *impl_;
    if (d.finished) throw std::logic_error("impact::pdf::Document: page added after the document was finished");
    HPDF_Page p = HPDF_AddPage(d.doc);
    if (p) HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d.check("add a page to the PDF");
    d.pages.push_back(p);
    d.marks.emplace_back();
    return static_cast<int>(d.pages.size()) - 1;
}

int Document::pageCount() const { return static_cast<int>(impl_->pages.size()); }

std::string Document::drawnText() const { return impl_->drawn + impl_->information; }

Canvas Document::page(int index) {
    impl_->page(index);   // range check
    return Canvas(this, index);
}

Canvas Document::lastPage() {
    if (impl_->pages.empty()) addPage();
    return Canvas(this, pageCount() - 1);
}

double Document::pageWidth() const { return 595.276; }
double Document::pageHeight() const { return impl_->pageHeight(); }

Rect Document::frame() const {
    const Margins& m = impl_->options.margins;
    return {m.left, m.top, pageWidth() - m.left - m.right, pageHeight() - m.top - m.bottom};
}

const DocumentOptions& Document::options() const { return impl_->options; }
const Theme& Document::theme() const { return impl_->options.theme; }
const Typography& Document::type() const { return impl_->options.type; }

double Document::width(std::string_view utf8, FontStyle font, double size) const {
    if (utf8.empty()) return 0;
    // The sum of the characters' advances, as libharu adds them (no kerning): FontFace has them
    // as libharu computes them, so text measures as it did when libharu measured it.
    const FontFace& face = impl_->face(font);
    unsigned total = 0;
    for (char32_t c : decodeUtf8(cleanUtf8(utf8))) total += face.advance(c);
    return total * size / 1000.0;
}

double Document::ascent(FontStyle font) const { return impl_->face(font).ascent() / 1000.0; }
double Document::descent(FontStyle font) const { return std::abs(impl_->face(font).descent()) / 1000.0; }

void Document::finish() {
    Impl& d = *impl_;
    if (d.finished) return;
    if (d.pages.empty()) addPage();
    const Decoration& deco = d.options.decoration;
    const Theme& theme = d.options.theme;
    const Margins& m = d.options.margins;
    const Typography& type = d.options.type;
    const int n = pageCount();
    std::string footerLeft = deco.partnership;
    if (!deco.academicYear.empty())
        footerLeft += (footerLeft.empty() ? "" : "  \xC2\xB7  ") + deco.academicYear;   // middle dot
    TextStyle small{FontStyle::Regular, type.small, theme.muted};
    const double x = m.left, w = pageWidth() - m.left - m.right;
    for (int i = 0; i < n; ++i) {
        Canvas c = page(i);
        // Footer: a hairline, then partnership · year on the left and the page number on the right.
        double footerTop = pageHeight() - m.bottom + 18;
        if (!footerLeft.empty() || deco.pageNumbers) {
            c.line(x, footerTop, x + w, footerTop, theme.rule, 0.5);
            double baseline = footerTop + 4 + type.small;
            if (!footerLeft.empty()) {   // shrunk rather than run into the page number
                TextStyle st = small;
                st.size = fitSize(*this, footerLeft, st.font, st.size, w * 0.75, 1);
                c.text(x, baseline, footerLeft, st);
            }
            if (deco.pageNumbers)
                c.text(x, w, baseline, "Page " + std::to_string(i + 1) + " of " + std::to_string(n), small,
                       Align::Right);
        }
        if (!deco.header.empty()) {
            double baseline = m.top - 22;
            double logoRoom = deco.logoPath.empty() ? 0 : deco.logoWidth + 12;
            TextStyle st = small;
            st.size = fitSize(*this, deco.header, st.font, st.size, w - logoRoom, 1);
            c.text(x, baseline, deco.header, st);
        }
        if (!deco.logoPath.empty() && (i == 0 || deco.logoOnEveryPage)) {
            double h = std::min(deco.logoHeight, m.top - 20);
            c.image(deco.logoPath, {x + w - deco.logoWidth, m.top - 12 - h, deco.logoWidth, h}, Align::Right);
        }
    }
    d.finished = true;
    d.paint();
}

std::vector<unsigned char> Document::bytes() {
    finish();
    Impl& d = *impl_;
    HPDF_SaveToStream(d.doc);
    d.check("write the PDF");
    HPDF_UINT32 size = HPDF_GetStreamSize(d.doc);
    std::vector<unsigned char> out(size);
    HPDF_UINT32 got = size;
    if (size) HPDF_ReadFromStream(d.doc, out.data(), &got);
    // ReadFromStream reports end-of-stream through the error handler once everything is read.
    d.error = {};
    HPDF_ResetError(d.doc);
    HPDF_ResetStream(d.doc);
    out.resize(got);
    if (got != size) throw WriteError("Could not write the PDF: its contents were cut short.");
    return out;
}

void Document::save(const std::string& path) {
    std::vector<unsigned char> data = bytes();
    namespace fs = std::filesystem;
    fs::path tmp = platform::utf8Path(path + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
        out.close();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw WriteError("Could not write the PDF " + path +
                             ". Check the folder exists, you can write to it and the disk is not full.");
        }
    }
    // Replaced in one step: a reader sees the old PDF or the new one, never half of one.
    if (!platform::replaceFile(platform::utf8(tmp), path)) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw WriteError("Could not write the PDF " + path +
                         ". If it is open in a PDF viewer, close it and try again.");
    }
}

// ---------------------------------------------------------------------------------------------
// Canvas

void Canvas::fillRect(const Rect& r, const Rgb& colour) {
    if (r.width <= 0 || r.height <= 0) return;
    doc_->impl_->mark(index_, RectMark{r, colour, std::nullopt});
}

void Canvas::strokeRect(const Rect& r, const Rgb& colour, double lineWidth) {
    doc_->impl_->mark(index_, RectMark{r, colour, lineWidth});
}

void Canvas::line(double x1, double y1, double x2, double y2, const Rgb& colour, double lineWidth) {
    doc_->impl_->mark(index_, LineMark{x1, y1, x2, y2, colour, lineWidth});
}

void Canvas::text(double x, double baseline, std::string_view utf8, const TextStyle& style) {
    if (utf8.empty()) return;
    std::string s = cleanUtf8(utf8);
    Document::Impl& d = *doc_->impl_;
    d.face(style.font);   // an unreadable font fails here, where it is first drawn
    auto& chars = d.drawnChars[static_cast<std::size_t>(style.font)];
    for (char32_t c : decodeUtf8(s)) chars.set(c);
    if (!s.empty()) d.mark(index_, TextMark{x, baseline, s, style});
    d.recordDrawn(index_, baseline, s);
}

double Canvas::text(double x, double width, double baseline, std::string_view utf8, const TextStyle& style,
                    Align align) {
    double w = doc_->width(utf8, style.font, style.size);
    double left = x;
    if (align == Align::Right) left = x + width - w;
    else if (align == Align::Centre) left = x + (width - w) / 2;
    text(left, baseline, utf8, style);
    return left;
}

void Canvas::image(const std::string& path, const Rect& box, Align align) {
    Document::Impl& d = *doc_->impl_;
    HPDF_Image img = d.image(path);
    double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
    if (iw <= 0 || ih <= 0 || box.width <= 0 || box.height <= 0) return;
    double scale = std::min(box.width / iw, box.height / ih);
    double w = iw * scale, h = ih * scale;
    double x = box.x;
    if (align == Align::Right) x = box.right() - w;
    else if (align == Align::Centre) x = box.x + (box.width - w) / 2;
    double top = box.y + (box.height - h) / 2;
    d.mark(index_, ImageMark{img, {x, top, w, h}, path});
}

// ---------------------------------------------------------------------------------------------
// Rgb

std::optional<Rgb> Rgb::parse(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    if (text.size() != 6) return std::nullopt;
    std::uint32_t v = 0;
    auto [p, ec] = std::from_chars(text.data(), text.data() + 6, v, 16);
    if (ec != std::errc() || p != text.data() + 6) return std::nullopt;
    return hex(v);
}

Rgb Rgb::mix(const Rgb& o, double t) const {
    return {r + (o.r - r) * t, g + (o.g - g) * t, b + (o.b - b) * t};
}

double Rgb::luminance() const {
    auto lin = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

} // namespace impact::pdf
