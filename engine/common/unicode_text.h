// Unicode text as Impact compares it: the one case folding behind every match of what people type
// (headers, values, school names) and of sheet names, and UTF-8 decoding where characters, not
// bytes, are counted.
#pragma once

#include <string>
#include <string_view>

namespace impact {

/// `utf8` case-folded (Unicode full case folding: "ÉCOLE" → "école", "Straße" → "strasse") and
/// composed (NFC: "e" + combining acute → "é"), with default-ignorable characters (zero-width
/// space, soft hyphen, variation selectors) dropped. Spaces and punctuation are kept as they are.
/// Text that is not valid UTF-8 comes back with only its ASCII capitals lowered.
std::string foldCase(std::string_view utf8);

/// Whether foldCase() of `utf8` is each character folded on its own: ASCII capitals lowered,
/// two-byte characters (U+0080..U+07FF: accented Latin, Greek, Cyrillic letters) by
/// foldTwoByte(), caseless three-byte symbols and punctuation (’, –, €, ✓…) kept. False when a
/// character needs the Unicode tables with its neighbours (combining marks, ß, invisible
/// characters, other scripts) or the text is not UTF-8. Lets callers folding byte by byte skip
/// the tables for most text.
bool foldsCharByChar(std::string_view utf8);
/// What foldCase() makes of the two-byte character `codePoint` (U+0080..U+07FF) wherever it
/// stands ("É" → "é", "µ" → "μ", "£" → "£"): another two-byte character. 0 if it is not one
/// foldsCharByChar() accepts.
char32_t foldTwoByte(char32_t codePoint);

/// The code points of `utf8`; a byte that starts no valid UTF-8 sequence counts as one
/// character (its own value), so any bytes decode.
std::u32string decodeUtf8(std::string_view utf8);
/// Appends `codePoint` to `out` as UTF-8.
void appendUtf8(char32_t codePoint, std::string& out);

} // namespace impact
