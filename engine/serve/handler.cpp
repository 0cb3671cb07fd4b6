#include "serve/handler.h"

#include "platform/path_text.h"
#include "platform/time.h"
#include "serve/addin_files.h"
#include "serve/api.h"
#include "serve/guard.h"
#include "version.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <ostream>
#include <sstream>

namespace impact::serve {

namespace {

using Clock = std::chrono::steady_clock;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

// The pane runs inside an Office iframe (Excel on the web, desktop webviews): frame-ancestors lists
// Office's hosts, and X-Frame-Options is not sent (DENY would blank the pane). Scripts come from the
// pane itself or Microsoft's office.js CDN.
constexpr const char* kPaneCsp =
    "default-src 'self'; "
    "script-src 'self' https://appsforoffice.microsoft.com; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "frame-src 'self' https://appsforoffice.microsoft.com https://*.officeapps.live.com https://*.office.com; "
    "frame-ancestors 'self' https://*.officeapps.live.com https://*.office.com https://*.office365.com "
    "https://*.microsoft.com https://*.sharepoint.com https://*.live.com; "
    "object-src 'none'; base-uri 'none'; form-action 'self'";

enum class Route { Refused, Health, Api, Static };

std::string pathOf(const std::string& uri) { return uri.substr(0, uri.find_first_of("?#")); }

class Handler : public Poco::Net::HTTPRequestHandler {
public:
    Handler(std::shared_ptr<ServiceState> state, Route route, int status, std::string message)
        : state_(std::move(state)), route_(route), status_(status), message_(std::move(message)) {}

    void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
        auto start = Clock::now();
        std::size_t bytes = 0;
        try {
            switch (route_) {
            case Route::Refused: bytes = sendError(request, response, status_, message_); break;
            case Route::Health: bytes = sendHealth(response); break;
            case Route::Api: bytes = serveApi(request, response, start); break;
            case Route::Static: bytes = serveStatic(request, response); break;
            }
        } catch (const std::exception&) {
            // The connection broke (client gone, cut off by the watchdog): nothing more can be sent.
        }
        log(request, static_cast<int>(response.getStatus()), bytes, start);
        // The next request on this connection gets a fresh deadline.
        if (auto fd = socketOf(request); fd >= 0 && state_->rearm) state_->rearm(fd);
    }

private:
    std::shared_ptr<ServiceState> state_;
    Route route_;
    int status_;
    std::string message_;

    static platform::SocketHandle socketOf(HTTPServerRequest& request) {
        auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&request);
        return impl ? static_cast<platform::SocketHandle>(impl->socket().impl()->sockfd()) : -1;
    }

    static void commonHeaders(HTTPServerResponse& response) {
        response.set("X-Content-Type-Options", "nosniff");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Cross-Origin-Resource-Policy", "same-origin");
    }

    static std::size_t sendJson(HTTPServerResponse& response, int status, const Poco::JSON::Object::Ptr& body) {
        std::ostringstream text;
        Poco::JSON::Stringifier::stringify(body, text, 0);
        std::string s = text.str();
        response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        commonHeaders(response);
        response.set("Cache-Control", "no-store");
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength64(static_cast<Poco::UInt64>(s.size()));
        response.sendBuffer(s.data(), s.size());
        return s.size();
    }

    static std::size_t sendError(HTTPServerRequest& request, HTTPServerResponse& response, int status,
                                 const std::string& message) {
        // A refused request's body is never read: close the connection rather than read it to
        // find the next request.
        if (request.getMethod() != HTTPRequest::HTTP_GET && request.getMethod() != HTTPRequest::HTTP_HEAD)
            response.setKeepAlive(false);
        if (status == 405) response.set("Allow", message.find("GET") == 0 ? "GET, HEAD" : "POST");
        if (status == 503) response.set("Retry-After", "2");
        return sendJson(response, status, errorJson(status, message));
    }

    static std::size_t sendHealth(HTTPServerResponse& response) {
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        body->set("impact", std::string(kVersion));
        return sendJson(response, 200, body);
    }

    std::size_t serveApi(HTTPServerRequest& request, HTTPServerResponse& response, Clock::time_point start) {
        const auto& o = state_->options;
        auto deadline = start + std::chrono::seconds(o.requestSeconds);
        std::string body;
        if (request.hasContentLength()) body.reserve(static_cast<std::size_t>(request.getContentLength64()));
        std::istream& in = request.stream();
        std::string buffer(64 * 1024, '\0');
        while (true) {
            in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
            auto n = static_cast<std::size_t>(in.gcount());
            if (body.size() + n > o.maxBodyBytes) {
                response.setKeepAlive(false);
                return sendJson(response, 413, errorJson(413, tooLarge()));
            }
            body.append(buffer.data(), n);
            if (Clock::now() > deadline) {
                response.setKeepAlive(false);
                return sendJson(response, 408, errorJson(408, "the request took longer than " + std::to_string(o.requestSeconds) +
                                                                  " seconds to arrive; try again."));
            }
            if (in.bad()) {
                response.setKeepAlive(false);
                return sendJson(response, 400, errorJson(400, "the request body could not be read (the connection broke or timed out)."));
            }
            if (!in) break;
        }
        // The whole body is here: from now on the time is the service's, not the client's, so the
        // watchdog's deadline stops (it restarts for sending the answer). Workbooks are processed a
        // few at a time (the cores); others wait their turn up to --busy-timeout, then get 503.
        platform::SocketHandle fd = socketOf(request);
        if (fd >= 0 && state_->disarm) state_->disarm(fd);
        ApiAnswer answer;
        bool acquired = state_->workers->try_acquire_for(std::chrono::seconds(o.busySeconds));
        if (acquired) {
            try {
                answer = runApi(call(request.getURI()), std::move(body));
            } catch (...) {
                state_->workers->release();
                if (fd >= 0 && state_->rearm) state_->rearm(fd);
                throw;
            }
            state_->workers->release();
        }
        if (fd >= 0 && state_->rearm) state_->rearm(fd);
        if (!acquired) {
            response.set("Retry-After", "2");
            return sendJson(response, 503, errorJson(503, "Impact is busy with other workbooks; try again in a moment."));
        }
        return sendJson(response, answer.status, answer.body);
    }

