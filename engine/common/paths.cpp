#include "common/paths.h"

#include <cstdlib>
#include <filesystem>

namespace impact {

std::string environmentValue(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

std::string installedDataDir(const std::string& sub) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "";
    fs::path installed = exe.parent_path().parent_path() / "share" / "impact" / sub;
    return fs::is_directory(installed, ec) ? installed.string() : "";
}

std::string templatesDir() {
    if (std::string env = environmentValue("IMPACT_TEMPLATES"); !env.empty()) return env;
    if (std::string installed = installedDataDir("templates"); !installed.empty()) return installed;
    return IMPACT_SOURCE_TEMPLATES;
}

std::string userConfigDir() {
    namespace fs = std::filesystem;
    auto env = environmentValue;
#if defined(_WIN32)
    std::string base = env("APPDATA");
    if (base.empty()) base = env("USERPROFILE") + "\\AppData\\Roaming";
    return (fs::path(base) / "Impact").string();
#elif defined(__APPLE__)
    return (fs::path(env("HOME")) / "Library" / "Application Support" / "Impact").string();
#else
    std::string base = env("XDG_CONFIG_HOME");
    if (base.empty()) base = (fs::path(env("HOME")) / ".config").string();
    return (fs::path(base) / "impact").string();
#endif
}

std::string defaultSettingsPath() {
    return (std::filesystem::path(userConfigDir()) / "impact.ini").string();
}

} // namespace impact
