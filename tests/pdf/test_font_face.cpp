// The report fonts as FontFace reads them: measured exactly as libharu measured them from the whole
// font (every line of a report breaks where it did), and subsets that hold what was asked for and
// nothing more, the missing glyph with its outline.
#include "pdf_helpers.h"

#include "common/error.h"
#include "common/unicode_text.h"
#include "pdf/font_face.h"

#include <hb-subset.h>
#include <hb.h>
#include <hpdf.h>

#include <fstream>

using namespace impact::pdf;
using namespace pdftest;

namespace {

const char* const kFaces[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"};

std::string fontPath(const char* file) { return (fs::path(IMPACT_FONT_DIR) / file).string(); }

/// A face harfbuzz reads from `bytes` (kept alive by the caller).
hb_face_t* faceOf(const std::vector<unsigned char>& bytes) {
    hb_blob_t* blob = hb_blob_create(reinterpret_cast<const char*>(bytes.data()), static_cast<unsigned>(bytes.size()),
                                     HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_face_t* face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    return face;
}

using FontFaceTest = PdfTest;

} // namespace

TEST(FontFace, MeasuresEveryCharacterAsLibharuDoes) {
    for (const char* file : kFaces) {
        std::string path = fontPath(file);
        HPDF_Doc doc = HPDF_New(nullptr, nullptr);
        ASSERT_NE(doc, nullptr);
        HPDF_UseUTFEncodings(doc);
        HPDF_SetCurrentEncoder(doc, "UTF-8");
        const char* name = HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
        ASSERT_NE(name, nullptr) << path;
        HPDF_Font whole = HPDF_GetFont(doc, name, "UTF-8");
        const FontFace& face = FontFace::open(path);
        int differ = 0, compared = 0;
        // Every character cleanUtf8 lets through to the page: the Basic Multilingual Plane less
        // controls, surrogates and the byte-order mark.
        for (char32_t cp = 0x20; cp <= 0xFFFF; ++cp) {
            if (cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF) continue;
            std::string utf8;
            impact::appendUtf8(cp, utf8);
            HPDF_TextWidth tw = HPDF_Font_TextWidth(whole, reinterpret_cast<const HPDF_BYTE*>(utf8.data()), static_cast<HPDF_UINT>(utf8.size()));
            ++compared;
            if (tw.width != face.advance(cp) && ++differ <= 5)
                ADD_FAILURE() << file << " U+" << std::hex << static_cast<unsigned>(cp) << std::dec << ": libharu " << tw.width
                              << ", FontFace " << face.advance(cp);
        }
        EXPECT_EQ(differ, 0) << file;
        EXPECT_GT(compared, 60000);
        EXPECT_EQ(face.ascent(), HPDF_Font_GetAscent(whole)) << file;
        EXPECT_EQ(face.descent(), HPDF_Font_GetDescent(whole)) << file;
        HPDF_Free(doc);
    }
}

TEST(FontFace, SubsetHoldsTheCharactersAskedForAndTheMissingGlyph) {
    const FontFace& face = FontFace::open(fontPath("DejaVuSans.ttf"));
    std::vector<unsigned char> bytes = face.subset({U'A', U'é', U'Ж', U'中'});
    hb_face_t* sub = faceOf(bytes);
    hb_font_t* font = hb_font_create(sub);
    hb_codepoint_t glyph = 0;
    for (char32_t cp : {U'A', U'é', U'Ж', U'H', U'x'}) {   // H and x: for the font descriptor's heights
        EXPECT_TRUE(hb_font_get_nominal_glyph(font, cp, &glyph)) << static_cast<unsigned>(cp);
        EXPECT_EQ(hb_font_get_glyph_h_advance(font, glyph) * 1000 / static_cast<int>(hb_face_get_upem(sub)), static_cast<int>(face.advance(cp)));
    }
    EXPECT_FALSE(hb_font_get_nominal_glyph(font, U'B', &glyph));    // not asked for
    EXPECT_FALSE(hb_font_get_nominal_glyph(font, U'中', &glyph));   // not in the font
    // .notdef, A, é and the two glyphs it is made of (e and the accent), Ж, H, x.
    EXPECT_EQ(hb_face_get_glyph_count(sub), 8u);
    hb_glyph_extents_t box{};
    ASSERT_TRUE(hb_font_get_glyph_extents(font, 0, &box));
    EXPECT_GT(box.width, 0) << "the missing glyph keeps its outline";
    EXPECT_GT(-box.height, 0);
    // Only the tables libharu embeds: no layout tables.
    for (hb_tag_t tag : {HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('k', 'e', 'r', 'n')}) {
        hb_blob_t* table = hb_face_reference_table(sub, tag);
        EXPECT_EQ(hb_blob_get_length(table), 0u);
        hb_blob_destroy(table);
    }
    EXPECT_LT(bytes.size(), 20000u);
    hb_font_destroy(font);
    hb_face_destroy(sub);
}

TEST_F(FontFaceTest, AFileThatIsNoTrueTypeFontIsAReadError) {
    std::ofstream(dir / "x.ttf") << "not a font";
    try {
        FontFace::open((dir / "x.ttf").string());
        ADD_FAILURE() << "no error";
    } catch (const impact::ReadError& e) {
        EXPECT_NE(std::string(e.what()).find("x.ttf"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("TrueType"), std::string::npos) << e.what();
    }
    EXPECT_THROW(FontFace::open((dir / "none.ttf").string()), impact::ReadError);
}
