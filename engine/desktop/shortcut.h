// The desktop shortcut `impact shortcut install` makes (issue 6): a .desktop file on Linux, a .cmd
// plus a PowerShell script that makes the .lnk on Windows, a .command on macOS, each filled in from
// the templates in addin/shortcut/ (compiled into the program) with the program's and the settings
// file's absolute paths, quoted as each format asks. Every shortcut runs `impact run --pause`, so
// its window waits for Enter instead of vanishing with the result.
#pragma once

#include <string>
#include <vector>

namespace impact::desktop {

enum class Platform { Linux, Windows, MacOS };

Platform hostPlatform();
/// "linux" | "windows" | "macos"; throws UsageError for anything else.
Platform parsePlatform(const std::string& name);

/// The template `name` ("impact.desktop.in", ...) as compiled in; "" if there is none.
std::string shortcutTemplate(const std::string& name);

/// The template `name` with each @KEY@ replaced by its value (already quoted for the format).
/// Throws WriteError if this build has no such template.
std::string fillTemplate(const std::string& name, const std::vector<std::pair<std::string, std::string>>& values);

/// `text` with its \n line ends made \r\n, as Windows files have them.
std::string withCrlf(const std::string& text);

/// Quoting for one argument: the Desktop Entry Exec key (and its string escapes), POSIX sh,
/// cmd.exe, a PowerShell single-quoted string, and XML text (a plist's <string>).
std::string quoteDesktopExec(const std::string& arg);
std::string quoteShell(const std::string& arg);
std::string quoteCmd(const std::string& arg);
std::string quotePowerShell(const std::string& arg);
std::string quoteXml(const std::string& arg);

/// The desktop folder for `platform`: Linux $XDG_DESKTOP_DIR, else `xdg-user-dir DESKTOP`, else
/// ~/Desktop; Windows %USERPROFILE%\Desktop; macOS ~/Desktop.
std::string desktopFolder(Platform platform);

struct ShortcutOptions {
    Platform platform = Platform::Linux;
    std::string desktop;   ///< where the shortcut goes
    std::string program;   ///< absolute path of the impact program
    std::string settings;  ///< absolute path of the settings file
    std::string scriptDir; ///< Windows: where the .cmd and the .ps1 go (the settings file's folder)
};

struct ShortcutFiles {
    std::vector<std::string> written; ///< absolute paths
    std::vector<std::string> warnings;
    std::string nextStep;             ///< what the user still has to do, or ""
};

/// The files for `options.platform`, as (path, contents) pairs, without writing them.
std::vector<std::pair<std::string, std::string>> shortcutContents(const ShortcutOptions& options);

/// Writes them (replacing earlier ones), executable where the platform needs it; on Linux also
/// marks the .desktop trusted with `gio set` where gio exists (a warning if that fails).
ShortcutFiles installShortcut(const ShortcutOptions& options);

/// Writes `text` to `path`, making its folder and replacing an earlier file; for `platform` other
/// than Windows, sets the mode rwxr-xr-x (`executable`, for launchers) or rw-r--r--. Throws
/// WriteError; returns a warning, or "" when all went well.
std::string writeShortcutFile(Platform platform, const std::string& path, const std::string& text, bool executable);

/// Removes those of `paths` that exist; returns them. Throws WriteError.
std::vector<std::string> removeFiles(const std::vector<std::string>& paths);

/// Removes the files installShortcut writes (and the .lnk the Windows script made); returns those removed.
std::vector<std::string> removeShortcut(const ShortcutOptions& options);

} // namespace impact::desktop
