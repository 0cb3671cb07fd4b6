#include "model/issue.h"

#include "read/cell.h"

#include <algorithm>

namespace impact::model {

const char* severityName(Severity s) {
    switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
    }
    return "";
}

void IssueList::atCell(Severity s, std::string rule, const std::string& sheet, std::uint32_t row, std::uint32_t col,
                       std::string message, std::string suggestion) {
    issues_.push_back({s, std::move(rule), sheet, read::cellName(row, col), row + 1, std::move(message), std::move(suggestion)});
}

void IssueList::atRow(Severity s, std::string rule, const std::string& sheet, std::uint32_t row, std::string message,
                      std::string suggestion) {
    issues_.push_back({s, std::move(rule), sheet, "", row + 1, std::move(message), std::move(suggestion)});
}

void IssueList::atSheet(Severity s, std::string rule, const std::string& sheet, std::string message, std::string suggestion) {
    issues_.push_back({s, std::move(rule), sheet, "", std::nullopt, std::move(message), std::move(suggestion)});
}

std::size_t IssueList::count(Severity s) const {
    return static_cast<std::size_t>(std::count_if(issues_.begin(), issues_.end(), [&](const Issue& i) { return i.severity == s; }));
}

void IssueList::sortBySheet(const std::vector<std::string>& order) {
    auto rank = [&](const std::string& sheet) {
        auto it = std::find(order.begin(), order.end(), sheet);
        return it == order.end() ? order.size() : static_cast<std::size_t>(it - order.begin());
    };
    std::stable_sort(issues_.begin(), issues_.end(), [&](const Issue& a, const Issue& b) {
        std::size_t ra = rank(a.sheet), rb = rank(b.sheet);
        if (ra != rb) return ra < rb;
        return a.row.value_or(0) < b.row.value_or(0);
    });
}

} // namespace impact::model
