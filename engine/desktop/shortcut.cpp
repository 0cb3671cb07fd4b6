#include "desktop/shortcut.h"

#include "common/error.h"
#include "common/paths.h"
#include "common/programs.h"
#include "common/xml_text.h"

#include <Poco/String.h>

#include "platform/environment.h"
#include "platform/path_text.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>

namespace impact::desktop {

namespace fs = std::filesystem;

namespace {

const char* const kDesktopFile = "impact-reports.desktop";
const char* const kCommandFile = "Impact reports.command";
const char* const kCmdFile = "Impact reports.cmd";
const char* const kPs1File = "make-shortcut.ps1";
const char* const kLnkFile = "Impact reports.lnk";

} // namespace

std::string fillTemplate(const std::string& name, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string text = shortcutTemplate(name);
    if (text.empty()) throw WriteError("the shortcut template " + name + " is missing from this build of Impact.");
    for (const auto& [key, value] : values) Poco::replaceInPlace(text, "@" + key + "@", value);
    return text;
}

std::string withCrlf(const std::string& text) { return Poco::replace(text, "\n", "\r\n"); }

Platform hostPlatform() {
    switch (platform::kSystem) {
    case platform::System::Windows: return Platform::Windows;
    case platform::System::MacOS: return Platform::MacOS;
    case platform::System::Linux: break;
    }
    return Platform::Linux;
}

Platform parsePlatform(const std::string& name) {
    std::string n = Poco::toLower(name);
    if (n == "linux") return Platform::Linux;
    if (n == "windows") return Platform::Windows;
    if (n == "macos" || n == "mac") return Platform::MacOS;
    throw UsageError("--platform must be linux, windows or macos, not '" + name + "'.");
}

std::string quoteDesktopExec(const std::string& arg) {
    if (arg.find_first_of("\n\r") != std::string::npos)
        throw UsageError("a path with a line break in it cannot go in a desktop shortcut: " + arg);
    // Exec quoting: inside "...", escape " ` $ \ with a backslash; % is doubled (field codes).
    std::string q = "\"";
    for (char c : arg) {
        if (c == '"' || c == '`' || c == '$' || c == '\\') q += '\\';
        if (c == '%') q += '%';
        q += c;
    }
    q += '"';
    // Then the key's value is a string, in which a backslash is itself written as \\.
    return Poco::replace(q, "\\", "\\\\");
}

std::string quoteShell(const std::string& arg) { return "'" + Poco::replace(arg, "'", "'\\''") + "'"; }

std::string quoteCmd(const std::string& arg) {
    if (arg.find('"') != std::string::npos) throw UsageError("a Windows path cannot hold a double quote: " + arg);
    return "\"" + Poco::replace(arg, "%", "%%") + "\"";
}

std::string quotePowerShell(const std::string& arg) { return "'" + Poco::replace(arg, "'", "''") + "'"; }

std::string quoteXml(const std::string& arg) {
    // XML 1.0 cannot hold most control characters at all, and a line break would be normalised.
    for (char c : arg)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
            throw UsageError("a path with a line break or control character in it cannot go in a login entry: " + arg);
    return escapeXml(arg, XmlPlace::Anywhere);
}

std::string desktopFolder(Platform platform) {
    switch (platform) {
    case Platform::Windows: {
        std::string profile = environmentValue("USERPROFILE");
        if (profile.empty()) throw UsageError("cannot tell where the Windows desktop is (%USERPROFILE% is not set): use --desktop DIR.");
        return profile + "\\Desktop";
    }
    case Platform::MacOS: return platform::utf8(platform::utf8Path(platform::homeFolder()) / "Desktop");
    case Platform::Linux: break;
    }
    if (std::string dir = environmentValue("XDG_DESKTOP_DIR"); !dir.empty()) return dir;
    if (std::string tool = findProgram("xdg-user-dir"); !tool.empty())
        if (auto r = runProgram(tool, {"DESKTOP"}, 5); r && r->first == 0) {
            std::string dir = Poco::trim(r->second);
            if (!dir.empty() && dir[0] == '/') return dir;
        }
    return platform::utf8(platform::utf8Path(platform::homeFolder()) / "Desktop");
}

std::vector<std::pair<std::string, std::string>> shortcutContents(const ShortcutOptions& o) {
    fs::path desktop = platform::utf8Path(o.desktop);
    switch (o.platform) {
    case Platform::Linux:
        return {{platform::utf8(desktop / kDesktopFile),
                 fillTemplate("impact.desktop.in", {{"IMPACT", quoteDesktopExec(o.program)}, {"SETTINGS", quoteDesktopExec(o.settings)}})}};
    case Platform::MacOS:
        return {{platform::utf8(desktop / kCommandFile),
                 fillTemplate("impact.command.in", {{"IMPACT", quoteShell(o.program)}, {"SETTINGS", quoteShell(o.settings)}})}};
    case Platform::Windows: {
        fs::path dir = platform::utf8Path(o.scriptDir);
        std::string cmdPath = platform::utf8(dir / kCmdFile);
        return {{cmdPath, withCrlf(fillTemplate("impact.cmd.in", {{"IMPACT", quoteCmd(o.program)}, {"SETTINGS", quoteCmd(o.settings)}}))},
                {platform::utf8(dir / kPs1File), withCrlf(fillTemplate("make-shortcut.ps1.in", {{"DESKTOP", quotePowerShell(o.desktop)},
                                                                                                {"CMD", quotePowerShell(cmdPath)},
                                                                                                {"WORKDIR", quotePowerShell(o.scriptDir)},
                                                                                                {"IMPACT", quotePowerShell(o.program)}}))}};
    }
    }
    return {};
}

std::string writeShortcutFile(Platform platform, const std::string& path, const std::string& text, bool executable) {
    std::error_code ec;
    const fs::path file = platform::utf8Path(path);
    fs::create_directories(file.parent_path(), ec);
    if (ec) throw WriteError(platform::utf8(file.parent_path()) + ": cannot create this folder (" + ec.message() + ").");
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw WriteError(path + ": the shortcut could not be written. Check the folder is writable.");
    }
    if (platform == Platform::Windows) return "";
    // Set, not left to the umask: launchd ignores a LaunchAgent that others may write to.
    fs::perms mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read;
    if (executable) mode |= fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec;
    fs::permissions(file, mode, ec);
    if (ec) return path + ": could not set its mode to " + (executable ? "rwxr-xr-x" : "rw-r--r--") + " (" + ec.message() + ").";
    return "";
}

