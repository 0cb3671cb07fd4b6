// engine/platform/sockets.h on POSIX (Linux, macOS).
#include "platform/sockets.h"

#include <sys/socket.h>

namespace impact::platform {

void shutdownSocket(SocketHandle socket) { ::shutdown(static_cast<int>(socket), SHUT_RDWR); }

} // namespace impact::platform
