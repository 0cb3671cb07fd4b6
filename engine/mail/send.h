// `impact send`: each funder in the workbook's funders sheet gets their PDF from the output
// folder, by email through the coordinator's SMTP server, or as an .eml draft (--dry-run).
// Before anything leaves, every attachment must be as `impact report` recorded it (report/record.h:
// the same SHA-256, no pupil's name in its text) and every email's text is checked for pupils'
// names; a PDF not so recorded, or a name, sends nothing.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace impact::mail {

struct SendOptions {
    std::string workbook;
    std::string outDir;
    std::string configPath;      ///< the settings file; "" for none
    bool configExplicit = false; ///< given with --config: it must exist
    bool dryRun = false;
    bool resend = false;
    std::string funderTemplate;  ///< the report template the PDFs were made with ("" standard)
};

/// What became of one funder's message. Pending: not decided yet (never left so at the end).
enum class SendStatus { Pending, Sent, AlreadySent, Draft, Failed, NotSent, Skipped };

/// As written in `send --json` and the counts: "sent", "already-sent", "draft", "failed",
/// "not-sent", "skipped" ("" for Pending).
const char* sendStatusName(SendStatus status);

struct FunderOutcome {
    std::string funder, email;
    std::string report;    ///< the PDF's file name ("" if none found)
    std::string sha256;
    /// NotSent: stopped before its turn; Skipped: no address, or no PDF.
    SendStatus status = SendStatus::Pending;
    std::string reason;    ///< why not sent, for people
    std::string messageId;
    std::string draft;     ///< the .eml path for a dry run
};

struct SendResult {
    std::vector<FunderOutcome> funders;
    std::string stopped; ///< why nothing was sent (a pupil's name, a PDF not as recorded), or ""
    std::string logPath;
    int exitCode = 0;    ///< 0 every message that could go went; 3 something was not sent
    int count(SendStatus status) const;
};

/// Runs the whole send; progress lines for people go to `progress`. Throws impact::Error for
/// problems that stop it before any funder is tried (unreadable workbook, bad settings).
SendResult sendReports(const SendOptions& options, std::ostream& progress);

} // namespace impact::mail
