#include "mail/send.h"

#include "check/check.h"
#include "common/email_list.h"
#include "common/error.h"
#include "common/sha256.h"
#include "mail/mail_settings.h"
#include "mail/mail_template.h"
#include "mail/message.h"
#include "mail/send_log.h"
#include "mail/smtp.h"
#include "platform/files.h"
#include "platform/path_text.h"
#include "common/unicode_text.h"
#include "recognise/vocabulary.h"
#include "report/privacy.h"
#include "report/record.h"
#include "report/reports.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>

namespace impact::mail {

namespace fs = std::filesystem;

namespace {

std::string setting(const std::map<std::string, std::string>& settings, const std::string& key, const std::string& fallback = {}) {
    auto it = settings.find(key);
    return it == settings.end() || it->second.empty() ? fallback : it->second;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw ReadError(platform::utf8(p) + ": cannot be read.");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The funder's PDF in the folder: the name `impact report` gives it, else the one PDF whose
/// name contains the funder's name. "" if there is none; `reason` says why.
std::string findReport(const SendOptions& o, const model::WorkbookModel& model, const model::Funder& f, std::string& reason) {
    report::ReportOptions ro;
    ro.funderTemplate = o.funderTemplate;
    std::string expected = report::reportFileName(model, f.name, ro);
    std::error_code ec;
    if (fs::is_regular_file(platform::utf8Path(o.outDir) / platform::utf8Path(expected), ec)) return expected;
    std::string wanted = fold(report::safeFileName(f.name));
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(platform::utf8Path(o.outDir), ec)) {
        std::string name = platform::utf8(e.path().filename());
        if (e.path().extension() != ".pdf" || name.rfind(".", 0) == 0) continue;
        if (fold(name).find(wanted) != std::string::npos) found.push_back(name);
    }
    if (found.size() == 1) return found[0];
    if (found.empty())
        reason = "no report for this funder in " + o.outDir + " (looked for '" + expected + "'): run 'impact report' first";
    else
        reason = std::to_string(found.size()) + " PDFs in " + o.outDir + " name this funder and none is '" + expected +
                 "': remove the old ones";
    return "";
}

std::string displayName(const std::string& from) {
    auto lt = from.rfind('<');
    if (lt == std::string::npos) return "";
    std::string n = from.substr(0, lt);
    while (!n.empty() && (n.back() == ' ' || n.back() == '"')) n.pop_back();
    while (!n.empty() && (n.front() == ' ' || n.front() == '"')) n.erase(0, 1);
    return n;
}

void writeDraft(const fs::path& path, const std::string& text) {
    fs::path temp = path.parent_path() / platform::utf8Path("." + platform::utf8(path.filename()) + ".tmp");
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw WriteError(platform::utf8(path) + ": the draft could not be written. Check there is space and the folder can be written.");
    }
    if (!platform::replaceFile(platform::utf8(temp), platform::utf8(path)))
        throw WriteError(platform::utf8(path) + ": the draft could not be written (" + platform::lastErrorText() + ").");
}

/// What preparing every funder's message shares.
struct Run {
    const SendOptions& o;
    const model::WorkbookModel& model;
    const MailSettings& settings;
    const MailTemplate& tpl;
    const SendLog& log;
    const report::Record& record;
    std::vector<std::string> names; ///< pupils' names no email may hold
};

/// A message ready to go, for result.funders[index].
struct Prepared {
    std::size_t index;
    Outgoing mail;
};

/// The names no email may hold: the workbook's (report::personalNames) but the adults each email
/// names by design, the coordinator signing it and the sender, even if they also answered a survey.
std::vector<std::string> namesForEmails(const model::WorkbookModel& model, const MailSettings& settings) {
    std::set<std::string> adults;
    for (const auto& n : {setting(model.settings, "coordinator"), displayName(settings.from)})
        if (!n.empty()) adults.insert(normalise(n));
    std::vector<std::string> names;
    for (const auto& n : report::personalNames(model))
        if (!adults.count(normalise(n))) names.push_back(n);
    return names;
}

/// The record `impact report` wrote beside the PDFs (problem set when there is none to use).
report::Record loadRecord(const std::string& folder) {
    fs::path path = platform::utf8Path(folder) / platform::utf8Path(report::kRecordFileName);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        report::Record none;
        none.problem = "there is no " + std::string(report::kRecordFileName) + " beside it";
        return none;
    }
    return report::parseRecord(readFile(path), platform::utf8(path));
}

