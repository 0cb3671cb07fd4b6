#include "run/opener.h"

#include <Poco/Exception.h>
#include <Poco/Process.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <unistd.h>

namespace impact::run {

namespace fs = std::filesystem;

std::string findOnPath(const std::string& name) {
    if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (dir.empty()) continue;
        fs::path candidate = fs::path(dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return "";
}

std::optional<std::string> openFolder(const std::string& folder) {
#if defined(_WIN32)
    const std::string opener = "explorer";
#elif defined(__APPLE__)
    const std::string opener = "open";
#else
    const std::string opener = "xdg-open";
#endif
    std::string program = findOnPath(opener);
    if (program.empty())
        return "could not open the folder (there is no '" + opener + "' here); the reports are in " + folder;
    try {
        // Not waited for: the desktop's file manager may stay open long after Impact is done. A
        // process that ends first is reaped by the system when Impact exits.
        Poco::Process::Args args{folder};
        Poco::Process::launch(program, args);
    } catch (const Poco::Exception& e) {
        return "could not open the folder with " + program + " (" + e.displayText() + "); the reports are in " + folder;
    }
    return std::nullopt;
}

} // namespace impact::run
