// The coordinator's SMTP settings: the [mail] section of the settings file (see docs/email.md),
// overridden by IMPACT_SMTP_* / IMPACT_MAIL_FROM environment variables. The password is never in
// the file: it comes from IMPACT_SMTP_PASSWORD or is typed at a prompt without echo.
#pragma once

#include <functional>
#include <string>

namespace impact::mail {

enum class TlsMode { StartTls, Implicit, None };

struct MailSettings {
    std::string host;
    int port = 0; ///< 0: the mode's usual port (587 STARTTLS, 465 TLS, 25 none)
    TlsMode tls = TlsMode::StartTls;
    std::string user;
    std::string from;     ///< "Name <address>" or "address"
    std::string caFile;   ///< extra CA bundle (PEM) trusted besides the system's
    std::string templatePath; ///< email template file; "" for templates/mail/funder.txt
    std::string source;   ///< the settings file read, "" if none (for messages)

    int effectivePort() const;
};

/// Looks up an environment variable (the process environment in the program; a map in tests).
using Environment = std::function<const char*(const char*)>;
Environment processEnvironment();

/// Reads [mail] from `configPath` (a missing file is an error only if `mustExist`, i.e. it was
/// given with --config), then applies the environment. Throws UsageError for a bad value
/// (unknown tls mode, a port that is not a number), naming the file or variable.
MailSettings loadMailSettings(const std::string& configPath, bool mustExist, const Environment& env);

/// Throws UsageError unless the settings can send: a host, a From address, and tls=none only to
/// a loopback host (localhost, 127.x.x.x, ::1).
void requireSendable(const MailSettings& settings);

bool isLoopbackHost(const std::string& host);

/// IMPACT_SMTP_PASSWORD, else typed on the terminal without echo (when stdin is a terminal),
/// else UsageError saying how to give it. Never stored or printed.
std::string smtpPassword(const MailSettings& settings, const Environment& env);

/// The address part of "Name <address>" (or the whole text).
std::string addressOf(const std::string& mailbox);

} // namespace impact::mail
