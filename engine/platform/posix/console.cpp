// engine/platform/console.h on POSIX (Linux, macOS).
#include "platform/console.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace impact::platform {

bool isTerminal(Stream stream) {
    int fd = stream == Stream::In ? STDIN_FILENO : stream == Stream::Out ? STDOUT_FILENO : STDERR_FILENO;
    return ::isatty(fd) != 0;
}

std::optional<std::string> readHiddenLine() {
    termios old{};
    bool restore = tcgetattr(STDIN_FILENO, &old) == 0;
    if (restore) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool got = static_cast<bool>(std::getline(std::cin, line));
    if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    if (!got && line.empty()) return std::nullopt;
    return line;
}

} // namespace impact::platform
