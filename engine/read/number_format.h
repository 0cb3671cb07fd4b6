// Which number formats show a date or a time: the decision that turns 45678 into 2025-01-21.
#pragma once

#include "read/cell.h"

#include <cstdint>
#include <string_view>

namespace impact::read {

/// What a built-in number format id shows (ECMA-376 18.8.30, with the East Asian date ids).
DateParts builtinDateParts(std::uint32_t numFmtId);
/// What a format code shows: "dd/mm/yyyy" → Date, "[$-809]dd mmmm yyyy hh:mm" → DateTime,
/// "[h]:mm:ss" → Time, "0.00%" or "£#,##0" → None. Quoted text, escapes, colours and locale
/// prefixes are ignored; only the first section counts.
DateParts formatCodeDateParts(std::string_view code);

} // namespace impact::read
