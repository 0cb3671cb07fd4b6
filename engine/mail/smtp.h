// A connection to the coordinator's SMTP server over Poco: STARTTLS or implicit TLS with the
// certificate verified (system CAs plus an optional CA file; never a console prompt), then
// AUTH PLAIN (preferred) or AUTH LOGIN, implemented here because Poco 1.11's AUTH LOGIN only
// answers challenges that decode to "username"/"password".
#pragma once

#include "mail/mail_settings.h"

#include <Poco/Net/MailMessage.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace impact::mail {

/// The session cannot go on (connect, TLS, authentication, or the connection was lost).
class SmtpSessionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The server refused this one message (e.g. 550 for the recipient); the session goes on.
class SmtpMessageRejected : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class SmtpConnection {
public:
    /// Connects, secures and authenticates. Throws SmtpSessionError with a message for the user.
    SmtpConnection(const MailSettings& settings, const std::string& password);
    ~SmtpConnection();
    SmtpConnection(const SmtpConnection&) = delete;
    SmtpConnection& operator=(const SmtpConnection&) = delete;

    /// Sends one message to its envelope recipients. SmtpMessageRejected: refused (any recipient
    /// refused refuses the message: nobody on a funder's list is silently left out), the session
    /// is reset and usable; SmtpSessionError: the connection is gone.
    void send(const Poco::Net::MailMessage& message, const std::vector<std::string>& recipients);
    void close() noexcept;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace impact::mail
