// UTF-8 and UTF-16 for the Windows implementation: every path or text given to a Win32 call goes
// through widen() to its W function; what Windows gives back goes through narrow().
#pragma once

#include <string>
#include <string_view>

namespace impact::platform::windows {

std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view wide);

} // namespace impact::platform::windows
