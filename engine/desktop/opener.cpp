#include "desktop/opener.h"

#include "common/programs.h"

#include <Poco/Exception.h>
#include <Poco/Process.h>

#include "platform/environment.h"

#include <filesystem>
#include <sstream>

namespace impact::desktop {

namespace fs = std::filesystem;

std::optional<std::string> openFolder(const std::string& folder) {
    const std::string opener = platform::kSystem == platform::System::Windows ? "explorer"
                               : platform::kSystem == platform::System::MacOS ? "open"
                                                                              : "xdg-open";
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

} // namespace impact::desktop
