// The send log in the output folder ("Impact send log.csv"): one line per message the server
// accepted, appended and flushed to the disk straight after it was accepted, so a crash or a dropped
// connection leaves it true. "Already sent" = the same address and the same PDF (SHA-256).
#pragma once

#include <string>
#include <vector>

namespace impact::mail {

struct LogEntry {
    std::string time;      ///< ISO 8601 UTC
    std::string funder;
    std::string address;
    std::string report;    ///< the PDF's file name
    std::string sha256;    ///< of the PDF
    std::string messageId;
};

inline constexpr const char* kSendLogName = "Impact send log.csv";

class SendLog {
public:
    /// Reads `folder`/Impact send log.csv if it exists. Throws ReadError for a log it cannot read.
    explicit SendLog(const std::string& folder);
    const std::string& path() const { return path_; }
    const std::vector<LogEntry>& entries() const { return entries_; }
    /// Whether this PDF was already sent to this address (addresses compared ignoring case).
    const LogEntry* find(const std::string& address, const std::string& sha256) const;
    /// Appends and flushes one line. Throws WriteError.
    void append(const LogEntry& entry);

private:
    std::string path_;
    std::vector<LogEntry> entries_;
};

/// Now, as 2026-03-12T09:30:00Z.
std::string utcNow();

} // namespace impact::mail
