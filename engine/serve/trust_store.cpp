#include "serve/trust_store.h"

#include "common/programs.h"
#include "platform/environment.h"
#include "platform/files.h"
#include "platform/path_text.h"

#include <filesystem>
#include <sstream>
#include <vector>

namespace impact::serve {

namespace {

namespace fs = std::filesystem;

/// Runs a program (no shell, at most a minute) and returns its exit code, or -1 if it could not run;
/// its output is collected, not shown.
int run(const std::string& program, const std::vector<std::string>& args, std::string& output) {
    auto result = runProgram(program, args, 60);
    output = result ? result->second : std::string();
    return result ? result->first : -1;
}

std::string trustLinux(const CertificateFiles& files) {
    std::ostringstream say;
    std::string home = platform::homeFolder();
    std::string certutil = findProgram("certutil");
    if (home.empty()) {
        say << "HOME is not set, so the browser's certificate database could not be found.\n";
    } else if (certutil.empty()) {
        say << "certutil is not installed, so the CA was not added to the browser's certificate database.\n"
            << "  Install it (Debian/Ubuntu: sudo apt install libnss3-tools) and run this again, or add\n"
            << "  " << files.caCert << " by hand: Chromium/Chrome Settings > Privacy and security > Security >\n"
            << "  Manage certificates > Authorities > Import.\n";
    } else {
        fs::path db = platform::utf8Path(home) / ".pki" / "nssdb";
        std::string dbArg = "sql:" + platform::utf8(db), output;
        std::error_code ec;
        if (!fs::exists(db / "cert9.db", ec)) {
            fs::create_directories(db, ec);
            platform::makeFolderPrivate(platform::utf8(db));
            run(certutil, {"-d", dbArg, "-N", "--empty-password"}, output);
        }
        // Remove earlier Impact CAs (each install makes a new one), then add this one.
        for (int i = 0; i < 10 && run(certutil, {"-d", dbArg, "-D", "-n", kTrustNickname}, output) == 0; ++i) {
        }
        if (run(certutil, {"-d", dbArg, "-A", "-t", "C,,", "-n", kTrustNickname, "-i", files.caCert}, output) == 0) {
            say << "Added the CA to " << platform::utf8(db) << " (Chromium and Chrome trust it after a restart).\n";
        } else {
            say << "certutil could not add the CA to " << platform::utf8(db) << ": " << output
                << "  Add " << files.caCert << " by hand in the browser's certificate settings (Authorities).\n";
        }
    }
    say << "Firefox keeps its own list: Settings > Privacy & Security > Certificates > View Certificates >\n"
        << "  Authorities > Import... > " << files.caCert << " (tick \"Trust this CA to identify websites\").\n"
        << "For every other program on this computer (needs an administrator):\n"
        << "  sudo cp '" << files.caCert << "' /usr/local/share/ca-certificates/impact-local-ca.crt\n"
        << "  sudo update-ca-certificates\n";
    return say.str();
}

std::string trustWindows(const CertificateFiles& files) {
    std::string output;
    if (run("certutil", {"-user", "-addstore", "Root", files.caCert}, output) == 0)
        return "Added the CA to your Windows certificate store (Trusted Root Certification Authorities, current user).\n"
               "Windows asked you to confirm: Excel and Edge now trust https://localhost for Impact.\n";
    return "Windows did not add the CA (" + output + "). Double-click " + files.caCert +
           ", choose Install Certificate > Current User > Trusted Root Certification Authorities.\n";
}

std::string trustMacOS(const CertificateFiles& files) {
    std::string output;
    std::string keychain = platform::utf8(platform::utf8Path(platform::homeFolder()) / "Library" / "Keychains" / "login.keychain-db");
    if (run("/usr/bin/security", {"add-trusted-cert", "-r", "trustRoot", "-k", keychain, files.caCert}, output) == 0)
        return "Added the CA to your login keychain: Excel and Safari now trust https://localhost for Impact.\n";
    return "macOS did not add the CA (" + output + "). Open " + files.caCert +
           " in Keychain Access, add it to the login keychain and set \"When using this certificate\" to Always Trust.\n";
}

} // namespace

std::string trustCertificate(const CertificateFiles& files) {
    switch (platform::kSystem) {
    case platform::System::Windows: return trustWindows(files);
    case platform::System::MacOS: return trustMacOS(files);
    case platform::System::Linux: break;
    }
    return trustLinux(files);
}

} // namespace impact::serve
