// engine/platform/system_certificates.h on POSIX: OpenSSL's default verify paths (loaded by Poco's
// Context) are already the system's certificate authorities.
#include "platform/system_certificates.h"

namespace impact::platform {

int addSystemRootCertificates(ssl_ctx_st*) { return 0; }

} // namespace impact::platform
