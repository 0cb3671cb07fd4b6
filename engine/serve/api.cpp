#include "serve/api.h"

#include "analyse/analysis.h"
#include "check/check.h"
#include "common/base64.h"
#include "common/error.h"
#include "common/json_file.h"
#include "output/analyse_output.h"
#include "output/check_output.h"
#include "platform/path_text.h"
#include "report/record.h"
#include "report/reports.h"
#include "serve/private_dir.h"
#include "sheets/summary_workbook.h"

#include <Poco/JSON/Array.h>
#include <Poco/String.h>

#include <fstream>
#include <iterator>
#include <new>
#include <sstream>

namespace impact::serve {

namespace {

/// A failure with an HTTP status, thrown inside runApi and turned into its answer.
struct ApiError {
    int status;
    std::string message;
    int dataErrors = -1; ///< for 409: how many data errors stop the reports
};

struct Upload {
    std::string name;
    std::string bytes;
    bool force = false;
};

Upload parseBody(std::string body) {
    // Checked for depth before Poco parses it: a body nested thousands deep would overflow the stack.
    JsonParsed json = parseJson(body);
    if (json.problem) {
        const JsonProblem& p = *json.problem;
        std::string where = p.line > 0 ? " (line " + std::to_string(p.line) + ", column " + std::to_string(p.column) + ")" : "";
        throw ApiError{400, "the request body " + p.what + where + ". Send JSON: {\"name\": \"file.xlsx\", \"workbook\": \"<base64>\"}."};
    }
    Poco::Dynamic::Var parsed = std::move(json.value);
    // The body (up to the upload limit) is no longer needed: free it before decoding.
    std::string().swap(body);
    Poco::JSON::Object::Ptr object;
    try {
        object = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {}
    if (!object) throw ApiError{400, "the request body must be a JSON object {\"name\": \"file.xlsx\", \"workbook\": \"<base64>\"}."};
    Upload u;
    Poco::Dynamic::Var name = object->get("name");
    if (name.isEmpty())
        u.name = "workbook.xlsx";
    else if (name.isString())
        u.name = name.convert<std::string>();
    else
        throw ApiError{400, "\"name\" must be the workbook's file name, as a string."};
    Poco::Dynamic::Var workbook = object->get("workbook");
    if (workbook.isEmpty() || !workbook.isString())
        throw ApiError{400, "\"workbook\" is missing: send the workbook's bytes as a base64 string."};
    auto bytes = base64Decode(workbook.extract<std::string>());
    if (!bytes) throw ApiError{400, "\"workbook\" is not valid base64: send the workbook's bytes base64-encoded (RFC 4648)."};
    u.bytes = std::move(*bytes);
    Poco::Dynamic::Var force = object->get("force");
    if (!force.isEmpty()) {
        if (!force.isBoolean()) throw ApiError{400, "\"force\" must be true or false."};
        u.force = force.extract<bool>();
    }
    return u;
}

/// The name the file is written under: the sent name's last part, made safe, ending .xlsx or .xlsm
/// (the reader checks the contents, not the name, but the name keeps messages familiar).
std::string diskName(const std::string& sent) {
    std::string base = sent;
    if (auto slash = base.find_last_of("/\\"); slash != std::string::npos) base = base.substr(slash + 1);
    base = report::safeFileName(base);
    while (!base.empty() && base.front() == '.') base.erase(0, 1);
    if (base.size() > 120) base = base.substr(base.size() - 120);
    if (base.empty()) base = "workbook.xlsx";
    return base;
}

int thresholdFrom(const analyse::Analysis& analysis) {
    std::string text;
    if (auto it = analysis.settings.find("suppression_threshold"); it != analysis.settings.end()) text = it->second;
    if (text.empty()) return 5;
    try {
        int n = std::stoi(text);
        if (n >= 1 && n <= 100) return n;
    } catch (const std::exception&) {}
    throw ApiError{422, "the suppression threshold must be a whole number from 1 to 100, not '" + text +
                            "'. Correct it in the partnership settings sheet."};
}

std::string readFile(const std::string& path) {
    std::ifstream in(platform::utf8Path(path), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) throw WriteError(path + ": the summary workbook could not be read back.");
    return bytes;
}

/// The record `impact report` writes beside its PDFs (report/record.h), for the same PDFs: saved
/// beside them, it lets `impact send` send them (it sends no PDF the record does not list).
Poco::JSON::Object::Ptr recordJson(const std::vector<report::ReportFile>& files) {
    Poco::JSON::Object::Ptr record = new Poco::JSON::Object;
    record->set("name", std::string(report::kRecordFileName));
    record->set("json", base64Encode(report::recordText(files)));
    return record;
}

/// /api/summary: the Impact sheets as a workbook of their own, and their names.
Poco::JSON::Object::Ptr summaryJson(const check::CheckResult& result, const analyse::Analysis& analysis, const PrivateDir& dir) {
    std::string out = dir.path() + "/summary.xlsx";
    auto names = sheets::writeSummaryWorkbook(out, result, analysis, recognise::Vocabulary::standard());
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set("workbook", base64Encode(readFile(out)));
    Poco::JSON::Array::Ptr sheetNames = new Poco::JSON::Array;
    for (const auto& n : names) sheetNames->add(n);
    root->set("sheets", sheetNames);
    return root;
}

/// /api/reports: the PDFs and their record, by the same rule as `impact report`: no PDFs while
/// data errors remain, unless forced.
Poco::JSON::Object::Ptr reportsJson(const check::CheckResult& result, const analyse::Analysis& analysis, bool force) {
    std::size_t errors = result.issues.count(model::Severity::Error);
    if (errors && !force) {
        throw ApiError{409,
                       std::to_string(errors) + (errors == 1 ? " data error remains" : " data errors remain") +
                           ": fix them in the workbook (see /api/check) or send \"force\": true to make the reports "
                           "anyway (every page will say so).",
                       static_cast<int>(errors)};
    }
    report::ReportOptions options;
    options.threshold = thresholdFrom(analysis);
    options.dataErrors = errors;
    auto files = report::makeReports(result, analysis, recognise::Vocabulary::standard(), options);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& f : files) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("name", f.name);
        item->set("audience", f.audience);
        if (!f.funder.empty()) item->set("funder", f.funder);
        item->set("pdf", base64Encode(std::string_view(reinterpret_cast<const char*>(f.pdf.data()), f.pdf.size())));
        list->add(item);
    }
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set("files", list);
    root->set("record", recordJson(files));
    root->set("data_errors", static_cast<int>(errors));
    return root;
}

Poco::JSON::Object::Ptr answer(const std::string& call, const Upload& upload, const PrivateDir& dir) {
    const auto& vocab = recognise::Vocabulary::standard();
    std::string path = dir.write(diskName(upload.name), upload.bytes);
    check::CheckResult result;
    try {
        result = check::checkWorkbook(path, vocab);
    } catch (const Error& e) {
        // The message `impact check` prints, naming the file as the coordinator knows it.
        std::string message = e.what();
        Poco::replaceInPlace(message, path, upload.name);
        Poco::replaceInPlace(message, dir.path(), std::string());
        throw ApiError{422, message};
    }
    result.model.path = upload.name;
    if (call == "check") return output::checkJson(result);
    analyse::Analysis analysis = analyse::analyse(result.model, vocab);
    if (call == "analyse") {
        auto root = output::checkJson(result);
        output::addAnalysisJson(root, analysis);
        return root;
    }
    if (call == "summary") return summaryJson(result, analysis, dir);
    return reportsJson(result, analysis, upload.force);
}

} // namespace

