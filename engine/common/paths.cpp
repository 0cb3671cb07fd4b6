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

} // namespace impact
