// A data problem shown to the coordinator at its exact cell (SPEC "Validation"). It lives in model/
// because both the recogniser (a sheet it cannot read) and validate (the rules) report issues.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace impact::model {

enum class Severity { Error, Warning, Info };

const char* severityName(Severity s);

struct Issue {
    Severity severity = Severity::Info;
    std::string rule;       ///< stable id, e.g. "scale-out-of-range"
    std::string sheet;      ///< "" for the workbook as a whole
    std::string cell;       ///< A1, or "" for a whole-row or whole-sheet issue
    std::optional<std::uint32_t> row; ///< 1-based, for whole-row issues (and every cell issue)
    std::string message;    ///< words a teacher understands
    std::string suggestion; ///< what to do, or ""
};

/// Issues in the order found, with counts by severity.
class IssueList {
public:
    void add(Issue issue) { issues_.push_back(std::move(issue)); }
    /// An issue at a cell (0-based row and column).
    void atCell(Severity s, std::string rule, const std::string& sheet, std::uint32_t row, std::uint32_t col,
                std::string message, std::string suggestion = {});
    /// An issue about a whole row (0-based).
    void atRow(Severity s, std::string rule, const std::string& sheet, std::uint32_t row, std::string message,
               std::string suggestion = {});
    /// An issue about a whole sheet, or the workbook when `sheet` is empty.
    void atSheet(Severity s, std::string rule, const std::string& sheet, std::string message, std::string suggestion = {});

    const std::vector<Issue>& all() const { return issues_; }
    std::size_t count(Severity s) const;
    void sortBySheet(const std::vector<std::string>& sheetOrder);

private:
    std::vector<Issue> issues_;
};

} // namespace impact::model
