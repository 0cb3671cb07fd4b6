#include "run/opener.h"

#include "common/programs.h"

#include <Poco/Exception.h>
#include <Poco/Process.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include <unistd.h>

namespace impact::run {

namespace fs = std::filesystem;

std::optional<std::string> openFolder(const std::string& folder) {
#if defined(_WIN32)
    const std::string opener = "explorer";
#elif defined(__APPLE__)
    const std::string opener = "open";
#else
    const std::string opener = "xdg-open";
#endif
    std::string program = findProgram(opener);
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
