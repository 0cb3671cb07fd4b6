// engine/platform/files.h on Windows: wide (W) Win32 calls on UTF-8 paths.
#include "platform/files.h"

#include "platform/windows/wide.h"

#include <windows.h>
#include <aclapi.h>

#include <random>
#include <vector>

namespace impact::platform {

using windows::narrow;
using windows::widen;

namespace {

thread_local DWORD g_error = 0;

/// Keeps GetLastError() for lastErrorText(); returns false so failures read `return failed();`.
bool failed() {
    g_error = GetLastError();
    return false;
}

/// The current user, as the TOKEN_USER its process token holds (empty if it cannot be read).
std::vector<unsigned char> currentUser() {
    std::vector<unsigned char> user;
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return user;
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    user.resize(size);
    if (!size || !GetTokenInformation(token, TokenUser, user.data(), size, &size)) user.clear();
    CloseHandle(token);
    return user;
}

PSID userSid(std::vector<unsigned char>& user) { return reinterpret_cast<TOKEN_USER*>(user.data())->User.Sid; }

/// An access list that lets only the current user in (and protects it from the folder's), as a
/// security descriptor for CreateFileW/CreateDirectoryW; valid() is false if it cannot be made.
class PrivateSecurity {
public:
    PrivateSecurity() : user_(currentUser()) {
        if (user_.empty()) return;
        PSID sid = userSid(user_);
        DWORD aclSize = sizeof(ACL) + sizeof(ACCESS_ALLOWED_ACE) + GetLengthSid(sid);
        acl_.resize(aclSize);
        PACL acl = this->acl();
        // Inherited by what is created in a private folder.
        bool ok = InitializeAcl(acl, aclSize, ACL_REVISION) &&
                  AddAccessAllowedAceEx(acl, ACL_REVISION, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE, FILE_ALL_ACCESS, sid) &&
                  InitializeSecurityDescriptor(&descriptor_, SECURITY_DESCRIPTOR_REVISION) &&
                  SetSecurityDescriptorDacl(&descriptor_, TRUE, acl, FALSE) &&
                  SetSecurityDescriptorControl(&descriptor_, SE_DACL_PROTECTED, SE_DACL_PROTECTED);
        attributes_ = {sizeof attributes_, &descriptor_, FALSE};
        valid_ = ok;
    }
    bool valid() const { return valid_; }
    PACL acl() { return reinterpret_cast<PACL>(acl_.data()); }
    SECURITY_ATTRIBUTES* attributes() { return valid_ ? &attributes_ : nullptr; }

private:
    std::vector<unsigned char> user_, acl_;
    SECURITY_DESCRIPTOR descriptor_{};
    SECURITY_ATTRIBUTES attributes_{};
    bool valid_ = false;
};

/// Opens `path` only to ask about it (no read or write access, so no sharing conflict), following
/// links; INVALID_HANDLE_VALUE if it cannot.
HANDLE openForQuery(const std::string& path) {
    return CreateFileW(widen(path).c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                       FILE_FLAG_BACKUP_SEMANTICS, nullptr);
}

std::string inFolder(const std::string& folder, const std::string& name) {
    if (folder.empty()) return name;
    char last = folder.back();
    return last == '\\' || last == '/' ? folder + name : folder + "\\" + name;
}

/// Six letters or digits, for unique names (what mkstemp puts in place of XXXXXX).
std::string randomSuffix() {
    static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937 engine{std::random_device{}()};
    std::uniform_int_distribution<int> pick(0, sizeof letters - 2);
    std::string s;
    for (int i = 0; i < 6; ++i) s += letters[pick(engine)];
    return s;
}

/// "\\?\C:\x" -> "C:\x", "\\?\UNC\server\share" -> "\\server\share": the long form would stop
/// '/' from being taken as a separator in names made from it.
std::string withoutLongPrefix(std::string path) {
    if (path.rfind("\\\\?\\UNC\\", 0) == 0) return "\\" + path.substr(7);
    if (path.rfind("\\\\?\\", 0) == 0) return path.substr(4);
    return path;
}

} // namespace

const char* const kPathSeparators = "\\/";

std::string lastErrorText() {
    wchar_t* text = nullptr;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                             g_error, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
    if (!n || !text) return "error " + std::to_string(g_error);
    std::string message = narrow(std::wstring_view(text, n));
    LocalFree(text);
    // Messages are shown in parentheses inside a sentence, as strerror's are: no line end or full stop.
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' ' || message.back() == '.'))
        message.pop_back();
    return message;
}

