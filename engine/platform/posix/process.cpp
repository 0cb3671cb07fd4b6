// engine/platform/process.h on POSIX (Linux, macOS).
#include "platform/process.h"

#include "platform/path_text.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <vector>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

namespace impact::platform {

namespace {

sigset_t stopSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

} // namespace

std::vector<std::string> utf8Arguments(int argc, char** argv) { return std::vector<std::string>(argv, argv + argc); }

void prepareConsole() {}

std::string executablePath() {
#if defined(__APPLE__)
    std::uint32_t size = 0;
    _NSGetExecutablePath(nullptr, &size);
    std::vector<char> buf(size + 1, '\0');
    if (_NSGetExecutablePath(buf.data(), &size) != 0) return "";
    std::error_code ec;
    auto real = std::filesystem::canonical(buf.data(), ec);
    return ec ? std::string(buf.data()) : utf8(real);
#else
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? "" : utf8(exe);
#endif
}

long processId() { return static_cast<long>(::getpid()); }

void ignoreBrokenPipe() { std::signal(SIGPIPE, SIG_IGN); }

StopRequest::StopRequest() {
    // Every thread started from here on inherits these blocked signals; wait() takes them.
    sigset_t signals = stopSignals();
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

StopRequest::~StopRequest() = default;

StopRequest::Reason StopRequest::wait() {
    sigset_t signals = stopSignals();
    int received = 0;
    sigwait(&signals, &received);
    return received == SIGINT ? Reason::Interrupted : Reason::Asked;
}

} // namespace impact::platform
