// Text as coordinators type it: folding for comparison, UK dates, money, percentages, likeness.
#pragma once

#include "read/date.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::recognise {

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

/// Whether an indicators-sheet row names this question or assessment: the same words, one
/// containing the other (at least 8 characters), or a near spelling (similarity 0.9).
bool namesSameIndicator(std::string_view indicator, std::string_view label);

/// A date typed as text, read in UK order: 12/03/2025, 12-3-25, 12.03.2025, 12 March 2025,
/// 12 Mar 25, 2025-03-12. `valid` is false for a date-shaped text that is no date (31/02/2025).
struct TypedDate {
    read::CivilDate date;
    bool valid = true;
};
std::optional<TypedDate> parseTypedDate(std::string_view text);

/// An amount typed as text: "£2,000", "2000.50", "-£200", "(500)", "£1.2k". Empty if it is
/// not an amount.
std::optional<double> parseMoney(std::string_view text);
/// A share: 0.23, "23%", "23" (read as 23%). Empty if not a number.
std::optional<double> parseShare(std::string_view text, bool isNumber, double number);

/// Splits a header like "Q3 (before)" or "Confidence - post" into the question and the
/// timepoint word ("before"), if it ends with one of `timepointWords`.
struct HeaderSplit {
    std::string base, timepoint;
};
std::optional<HeaderSplit> splitTimepointSuffix(std::string_view header, const std::vector<std::string>& timepointWords);

} // namespace impact::recognise
