// The log `impact run` appends to (impact.log beside the settings file): timestamps, steps, counts,
// paths and each issue's rule and cell, so a coordinator (or whoever helps them) can see what a
// double-click did. It NEVER holds a pupil's name or any value from the workbook's cells: callers
// log figures, rule ids, sheet names, cell references and file paths only.
#pragma once

#include <fstream>
#include <string>

namespace impact::run {

class RunLog {
public:
    /// Opens (appending) `path`, created readable by this user only (0600); moved to PATH.1 once it passes 1 MB.
    /// If it cannot be opened the log is off and `problem()` says why (a warning, not an error).
    explicit RunLog(const std::string& path);
    /// One line, prefixed with the UTC time (ISO 8601).
    void line(const std::string& text);
    const std::string& path() const { return path_; }
    bool ok() const { return out_.is_open(); }
    const std::string& problem() const { return problem_; }

private:
    std::string path_, problem_;
    std::ofstream out_;
};

} // namespace impact::run
