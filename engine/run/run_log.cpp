#include "run/run_log.h"

#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace impact::run {

namespace fs = std::filesystem;

RunLog::RunLog(const std::string& path) : path_(path) {
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    if (fs::file_size(path, ec) > 1024 * 1024 && !ec) fs::rename(path, path + ".1", ec);
    // Created 0600 first: the log names the coordinator's files, which is nobody else's business.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) {
        problem_ = path + ": cannot write the log (" + std::strerror(errno) + ").";
        return;
    }
    ::close(fd);
    out_.open(path, std::ios::app);
    if (!out_) problem_ = path + ": cannot write the log.";
}

void RunLog::line(const std::string& text) {
    if (!out_.is_open()) return;
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    out_ << stamp << " " << text << "\n" << std::flush;
}

} // namespace impact::run
