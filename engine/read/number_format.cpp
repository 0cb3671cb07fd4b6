#include "read/number_format.h"

namespace impact::read {

DateParts builtinDateParts(std::uint32_t id) {
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58))
        return DateParts::Date;
    if (id == 22) return DateParts::DateTime;
    if (id == 46) return DateParts::Duration; // [h]:mm:ss
    if ((id >= 18 && id <= 21) || id == 32 || id == 33 || (id >= 45 && id <= 47)) return DateParts::Time;
    return DateParts::None;
}

DateParts formatCodeDateParts(std::string_view code) {
    bool date = false, time = false, month = false, elapsed = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = code[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        switch (c) {
        case ';': i = code.size(); break; // only the first section decides
        case '"': {
            std::size_t end = code.find('"', i + 1);
            i = end == std::string_view::npos ? code.size() : end;
            break;
        }
        case '\\': case '_': case '*': ++i; break; // escaped or padding character
        case '[': {
            std::size_t end = code.find(']', i + 1);
            if (end == std::string_view::npos) { i = code.size(); break; }
            std::string_view inside = code.substr(i + 1, end - i - 1);
            // [h], [mm], [ss]: elapsed time. [$-809], [Red], [>100]: not date parts.
            if (!inside.empty()) {
                char k = static_cast<char>(inside[0] | 0x20);
                if ((k == 'h' || k == 'm' || k == 's') && inside.find_first_not_of(inside[0]) == std::string_view::npos)
                    time = elapsed = true;
            }
            i = end;
            break;
        }
        case 'a': // AM/PM or A/P marker
            if (code.substr(i, 5) == "AM/PM" || code.substr(i, 5) == "am/pm") { time = true; i += 4; }
            else if (code.substr(i, 3) == "A/P" || code.substr(i, 3) == "a/p") { time = true; i += 2; }
            break;
        case 'y': case 'd': date = true; break;
        case 'h': case 's': time = true; break;
        case 'm': month = true; break;
        case 'g': // "General" is not a date
            if (code.size() - i >= 7) {
                std::string_view rest = code.substr(i, 7);
                if (rest == "General" || rest == "general" || rest == "GENERAL") i += 6;
            }
            break;
        case '0': case '#': case '?': case '@':
            // A digit placeholder before any date part: a number format ("0.00", "#,##0").
            if (!date && !time && !month) return DateParts::None;
            break;
        default: break;
        }
    }
    // A lone 'm' next to hours or seconds is minutes; otherwise it is a month.
    if (month && !time) date = true;
    if (date && time) return DateParts::DateTime;
    if (date) return DateParts::Date;
    if (elapsed) return DateParts::Duration;
    if (time) return DateParts::Time;
    return DateParts::None;
}

} // namespace impact::read
