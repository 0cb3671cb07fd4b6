// Progress of `impact run` on stderr: one redrawn bar on a terminal
// ("[#####-----] 3/5 Writing the summary sheets into the workbook"), plain step lines otherwise
// ("Step 3/5: Writing ...": a log window, a pipe, a test), so nothing unreadable ends up in a captured log.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace impact::run {

class Progress {
public:
    /// `terminal`: redraw one line in place; else print one line per step.
    Progress(std::ostream& out, bool terminal);
    /// Whether stderr is a terminal that understands redrawing (not TERM=dumb).
    static bool stderrIsTerminal();

    void step(std::size_t index, std::size_t total, const std::string& what);
    /// Ends the bar with `what`, and the line: full when `complete`, else where it stopped.
    void finish(const std::string& what, bool complete = true);
    /// Leaves the bar's line (if one is drawn) so a message can be printed.
    void breakLine();

    /// The bar alone: "[#####-----]" for step 3 of 5 (half of the current step counts as done).
    static std::string bar(std::size_t index, std::size_t total, std::size_t width = 10);

private:
    std::ostream& out_;
    bool terminal_;
    bool drawn_ = false;
    std::size_t total_ = 0, index_ = 0;
};

} // namespace impact::run
