#include "run/progress.h"

#include "platform/console.h"
#include "platform/environment.h"

#include <algorithm>
#include <ostream>

namespace impact::run {

Progress::Progress(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

bool Progress::stderrIsTerminal() {
    return platform::isTerminal(platform::Stream::Err) && platform::environmentVariable("TERM") != "dumb";
}

std::string Progress::bar(std::size_t index, std::size_t total, std::size_t width) {
    std::size_t filled = total ? std::min(width, ((2 * index - (index ? 1 : 0)) * width) / (2 * total)) : width;
    return "[" + std::string(filled, '#') + std::string(width - filled, '-') + "]";
}

void Progress::step(std::size_t index, std::size_t total, const std::string& what) {
    total_ = total;
    index_ = index;
    std::string count = std::to_string(index) + "/" + std::to_string(total);
    if (terminal_) {
        // \r back to the start, \x1b[K clears what a longer previous step left.
        out_ << "\r" << bar(index, total) << " " << count << " " << what << "\x1b[K" << std::flush;
        drawn_ = true;
    } else {
        out_ << "Step " << count << ": " << what << "\n" << std::flush;
    }
}

void Progress::finish(const std::string& what, bool complete) {
    if (!terminal_) return;
    // A job that stopped early (data errors) keeps its bar where it stopped.
    std::size_t at = complete ? total_ : index_;
    out_ << "\r" << (complete ? "[" + std::string(10, '#') + "]" : bar(at, total_)) << " " << at << "/" << total_ << " " << what
         << "\x1b[K\n" << std::flush;
    drawn_ = false;
}

void Progress::breakLine() {
    if (drawn_) out_ << "\n" << std::flush;
    drawn_ = false;
}

} // namespace impact::run
