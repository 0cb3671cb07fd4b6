// Errors with context, and the exit codes every command shares (SPEC "Exit codes").
#pragma once

#include <stdexcept>
#include <string>

namespace impact {

/// Exit codes of every `impact` command.
enum ExitCode : int {
    kExitOk = 0,               ///< success
    kExitValidationErrors = 1, ///< the workbook has validation errors
    kExitInputUnreadable = 2,  ///< the input cannot be read, or the command line is wrong
    kExitOutputUnwritable = 3, ///< the output could not be written (e.g. workbook locked)
};

/// Base of every error Impact reports to a user: one line, saying what and what to do.
class Error : public std::runtime_error {
public:
    Error(const std::string& message, int exitCode) : std::runtime_error(message), exitCode_(exitCode) {}
    int exitCode() const noexcept { return exitCode_; }

private:
    int exitCode_;
};

/// The input cannot be read (exit code 2). The message names the file and, where known,
/// the part, sheet and cell, then says what the user can do.
class ReadError : public Error {
public:
    explicit ReadError(const std::string& message) : Error(message, kExitInputUnreadable) {}
};

/// The command line is wrong (exit code 2).
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message, kExitInputUnreadable) {}
};

/// The output could not be written (exit code 3).
class WriteError : public Error {
public:
    explicit WriteError(const std::string& message) : Error(message, kExitOutputUnwritable) {}
};

/// The workbook is open in Excel (exit code 3): one message for each way that shows, Excel's lock
/// file beside it or, on Windows, Excel's hold on the file itself. `evidence` says which.
inline WriteError openInExcelError(const std::string& workbook, const std::string& evidence) {
    return WriteError(workbook + " is open in Excel (" + evidence + "): close it in Excel first, then run Impact again.");
}

} // namespace impact
