#include "desktop/autostart.h"

#include "common/error.h"
#include "common/paths.h"

#include "platform/environment.h"
#include "platform/path_text.h"

#include <filesystem>

namespace impact::desktop {

namespace fs = std::filesystem;

namespace {

const char* const kDesktopEntry = "impact-serve.desktop";
const char* const kStartupCmd = "Impact service.cmd";

std::string entryPath(const AutostartOptions& o) {
    fs::path folder = platform::utf8Path(o.folder);
    switch (o.platform) {
    case Platform::Linux: return platform::utf8(folder / kDesktopEntry);
    case Platform::MacOS: return platform::utf8(folder / (std::string(kServiceLabel) + ".plist"));
    case Platform::Windows: return platform::utf8(folder / kStartupCmd);
    }
    return {};
}

} // namespace

std::string autostartFolder(Platform platform) {
    switch (platform) {
    case Platform::Windows: {
        std::string appData = environmentValue("APPDATA");
        if (appData.empty())
            throw UsageError("cannot tell where the Windows Startup folder is (%APPDATA% is not set): use --autostart DIR.");
        return platform::utf8(platform::utf8Path(appData) / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup");
    }
    case Platform::MacOS:
        return platform::utf8(platform::utf8Path(platform::homeFolder()) / "Library" / "LaunchAgents");
    case Platform::Linux:
        break;
    }
    // The XDG Base Directory specification: a relative $XDG_CONFIG_HOME is to be ignored.
    std::string config = environmentValue("XDG_CONFIG_HOME");
    if (config.empty() || config[0] != '/') config = platform::utf8(platform::utf8Path(platform::homeFolder()) / ".config");
    return platform::utf8(platform::utf8Path(config) / "autostart");
}

std::string serviceLogFile() {
    return platform::utf8(platform::utf8Path(platform::homeFolder()) / "Library" / "Logs" / "Impact" / "serve.log");
}

std::pair<std::string, std::string> autostartContents(const AutostartOptions& o) {
    switch (o.platform) {
    case Platform::Linux:
        return {entryPath(o), fillTemplate("impact-serve.desktop.in", {{"IMPACT", quoteDesktopExec(o.program)}})};
    case Platform::MacOS:
        return {entryPath(o),
                fillTemplate("org.impact.serve.plist.in", {{"IMPACT", quoteXml(o.program)}, {"LOG", quoteXml(o.logFile)}})};
    case Platform::Windows:
        return {entryPath(o), withCrlf(fillTemplate("impact-service.cmd.in", {{"IMPACT", quoteCmd(o.program)}}))};
    }
    return {};
}

AutostartResult installAutostart(const AutostartOptions& o) {
    AutostartResult result;
    auto [path, text] = autostartContents(o);
    // Not executable: the session, launchd and Explorer read these files, nobody double-clicks them.
    if (std::string warning = writeShortcutFile(o.platform, path, text, false); !warning.empty())
        result.warnings.push_back(warning);
    result.written = path;
    switch (o.platform) {
    case Platform::Linux:
        result.startNow = "impact serve";
        break;
    case Platform::MacOS: {
        // launchd does not make the folders of StandardOutPath: without this the agent fails to start.
        std::error_code ec;
        fs::path logDir = platform::utf8Path(o.logFile).parent_path();
        fs::create_directories(logDir, ec);
        if (ec) result.warnings.push_back(platform::utf8(logDir) + ": cannot create the log folder (" + ec.message() + ").");
        result.startNow = "launchctl load " + quoteShell(path);
        break;
    }
    case Platform::Windows:
        result.startNow = quoteCmd(path);
        break;
    }
    return result;
}

std::string stopNowHint(Platform platform) {
    switch (platform) {
    case Platform::MacOS: return "If it is running now, stop it with: launchctl remove " + std::string(kServiceLabel);
    case Platform::Windows: return "If it is running now, close its minimised 'Impact' window to stop it.";
    case Platform::Linux: break;
    }
    return "If it is running now, it stops when you log out.";
}

// By path alone: removing must not depend on the program's path being one the format can quote.
std::vector<std::string> removeAutostart(const AutostartOptions& o) { return removeFiles({entryPath(o)}); }

} // namespace impact::desktop
