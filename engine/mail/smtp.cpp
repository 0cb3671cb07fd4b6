#include "mail/smtp.h"

#include "common/base64.h"
#include "platform/system_certificates.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/Net.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/String.h>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <mutex>
#include <sstream>

namespace impact::mail {

namespace {

/// The server's reply, on one line, for messages.
std::string oneLine(std::string s) {
    for (char& c : s)
        if (c == '\r' || c == '\n') c = ' ';
    return Poco::trim(s);
}

/// The network is started once per process. Static Poco: its automatic Winsock start-up can be
/// dropped by the linker, so it is asked for.
void initNetwork() {
    // A static's initialiser, not std::call_once: MinGW's call_once hangs the process's later
    // call_once calls when its function throws (engine/read/workbook.cpp).
    [[maybe_unused]] static const bool started = (Poco::Net::initializeNetwork(), true);
}

/// SSL is initialised once per process; the certificate handler rejects (never prompts).
void initSsl(Poco::Net::Context::Ptr ctx) {
    [[maybe_unused]] static const bool initialised = (Poco::Net::initializeSSL(), true);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), ctx);
}

} // namespace

struct SmtpConnection::Impl {
    MailSettings settings;
    std::string where; ///< "host:port"
    Poco::Net::Context::Ptr ctx;
    std::unique_ptr<Poco::Net::SMTPClientSession> session;

    [[noreturn]] void tlsFailed(const Poco::Exception& e) {
        std::string text = e.displayText();
        if (text.find("certificate") != std::string::npos || text.find("verify") != std::string::npos || text.find("Certificate") != std::string::npos)
            throw SmtpSessionError(where + ": the server's certificate is not trusted (" + text + "). Nothing was sent. If your school "
                                   "uses its own certificate authority, put its certificate (PEM) in [mail] ca_file or IMPACT_SMTP_CA_FILE; "
                                   "otherwise check the host name.");
        throw SmtpSessionError(where + ": a secure connection could not be made (" + text + "). Nothing more was sent. Check [mail] tls "
                               "(starttls for port 587, tls for port 465).");
    }

    std::string ehlo() {
        std::string response;
        int status = session->sendCommand("EHLO " + Poco::Net::DNS::hostName(), response);
        if (status / 100 != 2) throw SmtpSessionError(where + ": the server refused EHLO (" + oneLine(response) + ").");
        return response;
    }

    void authenticate(const std::string& user, const std::string& password, const std::string& ehloReply) {
        std::string upper = Poco::toUpper(ehloReply);
        std::string mechanisms;
        std::istringstream lines(upper);
        for (std::string l; std::getline(lines, l);) {
            auto at = l.find("AUTH");
            if (at != std::string::npos && at <= 4) mechanisms += " " + l.substr(at + 4) + " ";
        }
        for (char& c : mechanisms)
            if (c == '=' || c == '\r') c = ' ';
        std::string response;
        auto refused = [&](const std::string& reply) -> SmtpSessionError {
            return SmtpSessionError(where + ": the server refused the user name or password for " + user + " (" + oneLine(reply) +
                                    "). Nothing was sent. Check [mail] user (or IMPACT_SMTP_USER) and the password; some providers "
                                    "need an app password.");
        };
        if (mechanisms.find(" PLAIN ") != std::string::npos) {
            std::string token = std::string(1, '\0') + user + std::string(1, '\0') + password;
            int status = session->sendCommand("AUTH PLAIN " + base64Encode(token), response);
            if (status != 235) throw refused(response);
        } else if (mechanisms.find(" LOGIN ") != std::string::npos) {
            int status = session->sendCommand("AUTH LOGIN", response);
            if (status != 334) throw refused(response);
            status = session->sendCommand(base64Encode(user), response);
            if (status != 334) throw refused(response);
            status = session->sendCommand(base64Encode(password), response);
            if (status != 235) throw refused(response);
        } else {
            throw SmtpSessionError(where + ": the server offers no password login Impact supports (AUTH PLAIN or LOGIN" +
                                   (mechanisms.empty() ? std::string(", or none at all before it is secured") : ", only" + mechanisms) +
                                   "). Nothing was sent.");
        }
    }
};