/// Why the PDF `pdfPath` (its bytes' SHA-256 `sha256`) may not be sent, or "" if the record says
/// it was made by `impact report`, unchanged since, with no pupil's name in its text.
std::string refusal(const report::Record& record, const std::string& file, const std::string& sha256, const std::string& pdfPath) {
    const std::string again = "Nothing was sent. Make the reports again with 'impact report', then send.";
    if (!record.problem.empty())
        return "cannot tell whether '" + pdfPath + "' holds pupils' names: " + record.problem +
               " (the record 'impact report' writes with the PDFs). " + again;
    const report::RecordEntry* entry = record.find(file);
    if (!entry)
        return "cannot tell whether '" + pdfPath + "' holds pupils' names: " + report::kRecordFileName +
               " does not list it, so 'impact report' did not make it with the others. " + again;
    if (entry->sha256 != sha256)
        return "'" + pdfPath + "' has changed since 'impact report' made it and checked it for pupils' names (its SHA-256 "
               "is not the one recorded), so it cannot be sent as checked. " + again;
    if (entry->pupilNames)
        return "'" + pdfPath + "' contains the name of a pupil from the workbook (" + std::to_string(entry->pupilNames) +
               (entry->pupilNames == 1 ? " name" : " names") + " found when it was made). Nothing was sent. Make the reports "
               "again with 'impact report' and check them.";
    return "";
}

/// The placeholders of the email to `f`.
std::map<std::string, std::string> mailValues(const Run& run, const model::Funder& f, const std::string& reportFile) {
    const auto& model = run.model;
    std::string from = displayName(run.settings.from);
    return {
        {"partnership", setting(model.settings, "partnership_name", "School partnership")},
        {"year", setting(model.settings, "academic_year")},
        {"funder", f.name},
        {"contact", f.contact.empty() ? f.name : f.contact},
        {"note", f.note},
        {"coordinator", setting(model.settings, "coordinator")},
        {"report_title", setting(model.settings, "report_title")},
        {"report_file", reportFile},
        {"from_name", from.empty() ? setting(model.settings, "coordinator") : from},
    };
}

/// Fills in `r` for funder `f` and, if a message is to go, returns it. `stopped` is set when
/// something found means nothing may be sent (a PDF not as recorded, a pupil's name).
std::optional<Outgoing> prepare(const Run& run, const model::Funder& f, FunderOutcome& r, std::string& stopped) {
    EmailList emails = parseEmailList(f.email);
    // The addresses alone are what the log records and matches on: the same people, however typed.
    r.email = emails.ok() ? emails.addresses() : f.email;
    if (!emails.ok()) {
        r.status = SendStatus::Skipped;
        r.reason = emails.blank ? "no email address in the funders sheet" : emails.problem;
        return std::nullopt;
    }
    std::string reason;
    r.report = findReport(run.o, run.model, f, reason);
    if (r.report.empty()) {
        r.status = SendStatus::Skipped;
        r.reason = reason;
        return std::nullopt;
    }
    fs::path pdfPath = platform::utf8Path(run.o.outDir) / platform::utf8Path(r.report);
    std::string pdf = readFile(pdfPath);
    r.sha256 = sha256Hex(pdf);
    if (stopped = refusal(run.record, r.report, r.sha256, platform::utf8(pdfPath)); !stopped.empty()) return std::nullopt;

    FilledMail filled = fillMailTemplate(run.tpl, mailValues(run, f, r.report));
    if (auto hits = report::namesIn(filled.subject + "\n" + filled.body, run.names); !hits.empty()) {
        stopped = "the email to " + f.name + " contains the name of a pupil from the workbook (" + report::initials(hits[0]) +
                  "), probably in its personal note in the funders sheet. Nothing was sent. Change the note and run again.";
        return std::nullopt;
    }
    if (const LogEntry* e = run.log.find(r.email, r.sha256); e && !run.o.resend) {
        r.status = SendStatus::AlreadySent;
        r.reason = "this report was sent to " + r.email + " on " + e->time + " (use --resend to send it again)";
        r.messageId = e->messageId;
        return std::nullopt;
    }
    Outgoing mail;
    mail.from = run.settings.from;
    mail.to = emails.mailboxes;
    // One address with no name of its own: the contact's (or the funder's) name goes with it.
    if (mail.to.size() == 1 && mail.to[0].name.empty()) mail.to[0].name = f.contact.empty() ? f.name : f.contact;
    mail.subject = filled.subject;
    mail.body = filled.body;
    mail.attachmentName = r.report;
    mail.pdf = std::move(pdf);
    mail.messageId = newMessageId(run.settings.from);
    mail.draft = run.o.dryRun;
    r.messageId = mail.messageId;
    return mail;
}

