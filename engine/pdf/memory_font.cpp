#include "pdf/memory_font.h"

#include <hpdf_fontdef.h>
#include <hpdf_streams.h>

namespace impact::pdf {

const char* loadTrueTypeFromMemory(HPDF_Doc doc, const std::vector<unsigned char>& font, const char* tag) {
    // One buffer the size of the font: libharu reads its tables back from it when it saves.
    const auto size = static_cast<HPDF_UINT>(font.size());
    HPDF_Stream stream = HPDF_MemStream_New(doc->mmgr, size);
    if (!stream) return nullptr;
    if (HPDF_Stream_Write(stream, font.data(), size) != HPDF_OK) {
        HPDF_Stream_Free(stream);
        return nullptr;
    }
    // The font definition owns the stream from here, and frees it if it fails.
    HPDF_FontDef def = HPDF_TTFontDef_Load(doc->mmgr, stream, HPDF_TRUE);
    if (!def) return nullptr;
    // The tag goes into the name the PDF shows (BaseFont, the font's own name table); the name
    // HPDF_GetFont finds it by stays untagged, as with HPDF_LoadTTFontFromFile.
    HPDF_TTFontDef_SetTagName(def, const_cast<char*>(tag));
    if (HPDF_Doc_RegisterFontDef(doc, def) != HPDF_OK) return nullptr; // it frees `def`
    return def->base_font;
}

} // namespace impact::pdf
