// Base64 (RFC 4648, standard alphabet) for the service's JSON bodies: workbooks in, workbooks and PDFs out.
//
// Why our own and not Poco::Base64Encoder/Base64Decoder (measured with bench/bench_base64, 48 MB
// payload, same run, 2-core VM, RelWithDebInfo): Poco decodes 3.8-4.0x slower (30 MB/s against
// 113-121 MB/s; encoding 1.3-1.5x slower) and, more to the point, it accepts 6 of the 10 malformed
// inputs the API must answer with 400: whitespace and newlines inside, a truncated last group
// ("Zm9vY"), data after padding ("Zm9=vYmFy", "Zg==="), non-zero leftover bits ("Zm9vYh=="). It
// decodes MIME-style text leniently by design; wrapping it in a strict check would be this file again.
// See docs/decisions.md, "Base64: our own codec, not Poco's".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace impact::serve {

std::string base64Encode(const unsigned char* data, std::size_t size);
inline std::string base64Encode(const std::string& bytes) {
    return base64Encode(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

/// Decodes strictly: the standard alphabet, optional '=' padding, no other characters (whitespace
/// included). nullopt when the text is not base64.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace impact::serve
