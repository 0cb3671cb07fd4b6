// Text as coordinators type it, read for what the recogniser needs: indicator names, UK dates,
// money, shares, timepoint suffixes. The folding and likeness they build on is common/unicode_text.h.
#pragma once

#include "common/unicode_text.h"
#include "read/date.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::recognise {

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
