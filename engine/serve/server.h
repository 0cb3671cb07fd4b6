// `impact serve`: the local HTTPS service behind the spreadsheet add-in, bound to 127.0.0.1 only.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>

namespace impact::serve {

struct ServeOptions {
    int port = 8765;                           ///< 0 picks a free port (tests); the line printed says which
    bool insecureHttp = false;                 ///< plain HTTP, for tests only
    std::size_t maxBodyBytes = 50u << 20;      ///< larger request bodies get 413 (SPEC default 50 MB)
    int requestSeconds = 60;                   ///< a client gets this long to send a request and take the answer
    int busySeconds = 120;                     ///< a request waits this long for a free worker, then gets 503
    int threads = 16;                          ///< connections served at once
    int queue = 256;                           ///< connections waiting for a thread before new ones get 503
    int workers = 0;                           ///< workbooks processed at once (0: the number of cores, at least 2)
    std::string certDir;                       ///< "" for userConfigDir()/certs
    std::string addinDir;                      ///< "" for serve::addinDir()
};

/// Serves until SIGINT or SIGTERM, then stops accepting, lets running requests finish (up to
/// 10 s) and returns 0. Prints the listening line on `out` and one access-log line per request on
/// `log` (method, path, status, bytes, milliseconds: nothing from the request's body).
/// Throws impact::UsageError when the certificate is missing or the port is taken.
int runServer(const ServeOptions& options, std::ostream& out, std::ostream& log);

} // namespace impact::serve
