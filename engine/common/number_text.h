// Numbers and money as people read them in the reports, the summaries and the terminal:
// thousands grouped with commas, pounds with a leading "£". One place, so the PDFs, `impact run`
// and `impact analyse` print the same figure the same way.
#pragma once

#include <string>

namespace impact {

/// 1234.5 -> "1,234.5" with decimals = 1, "1,234" with decimals = 0 (printf rounding of the
/// binary value); no "-" on a value that prints as zero. decimals is clamped to 0..6.
std::string groupedNumber(double value, int decimals = 0);

/// Whole-number counts: rounded half away from zero first, so 2.5 -> "3", 1234 -> "1,234".
std::string groupedCount(double value);

/// 16305 -> "£16,305.00" (decimals = 2) or "£16,305" (decimals = 0, rounded half away from
/// zero); a negative amount is "-£5.00".
std::string pounds(double amount, int decimals = 2);

} // namespace impact
