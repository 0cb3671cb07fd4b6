// One funder's email as an RFC 5322 message: UTF-8 plain-text body (quoted-printable), subject
// and names RFC 2047-encoded where they are not ASCII, the PDF attached as application/pdf,
// Date and Message-ID set; a draft (.eml for Outlook/Thunderbird) also carries X-Unsent: 1.
#pragma once

#include "common/email_list.h"

#include <Poco/Net/MailMessage.h>

#include <string>
#include <vector>

namespace impact::mail {

struct Outgoing {
    std::string from;      ///< "Name <address>" or "address"
    std::vector<Mailbox> to; ///< the funder's addresses, each with its display name (or "")
    std::string subject;   ///< UTF-8
    std::string body;      ///< UTF-8, '\n' line ends
    std::string attachmentName;
    std::string pdf;       ///< the attachment's bytes
    std::string messageId; ///< "<...@...>"
    bool draft = false;
};

/// A new Message-ID for a message from `from`: "<random.time@domain>".
std::string newMessageId(const std::string& from);

/// Fills `message` (a fresh MailMessage) from `out`.
void buildMessage(const Outgoing& out, Poco::Net::MailMessage& message);

/// The whole message as written to an .eml file (CRLF line ends).
std::string messageText(const Outgoing& out);

} // namespace impact::mail