SmtpConnection::SmtpConnection(const MailSettings& s, const std::string& password) : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.settings = s;
    auto port = static_cast<Poco::UInt16>(s.effectivePort());
    d.where = s.host + ":" + std::to_string(port);
    initNetwork();
    try {
        if (s.tls != TlsMode::None) {
            d.ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", s.caFile, Poco::Net::Context::VERIFY_RELAXED, 9,
                                           true, "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
            d.ctx->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            // Windows: OpenSSL has no system file of trusted authorities there; Windows' own store.
            platform::addSystemRootCertificates(d.ctx->sslContext());
            // The certificate must be for this host: OpenSSL checks the name (or IP address)
            // during the handshake, as part of verifying the chain.
            X509_VERIFY_PARAM* param = SSL_CTX_get0_param(d.ctx->sslContext());
            std::string name = s.host.size() > 2 && s.host.front() == '[' ? s.host.substr(1, s.host.size() - 2) : s.host;
            bool isIp = X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1;
            if (!isIp && X509_VERIFY_PARAM_set1_host(param, name.c_str(), 0) != 1)
                throw SmtpSessionError(s.host + ": this host name cannot be checked against a certificate. Check [mail] host.");
            initSsl(d.ctx);
        }
    } catch (const Poco::Exception& e) {
        throw SmtpSessionError("the secure connection could not be prepared (" + e.displayText() + ")" +
                               (s.caFile.empty() ? std::string(".") : ". Check the CA file " + s.caFile + " is a PEM certificate."));
    }
    try {
        if (s.tls == TlsMode::Implicit) {
            Poco::Net::SecureStreamSocket socket(Poco::Net::SocketAddress(s.host, port), s.host, d.ctx);
            d.session = std::make_unique<Poco::Net::SMTPClientSession>(socket);
        } else if (s.tls == TlsMode::StartTls) {
            d.session = std::make_unique<Poco::Net::SecureSMTPClientSession>(s.host, port);
        } else {
            d.session = std::make_unique<Poco::Net::SMTPClientSession>(s.host, port);
        }
        d.session->setTimeout(Poco::Timespan(60, 0));
        d.session->login(); // greeting + EHLO
        if (s.tls == TlsMode::StartTls) {
            if (!static_cast<Poco::Net::SecureSMTPClientSession&>(*d.session).startTLS(d.ctx))
                throw SmtpSessionError(d.where + ": the server does not offer STARTTLS, so the password and reports would travel "
                                       "unencrypted. Nothing was sent. If it uses port 465, set tls = tls.");
        }
        std::string reply = d.ehlo();
        if (!s.user.empty()) d.authenticate(s.user, password, reply);
    } catch (const SmtpSessionError&) {
        throw;
    } catch (const Poco::Net::SSLException& e) {
        d.tlsFailed(e);
    } catch (const Poco::Net::SMTPException& e) {
        throw SmtpSessionError(d.where + ": the server refused to start (" + e.displayText() + "). Nothing was sent.");
    } catch (const Poco::Exception& e) {
        throw SmtpSessionError(d.where + ": cannot connect (" + e.displayText() + "). Nothing was sent. Check [mail] host and port "
                               "(or IMPACT_SMTP_HOST / IMPACT_SMTP_PORT) and your internet connection.");
    }
}

SmtpConnection::~SmtpConnection() { close(); }

void SmtpConnection::send(const Poco::Net::MailMessage& message, const std::vector<std::string>& recipients) {
    Impl& d = *impl_;
    if (!d.session) throw SmtpSessionError(d.where + ": the connection is closed.");
    try {
        d.session->sendMessage(message, Poco::Net::SMTPClientSession::Recipients(recipients.begin(), recipients.end()));
    } catch (const Poco::Net::SMTPException& e) {
        // Refused, or the connection went away while waiting for a reply: RSET tells which.
        std::string response;
        int status = 0;
        try {
            status = d.session->sendCommand("RSET", response);
        } catch (const Poco::Exception&) {
            status = 0;
        }
        if (status / 100 == 2) throw SmtpMessageRejected(oneLine(e.displayText()));
        d.session.reset();
        throw SmtpSessionError(d.where + ": the connection was lost (" + oneLine(e.displayText()) + ")");
    } catch (const Poco::Exception& e) {
        d.session.reset();
        throw SmtpSessionError(d.where + ": the connection was lost (" + oneLine(e.displayText()) + ")");
    }
}

void SmtpConnection::close() noexcept {
    if (!impl_ || !impl_->session) return;
    try {
        impl_->session->close();
    } catch (...) {
    }
    impl_->session.reset();
}

} // namespace impact::mail