    std::size_t serveStatic(HTTPServerRequest& request, HTTPServerResponse& response) {
        StaticLookup found = lookupStatic(state_->addinRoot, pathOf(request.getURI()));
        if (found.status != 200) {
            return sendJson(response, found.status,
                            errorJson(found.status, found.status == 403 ? "that path is outside the add-in's folder."
                                                                        : "there is no such file in the add-in's folder (" +
                                                                              state_->addinRoot + ")."));
        }
        std::ifstream in(platform::utf8Path(found.file), std::ios::binary);
        std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_OK);
        commonHeaders(response);
        if (found.mime.rfind("text/html", 0) == 0) response.set("Content-Security-Policy", kPaneCsp);
        response.set("Cache-Control", "no-cache");
        response.setContentType(found.mime);
        response.setContentLength64(static_cast<Poco::UInt64>(content.size()));
        if (request.getMethod() == HTTPRequest::HTTP_HEAD) {
            response.send();
            return 0;
        }
        response.sendBuffer(content.data(), content.size());
        return content.size();
    }

    std::string tooLarge() const {
        return "the workbook is larger than this service accepts (" + std::to_string(state_->options.maxBodyBytes >> 20) +
               " MB as sent). Use 'impact report' on the file instead.";
    }

    static std::string call(const std::string& uri) { return pathOf(uri).substr(5); }

    void log(const HTTPServerRequest& request, int status, std::size_t bytes, Clock::time_point start) {
        if (!state_->log) return;
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        std::time_t now = std::time(nullptr);
        std::tm tm = platform::utcTime(now);
        std::string path = pathOf(request.getURI());
        if (path.size() > 200) path = path.substr(0, 200) + "...";
        for (char& c : path)
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
        std::lock_guard lock(state_->logMutex);
        *state_->log << std::put_time(&tm, "%Y-%m-%dT%H:%M:%SZ") << " " << request.getMethod() << " " << path << " "
                     << status << " " << bytes << "B " << ms << "ms" << std::endl;
    }
};

} // namespace

Poco::Net::HTTPRequestHandler* HandlerFactory::createRequestHandler(const HTTPServerRequest& request) {
    const auto& o = state_->options;
    auto refuse = [&](int status, const std::string& message) -> Poco::Net::HTTPRequestHandler* {
        // Set now, before Poco would answer "Expect: 100-continue": a refused body is never invited.
        request.response().setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        return new Handler(state_, Route::Refused, status, message);
    };
    if (!hostAllowed(request.getHost(), state_->port))
        return refuse(421, "this service answers only to localhost and 127.0.0.1 (Host was '" + request.getHost().substr(0, 100) + "').");
    if (!originAllowed(request.get("Origin", ""), state_->scheme, state_->port))
        return refuse(403, "requests from other web pages are refused: only Impact's own task pane may use this service.");
    if (state_->queuedConnections && state_->queuedConnections() >= o.queue)
        return refuse(503, "Impact is busy; try again in a moment.");
    std::string path = pathOf(request.getURI());
    const std::string& method = request.getMethod();
    bool get = method == HTTPRequest::HTTP_GET || method == HTTPRequest::HTTP_HEAD;
    if (path == "/api/health") {
        if (!get) return refuse(405, "GET /api/health.");
        return new Handler(state_, Route::Health, 200, "");
    }
    if (path.rfind("/api/", 0) == 0) {
        std::string name = path.substr(5);
        if (!isApiCall(name)) return refuse(404, "there is no API call '" + name.substr(0, 100) + "'. The calls are check, analyse, summary and reports.");
        if (method != HTTPRequest::HTTP_POST) return refuse(405, "POST a JSON body {\"name\": ..., \"workbook\": ...} to " + path + ".");
        if (!isJsonContentType(request.getContentType()))
            return refuse(415, "send the request as Content-Type: application/json.");
        if (request.hasContentLength() && request.getContentLength64() > static_cast<Poco::Int64>(o.maxBodyBytes))
            return refuse(413, "the workbook is larger than this service accepts (" + std::to_string(o.maxBodyBytes >> 20) +
                                   " MB as sent). Use 'impact report' on the file instead.");
        return new Handler(state_, Route::Api, 200, "");
    }
    if (!get) return refuse(405, "GET or HEAD for the add-in's files.");
    return new Handler(state_, Route::Static, 200, "");
}

} // namespace impact::serve