// ---- OutputFile ---------------------------------------------------------------------------------

OutputFile::~OutputFile() {
    if (isOpen()) CloseHandle(reinterpret_cast<HANDLE>(handle_));
}

bool OutputFile::open(const std::string& path, Mode mode, Permissions permissions) {
    if (isOpen()) close();
    DWORD access = mode == Mode::Append ? FILE_APPEND_DATA | SYNCHRONIZE : GENERIC_WRITE;
    DWORD share = FILE_SHARE_READ | FILE_SHARE_DELETE | (mode == Mode::Append ? FILE_SHARE_WRITE : 0);
    DWORD disposition = mode == Mode::CreateNew ? CREATE_NEW : mode == Mode::Replace ? CREATE_ALWAYS : OPEN_ALWAYS;
    if (mode == Mode::CreateNew) access |= WRITE_DAC; // the creator may set its access list (setPermissions)
    PrivateSecurity security;
    SECURITY_ATTRIBUTES* attributes = permissions == Permissions::Private ? security.attributes() : nullptr;
    HANDLE h = CreateFileW(widen(path).c_str(), access, share, attributes, disposition, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) return failed();
    handle_ = reinterpret_cast<std::intptr_t>(h);
    return true;
}

bool OutputFile::write(std::string_view bytes) {
    HANDLE h = reinterpret_cast<HANDLE>(handle_);
    std::size_t done = 0;
    while (done < bytes.size()) {
        DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
        DWORD written = 0;
        if (!WriteFile(h, bytes.data() + done, chunk, &written, nullptr)) return failed();
        if (written == 0) {
            SetLastError(ERROR_WRITE_FAULT);
            return failed();
        }
        done += written;
    }
    return true;
}

bool OutputFile::sync() { return FlushFileBuffers(reinterpret_cast<HANDLE>(handle_)) || failed(); }

bool OutputFile::setPermissions(Permissions permissions) {
    // Public and Default: the access list the file got from its folder when it was created.
    if (permissions != Permissions::Private) return true;
    PrivateSecurity security;
    if (!security.valid()) return failed();
    DWORD rc = SetSecurityInfo(reinterpret_cast<HANDLE>(handle_), SE_FILE_OBJECT,
                               DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr, nullptr, security.acl(),
                               nullptr);
    if (rc == ERROR_SUCCESS) return true;
    SetLastError(rc);
    return failed();
}

bool OutputFile::close() {
    if (!isOpen()) return true;
    HANDLE h = reinterpret_cast<HANDLE>(handle_);
    handle_ = kClosed;
    return CloseHandle(h) || failed();
}

// ---- Names, identity, permissions ---------------------------------------------------------------

bool exists(const std::string& path) {
    HANDLE h = openForQuery(path);
    if (h == INVALID_HANDLE_VALUE) return failed();
    CloseHandle(h);
    return true;
}

bool entryExists(const std::string& path) {
    return GetFileAttributesW(widen(path).c_str()) != INVALID_FILE_ATTRIBUTES || failed();
}

