// The operating system's trusted certificate authorities, for OpenSSL (SMTP over TLS).
#pragma once

struct ssl_ctx_st; // OpenSSL's SSL_CTX

namespace impact::platform {

/// Adds the system's trusted root certificates to `context`'s store and returns how many. Windows:
/// the "ROOT" system store, which OpenSSL does not read by itself. Elsewhere nothing is added
/// (0): OpenSSL's default verify paths are the system's own.
int addSystemRootCertificates(ssl_ctx_st* context);

} // namespace impact::platform
