// Excel date serials: the 1900 system (with its fictitious 29 February 1900) and the 1904 system.
#pragma once

#include "read/cell.h"

#include <optional>
#include <string>
#include <string_view>

namespace impact::read {

struct CivilDate {
    int year = 0;
    unsigned month = 0, day = 0;
};

/// ISO 8601 text for a serial: "2025-03-12", "2025-03-12T09:30:00", "09:30:00" (a time of
/// day), or "255:10:10" (a duration like [h]:mm:ss, whose hours pass 24). Serial 60 in the 1900 system is
/// 1900-02-29, as Excel shows it.
std::string serialToIso(double serial, bool date1904, DateParts parts);
/// The serial for an ISO 8601 date, date-time or time ("2025-03-12", "2025-03-12T09:30:00Z",
/// "09:30"); sets `parts` to what the text had. Empty if it is not ISO 8601.
std::optional<double> isoToSerial(std::string_view iso, bool date1904, DateParts& parts);
/// The serial of a calendar date (no time).
double dateToSerial(const CivilDate& date, bool date1904);
/// The calendar date of a serial's whole part.
CivilDate serialToDate(double serial, bool date1904);
/// Whether year/month/day is a real calendar date (31/02 is not).
bool isValidDate(int year, unsigned month, unsigned day);

} // namespace impact::read
