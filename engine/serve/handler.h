// The HTTP side of the service: routing, the safety checks, the API calls and the static files.
#pragma once

#include "platform/sockets.h"
#include "serve/server.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <atomic>
#include <functional>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <semaphore>

namespace impact::serve {

/// What every request handler shares.
struct ServiceState {
    ServeOptions options;
    std::string scheme;         ///< http or https
    int port = 0;               ///< the port actually bound
    std::string addinRoot;
    std::unique_ptr<std::counting_semaphore<1024>> workers;
    std::function<int()> queuedConnections;              ///< connections waiting for a thread
    std::function<void(platform::SocketHandle)> rearm;   ///< restart the per-request deadline
    std::function<void(platform::SocketHandle)> disarm;  ///< stop it while the service is working
    std::ostream* log = nullptr;
    std::mutex logMutex;
};

class HandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit HandlerFactory(std::shared_ptr<ServiceState> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    std::shared_ptr<ServiceState> state_;
};

} // namespace impact::serve
