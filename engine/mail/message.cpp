#include "mail/message.h"

#include "mail/mail_settings.h"

#include <Poco/Net/StringPartSource.h>

#include <cctype>
#include <chrono>
#include <random>
#include <sstream>

namespace impact::mail {

namespace {

bool isAscii(const std::string& s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

/// A display name as a header phrase: RFC 2047 words if it is not ASCII, else quoted where it
/// has characters a bare phrase cannot hold (St. Peter's → "St. Peter's").
std::string phrase(const std::string& name) {
    if (name.empty()) return name;
    if (!isAscii(name)) return Poco::Net::MailMessage::encodeWord(name, "UTF-8");
    bool plain = true;
    for (char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || std::string("!#$%&'*+-/=?^_`{|}~").find(c) != std::string::npos))
            plain = false;
    if (plain) return name;
    std::string q = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') q += '\\';
        q += c;
    }
    return q + "\"";
}

std::string mailbox(const std::string& text) {
    std::string address = addressOf(text);
    auto lt = text.rfind('<');
    if (lt == std::string::npos) return address;
    std::string name = text.substr(0, lt);
    while (!name.empty() && (name.back() == ' ' || name.back() == '"')) name.pop_back();
    while (!name.empty() && (name.front() == ' ' || name.front() == '"')) name.erase(0, 1);
    return name.empty() ? address : phrase(name) + " <" + address + ">";
}

std::string crlf(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\r') continue;
        if (c == '\n') out += "\r\n";
        else out += c;
    }
    return out;
}

} // namespace

std::string newMessageId(const std::string& from) {
    std::random_device rd;
    std::ostringstream id;
    id << "<impact." << std::hex << std::chrono::system_clock::now().time_since_epoch().count() << ".";
    for (int i = 0; i < 4; ++i) id << std::hex << rd();
    std::string address = addressOf(from);
    auto at = address.find('@');
    id << "@" << (at == std::string::npos ? std::string("impact.local") : address.substr(at + 1)) << ">";
    return id.str();
}

void buildMessage(const Outgoing& out, Poco::Net::MailMessage& m) {
    if (!out.from.empty()) m.setSender(mailbox(out.from)); // a draft without one: the mail program fills it
    // The To header is written here, not by Poco (it would put an RFC 2047 name in quotes, where
    // mail programs must not decode it); the envelope recipient is given to SmtpConnection::send.
    std::string to;
    for (const auto& box : out.to)
        to += (to.empty() ? "" : ", ") + (box.name.empty() ? box.address : phrase(box.name) + " <" + box.address + ">");
    m.set("To", to);
    m.setSubject(isAscii(out.subject) ? out.subject : Poco::Net::MailMessage::encodeWord(out.subject, "UTF-8"));
    m.set("Message-ID", out.messageId);
    if (out.draft) m.set("X-Unsent", "1");
    m.addContent(new Poco::Net::StringPartSource(crlf(out.body), "text/plain; charset=UTF-8"),
                 Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    std::string fileName = isAscii(out.attachmentName) ? out.attachmentName
                                                         : Poco::Net::MailMessage::encodeWord(out.attachmentName, "UTF-8");
    m.addAttachment(fileName, new Poco::Net::StringPartSource(out.pdf, "application/pdf", fileName));
}

std::string messageText(const Outgoing& out) {
    Poco::Net::MailMessage m;
    buildMessage(out, m);
    std::ostringstream s;
    m.write(s);
    return s.str();
}

} // namespace impact::mail
