// Cuts off connections that take too long: a slow client (one byte every few seconds, the
// "slow loris") must not hold one of the service's threads for ever. Each connection gets a
// deadline when it starts and again after each request it completes; past it, its socket is shut
// down, which ends the thread's read or write with an error.
#pragma once

#include "platform/sockets.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace impact::serve {

class Watchdog {
public:
    explicit Watchdog(std::chrono::seconds limit);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    /// Starts (or restarts) the deadline of the socket `socket`.
    void arm(platform::SocketHandle socket);
    /// Forgets `socket`; after this returns the watchdog will not touch it (call before closing it).
    void disarm(platform::SocketHandle socket);
    /// Shuts down every watched socket now (used when the service stops).
    void cutAll();

private:
    void run();
    std::chrono::seconds limit_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::map<platform::SocketHandle, std::chrono::steady_clock::time_point> deadlines_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace impact::serve
