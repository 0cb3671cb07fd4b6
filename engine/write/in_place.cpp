// updateWorkbookInPlace: the safe replacement of the coordinator's workbook.
#include "common/error.h"
#include "write/crash_points.h"
#include "write/graft.h"
#include "write/package_check.h"
#include "read/zip_directory.h"

#include "platform/files.h"
#include "platform/path_text.h"
#include "platform/process.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace impact::write {

namespace {

std::string folderOf(const std::string& path) {
    auto slash = path.find_last_of(platform::kPathSeparators);
    return slash == std::string::npos ? "." : slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

std::string fileOf(const std::string& path) {
    auto slash = path.find_last_of(platform::kPathSeparators);
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

[[noreturn]] void failSystem(const std::string& what) {
    throw WriteError(what + " (" + platform::lastErrorText() + "); the workbook was not changed.");
}

/// A full copy of `from` at `to`, flushed to disk (for file systems without hard links).
void copyFile(const std::string& from, const std::string& to) {
    switch (platform::copyFileDurably(from, to)) {
    case platform::CopyResult::Copied: return;
    case platform::CopyResult::SourceUnreadable: failSystem(from + ": cannot be read for the backup");
    case platform::CopyResult::TargetUncreatable: failSystem(to + ": cannot be created for the backup");
    case platform::CopyResult::Failed: failSystem(to + ": the backup cannot be written");
    }
}

/// The entries of `after` that are not in `before` with the same CRC and sizes.
std::vector<std::string> partsWrittenAnew(const std::string& before, const std::string& after) {
    read::ZipDirectory from(before), to(after);
    std::map<std::string, const read::ZipEntry*> old;
    for (const auto& it : from.entries()) old[it.name] = &it;
    std::vector<std::string> anew;
    for (const auto& it : to.entries()) {
        auto o = old.find(it.name);
        if (o == old.end() || o->second->crc != it.crc || o->second->compressedSize != it.compressedSize ||
            o->second->uncompressedSize != it.uncompressedSize)
            anew.push_back(it.name);
    }
    return anew;
}

} // namespace

std::string backupPathFor(const std::string& workbook) {
    std::string dir = folderOf(workbook), file = fileOf(workbook);
    auto dot = file.rfind('.');
    std::string stem = dot == std::string::npos || dot == 0 ? file : file.substr(0, dot);
    std::string ext = dot == std::string::npos || dot == 0 ? "" : file.substr(dot);
    std::string name = stem + ".backup" + ext;
    auto slash = workbook.find_last_of(platform::kPathSeparators);
    return slash == std::string::npos ? name : dir + workbook[slash] + name;
}

std::vector<std::string> updateWorkbookInPlace(const std::string& workbook, const std::string& generated,
                                               const GraftOptions& options) {
    std::optional<std::string> resolved = platform::resolvedPath(workbook);
    if (!resolved) throw ReadError(workbook + ": cannot be found. Check the name and the folder.");
    std::string real = *resolved;
    std::string dir = folderOf(real), name = fileOf(real);

    // Open in Excel (owner file "~$Book.xlsx") or LibreOffice (".~lock.Book.xlsx#"): never touch it.
    if (platform::entryExists(dir + "/~$" + name))
        throw openInExcelError(workbook, "its lock file ~$" + name + " is beside it");
    if (platform::entryExists(dir + "/.~lock." + name + "#"))
        throw WriteError(workbook + " is open in LibreOffice (its lock file .~lock." + name +
                         "# is beside it): close it in LibreOffice first, then run Impact again.");
    // Windows: a program may hold the file open without leaving a lock file, and then it cannot be replaced.
    if (platform::lockedByAnotherProgram(real))
        throw openInExcelError(workbook, "or another program, which keeps it from being replaced");
    if (!platform::exists(real)) throw ReadError(workbook + ": cannot be read (" + platform::lastErrorText() + ").");
    if (!platform::isWritable(real))
        throw WriteError(workbook + " is read-only, so Impact cannot add its sheets to it: make it writable (or work on a "
                                    "copy), then run Impact again.");
    if (!platform::isWritable(dir))
        throw WriteError(workbook + " is in a read-only folder (" + dir +
                         "), so Impact cannot save it safely: move it to a folder you may write to, then run Impact again.");

    // Remove what an interrupted run left behind (hidden temporary files of this workbook only).
    const std::string tempPrefix = "." + name + ".impact-";
    {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(platform::utf8Path(dir), ec)) {
            std::string entry = platform::utf8(e.path().filename());
            if (entry.rfind(tempPrefix, 0) == 0) platform::removeFile(dir + "/" + entry);
        }
    }

    std::optional<std::string> created = platform::createUniqueFile(dir, tempPrefix);
    if (!created) failSystem(dir + ": cannot create a temporary file");
    std::string temp = *created;
    std::string backupTemp = dir + "/" + tempPrefix + "backup-" + std::to_string(platform::processId());
    testing::crashPoint("temp.created");
    try {
        std::vector<std::string> names = graftSheets(real, generated, temp, options); // flushed to disk
        testing::crashPoint("temp.written");

        // Never put in place a package with a fault the workbook did not already have.
        // Parts copied unchanged are the same bytes in both: parse only what was written anew.
        CheckOptions quick;
        quick.verifyData = false;
        quick.scanOnly = partsWrittenAnew(real, temp);
        auto before = checkPackage(real, quick).problems;
        for (const auto& p : checkPackage(temp, quick).problems)
            if (std::find(before.begin(), before.end(), p) == before.end())
                throw WriteError(workbook + ": Impact's result failed its own check (" + p +
                                 "); the workbook was not changed. Please report this.");
        testing::crashPoint("temp.checked");
        platform::copyPermissions(real, temp);

        // The previous version stays as NAME.backup.xlsx: a hard link costs nothing, else a copy.
        platform::removeFile(backupTemp);
        if (!platform::hardLink(real, backupTemp)) copyFile(real, backupTemp);
        testing::crashPoint("backup.linked");
        if (!platform::replaceFile(backupTemp, backupPathFor(real))) failSystem(backupPathFor(real) + ": cannot be written");
        testing::crashPoint("backup.renamed");

        // The switch: rename is atomic, so the workbook is the old file or the new one, never half.
        if (!platform::replaceFile(temp, real)) failSystem(workbook + ": cannot be replaced");
        testing::crashPoint("renamed");
        platform::syncFolder(dir);
        testing::crashPoint("done");
        return names;
    } catch (...) {
        platform::removeFile(temp);
        platform::removeFile(backupTemp);
        throw;
    }
}

} // namespace impact::write
