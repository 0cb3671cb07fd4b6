#include "serve/private_dir.h"

#include "common/error.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace impact::serve {

PrivateDir::PrivateDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path base = fs::temp_directory_path(ec);
    if (ec) base = "/tmp";
    std::string pattern = (base / "impact-serve-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    // mkdtemp creates the folder with mode 0700.
    if (!::mkdtemp(buf.data()))
        throw WriteError(base.string() + ": cannot create a private temporary folder (" + std::strerror(errno) +
                         "). Check that the temporary folder exists and has space.");
    path_ = buf.data();
}

PrivateDir::~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string PrivateDir::write(const std::string& name, const std::string& bytes) const {
    std::string file = path_ + "/" + name;
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) throw WriteError(file + ": cannot write the uploaded workbook (" + std::strerror(errno) + ").");
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int err = errno;
            ::close(fd);
            throw WriteError(file + ": cannot write the uploaded workbook (" + std::strerror(err) +
                             "). Check the temporary folder has space.");
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return file;
}

} // namespace impact::serve
