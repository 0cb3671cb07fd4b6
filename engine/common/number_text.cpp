#include "common/number_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace impact {

std::string groupedNumber(double value, int decimals) {
    decimals = std::clamp(decimals, 0, 6);
    char buf[400]; // %f of the largest double has 309 digits before the point
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::abs(value));
    std::string s(buf);
    std::string intPart = s.substr(0, s.find('.'));
    std::string frac = s.substr(intPart.size());
    std::string out;
    for (std::size_t i = 0; i < intPart.size(); ++i) {
        if (i > 0 && (intPart.size() - i) % 3 == 0) out += ',';
        out += intPart[i];
    }
    bool zero = std::all_of(s.begin(), s.end(), [](char c) { return c == '0' || c == '.'; });
    return (value < 0 && !zero ? "-" : "") + out + frac;
}

std::string groupedCount(double value) { return groupedNumber(std::round(value)); }

std::string pounds(double amount, int decimals) {
    std::string digits = decimals == 0 ? groupedCount(amount) : groupedNumber(amount, decimals);
    if (!digits.empty() && digits[0] == '-') return "-£" + digits.substr(1);
    return "£" + digits;
}

} // namespace impact
