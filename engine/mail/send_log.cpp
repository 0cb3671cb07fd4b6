#include "mail/send_log.h"

#include "common/error.h"
#include "platform/files.h"
#include "platform/path_text.h"
#include "platform/time.h"

#include <Poco/String.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace impact::mail {

namespace {

const char* const kHeader = "time,funder,address,report,sha256,message_id";

std::string csvField(const std::string& v) {
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) {
        if (c == '"') q += '"';
        q += c;
    }
    return q + "\"";
}

/// Splits a CSV text into records (quoted fields may hold commas and line breaks).
std::vector<std::vector<std::string>> parseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') { field += '"'; ++i; }
                else quoted = false;
            } else field += c;
        } else if (c == '"') { quoted = true; any = true; }
        else if (c == ',') { row.push_back(field); field.clear(); any = true; }
        else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) { row.push_back(field); rows.push_back(row); }
            row.clear(); field.clear(); any = false;
        } else { field += c; any = true; }
    }
    if (any || !field.empty()) { row.push_back(field); rows.push_back(row); }
    return rows;
}

} // namespace

std::string utcNow() {
    std::time_t t = std::time(nullptr);
    std::tm tm = platform::utcTime(t);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

SendLog::SendLog(const std::string& folder) : path_(platform::utf8(platform::utf8Path(folder) / kSendLogName)) {
    std::error_code ec;
    if (!std::filesystem::exists(platform::utf8Path(path_), ec)) return;
    std::ifstream in(platform::utf8Path(path_), std::ios::binary);
    if (!in) throw ReadError(path_ + ": the send log cannot be read. Check its permissions; Impact needs it to avoid emailing anyone twice.");
    std::stringstream ss;
    ss << in.rdbuf();
    auto rows = parseCsv(ss.str());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        if (i == 0 && !r.empty() && r[0] == "time") continue;
        if (r.size() < 6)
            throw ReadError(path_ + ", record " + std::to_string(i + 1) + ": the send log has a damaged line. Fix or delete that line "
                            "(Impact would then email that funder again).");
        entries_.push_back({r[0], r[1], r[2], r[3], r[4], r[5]});
    }
}

const LogEntry* SendLog::find(const std::string& address, const std::string& sha256) const {
    for (const auto& e : entries_)
        if (Poco::icompare(e.address, address) == 0 && e.sha256 == sha256) return &e;
    return nullptr;
}

void SendLog::append(const LogEntry& e) {
    std::error_code ec;
    auto file = platform::utf8Path(path_);
    bool fresh = !std::filesystem::exists(file, ec) || std::filesystem::file_size(file, ec) == 0;
    platform::OutputFile out;
    if (!out.open(path_, platform::OutputFile::Mode::Append, platform::Permissions::Default))
        throw WriteError(path_ + ": the send log cannot be written (" + platform::lastErrorText() + "). " + e.funder +
                             " was sent the report, but it is not recorded: check the folder's permissions.");
    std::string line;
    if (fresh) line = std::string(kHeader) + "\r\n";
    line += csvField(e.time) + "," + csvField(e.funder) + "," + csvField(e.address) + "," + csvField(e.report) + "," +
            csvField(e.sha256) + "," + csvField(e.messageId) + "\r\n";
    bool ok = out.write(line) && out.sync();
    ok = out.close() && ok;
    if (!ok) throw WriteError(path_ + ": the send log could not be written. " + e.funder + " was sent the report, but it is not recorded.");
    entries_.push_back(e);
}

} // namespace impact::mail
