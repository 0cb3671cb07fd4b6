// Disclosure control for everything meant for governors and funders (SPEC "Small numbers"):
// small counts of people become the DfE symbol "c", percentages on small bases are not shown, and
// neighbouring cells are suppressed so a hidden count cannot be recovered from a total.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace impact::report {

inline constexpr const char* kSuppressed = "c";

class Disclosure {
public:
    explicit Disclosure(int threshold = 5) : threshold_(threshold) {}
    int threshold() const { return threshold_; }

    /// Whether a count of people must be hidden: 1 to threshold - 1. Zero reveals no one and is shown.
    bool hides(double count) const { return count > 0 && count < threshold_; }
    /// A share is shown only when its base (the people it is a share of) reaches the threshold.
    bool showsShare(double base) const { return base >= threshold_; }

    /// Which cells of a row of counts that add up to a shown total must be hidden: the small ones,
    /// and when exactly one would be hidden (recoverable by subtraction from the total), also the
    /// smallest other non-zero cell. Returns a flag per cell.
    std::vector<bool> suppressWithTotal(const std::vector<double>& counts) const;

    /// Records what was suppressed and why, for the method appendix.
    void note(const std::string& what) { notes_.push_back(what); }
    const std::vector<std::string>& notes() const { return notes_; }

    /// A count as text: "c" when hidden, else the number with thousands separators.
    std::string count(double n, const std::string& what);
    /// A share as "42%" when its base is large enough, else "c".
    std::string share(std::optional<double> share, double base, const std::string& what);

private:
    int threshold_;
    std::vector<std::string> notes_;
};

} // namespace impact::report
