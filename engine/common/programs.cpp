#include "common/programs.h"

#include "platform/environment.h"

#include <Poco/Exception.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>

#include <chrono>
#include <iterator>
#include <thread>

namespace impact {

std::string findProgram(const std::string& name) { return platform::findProgram(name); }

std::optional<std::pair<int, std::string>> runProgram(const std::string& program, const std::vector<std::string>& args, int seconds) {
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
