// Files, as the write-back's safety needs them: atomic replacement, durability, backups by hard
// link, file identity, lock detection, owner-only permissions and private temporary folders.
// Paths are UTF-8 text. Functions that can fail return false (or nothing) and leave the reason in
// lastErrorText(), as the operating system words it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace impact::platform {

/// Why the last platform call that failed on this thread failed (strerror / FormatMessage).
std::string lastErrorText();

/// The characters that separate a path's folders: "/" on POSIX, "\\/" on Windows.
extern const char* const kPathSeparators;

/// Who may read a file or folder Impact creates.
enum class Permissions {
    Private, ///< only this user (POSIX 0600/0700; Windows: an access list naming only this user)
    Public,  ///< others may read it (POSIX 0644; Windows: the folder's inherited access list)
    Default, ///< as any new file (POSIX 0666 less the umask; Windows: the folder's access list)
};

/// A file open for writing, closed when it goes out of scope.
class OutputFile {
public:
    enum class Mode {
        CreateNew, ///< fails if the file exists (O_EXCL / CREATE_NEW)
        Replace,   ///< created or emptied
        Append,    ///< created or added to at its end
    };
    OutputFile() = default;
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Opens `path`; a file it creates gets `permissions` from the start.
    bool open(const std::string& path, Mode mode, Permissions permissions);
    bool isOpen() const { return handle_ != kClosed; }
    /// Writes all of `bytes` (retrying short writes).
    bool write(std::string_view bytes);
    /// Flushes the file's data to the disk (fsync / FlushFileBuffers).
    bool sync();
    /// Sets the permissions again, whatever the creation mask made of them (fchmod).
    bool setPermissions(Permissions permissions);
    /// Closes the file; false if the last of its data could not be written.
    bool close();

private:
    static constexpr std::intptr_t kClosed = -1;
    std::intptr_t handle_ = kClosed;
};

/// Whether `path` names anything, following links (stat).
bool exists(const std::string& path);
/// Whether `path` names anything, a link itself included even if broken (lstat).
bool entryExists(const std::string& path);
/// `path` made absolute with every link, "." and ".." resolved (realpath), or nothing.
std::optional<std::string> resolvedPath(const std::string& path);
/// Whether this user may write the file or folder `path` (and it is not marked read-only).
bool isWritable(const std::string& path);
/// Whether `a` and `b` are the same file (same device and file number), both existing.
bool sameFile(const std::string& a, const std::string& b);
/// Whether another program has `path` open so that it may not be replaced now (Windows: a file
/// open in Excel cannot even be opened without sharing). Always false on POSIX, where an open file
/// does not stop a rename.
bool lockedByAnotherProgram(const std::string& path);

/// Creates a new empty file "<folder>/<prefix>XXXXXX" (a unique suffix; mkstemp) and returns its
/// path. POSIX: readable by this user only; Windows: with its folder's access list.
std::optional<std::string> createUniqueFile(const std::string& folder, const std::string& prefix);
/// Creates a new folder "<parent>/<prefix>XXXXXX" that only this user may open (mkdtemp);
/// returns its path.
std::optional<std::string> createPrivateFolder(const std::string& parent, const std::string& prefix);
/// Makes the existing folder `path` this user's only (chmod 0700; Windows: a private access list).
bool makeFolderPrivate(const std::string& path);
/// Whether only this user may open the file or folder `path`: POSIX, no permission bits for its
/// group or others; Windows, an access list that allows no one else (the system account aside,
/// which may open any file). False if it cannot be told (lastErrorText() says why).
bool isPrivate(const std::string& path);
/// Gives the file `path` the permissions a new file gets by default (0666 less the umask); nothing
/// on Windows, where it already has its folder's.
void applyDefaultPermissions(const std::string& path);
/// Gives `to` the permissions of `from` (chmod of its mode bits; Windows: its access list), so a
/// file that replaces another keeps who may read and write it. Best effort.
void copyPermissions(const std::string& from, const std::string& to);

/// Removes the file `path`.
bool removeFile(const std::string& path);
/// A second name `link` for the file `existing` (link / CreateHardLinkW); false where the file
/// system has none.
bool hardLink(const std::string& existing, const std::string& link);
enum class CopyResult { Copied, SourceUnreadable, TargetUncreatable, Failed };
/// A full copy of `from` at `to` (created or emptied, Permissions::Public), flushed to the disk; a
/// copy that failed halfway is removed. Says which step failed (lastErrorText() says why).
CopyResult copyFileDurably(const std::string& from, const std::string& to);
/// Moves `from` to `to` in one step, replacing `to` if it exists: `to` is at every moment the old
/// file or the new one (rename; Windows: MoveFileExW replacing, written through to the disk).
bool replaceFile(const std::string& from, const std::string& to);
enum class MoveResult { Moved, TargetExists, Failed };
/// Moves `from` to `to` only if `to` does not exist, never replacing a file another program made
/// meanwhile (link + unlink, else rename; Windows: MoveFileExW without replacing).
MoveResult moveIfAbsent(const std::string& from, const std::string& to);
/// Flushes `folder`'s list of names to the disk, so a rename in it survives a power cut (fsync of
/// the folder); nothing on Windows, where replaceFile writes through.
void syncFolder(const std::string& folder);

/// The system's temporary folder ($TMPDIR, else /tmp; Windows: GetTempPathW).
std::string temporaryFolder();
/// The folder libraries that make temporary files through the C runtime (libxlsxwriter's
/// constant-memory mode) should be given, or "" for their own default: on Windows, the C runtime's
/// tmpfile() writes to the root of the drive, which a user may not write to.
std::string libraryTemporaryFolder();

} // namespace impact::platform
