// engine/platform/console.h on Windows.
#include "platform/console.h"

#include "platform/windows/wide.h"

#include <windows.h>

#include <iostream>

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

namespace impact::platform {

bool isTerminal(Stream stream) {
    HANDLE h = GetStdHandle(stream == Stream::In ? STD_INPUT_HANDLE : stream == Stream::Out ? STD_OUTPUT_HANDLE : STD_ERROR_HANDLE);
    DWORD mode = 0;
    if (h == INVALID_HANDLE_VALUE || !h || !GetConsoleMode(h, &mode)) return false;
    if (stream == Stream::In || (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING)) return true;
    // Consoles older than Windows 10 show escape sequences as text: not a terminal for Impact.
    return SetConsoleMode(h, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

std::optional<std::string> readHiddenLine() {
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
    DWORD mode = 0;
    if (!GetConsoleMode(in, &mode)) {
        std::string line;
        if (!std::getline(std::cin, line)) return std::nullopt;
        return line;
    }
    SetConsoleMode(in, (mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT)) | ENABLE_LINE_INPUT | ENABLE_PROCESSED_INPUT);
    // Read as UTF-16 from the console itself: std::cin would see the console's code page.
    std::wstring line;
    bool ended = false;
    while (!ended) {
        wchar_t buf[256];
        DWORD got = 0;
        if (!ReadConsoleW(in, buf, 256, &got, nullptr) || got == 0) break;
        for (DWORD i = 0; i < got; ++i) {
            if (buf[i] == L'\n') {
                ended = true;
                break;
            }
            if (buf[i] != L'\r') line += buf[i];
        }
    }
    SetConsoleMode(in, mode);
    if (!ended && line.empty()) return std::nullopt;
    return windows::narrow(line);
}

} // namespace impact::platform
