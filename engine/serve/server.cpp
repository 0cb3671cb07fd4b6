#include "serve/server.h"

#include "common/error.h"
#include "platform/path_text.h"
#include "platform/process.h"
#include "platform/sockets.h"
#include "serve/addin_files.h"
#include "serve/certificate.h"
#include "serve/handler.h"
#include "serve/watchdog.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServerConnection.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/Net.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/ThreadPool.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <ostream>
#include <thread>

namespace impact::serve {

namespace {

/// Poco's HTTP connection, with its socket under the watchdog for as long as it runs.
class WatchedConnection : public Poco::Net::HTTPServerConnection {
public:
    WatchedConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                      Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Watchdog& watchdog)
        : HTTPServerConnection(socket, params, factory), watchdog_(watchdog) {}

    void run() override {
        auto fd = static_cast<platform::SocketHandle>(socket().impl()->sockfd());
        watchdog_.arm(fd);
        try {
            HTTPServerConnection::run();
        } catch (...) {
            // A broken or cut-off connection: nothing to answer.
        }
        watchdog_.disarm(fd);
    }

private:
    Watchdog& watchdog_;
};

class ConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    ConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                      Watchdog& watchdog)
        : params_(std::move(params)), factory_(std::move(factory)), watchdog_(watchdog) {}
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new WatchedConnection(socket, params_, factory_, watchdog_);
    }

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr factory_;
    Watchdog& watchdog_;
};

/// The listening socket: 127.0.0.1 only, whatever the options say. HTTPS unless insecureHttp.
Poco::Net::ServerSocket listen(const ServeOptions& o, const CertificateFiles& certs) {
    Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(o.port));
    try {
        // Poco's (address, backlog) constructors also set SO_REUSEPORT, which would let a second
        // server (another Impact, or another program of this user) share the port and take half
        // the requests. Bind with SO_REUSEADDR only: a taken port is an error.
        Poco::Net::ServerSocket socket;
        if (!o.insecureHttp) {
            Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, certs.key, certs.cert,
                                                                     "", Poco::Net::Context::VERIFY_NONE);
            context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
            socket = Poco::Net::SecureServerSocket(context);
        }
        socket.bind(address, true, false);
        socket.listen(128);
        return socket;
    } catch (const Poco::Net::SSLException& e) {
        throw UsageError(certs.cert + " or " + certs.key + " cannot be used (" + e.displayText() +
                         "). Run 'impact serve --install-certificate' to make a new certificate.");
    } catch (const Poco::IOException& e) {
        throw UsageError("cannot listen on 127.0.0.1:" + std::to_string(o.port) + " (" + e.displayText() +
                         "). Is Impact already running? Close it, or use --port N for another port.");
    }
}

} // namespace

int runServer(const ServeOptions& options, std::ostream& out, std::ostream& log) {
    CertificateFiles certs = certificateFiles(options.certDir);
    if (!options.insecureHttp) {
        std::error_code ec;
        if (!std::filesystem::exists(platform::utf8Path(certs.cert), ec) ||
            !std::filesystem::exists(platform::utf8Path(certs.key), ec))
            throw UsageError("there is no certificate for https://localhost yet (looked in " + certs.dir +
                             "). Run 'impact serve --install-certificate' once to make one and trust it, then "
                             "'impact serve' again.");
    }
    // Before any thread starts: on POSIX the threads inherit the blocked stop signals.
    platform::StopRequest stopRequest;
    platform::ignoreBrokenPipe(); // a client that hangs up mid-answer must not end the service

    // Static Poco: the automatic Winsock start-up can be dropped by the linker, so ask for it.
    Poco::Net::initializeNetwork();
    Poco::Net::initializeSSL();
    struct SslCleanup {
        ~SslCleanup() { Poco::Net::uninitializeSSL(); }
    } sslCleanup;

    auto state = std::make_shared<ServiceState>();
    state->options = options;
    state->scheme = options.insecureHttp ? "http" : "https";
    state->addinRoot = options.addinDir.empty() ? addinDir() : options.addinDir;
    int workers = options.workers > 0 ? options.workers : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
    state->workers = std::make_unique<std::counting_semaphore<1024>>(std::min(workers, 1024));
    state->log = &log;

    Poco::Net::ServerSocket socket = listen(options, certs);
    state->port = socket.address().port();

    Watchdog watchdog(std::chrono::seconds(options.requestSeconds));
    state->rearm = [&watchdog](platform::SocketHandle fd) { watchdog.arm(fd); };
    state->disarm = [&watchdog](platform::SocketHandle fd) { watchdog.disarm(fd); };

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    // Poco itself would silently close connections beyond its queue: keep its limit far above
    // ours, so that ours answers 503 instead.
    params->setMaxQueued(options.queue * 4 + 64);
    params->setTimeout(Poco::Timespan(15, 0));           // one read or write may stall at most 15 s
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(5, 0));
    params->setMaxKeepAliveRequests(100);
    params->setServerName("Impact");
    params->setSoftwareVersion("Impact");

    Poco::ThreadPool pool(2, options.threads + 2, 60);
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers = new HandlerFactory(state);
    Poco::Net::TCPServer server(new ConnectionFactory(params, handlers, watchdog), pool, socket, params);
    state->queuedConnections = [&server] { return server.queuedConnections(); };
    server.start();

    out << "Impact is listening on " << state->scheme << "://localhost:" << state->port
        << "/ \xE2\x80\x94 keep this window open" << std::endl;
    out << "Press Ctrl+C to stop it." << std::endl;

    platform::StopRequest::Reason reason = stopRequest.wait();
    out << "Stopping (" << (reason == platform::StopRequest::Reason::Interrupted ? "interrupted" : "asked to stop") << ")..."
        << std::endl;

    server.stop(); // no new connections
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (server.currentConnections() > 0 && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    watchdog.cutAll();
    pool.joinAll();
    state->queuedConnections = nullptr;
    state->rearm = nullptr;
    state->disarm = nullptr;
    out << "Impact has stopped." << std::endl;
    return kExitOk;
}

} // namespace impact::serve
