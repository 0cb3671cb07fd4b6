// What makes the service safe on a shared PC: only this machine's own pages and programs may use it.
#pragma once

#include <string>

namespace impact::serve {

/// True for "localhost", "127.0.0.1", with or without ":port" (the service's own port).
/// Anything else may be a DNS-rebinding page that resolved its own name to 127.0.0.1.
bool hostAllowed(const std::string& host, int port);

/// True when there is no Origin (a program, not a browser) or it is the service's own origin
/// (`scheme`://localhost:port or `scheme`://127.0.0.1:port). Other web pages are refused.
bool originAllowed(const std::string& origin, const std::string& scheme, int port);

/// True for application/json (any case, parameters such as charset allowed). A plain HTML form can
/// only send urlencoded, multipart or text/plain, so this keeps forms on other pages out.
bool isJsonContentType(const std::string& contentType);

} // namespace impact::serve