/// Every funder's message, or nothing and result.stopped set: all are checked before any leaves.
std::vector<Prepared> prepareAll(const Run& run, SendResult& result) {
    std::vector<Prepared> queue;
    for (const auto& f : run.model.funders) {
        FunderOutcome& r = result.funders.emplace_back();
        r.funder = f.name;
        if (auto mail = prepare(run, f, r, result.stopped)) queue.push_back({result.funders.size() - 1, std::move(*mail)});
        if (!result.stopped.empty()) return {};
    }
    return queue;
}

/// After a stop: every funder, those not looked at included, is marked not sent.
void markNothingSent(SendResult& result, const model::WorkbookModel& model) {
    for (auto& r : result.funders)
        if (r.status == SendStatus::Pending) r.status = SendStatus::NotSent, r.reason = "nothing was sent: " + result.stopped;
    for (std::size_t i = result.funders.size(); i < model.funders.size(); ++i) {
        FunderOutcome& out = result.funders.emplace_back();
        out.funder = model.funders[i].name;
        out.email = model.funders[i].email;
        out.status = SendStatus::NotSent;
        out.reason = "nothing was sent";
    }
    result.exitCode = kExitOutputUnwritable;
}

void writeDrafts(std::vector<Prepared>& queue, SendResult& result, const std::string& outDir, std::ostream& progress) {
    for (auto& p : queue) {
        FunderOutcome& r = result.funders[p.index];
        fs::path path = platform::utf8Path(outDir) / platform::utf8Path(report::safeFileName("Email to " + r.funder + ".eml"));
        writeDraft(path, messageText(p.mail));
        r.status = SendStatus::Draft;
        r.draft = platform::utf8(path);
        progress << "Draft for " << r.funder << " <" << r.email << ">: " << platform::utf8(path) << "\n";
    }
}

/// Sends one message on `smtp`; on a session error the connection is dropped (`smtp` reset) and
/// the error returned, for the caller to decide whether to reconnect.
std::optional<std::string> sendOne(std::unique_ptr<SmtpConnection>& smtp, const Prepared& p, FunderOutcome& r, std::ostream& progress) {
    Poco::Net::MailMessage message;
    buildMessage(p.mail, message);
    try {
        std::vector<std::string> recipients;
        for (const auto& box : p.mail.to) recipients.push_back(box.address);
        smtp->send(message, recipients);
    } catch (const SmtpMessageRejected& e) {
        r.status = SendStatus::Failed;
        r.reason = std::string("the server refused it: ") + e.what();
    } catch (const SmtpSessionError& e) {
        r.status = SendStatus::Failed;
        r.reason = e.what();
        smtp.reset();
    }
    if (r.status == SendStatus::Failed) {
        progress << "Not sent to " << r.funder << " <" << r.email << ">: " << r.reason << "\n";
        return smtp ? std::nullopt : std::optional<std::string>(r.reason);
    }
    r.status = SendStatus::Sent;
    progress << "Sent to " << r.funder << " <" << r.email << ">: " << r.report << "\n";
    return std::nullopt;
}

