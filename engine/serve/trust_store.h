// Adds Impact's local CA to the user's trust store, where the platform lets a program do that
// without an administrator, and says plainly what is left for the user to do.
#pragma once

#include "serve/certificate.h"

#include <string>

namespace impact::serve {

/// The nickname the CA has in trust stores (replaced on each --install-certificate).
inline constexpr const char* kTrustNickname = "Impact local CA";

/// Linux: the user's NSS database ~/.pki/nssdb (Chromium, Chrome; Firefox with its own profile's)
/// with certutil from libnss3-tools when installed. Windows: `certutil -user -addstore Root`.
/// macOS: `security add-trusted-cert` into the login keychain. Returns the text to show the user:
/// what was done, and the steps for what could not be done automatically. Never throws for a
/// trust store it cannot reach: the certificate still works once trusted by hand.
std::string trustCertificate(const CertificateFiles& files);

} // namespace impact::serve
