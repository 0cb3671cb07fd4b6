// updateWorkbookInPlace: the safe replacement of the coordinator's workbook.
#include "common/error.h"
#include "write/crash_points.h"
#include "write/graft.h"
#include "write/package_check.h"
#include "write/zip_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace impact::write {

namespace {

std::string folderOf(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileOf(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

[[noreturn]] void failSystem(const std::string& what) {
    throw WriteError(what + " (" + std::strerror(errno) + "); the workbook was not changed.");
}

void syncPath(const std::string& path, bool directory) {
    int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

/// A full copy of `from` at `to`, flushed to disk (for file systems without hard links).
void copyFile(const std::string& from, const std::string& to) {
    int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) failSystem(from + ": cannot be read for the backup");
    int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        ::close(in);
        failSystem(to + ": cannot be created for the backup");
    }
    char buf[1 << 16];
    bool ok = true;
    while (ok) {
        ssize_t n = ::read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        for (ssize_t done = 0; done < n;) {
            ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                ok = false;
                break;
            }
            done += w;
        }
    }
    ok = ok && ::fsync(out) == 0;
    ::close(in);
    if (::close(out) != 0) ok = false;
    if (!ok) {
        ::unlink(to.c_str());
        failSystem(to + ": the backup cannot be written");
    }
}

} // namespace

std::string backupPathFor(const std::string& workbook) {
    std::string dir = folderOf(workbook), file = fileOf(workbook);
    auto dot = file.rfind('.');
    std::string stem = dot == std::string::npos || dot == 0 ? file : file.substr(0, dot);
    std::string ext = dot == std::string::npos || dot == 0 ? "" : file.substr(dot);
    std::string name = stem + ".backup" + ext;
    return workbook.find('/') == std::string::npos ? name : dir + "/" + name;
}

std::vector<std::string> updateWorkbookInPlace(const std::string& workbook, const std::string& generated,
                                               const GraftOptions& options) {
    char* resolved = ::realpath(workbook.c_str(), nullptr);
    if (!resolved) throw ReadError(workbook + ": cannot be found. Check the name and the folder.");
    std::string real = resolved;
    std::free(resolved);
    std::string dir = folderOf(real), name = fileOf(real);

    // Open in Excel (owner file "~$Book.xlsx") or LibreOffice (".~lock.Book.xlsx#"): never touch it.
    if (exists(dir + "/~$" + name))
        throw WriteError(workbook + " is open in Excel (its lock file ~$" + name +
                         " is beside it): close it in Excel first, then run Impact again.");
    if (exists(dir + "/.~lock." + name + "#"))
        throw WriteError(workbook + " is open in LibreOffice (its lock file .~lock." + name +
                         "# is beside it): close it in LibreOffice first, then run Impact again.");
    struct stat st {};
    if (::stat(real.c_str(), &st) != 0) throw ReadError(workbook + ": cannot be read (" + std::strerror(errno) + ").");
    if (!(st.st_mode & S_IWUSR) || ::access(real.c_str(), W_OK) != 0)
        throw WriteError(workbook + " is read-only, so Impact cannot add its sheets to it: make it writable (or work on a "
                                    "copy), then run Impact again.");
    struct stat dst {};
    if (::stat(dir.c_str(), &dst) != 0 || !(dst.st_mode & S_IWUSR) || ::access(dir.c_str(), W_OK) != 0)
        throw WriteError(workbook + " is in a read-only folder (" + dir +
                         "), so Impact cannot save it safely: move it to a folder you may write to, then run Impact again.");

    // Remove what an interrupted run left behind (hidden temporary files of this workbook only).
    const std::string tempPrefix = "." + name + ".impact-";
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d))
            if (std::strncmp(e->d_name, tempPrefix.c_str(), tempPrefix.size()) == 0) ::unlink((dir + "/" + e->d_name).c_str());
        ::closedir(d);
    }

    std::string temp = dir + "/" + tempPrefix + "XXXXXX";
    int fd = ::mkstemp(temp.data());
    if (fd < 0) failSystem(dir + ": cannot create a temporary file");
    ::close(fd);
    std::string backupTemp = dir + "/" + tempPrefix + "backup-" + std::to_string(::getpid());
    testing::crashPoint("temp.created");
    try {
        std::vector<std::string> names = graftSheets(real, generated, temp, options); // flushed to disk
        testing::crashPoint("temp.written");

        // Never put in place a package with a fault the workbook did not already have.
        // Parts copied unchanged are the same bytes in both: parse only what was written anew.
        CheckOptions quick;
        quick.verifyData = false;
        {
            ZipIndex before(real), after(temp);
            std::map<std::string, const ZipItem*> old;
            for (const auto& it : before.items()) old[it.name] = &it;
            for (const auto& it : after.items()) {
                auto o = old.find(it.name);
                if (o == old.end() || o->second->crc != it.crc || o->second->compressedSize != it.compressedSize ||
                    o->second->uncompressedSize != it.uncompressedSize)
                    quick.scanOnly.push_back(it.name);
            }
        }
        auto before = checkPackage(real, quick).problems;
        for (const auto& p : checkPackage(temp, quick).problems)
            if (std::find(before.begin(), before.end(), p) == before.end())
                throw WriteError(workbook + ": Impact's result failed its own check (" + p +
                                 "); the workbook was not changed. Please report this.");
        testing::crashPoint("temp.checked");
        ::chmod(temp.c_str(), st.st_mode & 07777);

        // The previous version stays as NAME.backup.xlsx: a hard link costs nothing, else a copy.
        ::unlink(backupTemp.c_str());
        if (::link(real.c_str(), backupTemp.c_str()) != 0) copyFile(real, backupTemp);
        testing::crashPoint("backup.linked");
        if (::rename(backupTemp.c_str(), backupPathFor(real).c_str()) != 0) failSystem(backupPathFor(real) + ": cannot be written");
        testing::crashPoint("backup.renamed");

        // The switch: rename is atomic, so the workbook is the old file or the new one, never half.
        if (::rename(temp.c_str(), real.c_str()) != 0) failSystem(workbook + ": cannot be replaced");
        testing::crashPoint("renamed");
        syncPath(dir, true);
        testing::crashPoint("done");
        return names;
    } catch (...) {
        ::unlink(temp.c_str());
        ::unlink(backupTemp.c_str());
        throw;
    }
}

} // namespace impact::write
