// SHA-256 of bytes, as lower-case hex: what the reports' record (report/record.h) and the send log
// (mail/send_log.h) identify a PDF by.
#pragma once

#include <string>
#include <string_view>

namespace impact {

/// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string sha256Hex(std::string_view bytes);

} // namespace impact