std::vector<std::string> removeFiles(const std::vector<std::string>& paths) {
    std::vector<std::string> removed;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::remove(platform::utf8Path(p), ec))
            removed.push_back(p);
        else if (ec)
            throw WriteError(p + ": could not be removed (" + ec.message() + ").");
    }
    return removed;
}

ShortcutFiles installShortcut(const ShortcutOptions& o) {
    ShortcutFiles result;
    for (const auto& [path, text] : shortcutContents(o)) {
        // Launchers must be executable (rwxr-xr-x) to be double-clicked.
        if (std::string warning = writeShortcutFile(o.platform, path, text, true); !warning.empty()) result.warnings.push_back(warning);
        result.written.push_back(path);
    }
    if (o.platform == Platform::Linux && hostPlatform() == Platform::Linux) {
        // GNOME asks before running an untrusted launcher; marking it trusted is a courtesy only.
        if (std::string gio = findProgram("gio"); !gio.empty()) {
            auto r = runProgram(gio, {"set", result.written.front(), "metadata::trusted", "true"}, 5);
            // "not supported": no GNOME metadata store here, so nothing asks about trust either.
            bool unsupported = r && r->second.find("not supported") != std::string::npos;
            if ((!r || r->first != 0) && !unsupported)
                result.warnings.push_back("could not mark the shortcut as trusted (gio set " + result.written.front() +
                                          " metadata::trusted true" + (r ? ": " + Poco::trim(r->second) : std::string()) +
                                          "); the desktop may ask once whether to allow launching it.");
        }
    }
    if (o.platform == Platform::Windows)
        result.nextStep =
            "To put the shortcut on the desktop, run once in PowerShell:\n    powershell -NoProfile -ExecutionPolicy Bypass -File " +
            quoteCmd(result.written.back());
    return result;
}

std::vector<std::string> removeShortcut(const ShortcutOptions& o) {
    std::vector<std::string> paths;
    for (const auto& [path, text] : shortcutContents(o)) paths.push_back(path);
    if (o.platform == Platform::Windows) paths.push_back(platform::utf8(platform::utf8Path(o.desktop) / kLnkFile));
    return removeFiles(paths);
}

} // namespace impact::desktop
