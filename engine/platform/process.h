// The running program: its arguments, its own file, its console, and stopping it.
#pragma once

#include <string>
#include <vector>

namespace impact::platform {

/// The command line as UTF-8 text, the program's name first (Windows: from the wide command line,
/// which argv only approximates in the ANSI code page).
std::vector<std::string> utf8Arguments(int argc, char** argv);

/// Readies the console for UTF-8 output and the standard output and error for bytes as written,
/// "\n" not turned into "\r\n" (Windows: the console's code page, binary mode); nothing on POSIX.
void prepareConsole();

/// The full path of the running program (/proc/self/exe; Windows: GetModuleFileNameW), or "".
std::string executablePath();

/// This process's number.
long processId();

/// A client that hangs up must not end the program: SIGPIPE ignored (nothing to do on Windows,
/// where a write to a closed socket only fails).
void ignoreBrokenPipe();

/// Waits for the user or the system to ask the program to stop (Ctrl+C, SIGTERM; Windows: the
/// console's Ctrl+C, Ctrl+Break, close, log-off or shut-down events). Make it before starting any
/// thread: on POSIX it blocks SIGINT and SIGTERM, which the threads started later inherit.
class StopRequest {
public:
    enum class Reason { Interrupted /*Ctrl+C*/, Asked /*anything else*/ };
    StopRequest();
    ~StopRequest();
    StopRequest(const StopRequest&) = delete;
    StopRequest& operator=(const StopRequest&) = delete;
    /// Blocks until a stop is asked for; says how it was asked.
    Reason wait();
};

} // namespace impact::platform
