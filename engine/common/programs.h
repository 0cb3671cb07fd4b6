// Finding and running the small helper programs Impact uses (xdg-open, gio, certutil, ...):
// always without a shell, so no file name is ever interpreted as a command.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace impact {

/// The program named `name` on PATH (or `name` itself if it holds a '/'), or "" if there is none.
std::string findProgram(const std::string& name);

/// Runs `program args` (no shell), waiting at most `seconds`; returns (exit code, stdout+stderr),
/// or nothing if it could not start or did not finish in time (then it is stopped).
/// Meant for programs with short output: the output is read after they exit.
std::optional<std::pair<int, std::string>> runProgram(const std::string& program, const std::vector<std::string>& args, int seconds);

} // namespace impact
