// Unicode text as Impact compares it: the one folding behind every match of what people type
// (headers, values, school names, sheet names), whole-word and near-spelling comparisons on it, and
// UTF-8 decoding where characters, not bytes, are counted.
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

/// Case-folded and composed as foldCase() does ("ÉCOLE" and "école", "Straße" and "STRASSE"
/// fold alike), trimmed, inner runs of spaces (and no-break spaces) made one, ’ made ' and – —
/// made -; other punctuation kept ("✓", "/"). The one folding every match of typed text uses.
std::string fold(std::string_view text);
/// fold(), with ASCII punctuation turned into spaces, except '£', '%' and '#'
/// ("Pupil Premium (Y/N)" → "pupil premium y n").
std::string normalise(std::string_view text);
/// Whether `phrase` occurs in `text` as whole words (both normalised).
bool containsWords(std::string_view text, std::string_view phrase);
/// containsWords() for a text and a phrase that are normalised already (normalise()), as
/// vocabulary phrases are: no copy, no second pass over either.
bool containsNormalisedWords(std::string_view text, std::string_view phrase);
/// 1 - Levenshtein distance / longer length, in characters, on normalised text without spaces.
double similarity(std::string_view a, std::string_view b);

/// The code points of `utf8`; a byte that starts no valid UTF-8 sequence counts as one
/// character (its own value), so any bytes decode.
std::u32string decodeUtf8(std::string_view utf8);
/// Appends `codePoint` to `out` as UTF-8.
void appendUtf8(char32_t codePoint, std::string& out);

} // namespace impact
