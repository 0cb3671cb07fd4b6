#include "serve/watchdog.h"

#include "platform/sockets.h"

namespace impact::serve {

Watchdog::Watchdog(std::chrono::seconds limit) : limit_(limit), thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Watchdog::arm(platform::SocketHandle socket) {
    std::lock_guard lock(mutex_);
    deadlines_[socket] = std::chrono::steady_clock::now() + limit_;
}

void Watchdog::disarm(platform::SocketHandle socket) {
    std::lock_guard lock(mutex_);
    deadlines_.erase(socket);
}

void Watchdog::cutAll() {
    std::lock_guard lock(mutex_);
    for (const auto& [socket, deadline] : deadlines_) platform::shutdownSocket(socket);
    deadlines_.clear();
}

void Watchdog::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(500));
        auto now = std::chrono::steady_clock::now();
        for (auto it = deadlines_.begin(); it != deadlines_.end();) {
            // Shut down while holding the lock: disarm() (called before the socket is closed) waits
            // for it, so a closed and reused socket handle is never touched.
            if (it->second <= now) {
                platform::shutdownSocket(it->first);
                it = deadlines_.erase(it);
            } else {
                ++it;
            }
        }
    }
}

} // namespace impact::serve
