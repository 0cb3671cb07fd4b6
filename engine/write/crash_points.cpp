#include "write/crash_points.h"

namespace impact::write::testing {

namespace {
CrashHook g_hook = nullptr;
}

void setCrashHook(CrashHook hook) { g_hook = hook; }

void crashPoint(const char* point) {
    if (g_hook) g_hook(point);
}

} // namespace impact::write::testing
