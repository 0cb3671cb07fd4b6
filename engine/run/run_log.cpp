#include "run/run_log.h"

#include "platform/files.h"
#include "platform/path_text.h"
#include "platform/time.h"

#include <chrono>
#include <ctime>
#include <filesystem>

namespace impact::run {

namespace fs = std::filesystem;

RunLog::RunLog(const std::string& path) : path_(path) {
    std::error_code ec;
    const fs::path file = platform::utf8Path(path);
    fs::create_directories(file.parent_path(), ec);
    if (fs::file_size(file, ec) > 1024 * 1024 && !ec) fs::rename(file, platform::utf8Path(path + ".1"), ec);
    // Created private first: the log names the coordinator's files, which is nobody else's business.
    platform::OutputFile create;
    if (!create.open(path, platform::OutputFile::Mode::Append, platform::Permissions::Private)) {
        problem_ = path + ": cannot write the log (" + platform::lastErrorText() + ").";
        return;
    }
    create.close();
    out_.open(file, std::ios::app);
    if (!out_) problem_ = path + ": cannot write the log.";
}

void RunLog::line(const std::string& text) {
    if (!out_.is_open()) return;
    std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm = platform::utcTime(now);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    out_ << stamp << " " << text << "\n" << std::flush;
}

} // namespace impact::run
