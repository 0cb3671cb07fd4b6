#include "read/date.h"

#include <cmath>
#include <cstdio>
#include <charconv>

namespace impact::read {

namespace {

// Days from 1970-01-01 to a civil date and back (H. Hinnant's algorithms).
long long daysFromCivil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

CivilDate civilFromDays(long long z) {
    z += 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long long y = static_cast<long long>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (m <= 2)), m, d};
}

const long long kEpoch1900 = daysFromCivil(1899, 12, 30); // serial 0 for serials >= 61
const long long kEpoch1904 = daysFromCivil(1904, 1, 1);

bool readInt(std::string_view s, std::size_t& at, std::size_t digits, int& out) {
    if (at + digits > s.size()) return false;
    auto r = std::from_chars(s.data() + at, s.data() + at + digits, out);
    if (r.ec != std::errc() || r.ptr != s.data() + at + digits) return false;
    at += digits;
    return true;
}

} // namespace

bool isValidDate(int year, unsigned month, unsigned day) {
    if (month < 1 || month > 12 || day < 1) return false;
    static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned max = kDays[month - 1];
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && leap) max = 29;
    return day <= max;
}

CivilDate serialToDate(double serial, bool date1904) {
    long long days = static_cast<long long>(std::floor(serial));
    if (date1904) return civilFromDays(kEpoch1904 + days);
    if (days == 60) return {1900, 2, 29}; // Excel's (Lotus's) day that never was
    if (days < 60) return civilFromDays(kEpoch1900 + days + 1);
    return civilFromDays(kEpoch1900 + days);
}

double dateToSerial(const CivilDate& d, bool date1904) {
    long long days = daysFromCivil(d.year, d.month, d.day);
    if (date1904) return static_cast<double>(days - kEpoch1904);
    long long serial = days - kEpoch1900;
    if (serial < 61) serial -= 1; // before 1 March 1900 Excel's count is one day behind
    return static_cast<double>(serial);
}

std::string serialToIso(double serial, bool date1904, DateParts parts) {
    char buf[64];
    // Excel's dates end at 9999-12-31 (serial 2,958,465); beyond that, or NaN, there is no date.
    if (!std::isfinite(serial) || std::fabs(serial) > 2958466.0) {
        int n = std::snprintf(buf, sizeof buf, "%.17g", serial);
        return std::string(buf, static_cast<std::size_t>(n));
    }
    // Round to the millisecond first so 0.9999999 of a day does not show as 23:59:59.
    double ms = std::round(serial * 86400000.0);
    double wholeDays = std::floor(ms / 86400000.0);
    long long msOfDay = static_cast<long long>(ms - wholeDays * 86400000.0);
    unsigned h = static_cast<unsigned>(msOfDay / 3600000), mi = static_cast<unsigned>(msOfDay / 60000 % 60),
             s = static_cast<unsigned>(msOfDay / 1000 % 60), milli = static_cast<unsigned>(msOfDay % 1000);
    std::string time;
    auto timeText = [&](long long hours) {
        int n = milli ? std::snprintf(buf, sizeof buf, "%02lld:%02u:%02u.%03u", hours, mi, s, milli)
                      : std::snprintf(buf, sizeof buf, "%02lld:%02u:%02u", hours, mi, s);
        return std::string(buf, static_cast<std::size_t>(n));
    };
    if (parts == DateParts::Time) return timeText(h); // the clock: the time within its day
    if (parts == DateParts::Duration) {
        long long hours = static_cast<long long>(wholeDays) * 24 + h;
        if (hours < 0) return std::to_string(serial);
        return timeText(hours);
    }
    CivilDate d = serialToDate(wholeDays, date1904);
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", d.year, d.month, d.day);
    std::string out(buf, static_cast<std::size_t>(n));
    if (parts == DateParts::DateTime) out += "T" + timeText(h);
    return out;
}

std::optional<double> isoToSerial(std::string_view s, bool date1904, DateParts& parts) {
    std::size_t at = 0;
    double serial = 0;
    bool hasDate = false, hasTime = false;
    int y = 0, mo = 0, d = 0;
    if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
        if (!readInt(s, at, 4, y) || s[at++] != '-' || !readInt(s, at, 2, mo) || s[at++] != '-' || !readInt(s, at, 2, d))
            return std::nullopt;
        if (!isValidDate(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) return std::nullopt;
        serial = dateToSerial({y, static_cast<unsigned>(mo), static_cast<unsigned>(d)}, date1904);
        hasDate = true;
        if (at < s.size() && (s[at] == 'T' || s[at] == ' ')) ++at;
    }
    if (at < s.size() && s[at] >= '0' && s[at] <= '9') {
        int h = 0, mi = 0, sec = 0;
        if (!readInt(s, at, 2, h) || at >= s.size() || s[at++] != ':' || !readInt(s, at, 2, mi)) return std::nullopt;
        double frac = 0;
        if (at < s.size() && s[at] == ':') {
            ++at;
            if (!readInt(s, at, 2, sec)) return std::nullopt;
            if (at < s.size() && s[at] == '.') {
                std::size_t start = at;
                ++at;
                while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
                std::from_chars(s.data() + start, s.data() + at, frac);
            }
        }
        serial += (h * 3600.0 + mi * 60.0 + sec + frac) / 86400.0;
        hasTime = true;
    }
    // A zone suffix: "Z" or "+01:00". Excel has no time zones; the wall-clock time is kept.
    if (at < s.size() && (s[at] == 'Z' || s[at] == '+' || s[at] == '-')) at = s.size();
    if (at != s.size() || (!hasDate && !hasTime)) return std::nullopt;
    parts = hasDate && hasTime ? DateParts::DateTime : hasDate ? DateParts::Date : DateParts::Time;
    if (hasDate && hasTime && serial == std::floor(serial)) parts = DateParts::Date;
    return serial;
}

} // namespace impact::read
