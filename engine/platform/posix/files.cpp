// engine/platform/files.h on POSIX (Linux, macOS).
#include "platform/files.h"

#include "platform/path_text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace impact::platform {

namespace {

thread_local int g_error = 0;

/// Keeps errno for lastErrorText(); returns false so failures read `return failed();`.
bool failed() {
    g_error = errno;
    return false;
}

mode_t modeOf(Permissions p) {
    switch (p) {
    case Permissions::Private: return 0600;
    case Permissions::Public: return 0644;
    case Permissions::Default: break;
    }
    return 0666;
}

mode_t currentUmask() {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return mask;
}

std::string inFolder(const std::string& folder, const std::string& name) {
    if (folder.empty()) return name;
    return folder.back() == '/' ? folder + name : folder + "/" + name;
}

} // namespace

const char* const kPathSeparators = "/";

std::string lastErrorText() { return std::strerror(g_error); }

// ---- OutputFile ---------------------------------------------------------------------------------

OutputFile::~OutputFile() {
    if (isOpen()) ::close(static_cast<int>(handle_));
}

bool OutputFile::open(const std::string& path, Mode mode, Permissions permissions) {
    if (isOpen()) close();
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    switch (mode) {
    case Mode::CreateNew: flags |= O_EXCL; break;
    case Mode::Replace: flags |= O_TRUNC; break;
    case Mode::Append: flags |= O_APPEND; break;
    }
    int fd = ::open(path.c_str(), flags, modeOf(permissions));
    if (fd < 0) return failed();
    handle_ = fd;
    return true;
}

bool OutputFile::write(std::string_view bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(static_cast<int>(handle_), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return failed();
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool OutputFile::sync() { return ::fsync(static_cast<int>(handle_)) == 0 || failed(); }

bool OutputFile::setPermissions(Permissions permissions) {
    mode_t mode = permissions == Permissions::Default ? 0666 & ~currentUmask() : modeOf(permissions);
    return ::fchmod(static_cast<int>(handle_), mode) == 0 || failed();
}

bool OutputFile::close() {
    if (!isOpen()) return true;
    int fd = static_cast<int>(handle_);
    handle_ = kClosed;
    return ::close(fd) == 0 || failed();
}

// ---- Names, identity, permissions ---------------------------------------------------------------

bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 || failed();
}

bool entryExists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 || failed();
}

std::optional<std::string> resolvedPath(const std::string& path) {
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved) {
        failed();
        return std::nullopt;
    }
    std::string real = resolved;
    std::free(resolved);
    return real;
}

bool isWritable(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return failed();
    return (st.st_mode & S_IWUSR) && ::access(path.c_str(), W_OK) == 0;
}

bool sameFile(const std::string& a, const std::string& b) {
    struct stat sa {}, sb {};
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return failed();
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

bool lockedByAnotherProgram(const std::string&) { return false; }

std::optional<std::string> createUniqueFile(const std::string& folder, const std::string& prefix) {
    std::string pattern = inFolder(folder, prefix + "XXXXXX");
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
        failed();
        return std::nullopt;
    }
    ::close(fd);
    return pattern;
}

std::optional<std::string> createPrivateFolder(const std::string& parent, const std::string& prefix) {
    std::string pattern = utf8(utf8Path(parent) / (prefix + "XXXXXX"));
    // mkdtemp creates the folder with mode 0700.
    if (!::mkdtemp(pattern.data())) {
        failed();
        return std::nullopt;
    }
    return pattern;
}

bool makeFolderPrivate(const std::string& path) { return ::chmod(path.c_str(), 0700) == 0 || failed(); }

bool isPrivate(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return failed();
    return (st.st_mode & 077) == 0;
}

void applyDefaultPermissions(const std::string& path) { ::chmod(path.c_str(), 0666 & ~currentUmask()); }

void copyPermissions(const std::string& from, const std::string& to) {
    struct stat st {};
    if (::stat(from.c_str(), &st) == 0) ::chmod(to.c_str(), st.st_mode & 07777);
}

// ---- Moving and removing ------------------------------------------------------------------------

bool removeFile(const std::string& path) { return ::unlink(path.c_str()) == 0 || failed(); }

bool hardLink(const std::string& existing, const std::string& link) {
    return ::link(existing.c_str(), link.c_str()) == 0 || failed();
}

CopyResult copyFileDurably(const std::string& from, const std::string& to) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        failed();
        return CopyResult::SourceUnreadable;
    }
    OutputFile out;
    if (!out.open(to, OutputFile::Mode::Replace, Permissions::Public)) {
        ::close(in);
        return CopyResult::TargetUncreatable;
    }
    char buf[1 << 16];
    bool ok = true;
    while (ok) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0 || failed();
            break;
        }
        ok = out.write(std::string_view(buf, static_cast<std::size_t>(n)));
    }
    ok = ok && out.sync();
    ::close(in);
    if (!out.close()) ok = false;
    if (!ok) {
        int error = g_error;
        ::unlink(to.c_str());
        g_error = error;
        return CopyResult::Failed;
    }
    return CopyResult::Copied;
}

bool replaceFile(const std::string& from, const std::string& to) {
    return ::rename(from.c_str(), to.c_str()) == 0 || failed();
}

MoveResult moveIfAbsent(const std::string& from, const std::string& to) {
    // link() makes the new name only if it is free, where rename() would replace it.
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return MoveResult::Moved;
    }
    if (errno == EEXIST) {
        failed();
        return MoveResult::TargetExists;
    }
    // A file system without hard links: the name was free a moment ago.
    if (::rename(from.c_str(), to.c_str()) == 0) return MoveResult::Moved;
    failed();
    return MoveResult::Failed;
}

void syncFolder(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

std::string temporaryFolder() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::temp_directory_path(ec);
    return ec ? "/tmp" : utf8(base);
}

std::string libraryTemporaryFolder() { return ""; }

} // namespace impact::platform
