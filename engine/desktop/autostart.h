// The login entry `impact shortcut install --service` makes, so that `impact serve` (the Excel
// add-in's local service) is running whenever Excel opens the pane, without a terminal: an XDG
// autostart entry on Linux, a LaunchAgent on macOS, a .cmd in the Startup folder on Windows. Each
// is filled in from a template in addin/shortcut/ (compiled in, like the desktop shortcuts) with
// the program's absolute path, quoted as its format asks, and runs exactly `PROGRAM serve`.
#pragma once

#include "desktop/shortcut.h"

#include <string>
#include <utility>
#include <vector>

namespace impact::desktop {

/// The launchd label of the macOS LaunchAgent (also its file name, with .plist).
inline constexpr const char* kServiceLabel = "org.impact.serve";

/// The folder `platform` starts things from at login: Linux $XDG_CONFIG_HOME/autostart (else
/// ~/.config/autostart); Windows %APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup (a
/// UsageError naming --autostart if %APPDATA% is not set); macOS ~/Library/LaunchAgents.
std::string autostartFolder(Platform platform);

/// macOS: the file the LaunchAgent's output goes to, ~/Library/Logs/Impact/serve.log.
std::string serviceLogFile();

struct AutostartOptions {
    Platform platform = Platform::Linux;
    std::string folder;  ///< where the entry goes (autostartFolder() unless given)
    std::string program; ///< absolute path of the impact program
    std::string logFile; ///< macOS: where launchd sends the service's output
};

/// The entry for `options.platform`, as (path, contents), without writing it.
std::pair<std::string, std::string> autostartContents(const AutostartOptions& options);

struct AutostartResult {
    std::string written;               ///< the entry's absolute path
    std::vector<std::string> warnings;
    std::string startNow;              ///< how to start the service without logging in again
};

/// Writes the entry (replacing an earlier one), mode rw-r--r-- off Windows; on macOS also makes
/// the log file's folder, which launchd does not make. Throws WriteError.
AutostartResult installAutostart(const AutostartOptions& options);

/// What to do to stop a service that is running now, once its entry is removed.
std::string stopNowHint(Platform platform);

/// Removes the entry installAutostart writes, and nothing else (not the macOS log); returns the
/// path if it was there.
std::vector<std::string> removeAutostart(const AutostartOptions& options);

} // namespace impact::desktop
