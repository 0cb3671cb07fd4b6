// engine/platform/sockets.h on Windows (Winsock).
#include "platform/sockets.h"

#include <winsock2.h>

namespace impact::platform {

void shutdownSocket(SocketHandle socket) { ::shutdown(static_cast<SOCKET>(socket), SD_BOTH); }

} // namespace impact::platform