bool isApiCall(const std::string& call) { return call == "check" || call == "analyse" || call == "summary" || call == "reports"; }

Poco::JSON::Object::Ptr errorJson(int status, const std::string& message) {
    Poco::JSON::Object::Ptr e = new Poco::JSON::Object;
    e->set("error", message);
    e->set("status", status);
    return e;
}

ApiAnswer runApi(const std::string& call, std::string body) {
    if (!isApiCall(call))
        return {404, errorJson(404, "there is no API call '" + call + "'. The calls are check, analyse, summary and reports.")};
    try {
        Upload upload = parseBody(std::move(body));
        PrivateDir dir; // removed when this scope ends, whatever happens below
        return {200, answer(call, upload, dir)};
    } catch (const ApiError& e) {
        auto json = errorJson(e.status, e.message);
        if (e.dataErrors >= 0) json->set("errors", e.dataErrors);
        return {e.status, json};
    } catch (const ReadError& e) {
        return {422, errorJson(422, e.what())};
    } catch (const UsageError& e) {
        return {422, errorJson(422, e.what())};
    } catch (const Error& e) {
        return {500, errorJson(500, e.what())};
    } catch (const std::bad_alloc&) {
        return {507, errorJson(507, "ran out of memory with this workbook; it is far larger than any coordinator's workbook.")};
    } catch (const std::exception& e) {
        return {500, errorJson(500, std::string("unexpected error: ") + e.what())};
    }
}

} // namespace impact::serve