std::optional<std::string> resolvedPath(const std::string& path) {
    HANDLE h = openForQuery(path);
    if (h == INVALID_HANDLE_VALUE) {
        failed();
        return std::nullopt;
    }
    std::wstring buf(MAX_PATH, L'\0');
    DWORD n = GetFinalPathNameByHandleW(h, buf.data(), static_cast<DWORD>(buf.size()), FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    if (n >= buf.size()) {
        buf.resize(n + 1);
        n = GetFinalPathNameByHandleW(h, buf.data(), static_cast<DWORD>(buf.size()), FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
    }
    if (n == 0 || n >= buf.size()) {
        failed();
        CloseHandle(h);
        return std::nullopt;
    }
    CloseHandle(h);
    buf.resize(n);
    return withoutLongPrefix(narrow(buf));
}

bool isWritable(const std::string& path) {
    std::wstring wide = widen(path);
    DWORD attributes = GetFileAttributesW(wide.c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) return failed();
    // A folder's read-only attribute means nothing to Windows (it marks customised folders): if
    // it may not be written, making the temporary file in it fails with the reason.
    if (attributes & FILE_ATTRIBUTE_DIRECTORY) return true;
    if (attributes & FILE_ATTRIBUTE_READONLY) return false;
    // The access list may still refuse writing. Sharing as much as possible, so that a program
    // that has it open is not what answers here (see lockedByAnotherProgram).
    HANDLE h = CreateFileW(wide.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        return true;
    }
    failed();
    return g_error != ERROR_ACCESS_DENIED;
}

bool sameFile(const std::string& a, const std::string& b) {
    BY_HANDLE_FILE_INFORMATION ia{}, ib{};
    HANDLE ha = openForQuery(a);
    if (ha == INVALID_HANDLE_VALUE) return failed();
    bool ok = GetFileInformationByHandle(ha, &ia);
    CloseHandle(ha);
    HANDLE hb = ok ? openForQuery(b) : INVALID_HANDLE_VALUE;
    if (hb == INVALID_HANDLE_VALUE) return failed();
    ok = GetFileInformationByHandle(hb, &ib);
    CloseHandle(hb);
    if (!ok) return failed();
    return ia.dwVolumeSerialNumber == ib.dwVolumeSerialNumber && ia.nFileIndexHigh == ib.nFileIndexHigh &&
           ia.nFileIndexLow == ib.nFileIndexLow;
}

bool lockedByAnotherProgram(const std::string& path) {
    // Excel opens a workbook without letting others write or delete it: asking for the file with
    // no sharing at all then fails with a sharing violation, and so would replacing it.
    HANDLE h = CreateFileW(widen(path).c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h != INVALID_HANDLE_VALUE) {
        CloseHandle(h);
        return false;
    }
    DWORD error = GetLastError();
    return error == ERROR_SHARING_VIOLATION || error == ERROR_LOCK_VIOLATION;
}

std::optional<std::string> createUniqueFile(const std::string& folder, const std::string& prefix) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string path = inFolder(folder, prefix + randomSuffix());
        HANDLE h = CreateFileW(widen(path).c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h != INVALID_HANDLE_VALUE) {
            CloseHandle(h);
            return path;
        }
        if (GetLastError() != ERROR_FILE_EXISTS && GetLastError() != ERROR_ALREADY_EXISTS) break;
    }
    failed();
    return std::nullopt;
}

std::optional<std::string> createPrivateFolder(const std::string& parent, const std::string& prefix) {
    PrivateSecurity security;
    if (!security.valid()) {
        failed();
        return std::nullopt;
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string path = inFolder(parent, prefix + randomSuffix());
        if (CreateDirectoryW(widen(path).c_str(), security.attributes())) return path;
        if (GetLastError() != ERROR_ALREADY_EXISTS) break;
    }
    failed();
    return std::nullopt;
}

bool makeFolderPrivate(const std::string& path) {
    PrivateSecurity security;
    if (!security.valid()) return failed();
    std::wstring wide = widen(path);
    DWORD rc = SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                                     nullptr, nullptr, security.acl(), nullptr);
    if (rc == ERROR_SUCCESS) return true;
    SetLastError(rc);
    return failed();
}

bool isPrivate(const std::string& path) {
    std::vector<unsigned char> user = currentUser();
    if (user.empty()) return failed();
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    DWORD rc = GetNamedSecurityInfoW(widen(path).c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl,
                                     nullptr, &descriptor);
    if (rc != ERROR_SUCCESS) {
        SetLastError(rc);
        return failed();
    }
    // No access list at all lets everyone in; else every entry that allows must name this user
    // (or the system). Entries that deny take nothing away from privacy; others are not expected.
    bool only = dacl != nullptr;
    for (DWORD i = 0; only && i < dacl->AceCount; ++i) {
        void* entry = nullptr;
        if (!GetAce(dacl, i, &entry)) {
            only = failed();
            break;
        }
        auto* header = static_cast<ACE_HEADER*>(entry);
        if (header->AceType == ACCESS_DENIED_ACE_TYPE) continue;
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) {
            only = false;
            break;
        }
        PSID sid = &static_cast<ACCESS_ALLOWED_ACE*>(entry)->SidStart;
        only = EqualSid(sid, userSid(user)) || IsWellKnownSid(sid, WinLocalSystemSid);
    }
    LocalFree(descriptor);
    return only;
}

