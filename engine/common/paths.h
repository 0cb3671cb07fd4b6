// Where Impact finds its templates folder and the user's own settings, and where reports go by default.
#pragma once

#include <string>

namespace impact {

/// An environment variable's value, or "" when it is not set.
std::string environmentValue(const char* name);

/// `relative` (with '/' between its folders) inside `folder`, written with the system's separator
/// ("C:\\...\\templates\\data\\values.json" on Windows), as messages show it to the user.
std::string pathIn(const std::string& folder, const std::string& relative);

/// `share/impact/<sub>` beside the installed program (bin/../share/impact/<sub>) if that folder
/// exists, else "" (a build that was not installed). See docs/install.md.
std::string installedDataDir(const std::string& sub);

/// The templates folder: $IMPACT_TEMPLATES if set, else share/impact/templates beside the
/// installed program, else the source tree's templates/ (for a build that was not installed).
std::string templatesDir();

/// The user's Impact folder for settings, certificates and logs:
/// $XDG_CONFIG_HOME/impact (else ~/.config/impact) on Linux, %APPDATA%\Impact on Windows,
/// ~/Library/Application Support/Impact on macOS. Not created here.
std::string userConfigDir();

/// The settings file `impact run` and `impact send` read: userConfigDir()/impact.ini.
std::string defaultSettingsPath();

/// Where a workbook's PDF reports go unless told: "Book.xlsx" → "Book - Impact reports" beside it
/// (`impact report`, `impact run` and `impact send` all look there).
std::string defaultOutputFolder(const std::string& workbook);

} // namespace impact
