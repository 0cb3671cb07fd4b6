#include "report/disclosure.h"

#include "common/number_text.h"

#include <algorithm>
#include <cmath>

namespace impact::report {

std::vector<bool> Disclosure::suppressWithTotal(const std::vector<double>& counts) const {
    std::vector<bool> hidden(counts.size(), false);
    std::size_t n = 0;
    for (std::size_t i = 0; i < counts.size(); ++i)
        if (hides(counts[i])) hidden[i] = true, ++n;
    if (n == 1) {
        // One hidden cell could be worked out as total minus the others: hide the next smallest too.
        std::optional<std::size_t> next;
        for (std::size_t i = 0; i < counts.size(); ++i)
            if (!hidden[i] && counts[i] > 0 && (!next || counts[i] < counts[*next])) next = i;
        if (next) hidden[*next] = true;
    }
    return hidden;
}

std::string Disclosure::count(double n, const std::string& what) {
    if (hides(n)) {
        note(what + ": fewer than " + std::to_string(threshold_) + ", shown as c");
        return kSuppressed;
    }
    return groupedCount(n);
}

std::string Disclosure::share(std::optional<double> s, double base, const std::string& what) {
    if (!s) return "-";
    if (!showsShare(base)) {
        note(what + ": based on fewer than " + std::to_string(threshold_) + " people, not shown");
        return kSuppressed;
    }
    return std::to_string(static_cast<long long>(std::llround(*s * 100))) + "%";
}

} // namespace impact::report
