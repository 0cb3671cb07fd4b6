// engine/platform/process.h on Windows.
#include "platform/process.h"

#include "platform/windows/wide.h"

#include <windows.h>
#include <shellapi.h>

#include <fcntl.h>
#include <io.h>

#include <cstdio>

#include <atomic>

namespace impact::platform {

using windows::narrow;

namespace {

// One stop request per process: the console's handler runs on a thread of its own.
HANDLE g_stopAsked = nullptr;   // set by the handler
HANDLE g_stopDone = nullptr;    // set when the program has finished stopping
std::atomic<int> g_reason{0};   // a StopRequest::Reason

BOOL WINAPI onConsoleEvent(DWORD event) {
    g_reason = static_cast<int>(event == CTRL_C_EVENT ? StopRequest::Reason::Interrupted : StopRequest::Reason::Asked);
    SetEvent(g_stopAsked);
    // Windows ends the process as soon as the handler returns from these: give the program the
    // few seconds Windows allows to stop cleanly first.
    if (event == CTRL_CLOSE_EVENT || event == CTRL_LOGOFF_EVENT || event == CTRL_SHUTDOWN_EVENT)
        WaitForSingleObject(g_stopDone, 4500);
    return TRUE;
}

} // namespace

std::vector<std::string> utf8Arguments(int argc, char** argv) {
    int n = 0;
    wchar_t** wide = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!wide || n != argc) {
        // Not the command line this program was given (it cannot be told): argv as it came.
        if (wide) LocalFree(wide);
        return std::vector<std::string>(argv, argv + argc);
    }
    std::vector<std::string> args;
    for (int i = 0; i < n; ++i) args.push_back(narrow(wide[i]));
    LocalFree(wide);
    return args;
}

void prepareConsole() {
    // Impact writes UTF-8; the console shows it as such only with this code page.
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
    // Output byte for byte, "\n" as "\n": `impact check --json > out.json` is the same file as on
    // Linux. The console itself starts a new line at "\n" alone.
    std::fflush(stdout);
    std::fflush(stderr);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
}

std::string executablePath() {
    std::wstring buf(MAX_PATH, L'\0');
    for (;;) {
        DWORD n = GetModuleFileNameW(nullptr, buf.data(), static_cast<DWORD>(buf.size()));
        if (n == 0) return "";
        if (n < buf.size()) {
            buf.resize(n);
            return narrow(buf);
        }
        buf.resize(buf.size() * 2);
    }
}

long processId() { return static_cast<long>(GetCurrentProcessId()); }

void ignoreBrokenPipe() {}

StopRequest::StopRequest() {
    if (!g_stopAsked) g_stopAsked = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    if (!g_stopDone) g_stopDone = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    ResetEvent(g_stopAsked);
    ResetEvent(g_stopDone);
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
}

StopRequest::~StopRequest() {
    SetEvent(g_stopDone);
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
}

StopRequest::Reason StopRequest::wait() {
    WaitForSingleObject(g_stopAsked, INFINITE);
    return static_cast<Reason>(g_reason.load());
}

} // namespace impact::platform
