// engine/platform/environment.h on Windows.
#include "platform/environment.h"

#include "platform/path_text.h"
#include "platform/windows/wide.h"

#include <windows.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

namespace impact::platform {

using windows::narrow;
using windows::widen;

namespace {

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, separator);) {
        // PATH entries may be quoted (a folder with a ';' in its name).
        if (part.size() >= 2 && part.front() == '"' && part.back() == '"') part = part.substr(1, part.size() - 2);
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

bool isFile(const std::filesystem::path& p) {
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec);
}

} // namespace

std::optional<std::string> environmentVariable(const char* name) {
    std::wstring wideName = widen(name);
    DWORD n = GetEnvironmentVariableW(wideName.c_str(), nullptr, 0);
    if (n == 0) return GetLastError() == ERROR_ENVVAR_NOT_FOUND ? std::nullopt : std::optional<std::string>("");
    std::wstring value(n, L'\0');
    n = GetEnvironmentVariableW(wideName.c_str(), value.data(), n);
    value.resize(n);
    return narrow(value);
}

void setEnvironmentVariable(const char* name, const std::optional<std::string>& value) {
    std::wstring wideName = widen(name);
    // The process's block (GetEnvironmentVariableW, child processes) and the C runtime's copy
    // (getenv, which libraries read) are separate on Windows: both are set.
    SetEnvironmentVariableW(wideName.c_str(), value ? widen(*value).c_str() : nullptr);
    _wputenv_s(wideName.c_str(), value ? widen(*value).c_str() : L"");
}

std::string homeFolder() {
    if (auto profile = environmentVariable("USERPROFILE"); profile && !profile->empty()) return *profile;
    std::string drive = environmentVariable("HOMEDRIVE").value_or(""), path = environmentVariable("HOMEPATH").value_or("");
    return drive.empty() || path.empty() ? "" : drive + path;
}

std::string userSettingsFolder() {
    std::string base = environmentVariable("APPDATA").value_or("");
    if (base.empty()) base = homeFolder() + "\\AppData\\Roaming";
    return utf8(utf8Path(base) / "Impact");
}

std::string findProgram(const std::string& name) {
    namespace fs = std::filesystem;
    // A name without one of the runnable extensions is tried with each, as the command prompt does.
    std::vector<std::string> extensions = split(environmentVariable("PATHEXT").value_or(".COM;.EXE;.BAT;.CMD"), ';');
    std::string ext = upper(utf8(utf8Path(name).extension()));
    bool runnable = !ext.empty() && std::find_if(extensions.begin(), extensions.end(),
                                                 [&](const std::string& e) { return upper(e) == ext; }) != extensions.end();
    auto lookIn = [&](const fs::path& candidate) -> std::string {
        if (runnable && isFile(candidate)) return utf8(candidate);
        for (const auto& e : extensions) {
            fs::path withExt = candidate;
            withExt += utf8Path(e);
            if (isFile(withExt)) return utf8(withExt);
        }
        return "";
    };
    if (name.find_first_of("\\/:") != std::string::npos) return lookIn(utf8Path(name));
    for (const auto& dir : split(environmentVariable("PATH").value_or(""), ';'))
        if (std::string found = lookIn(utf8Path(dir) / utf8Path(name)); !found.empty()) return found;
    return "";
}

std::string hostName() {
    wchar_t buf[256] = L"";
    DWORD size = 255;
    if (!GetComputerNameExW(ComputerNameDnsHostname, buf, &size) || size == 0) return "this computer";
    return narrow(std::wstring_view(buf, size));
}

} // namespace impact::platform