void applyDefaultPermissions(const std::string&) {}

void copyPermissions(const std::string& from, const std::string& to) {
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    std::wstring source = widen(from), target = widen(to);
    if (GetNamedSecurityInfoW(source.c_str(), SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, nullptr, nullptr, &dacl, nullptr,
                              &descriptor) != ERROR_SUCCESS)
        return;
    SECURITY_DESCRIPTOR_CONTROL control = 0;
    DWORD revision = 0;
    GetSecurityDescriptorControl(descriptor, &control, &revision);
    // The same list, protected from the folder's if the original was, else inheriting from it.
    SECURITY_INFORMATION what = DACL_SECURITY_INFORMATION |
                                ((control & SE_DACL_PROTECTED) ? PROTECTED_DACL_SECURITY_INFORMATION : UNPROTECTED_DACL_SECURITY_INFORMATION);
    SetNamedSecurityInfoW(target.data(), SE_FILE_OBJECT, what, nullptr, nullptr, dacl, nullptr);
    LocalFree(descriptor);
}

// ---- Moving and removing ------------------------------------------------------------------------

bool removeFile(const std::string& path) { return DeleteFileW(widen(path).c_str()) || failed(); }

bool hardLink(const std::string& existing, const std::string& link) {
    return CreateHardLinkW(widen(link).c_str(), widen(existing).c_str(), nullptr) || failed();
}

CopyResult copyFileDurably(const std::string& from, const std::string& to) {
    HANDLE in = CreateFileW(widen(from).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
    if (in == INVALID_HANDLE_VALUE) {
        failed();
        return CopyResult::SourceUnreadable;
    }
    OutputFile out;
    if (!out.open(to, OutputFile::Mode::Replace, Permissions::Public)) {
        CloseHandle(in);
        return CopyResult::TargetUncreatable;
    }
    std::vector<char> buf(1 << 16);
    bool ok = true;
    for (;;) {
        DWORD got = 0;
        if (!ReadFile(in, buf.data(), static_cast<DWORD>(buf.size()), &got, nullptr)) {
            ok = failed();
            break;
        }
        if (got == 0) break;
        if (!out.write(std::string_view(buf.data(), got))) {
            ok = false;
            break;
        }
    }
    ok = ok && out.sync();
    CloseHandle(in);
    if (!out.close()) ok = false;
    if (!ok) {
        DWORD error = g_error;
        DeleteFileW(widen(to).c_str());
        g_error = error;
        return CopyResult::Failed;
    }
    return CopyResult::Copied;
}

bool replaceFile(const std::string& from, const std::string& to) {
    return MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) || failed();
}

MoveResult moveIfAbsent(const std::string& from, const std::string& to) {
    if (MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_WRITE_THROUGH)) return MoveResult::Moved;
    failed();
    return g_error == ERROR_ALREADY_EXISTS || g_error == ERROR_FILE_EXISTS ? MoveResult::TargetExists : MoveResult::Failed;
}

void syncFolder(const std::string&) {}

std::string temporaryFolder() {
    wchar_t buf[MAX_PATH + 2] = L"";
    DWORD n = GetTempPathW(MAX_PATH + 1, buf);
    std::string folder = n ? narrow(std::wstring_view(buf, n)) : std::string();
    while (folder.size() > 3 && (folder.back() == '\\' || folder.back() == '/')) folder.pop_back();
    return folder.empty() ? "C:\\Windows\\Temp" : folder;
}

std::string libraryTemporaryFolder() { return temporaryFolder(); }

} // namespace impact::platform
