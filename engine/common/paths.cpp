#include "common/paths.h"

#include "platform/environment.h"
#include "platform/path_text.h"
#include "platform/process.h"

#include <filesystem>

namespace impact {

std::string environmentValue(const char* name) { return platform::environmentVariable(name).value_or(""); }

std::string installedDataDir(const std::string& sub) {
    namespace fs = std::filesystem;
    std::string exe = platform::executablePath();
    if (exe.empty()) return "";
    fs::path installed = platform::utf8Path(exe).parent_path().parent_path() / "share" / "impact" / platform::utf8Path(sub);
    std::error_code ec;
    return fs::is_directory(installed, ec) ? platform::utf8(installed) : "";
}

std::string pathIn(const std::string& folder, const std::string& relative) {
    return platform::utf8((platform::utf8Path(folder) / platform::utf8Path(relative)).make_preferred());
}

std::string templatesDir() {
    if (std::string env = environmentValue("IMPACT_TEMPLATES"); !env.empty()) return env;
    if (std::string installed = installedDataDir("templates"); !installed.empty()) return installed;
    return IMPACT_SOURCE_TEMPLATES;
}

std::string userConfigDir() { return platform::userSettingsFolder(); }

std::string defaultSettingsPath() { return platform::utf8(platform::utf8Path(userConfigDir()) / "impact.ini"); }

std::string defaultOutputFolder(const std::string& workbook) {
    std::filesystem::path p = platform::utf8Path(workbook);
    return platform::utf8(p.parent_path() / platform::utf8Path(platform::utf8(p.stem()) + " - Impact reports"));
}

} // namespace impact
