#include "common/paths.h"

#include <cstdlib>
#include <filesystem>

namespace impact {

std::string templatesDir() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("IMPACT_TEMPLATES"); env && *env) return env;
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path installed = exe.parent_path().parent_path() / "share" / "impact" / "templates";
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    return IMPACT_SOURCE_TEMPLATES;
}

std::string userConfigDir() {
    namespace fs = std::filesystem;
    auto env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? v : "";
    };
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