/// Sends the queue on one connection, reconnecting twice at most after the server drops it; each
/// message accepted goes into the log at once.
void sendAll(std::vector<Prepared>& queue, SendResult& result, const MailSettings& settings, SendLog& log, std::ostream& progress) {
    std::string password = settings.user.empty() ? std::string() : smtpPassword(settings, processEnvironment());
    std::unique_ptr<SmtpConnection> smtp;
    std::string lost; // why the connection cannot be had
    int reconnects = 0;
    for (auto& p : queue) {
        FunderOutcome& r = result.funders[p.index];
        if (!smtp && lost.empty()) {
            try {
                smtp = std::make_unique<SmtpConnection>(settings, password);
            } catch (const SmtpSessionError& e) {
                lost = e.what();
                progress << "Error: " << lost << "\n";
            }
        }
        if (!smtp) {
            r.status = SendStatus::NotSent;
            r.reason = lost;
            continue;
        }
        // Try once more for the rest, twice at most in a run.
        if (auto dropped = sendOne(smtp, p, r, progress); dropped && ++reconnects > 2) lost = *dropped + "; gave up reconnecting";
        if (r.status == SendStatus::Sent) log.append({utcNow(), r.funder, r.email, r.report, r.sha256, p.mail.messageId});
    }
    if (smtp) smtp->close();
}

/// The lines for people about those skipped, already sent and not sent, and the exit code.
void summarise(SendResult& result, std::ostream& progress) {
    for (const auto& r : result.funders) {
        if (r.status == SendStatus::Skipped) progress << "Skipped " << r.funder << ": " << r.reason << "\n";
        if (r.status == SendStatus::AlreadySent) progress << "Already sent to " << r.funder << ": " << r.reason << "\n";
    }
    int missing = result.count(SendStatus::Failed) + result.count(SendStatus::NotSent);
    if (!missing) return;
    std::string who;
    for (const auto& r : result.funders)
        if (r.status == SendStatus::Failed || r.status == SendStatus::NotSent) who += (who.empty() ? "" : ", ") + r.funder + " <" + r.email + ">";
    progress << missing << (missing == 1 ? " funder did not get their report: " : " funders did not get their report: ") << who
             << ". " << (result.count(SendStatus::Sent) ? "Those sent are recorded in " + result.logPath + "; run" : std::string("Run"))
             << " 'impact send' again to send only the missing ones.\n";
    result.exitCode = kExitOutputUnwritable;
}

} // namespace

const char* sendStatusName(SendStatus status) {
    switch (status) {
    case SendStatus::Sent: return "sent";
    case SendStatus::AlreadySent: return "already-sent";
    case SendStatus::Draft: return "draft";
    case SendStatus::Failed: return "failed";
    case SendStatus::NotSent: return "not-sent";
    case SendStatus::Skipped: return "skipped";
    case SendStatus::Pending: break;
    }
    return "";
}

int SendResult::count(SendStatus status) const {
    int n = 0;
    for (const auto& f : funders) n += f.status == status;
    return n;
}

SendResult sendReports(const SendOptions& o, std::ostream& progress) {
    const auto& vocab = recognise::Vocabulary::standard();
    check::CheckResult checked = check::checkWorkbook(o.workbook, vocab);
    const model::WorkbookModel& model = checked.model;
    if (model.funders.empty())
        throw ReadError(o.workbook + ": no funders sheet was found, so there is nobody to email. Add a sheet with the columns "
                        "Funder, Email and (optionally) Personal note, one row per funder.");
    std::error_code ec;
    if (!fs::is_directory(platform::utf8Path(o.outDir), ec))
        throw ReadError(o.outDir + ": no such folder. Make the reports first: impact report " + o.workbook + " --out \"" + o.outDir + "\".");

    MailSettings settings = loadMailSettings(o.configPath, o.configExplicit, processEnvironment());
    if (!o.dryRun) requireSendable(settings);
    MailTemplate tpl = loadMailTemplate(settings.templatePath.empty() ? standardMailTemplatePath() : settings.templatePath);
    SendLog log(o.outDir);
    report::Record record = loadRecord(o.outDir);
    SendResult result;
    result.logPath = log.path();

    // 1. Prepare every message and check it before anything leaves; 2. drafts, or the real thing.
    std::vector<Prepared> queue = prepareAll({o, model, settings, tpl, log, record, namesForEmails(model, settings)}, result);
    if (!result.stopped.empty()) {
        markNothingSent(result, model);
        progress << "Stopped: " << result.stopped << "\n";
        return result;
    }
    if (o.dryRun) writeDrafts(queue, result, o.outDir, progress);
    else if (!queue.empty()) sendAll(queue, result, settings, log, progress);
    summarise(result, progress);
    return result;
}

} // namespace impact::mail
