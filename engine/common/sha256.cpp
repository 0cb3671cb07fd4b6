#include "common/sha256.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>

namespace impact {

std::string sha256Hex(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    // update() takes an unsigned length: a PDF over 4 GB goes in pieces.
    constexpr std::size_t kPiece = 1u << 30;
    for (std::size_t at = 0; at < bytes.size(); at += kPiece)
        engine.update(bytes.data() + at, static_cast<unsigned>(std::min(kPiece, bytes.size() - at)));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

} // namespace impact
