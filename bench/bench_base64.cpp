// Base64 benchmark: engine/common/base64.h (Impact's own codec) against Poco's Base64Encoder/Base64Decoder, same run,
// same 48 MB payload (about the largest workbook the service accepts, base64-inflated), plus whether
// each decoder refuses the inputs the API must answer with 400. Not a test: see bench/README.md.
//
//   bench_base64 [megabytes=48] [rounds=3]
#include "common/base64.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string pocoEncode(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0); // one line, as the JSON bodies carry it
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return std::move(out).str();
}

std::optional<std::string> pocoDecode(const std::string& text) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
        if (decoder.bad()) return std::nullopt;
        return out;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

template <class F> double bestSeconds(int rounds, F&& f) {
    double best = 1e30;
    for (int r = 0; r < rounds; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    using namespace impact;
    const std::size_t mb = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 48;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    std::string bytes(mb * 1024 * 1024, '\0');
    std::mt19937_64 rng(42);
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xFF);

    std::string ours, poco;
    const double encOurs = bestSeconds(rounds, [&] { ours = base64Encode(bytes); });
    const double encPoco = bestSeconds(rounds, [&] { poco = pocoEncode(bytes); });
    std::optional<std::string> backOurs, backPoco;
    const double decOurs = bestSeconds(rounds, [&] { backOurs = base64Decode(ours); });
    const double decPoco = bestSeconds(rounds, [&] { backPoco = pocoDecode(ours); });
    const bool same = ours == poco && backOurs == bytes && backPoco == bytes;

    std::printf("payload %zu MB, best of %d rounds, outputs identical: %s\n", mb, rounds, same ? "yes" : "NO");
    std::printf("encode  ours %7.3f s (%6.0f MB/s)   poco %7.3f s (%6.0f MB/s)   poco/ours %.1fx\n", encOurs,
                double(mb) / encOurs, encPoco, double(mb) / encPoco, encPoco / encOurs);
    std::printf("decode  ours %7.3f s (%6.0f MB/s)   poco %7.3f s (%6.0f MB/s)   poco/ours %.1fx\n", decOurs,
                double(mb) / decOurs, decPoco, double(mb) / decPoco, decPoco / decOurs);

    // What the API must refuse (400): whitespace, non-alphabet characters, bad length or padding,
    // non-zero leftover bits. The same list as tests/serve/test_serve_units.cpp.
    const std::vector<std::string> bad = {"Zm9v YmFy", "Zm9v\nYmFy", "Zm9vY", "Zm9=vYmFy", "Zm9vYg=",
                                          "Zm9vYh==", "****", "Zg===", "Zm9v!mFy", "Zm9vYmFy\x80"};
    int oursRefused = 0, pocoRefused = 0;
    for (const auto& b : bad) {
        const bool o = !base64Decode(b).has_value(), p = !pocoDecode(b).has_value();
        oursRefused += o;
        pocoRefused += p;
        std::string shown;
        for (char c : b) shown += (c == '\n') ? std::string("\\n") : (static_cast<unsigned char>(c) >= 0x80 ? std::string("\\x80") : std::string(1, c));
        std::printf("invalid %-14s ours %-8s poco %s\n", ("\"" + shown + "\"").c_str(), o ? "refused" : "ACCEPTED",
                    p ? "refused" : "ACCEPTED");
    }
    std::printf("invalid inputs refused: ours %d/%zu, poco %d/%zu\n", oursRefused, bad.size(), pocoRefused, bad.size());
    return same ? 0 : 1;
}
