// Calendar time, safely from any thread (gmtime_r / gmtime_s).
#pragma once

#include <ctime>

namespace impact::platform {

/// `t` as a UTC date and time.
std::tm utcTime(std::time_t t);
/// `t` as a date and time in the computer's time zone.
std::tm localTime(std::time_t t);

} // namespace impact::platform
