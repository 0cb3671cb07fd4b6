// The terminal (console) Impact runs in.
#pragma once

#include <optional>
#include <string>

namespace impact::platform {

enum class Stream { In, Out, Err };

/// Whether `stream` is a terminal (isatty). For Out and Err on Windows: a console that now shows
/// ANSI escape sequences (colours, "\x1b[K"), which this turns on; false if it cannot.
bool isTerminal(Stream stream);

/// Reads one line typed at the terminal without showing it (a password): echo is turned off
/// while it is typed and restored afterwards. Nothing at the end of the input.
std::optional<std::string> readHiddenLine();

} // namespace impact::platform
