// `impact shortcut install|remove`: the desktop shortcut that runs `impact run --pause`.
#include "cli/command.h"
#include "common/error.h"
#include "common/paths.h"
#include "run/shortcut.h"

#include <filesystem>
#include <iostream>

namespace impact::cli {

namespace {

namespace fs = std::filesystem;

std::string thisProgram() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw UsageError("cannot tell where the impact program is: use --program PATH.");
    return exe.string();
}

int runShortcut(const std::vector<std::string>& argv) {
    Args args(argv, {"desktop", "platform", "config", "program"}, {});
    if (args.positional().size() != 1 || (args.positional()[0] != "install" && args.positional()[0] != "remove"))
        throw UsageError("shortcut needs 'install' or 'remove'. See 'impact shortcut --help'.");
    run::ShortcutOptions options;
    options.platform = args.value("platform") ? run::parsePlatform(*args.value("platform")) : run::hostPlatform();
    // Another platform's paths (C:\...) are taken as given; this platform's are made absolute.
    bool here = options.platform == run::hostPlatform();
    options.desktop = args.value("desktop") ? *args.value("desktop") : run::desktopFolder(options.platform);
    options.program = args.value("program") ? *args.value("program") : thisProgram();
    if (here) {
        options.desktop = fs::absolute(options.desktop).string();
        options.program = fs::absolute(options.program).string();
    }
    options.settings = args.value("config") ? fs::absolute(*args.value("config")).string() : defaultSettingsPath();
    options.scriptDir = fs::path(options.settings).parent_path().string();

    if (args.positional()[0] == "remove") {
        auto removed = run::removeShortcut(options);
        for (const auto& p : removed) std::cerr << "Removed " << p << "\n";
        if (removed.empty()) std::cerr << "There was no Impact shortcut in " << options.desktop << ".\n";
        return kExitOk;
    }
    auto files = run::installShortcut(options);
    for (const auto& p : files.written) std::cerr << "Wrote " << p << "\n";
    for (const auto& w : files.warnings) std::cerr << "impact shortcut: warning: " << w << "\n";
    std::error_code ec;
    if (!fs::exists(options.settings, ec))
        std::cerr << "There is no settings file yet at " << options.settings
                  << ": make it with 'impact run --setup WORKBOOK' before using the shortcut.\n";
    if (!files.nextStep.empty()) std::cerr << files.nextStep << "\n";
    else std::cerr << "Double-click 'Impact reports' on your desktop to make the reports.\n";
    return kExitOk;
}

} // namespace

Command shortcutCommand() {
    return {"shortcut", "put a shortcut to 'impact run' on the desktop (install | remove)",
            "Usage: impact shortcut install|remove [--desktop DIR] [--platform linux|windows|macos]\n"
            "                                      [--config FILE] [--program PATH]\n\n"
            "Puts a shortcut on the desktop that runs 'impact run --pause' with your settings file: it\n"
            "checks the workbook, adds the summary sheets, makes the PDF reports, opens their folder and\n"
            "keeps its window open until you press Enter.\n\n"
            "  Linux    'impact-reports.desktop' on the desktop (opens in a terminal), marked trusted\n"
            "           with 'gio set' where gio exists\n"
            "  Windows  'Impact reports.cmd' and 'make-shortcut.ps1' beside the settings file; running\n"
            "           the script once makes 'Impact reports.lnk' on the desktop\n"
            "  macOS    'Impact reports.command' on the desktop (opens in Terminal)\n\n"
            "  --desktop DIR     the desktop folder (default: $XDG_DESKTOP_DIR, else 'xdg-user-dir DESKTOP',\n"
            "                    else ~/Desktop; %USERPROFILE%\\Desktop on Windows)\n"
            "  --platform NAME   write another platform's shortcut (default: this one)\n"
            "  --config FILE     the settings file the shortcut uses (default: " +
                defaultSettingsPath() + ")\n"
            "  --program PATH    the impact program the shortcut starts (default: this one)\n\n"
            "'remove' deletes the files 'install' writes. Exit code: 0 done; 2 wrong command line;\n"
            "3 a file could not be written.\n",
            runShortcut};
}

} // namespace impact::cli
