// The service's JSON API (SPEC "The local service"): one call on one uploaded workbook, answered
// with exactly the objects the command line prints, so the add-in and `impact ... --json` agree.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace impact::serve {

struct ApiAnswer {
    int status = 200;
    Poco::JSON::Object::Ptr body;
};

/// The API paths, without "/api/": check, analyse, summary, reports.
bool isApiCall(const std::string& call);

/// Runs `call` on a request body {"name": "file.xlsx", "workbook": "<base64>", "force": false}.
/// Never throws: bad JSON or base64 → 400, an unreadable workbook → 422 (the message `impact check`
/// prints, naming the file by the name it was sent with), reports with data errors and no force → 409.
/// The workbook only ever exists in a private temporary folder that is removed before returning.
ApiAnswer runApi(const std::string& call, std::string body);

/// {"error": message, "status": status}
Poco::JSON::Object::Ptr errorJson(int status, const std::string& message);

} // namespace impact::serve
