// Base64 (RFC 4648, standard alphabet, '=' padding): the service's JSON bodies (workbooks in,
// workbooks and PDFs out) and the mail's SMTP AUTH.
//
// Why our own and not Poco::Base64Encoder/Base64Decoder (measured with bench/bench_base64, 48 MB
// payload, same run, 2-core VM, RelWithDebInfo): Poco decodes 3.8-4.0x slower (30 MB/s against
// 113-121 MB/s; encoding 1.3-1.5x slower) and, more to the point, it accepts 6 of the 10 malformed
// inputs the API must answer with 400: whitespace and newlines inside, a truncated last group
// ("Zm9vY"), data after padding ("Zm9=vYmFy", "Zg==="), non-zero leftover bits ("Zm9vYh=="). It
// decodes MIME-style text leniently by design; wrapping it in a strict check would be this file again.
// See docs/decisions.md, "Base64: our own codec, not Poco's".
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace impact {

namespace base64_detail {

inline constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<signed char, 256> decodeTable() {
    std::array<signed char, 256> t{};
    for (auto& v : t) v = -1;
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
    return t;
}

inline constexpr auto kDecode = decodeTable();

} // namespace base64_detail

/// `bytes` in base64, padded with '='.
inline std::string base64Encode(std::string_view bytes) {
    using base64_detail::kAlphabet;
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t size = bytes.size();
    std::string out;
    out.reserve((size + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < size; i += 3) {
        unsigned v = (unsigned(data[i]) << 16) | (unsigned(data[i + 1]) << 8) | unsigned(data[i + 2]);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    if (i < size) {
        unsigned v = unsigned(data[i]) << 16;
        if (i + 1 < size) v |= unsigned(data[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += (i + 1 < size) ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

/// Decodes strictly: the standard alphabet, optional '=' padding, no other characters (whitespace
/// included), zero leftover bits. nullopt when the text is not base64.
inline std::optional<std::string> base64Decode(std::string_view text) {
    std::size_t pad = 0;
    while (pad < 2 && text.size() > pad && text[text.size() - 1 - pad] == '=') ++pad;
    std::string_view body = text.substr(0, text.size() - pad);
    if (pad && (body.size() + pad) % 4 != 0) return std::nullopt;
    if (body.size() % 4 == 1) return std::nullopt;
    std::string out;
    out.reserve(body.size() / 4 * 3 + 2);
    unsigned acc = 0;
    int bits = 0;
    for (char c : body) {
        int v = base64_detail::kDecode[static_cast<unsigned char>(c)];
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    // Leftover bits must be zero (canonical encoding).
    if (bits && (acc & ((1u << bits) - 1))) return std::nullopt;
    return out;
}

} // namespace impact
