// The user's environment: variables, folders, programs on PATH, the machine's name, the system.
#pragma once

#include <optional>
#include <string>

namespace impact::platform {

/// The system Impact was built for (what is installed where, how the desktop is told things).
enum class System { Linux, Windows, MacOS };
#if defined(_WIN32)
inline constexpr System kSystem = System::Windows;
#elif defined(__APPLE__)
inline constexpr System kSystem = System::MacOS;
#else
inline constexpr System kSystem = System::Linux;
#endif

/// An environment variable's value as UTF-8 text, or nothing when it is not set.
std::optional<std::string> environmentVariable(const char* name);

/// Sets an environment variable of this process to `value` (UTF-8), or removes it when `value` is
/// nothing; environmentVariable() and programs started afterwards see it. For the tests, which set
/// SOURCE_DATE_EPOCH and IMPACT_READER around the code under test.
void setEnvironmentVariable(const char* name, const std::optional<std::string>& value);

/// The user's home folder: $HOME (Windows: %USERPROFILE%), or "" when it is not set.
std::string homeFolder();

/// The user's Impact folder for settings, certificates and logs: $XDG_CONFIG_HOME/impact (else
/// ~/.config/impact) on Linux, %APPDATA%\Impact on Windows, ~/Library/Application Support/Impact
/// on macOS. Not created here.
std::string userSettingsFolder();

/// The program named `name` on PATH (or `name` itself if it holds a folder separator) when it is
/// there and may be run; "" if not. Windows: PATH is split at ';' and a name without an extension is
/// tried with each of %PATHEXT% (.COM;.EXE;.BAT;.CMD...).
std::string findProgram(const std::string& name);

/// This computer's name (gethostname), or "this computer" if it cannot be told.
std::string hostName();

} // namespace impact::platform
