#include "common/programs.h"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace impact {

std::string findProgram(const std::string& name) {
    namespace fs = std::filesystem;
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

std::optional<std::pair<int, std::string>> runProgram(const std::string& program, const std::vector<std::string>& args,
                                                      int seconds) {
    try {
        Poco::Pipe out;
        Poco::ProcessHandle handle = Poco::Process::launch(program, args, nullptr, &out, &out);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
        int code = -1;
        while ((code = handle.tryWait()) < 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                Poco::Process::kill(handle);
                return std::nullopt;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        Poco::PipeInputStream in(out);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        return std::make_pair(code, text);
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

} // namespace impact
