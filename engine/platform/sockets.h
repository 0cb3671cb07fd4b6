// Sockets, by their operating-system handle (Poco's sockfd()).
#pragma once

#include <cstdint>

namespace impact::platform {

/// A socket's handle: a descriptor on POSIX, a SOCKET on Windows. -1 is none.
using SocketHandle = std::int64_t;

/// Shuts the socket down both ways, so that a thread blocked reading or writing it returns with an
/// error; the socket stays open for its owner to close.
void shutdownSocket(SocketHandle socket);

} // namespace impact::platform
