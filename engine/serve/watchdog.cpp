#include "serve/watchdog.h"

#include <sys/socket.h>

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

void Watchdog::arm(int fd) {
    std::lock_guard lock(mutex_);
    deadlines_[fd] = std::chrono::steady_clock::now() + limit_;
}

void Watchdog::disarm(int fd) {
    std::lock_guard lock(mutex_);
    deadlines_.erase(fd);
}

void Watchdog::cutAll() {
    std::lock_guard lock(mutex_);
    for (const auto& [fd, deadline] : deadlines_) ::shutdown(fd, SHUT_RDWR);
    deadlines_.clear();
}

void Watchdog::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(500));
        auto now = std::chrono::steady_clock::now();
        for (auto it = deadlines_.begin(); it != deadlines_.end();) {
            // Shut down while holding the lock: disarm() (called before the socket is closed) waits
            // for it, so a closed and reused descriptor is never touched.
            if (it->second <= now) {
                ::shutdown(it->first, SHUT_RDWR);
                it = deadlines_.erase(it);
            } else {
                ++it;
            }
        }
    }
}

} // namespace impact::serve
