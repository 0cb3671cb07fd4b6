// engine/platform/time.h on POSIX (Linux, macOS).
#include "platform/time.h"

namespace impact::platform {

std::tm utcTime(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    return tm;
}

std::tm localTime(std::time_t t) {
    std::tm tm{};
    localtime_r(&t, &tm);
    return tm;
}

} // namespace impact::platform
