#include "pdf/font_face.h"

#include "common/error.h"
#include "platform/path_text.h"

#include <hb-subset.h>
#include <hb.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

namespace impact::pdf {

struct FontFace::Hb {
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    ~Hb() {
        hb_face_destroy(face);
        hb_blob_destroy(blob);
    }
};

namespace {

/// The tables libharu 2.3.0 copies into the PDF (REQUIRED_TAGS in its hpdf_fontdef_tt.c). A subset
/// keeps these and drops the rest (layout, kerning, MATH ...): libharu would leave them out anyway,
/// and without GSUB harfbuzz neither spends time on it nor adds the glyphs its substitutions reach.
constexpr std::array<hb_tag_t, 13> kEmbeddedTables = {HB_TAG('O', 'S', '/', '2'), HB_TAG('c', 'm', 'a', 'p'), HB_TAG('c', 'v', 't', ' '),
                                                      HB_TAG('f', 'p', 'g', 'm'), HB_TAG('g', 'l', 'y', 'f'), HB_TAG('h', 'e', 'a', 'd'),
                                                      HB_TAG('h', 'h', 'e', 'a'), HB_TAG('h', 'm', 't', 'x'), HB_TAG('l', 'o', 'c', 'a'),
                                                      HB_TAG('m', 'a', 'x', 'p'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
                                                      HB_TAG('p', 'r', 'e', 'p')};

/// libharu reads the cap height and x-height (the PDF's font descriptor) from the glyphs of H and x:
/// every subset has them, so the descriptor says what the whole font says.
constexpr std::array<char32_t, 2> kDescriptorGlyphs = {U'H', U'x'};

std::string readAll(const std::string& path) {
    std::ifstream in(platform::utf8Path(path), std::ios::binary);
    if (!in)
        throw ReadError("The report font " + path +
                        " could not be read. Reinstall Impact, or set IMPACT_TEMPLATES to a templates "
                        "folder that has a fonts/ folder with the DejaVu Sans fonts.");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Font units to 1/1000 em, truncated towards zero as libharu's integer arithmetic does.
int thousandths(int units, unsigned upem) { return units * 1000 / static_cast<int>(upem); }

} // namespace

const FontFace& FontFace::open(const std::string& path) {
    // Never evicted: a run uses three files, a server the same three for every request.
    static std::mutex mutex;
    static std::map<std::string, std::unique_ptr<FontFace>> faces;
    std::lock_guard lock(mutex);
    auto it = faces.find(path);
    if (it == faces.end()) it = faces.emplace(path, std::unique_ptr<FontFace>(new FontFace(path, readAll(path)))).first;
    return *it->second;
}

FontFace::FontFace(std::string path, std::string data) : path_(std::move(path)), data_(std::move(data)), hb_(std::make_unique<Hb>()) {
    hb_->blob = hb_blob_create(data_.data(), static_cast<unsigned>(data_.size()), HB_MEMORY_MODE_READONLY, nullptr, nullptr);
    hb_->face = hb_face_create(hb_->blob, 0);
    const unsigned upem = hb_face_get_upem(hb_->face);
    hb_blob_t* hhea = hb_face_reference_table(hb_->face, HB_TAG('h', 'h', 'e', 'a'));
    unsigned hheaSize = 0;
    const auto* h = reinterpret_cast<const unsigned char*>(hb_blob_get_data(hhea, &hheaSize));
    // What libharu needs: TrueType outlines (glyf), horizontal metrics, a size for the em.
    hb_blob_t* glyf = hb_face_reference_table(hb_->face, HB_TAG('g', 'l', 'y', 'f'));
    const bool trueType = hb_face_get_glyph_count(hb_->face) > 0 && upem > 0 && hheaSize >= 36 && hb_blob_get_length(glyf) > 0;
    if (trueType) {
        ascent_ = thousandths(static_cast<std::int16_t>(h[4] << 8 | h[5]), upem);
        descent_ = thousandths(static_cast<std::int16_t>(h[6] << 8 | h[7]), upem);
    }
    hb_blob_destroy(glyf);
    hb_blob_destroy(hhea);
    if (!trueType) refused();

    // The tables of the file that libharu does not embed: each subset drops them.
    unsigned tables = hb_face_get_table_tags(hb_->face, 0, nullptr, nullptr);
    std::vector<hb_tag_t> tags(tables);
    hb_face_get_table_tags(hb_->face, 0, &tables, tags.data());
    for (hb_tag_t tag : tags)
        if (std::find(kEmbeddedTables.begin(), kEmbeddedTables.end(), tag) == kEmbeddedTables.end()) dropped_.push_back(tag);

    hb_font_t* font = hb_font_create(hb_->face); // its scale is the em: advances come in font units
    auto advanceOf = [&](hb_codepoint_t glyph) {
        return static_cast<std::uint16_t>(thousandths(hb_font_get_glyph_h_advance(font, glyph), upem));
    };
    missing_ = advanceOf(0);
    advances_.assign(0x10000, missing_);
    hb_set_t* mapped = hb_set_create();
    hb_face_collect_unicodes(hb_->face, mapped);
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(mapped, &cp) && cp < advances_.size();) {
        hb_codepoint_t glyph = 0;
        if (hb_font_get_nominal_glyph(font, cp, &glyph)) advances_[cp] = advanceOf(glyph);
    }
    hb_set_destroy(mapped);
    hb_font_destroy(font);
}

FontFace::~FontFace() = default;

void FontFace::refused() const {
    throw ReadError("The report font " + path_ +
                    " could not be loaded as a TrueType font. "
                    "Replace it with the DejaVu Sans file from the Impact installation.");
}

std::vector<unsigned char> FontFace::subset(const std::vector<char32_t>& codePoints) const {
    hb_subset_input_t* input = hb_subset_input_create_or_fail();
    if (!input) throw WriteError("Could not embed the font " + path_ + " in the PDF: out of memory.");
    hb_set_t* unicodes = hb_subset_input_unicode_set(input);
    for (char32_t cp : codePoints) hb_set_add(unicodes, cp);
    for (char32_t cp : kDescriptorGlyphs) hb_set_add(unicodes, cp);
    hb_set_t* drop = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (std::uint32_t tag : dropped_) hb_set_add(drop, tag);
    // A character the font lacks is drawn with the missing glyph, a box, as it was with the whole
    // font: harfbuzz would otherwise empty that glyph.
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    hb_face_t* sub = hb_subset_or_fail(hb_->face, input);
    hb_subset_input_destroy(input);
    if (!sub) throw WriteError("Could not embed the font " + path_ + " in the PDF: harfbuzz could not subset it.");
    hb_blob_t* blob = hb_face_reference_blob(sub);
    unsigned size = 0;
    const auto* bytes = reinterpret_cast<const unsigned char*>(hb_blob_get_data(blob, &size));
    std::vector<unsigned char> out(bytes, bytes + size);
    hb_blob_destroy(blob);
    hb_face_destroy(sub);
    return out;
}

} // namespace impact::pdf
