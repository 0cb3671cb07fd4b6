// engine/platform/environment.h on POSIX (Linux, macOS).
#include "platform/environment.h"

#include "platform/path_text.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace impact::platform {

std::optional<std::string> environmentVariable(const char* name) {
    const char* v = std::getenv(name);
    if (!v) return std::nullopt;
    return std::string(v);
}

void setEnvironmentVariable(const char* name, const std::optional<std::string>& value) {
    if (value) ::setenv(name, value->c_str(), 1);
    else ::unsetenv(name);
}

std::string homeFolder() { return environmentVariable("HOME").value_or(""); }

std::string userSettingsFolder() {
    namespace fs = std::filesystem;
#if defined(__APPLE__)
    return utf8(utf8Path(homeFolder()) / "Library" / "Application Support" / "Impact");
#else
    std::string base = environmentVariable("XDG_CONFIG_HOME").value_or("");
    if (base.empty()) base = utf8(utf8Path(homeFolder()) / ".config");
    return utf8(utf8Path(base) / "impact");
#endif
}

std::string findProgram(const std::string& name) {
    namespace fs = std::filesystem;
    if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        fs::path candidate = utf8Path(dir) / utf8Path(name);
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return utf8(candidate);
    }
    return "";
}

std::string hostName() {
    char buf[256] = "";
    if (::gethostname(buf, sizeof buf - 1) != 0) return "this computer";
    return buf;
}

} // namespace impact::platform
