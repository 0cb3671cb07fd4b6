// A TrueType font loaded into a libharu document from memory. libharu 2.3.0 loads TrueType fonts
// only from files (HPDF_LoadTTFontFromFile); the report fonts' subsets are made in memory, per
// document, and this loads one as that function loads a file, from one of libharu's memory streams
// instead of a file stream, through the functions libharu's installed headers declare for it
// (hpdf_streams.h, hpdf_fontdef.h): no temporary file to write, keep open and remove.
#pragma once

#include <hpdf.h>

#include <vector>

namespace impact::pdf {

/// Loads `font` (the bytes of a TrueType file) into `doc` to be embedded, its name prefixed with
/// "`tag`+" (six capital letters: how a PDF marks a subset font). Returns the name to pass to
/// HPDF_GetFont, or nullptr if libharu refused it (its error is then HPDF_GetError(doc)).
const char* loadTrueTypeFromMemory(HPDF_Doc doc, const std::vector<unsigned char>& font, const char* tag);

} // namespace impact::pdf
