// `impact shortcut install|remove`: the desktop shortcut that runs `impact run --pause`; with
// --service, the login entry that starts `impact serve` for the Excel add-in.
#include "cli/command.h"
#include "common/error.h"
#include "common/paths.h"
#include "desktop/autostart.h"
#include "desktop/shortcut.h"
#include "platform/path_text.h"
#include "platform/process.h"
#include "serve/certificate.h"

#include <filesystem>
#include <iostream>

namespace impact::cli {

namespace {

namespace fs = std::filesystem;

std::string thisProgram() {
    std::string exe = platform::executablePath();
    if (exe.empty()) throw UsageError("cannot tell where the impact program is: use --program PATH.");
    return exe;
}

/// `path` made absolute (from the current folder), as UTF-8 text.
std::string absolute(const std::string& path) { return platform::utf8(fs::absolute(platform::utf8Path(path))); }

// The login entry: it runs exactly `PROGRAM serve`, so it takes no settings file and no desktop.
int runService(const Args& args, bool install, desktop::Platform platform) {
    for (const char* name : {"desktop", "config"})
        if (args.value(name))
            throw UsageError(std::string("--") + name + " is for the desktop shortcut, not --service: the login entry runs "
                             "'impact serve', which needs neither a desktop nor a settings file. See 'impact shortcut --help'.");
    desktop::AutostartOptions options;
    options.platform = platform;
    bool here = platform == desktop::hostPlatform();
    options.folder = args.value("autostart") ? *args.value("autostart") : desktop::autostartFolder(platform);
    options.program = args.value("program") ? *args.value("program") : thisProgram();
    if (here) {
        options.folder = absolute(options.folder);
        options.program = absolute(options.program);
    }
    options.logFile = desktop::serviceLogFile();

    if (!install) {
        auto removed = desktop::removeAutostart(options);
        for (const auto& p : removed) std::cerr << "Removed " << p << "\n";
        if (removed.empty()) std::cerr << "There was no login entry for Impact's service in " << options.folder << ".\n";
        else std::cerr << "Impact's service will no longer start when you log in. " << desktop::stopNowHint(platform) << "\n";
        return kExitOk;
    }
    auto result = desktop::installAutostart(options);
    std::cerr << "Wrote " << result.written << "\n";
    for (const auto& w : result.warnings) std::cerr << "impact shortcut: warning: " << w << "\n";
    // Written all the same: the entry is right, and works from the first login after the certificate
    // is made. Refusing would make the order of two once-only steps matter to the coordinator.
    serve::CertificateFiles certs = serve::certificateFiles();
    std::error_code ec;
    if (here && (!fs::exists(platform::utf8Path(certs.cert), ec) || !fs::exists(platform::utf8Path(certs.key), ec)))
        std::cerr << "There is no certificate for https://localhost yet (looked in " << certs.dir << "):\n"
                  << "the service cannot start without one. Run this once first:\n"
                  << "    impact serve --install-certificate\n";
    std::cerr << "Impact's service will start when you next log in; to start it now: " << result.startNow << "\n";
    return kExitOk;
}

int runShortcut(const std::vector<std::string>& argv) {
    Args args(argv, {"desktop", "platform", "config", "program", "autostart"}, {"service"});
    if (args.positional().size() != 1 || (args.positional()[0] != "install" && args.positional()[0] != "remove"))
        throw UsageError("shortcut needs 'install' or 'remove'. See 'impact shortcut --help'.");
    desktop::Platform platform = args.value("platform") ? desktop::parsePlatform(*args.value("platform")) : desktop::hostPlatform();
    if (args.flag("service")) return runService(args, args.positional()[0] == "install", platform);
    if (args.value("autostart")) throw UsageError("--autostart is for the login entry: add --service. See 'impact shortcut --help'.");
    desktop::ShortcutOptions options;
    options.platform = platform;
    // Another platform's paths (C:\...) are taken as given; this platform's are made absolute.
    bool here = options.platform == desktop::hostPlatform();
    options.desktop = args.value("desktop") ? *args.value("desktop") : desktop::desktopFolder(options.platform);
    options.program = args.value("program") ? *args.value("program") : thisProgram();
    if (here) {
        options.desktop = absolute(options.desktop);
        options.program = absolute(options.program);
    }
    options.settings = args.value("config") ? absolute(*args.value("config")) : defaultSettingsPath();
    options.scriptDir = platform::utf8(platform::utf8Path(options.settings).parent_path());

    if (args.positional()[0] == "remove") {
        auto removed = desktop::removeShortcut(options);
        for (const auto& p : removed) std::cerr << "Removed " << p << "\n";
        if (removed.empty()) std::cerr << "There was no Impact shortcut in " << options.desktop << ".\n";
        return kExitOk;
    }
    auto files = desktop::installShortcut(options);
    for (const auto& p : files.written) std::cerr << "Wrote " << p << "\n";
    for (const auto& w : files.warnings) std::cerr << "impact shortcut: warning: " << w << "\n";
    std::error_code ec;
    if (!fs::exists(platform::utf8Path(options.settings), ec))
        std::cerr << "There is no settings file yet at " << options.settings
                  << ": make it with 'impact run --setup WORKBOOK' before using the shortcut.\n";
    if (!files.nextStep.empty()) std::cerr << files.nextStep << "\n";
    else std::cerr << "Double-click 'Impact reports' on your desktop to make the reports.\n";
    return kExitOk;
}

} // namespace

Command shortcutCommand() {
    return {"shortcut", "put a shortcut to 'impact run' on the desktop; --service: start 'impact serve' at login",
            "Usage: impact shortcut install|remove [--desktop DIR] [--platform linux|windows|macos]\n"
            "                                      [--config FILE] [--program PATH]\n"
            "       impact shortcut install|remove --service [--autostart DIR]\n"
            "                                      [--platform linux|windows|macos] [--program PATH]\n\n"
            "Puts a shortcut on the desktop that runs 'impact run --pause' with your settings file: it\n"
            "checks the workbook, adds the summary sheets, makes the PDF reports, opens their folder and\n"
            "keeps its window open until you press Enter.\n\n"
            "  Linux    'impact-reports.desktop' on the desktop (opens in a terminal), marked trusted\n"
            "           with 'gio set' where gio exists\n"
            "  Windows  'Impact reports.cmd' and 'make-shortcut.ps1' beside the settings file; running\n"
            "           the script once makes 'Impact reports.lnk' on the desktop\n"
            "  macOS    'Impact reports.command' on the desktop (opens in Terminal)\n\n"
            "With --service, instead makes Impact's local service ('impact serve', which the Excel add-in\n"
            "needs running) start by itself whenever you log in, with nothing for you to start by hand:\n\n"
            "  Linux    'impact-serve.desktop' in $XDG_CONFIG_HOME/autostart (default ~/.config/autostart)\n"
            "  Windows  'Impact service.cmd' in the Startup folder (%APPDATA%\\Microsoft\\Windows\\Start Menu\\\n"
            "           Programs\\Startup): starts it in a minimised window named 'Impact'\n"
            "  macOS    'org.impact.serve.plist' in ~/Library/LaunchAgents, its output going to\n"
            "           ~/Library/Logs/Impact/serve.log\n\n"
            "The certificate comes first ('impact serve --install-certificate', once): without it the\n"
            "entry is still written, and 'install --service' says to make the certificate.\n\n"
            "  --desktop DIR     the desktop folder (default: $XDG_DESKTOP_DIR, else 'xdg-user-dir DESKTOP',\n"
            "                    else ~/Desktop; %USERPROFILE%\\Desktop on Windows)\n"
            "  --platform NAME   write another platform's shortcut or entry (default: this one)\n"
            "  --config FILE     the settings file the shortcut uses (default: " +
                defaultSettingsPath() + ")\n"
            "  --program PATH    the impact program the shortcut or entry starts (default: this one)\n"
            "  --service         the login entry that starts 'impact serve', not the desktop shortcut\n"
            "  --autostart DIR   with --service: the folder the entry goes in (defaults above)\n\n"
            "'remove' deletes the files 'install' writes (with --service, only the login entry).\n"
            "Exit code: 0 done; 2 wrong command line; 3 a file could not be written.\n",
            runShortcut};
}

} // namespace impact::cli
