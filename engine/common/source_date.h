// SOURCE_DATE_EPOCH (reproducible-builds.org): the one reading of it that every output with a date
// in it (PDFs, `impact init` workbooks, summary workbooks) shares, so they agree on what is valid.
#pragma once

#include "common/error.h"
#include "platform/environment.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace impact {

/// SOURCE_DATE_EPOCH as seconds since 1970 (UTC), or nullopt when it is unset or empty.
/// A value that is not a whole number of seconds from 0 to 9999-12-31 throws UsageError (exit 2):
/// silently ignoring it would give outputs that differ when the user asked for identical ones.
inline std::optional<std::int64_t> sourceDateEpoch() {
    const std::optional<std::string> env = platform::environmentVariable("SOURCE_DATE_EPOCH");
    if (!env || env->empty()) return std::nullopt;
    std::string_view s(*env);
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0 || v > 253402300799LL)
        throw UsageError("SOURCE_DATE_EPOCH is set to '" + std::string(s) +
                         "', which is not a whole number of seconds since 1970; unset it or correct it.");
    return v;
}

} // namespace impact
