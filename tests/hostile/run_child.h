// Runs a program as a child process under an address-space limit and a wall-clock limit,
// capturing its output, exit status, time and peak memory.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace impact::testing {

struct ChildLimits {
    std::uint64_t addressSpaceBytes = 500ull << 20; ///< RLIMIT_AS in the child; 0 = none
    double killAfterSeconds = 15.0;                 ///< SIGKILL after this long
    std::size_t keepStdoutBytes = 1 << 20;          ///< stdout kept for inspection (all is drained)
};

struct ChildResult {
    int exitCode = -1;           ///< -1 if killed by a signal
    int signal = 0;              ///< the signal that ended it, if any
    bool killedForTime = false;  ///< we killed it at killAfterSeconds
    double seconds = 0;          ///< wall clock
    long maxRssKb = 0;           ///< peak resident set (getrusage ru_maxrss)
    std::uint64_t stdoutBytes = 0;
    std::string out;             ///< the first keepStdoutBytes of stdout
    std::string err;             ///< all of stderr (up to 1 MB)
    std::string describe() const;
};

/// Runs argv[0] with its arguments; never throws for the child's sake, only if it cannot start.
ChildResult runChild(const std::vector<std::string>& argv, const ChildLimits& limits = {});

} // namespace impact::testing
