// Base64 (RFC 4648, standard alphabet) for the service's JSON bodies: workbooks in, workbooks and PDFs out.
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
