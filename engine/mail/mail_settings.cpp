#include "mail/mail_settings.h"

#include "common/error.h"
#include "common/ini_value.h"
#include "platform/console.h"
#include "platform/environment.h"
#include "platform/path_text.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>

namespace impact::mail {

namespace {

TlsMode parseTls(const std::string& value, const std::string& where) {
    std::string v = Poco::toLower(Poco::trim(value));
    if (v == "starttls" || v.empty()) return TlsMode::StartTls;
    if (v == "tls" || v == "ssl" || v == "implicit") return TlsMode::Implicit;
    if (v == "none") return TlsMode::None;
    throw UsageError(where + ": tls must be starttls, tls or none, not '" + value + "'.");
}

int parsePort(const std::string& value, const std::string& where) {
    std::string v = Poco::trim(value);
    if (v.empty()) return 0;
    try {
        std::size_t used = 0;
        int port = std::stoi(v, &used);
        if (used == v.size() && port > 0 && port < 65536) return port;
    } catch (const std::exception&) {
    }
    throw UsageError(where + ": the port must be a number from 1 to 65535 (usually 587, or 465 for tls), not '" + value + "'.");
}

} // namespace

int MailSettings::effectivePort() const {
    if (port) return port;
    return tls == TlsMode::StartTls ? 587 : tls == TlsMode::Implicit ? 465 : 25;
}

Environment processEnvironment() {
    return [](const char* name) -> const char* {
        // The value as UTF-8 (Windows keeps it as UTF-16), kept here for the caller to read it.
        static std::mutex mutex;
        static std::map<std::string, std::optional<std::string>> values;
        std::lock_guard lock(mutex);
        auto& value = values[name];
        value = platform::environmentVariable(name);
        return value ? value->c_str() : nullptr;
    };
}

MailSettings loadMailSettings(const std::string& configPath, bool mustExist, const Environment& env) {
    MailSettings s;
    std::error_code ec;
    if (!configPath.empty() && std::filesystem::exists(platform::utf8Path(configPath), ec)) {
        Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini;
        try {
            ini = new Poco::Util::IniFileConfiguration(configPath);
        } catch (const Poco::Exception& e) {
            throw ReadError(configPath + ": the settings file cannot be read (" + e.displayText() + "). Check it is a text file.");
        }
        s.source = configPath;
        std::string where = configPath + " [mail]";
        s.host = iniValue(ini->getString("mail.host", ""));
        s.port = parsePort(iniValue(ini->getString("mail.port", "")), where + " port");
        s.tls = parseTls(iniValue(ini->getString("mail.tls", "")), where + " tls");
        s.user = iniValue(ini->getString("mail.user", ""));
        s.from = iniValue(ini->getString("mail.from", ""));
        s.caFile = iniValue(ini->getString("mail.ca_file", ""));
        s.templatePath = iniValue(ini->getString("mail.template", ""));
        if (ini->has("mail.password"))
            std::cerr << "Warning: " << configPath << ": [mail] password is ignored. Impact never reads a password from "
                      << "a file: remove it, and set IMPACT_SMTP_PASSWORD or type it when asked.\n";
    } else if (mustExist) {
        throw UsageError(configPath + ": no such settings file. Check the path given with --config.");
    }
    auto override = [&](const char* name, std::string& target) {
        if (const char* v = env(name); v && *v) target = v;
    };
    override("IMPACT_SMTP_HOST", s.host);
    if (const char* v = env("IMPACT_SMTP_PORT"); v && *v) s.port = parsePort(v, "IMPACT_SMTP_PORT");
    if (const char* v = env("IMPACT_SMTP_TLS"); v && *v) s.tls = parseTls(v, "IMPACT_SMTP_TLS");
    override("IMPACT_SMTP_USER", s.user);
    override("IMPACT_MAIL_FROM", s.from);
    override("IMPACT_SMTP_CA_FILE", s.caFile);
    return s;
}

bool isLoopbackHost(const std::string& host) {
    std::string h = Poco::toLower(host);
    return h == "localhost" || h == "::1" || h == "[::1]" || h.rfind("127.", 0) == 0;
}

void requireSendable(const MailSettings& s) {
    std::string file = s.source.empty() ? std::string("the settings file's [mail] section") : s.source + " [mail]";
    if (s.host.empty())
        throw UsageError("no SMTP server is set: put host = your.smtp.server in " + file + ", or set IMPACT_SMTP_HOST.");
    if (s.from.empty() || addressOf(s.from).find('@') == std::string::npos)
        throw UsageError("no From address is set: put from = Your Name <you@example.org> in " + file + ", or set IMPACT_MAIL_FROM.");
    if (s.tls == TlsMode::None && !isLoopbackHost(s.host))
        throw UsageError("tls = none is refused for " + s.host + ": the password and the reports would cross the network "
                         "unencrypted. Use tls = starttls (port 587) or tls = tls (port 465).");
}

std::string smtpPassword(const MailSettings& s, const Environment& env) {
    if (const char* v = env("IMPACT_SMTP_PASSWORD"); v && *v) return v;
    if (!platform::isTerminal(platform::Stream::In))
        throw UsageError("no SMTP password: set IMPACT_SMTP_PASSWORD, or run 'impact send' in a terminal to type it.");
    std::cerr << "Password for " << s.user << " at " << s.host << ": " << std::flush;
    std::string password = platform::readHiddenLine().value_or("");
    std::cerr << "\n";
    if (password.empty()) throw UsageError("no SMTP password was typed; nothing was sent.");
    return password;
}

std::string addressOf(const std::string& mailbox) {
    auto lt = mailbox.rfind('<');
    auto gt = mailbox.rfind('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) return Poco::trim(mailbox.substr(lt + 1, gt - lt - 1));
    return Poco::trim(mailbox);
}

} // namespace impact::mail
