// Test hook: named points in the write path where a test can stop the process (SIGKILL) to prove
// that an interrupted update never leaves a broken workbook. Does nothing unless a test sets it.
#pragma once

namespace impact::write::testing {

using CrashHook = void (*)(const char* point);

/// Installs `hook` (nullptr to remove); it is called at every crash point, in order.
void setCrashHook(CrashHook hook);
/// Calls the installed hook, if any.
void crashPoint(const char* point);

} // namespace impact::write::testing
