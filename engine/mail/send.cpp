#include "mail/send.h"

#include "check/check.h"
#include "common/email_list.h"
#include "common/error.h"
#include "mail/mail_settings.h"
#include "mail/mail_template.h"
#include "mail/message.h"
#include "mail/pdf_text.h"
#include "mail/privacy.h"
#include "mail/send_log.h"
#include "mail/smtp.h"
#include "platform/files.h"
#include "platform/path_text.h"
#include "common/unicode_text.h"
#include "recognise/vocabulary.h"
#include "report/reports.h"

#include <filesystem>
#include <fstream>
#include <map>
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

struct Prepared {
    std::size_t index; ///< into result.funders
    Outgoing mail;
};

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
    SendResult result;
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
    result.logPath = log.path();
    // The adults the email names by design (the coordinator signing it) are not pupils, even if
    // they also answered a survey; everyone else in the workbook's name columns is checked for.
    std::vector<std::string> names;
    {
        std::set<std::string> adults;
        for (const auto& n : {setting(model.settings, "coordinator"), displayName(settings.from)})
            if (!n.empty()) adults.insert(normalise(n));
        for (const auto& n : report::personalNames(model))
            if (!adults.count(normalise(n))) names.push_back(n);
    }

    // 1. Prepare every message and check it for pupils' names before anything leaves.
    std::vector<Prepared> queue;
    std::map<std::string, std::string> textCache; // PDF file → extracted text
    for (const auto& f : model.funders) {
        FunderOutcome out;
        out.funder = f.name;
        EmailList emails = parseEmailList(f.email);
        // The addresses alone are what the log records and matches on: the same people, however typed.
        out.email = emails.ok() ? emails.addresses() : f.email;
        std::size_t index = result.funders.size();
        result.funders.push_back(out);
        FunderOutcome& r = result.funders.back();
        if (!emails.ok()) {
            r.status = SendStatus::Skipped;
            r.reason = emails.blank ? "no email address in the funders sheet" : emails.problem;
            continue;
        }
        std::string reason;
        r.report = findReport(o, model, f, reason);
        if (r.report.empty()) {
            r.status = SendStatus::Skipped;
            r.reason = reason;
            continue;
        }
        fs::path pdfPath = platform::utf8Path(o.outDir) / platform::utf8Path(r.report);
        std::string pdf = readFile(pdfPath);
        r.sha256 = sha256Hex(pdf);

        std::string text;
        if (auto it = textCache.find(r.report); it != textCache.end()) text = it->second;
        else {
            try {
                text = pdfText(pdf);
            } catch (const PdfTextError& e) {
                result.stopped = "cannot check '" + platform::utf8(pdfPath) + "' for pupil names (" + e.what() +
                                 "). Nothing was sent. Make the report again with 'impact report'.";
                break;
            }
            textCache[r.report] = text;
        }
        auto hits = namesIn(text, names);
        if (!hits.empty()) {
            result.stopped = "'" + platform::utf8(pdfPath) + "' contains the name of a pupil from the workbook (" + initials(hits[0]) +
                             (hits.size() > 1 ? " and " + std::to_string(hits.size() - 1) + " more" : std::string()) +
                             "). Nothing was sent. Make the reports again with 'impact report' and check them.";
            break;
        }

        std::map<std::string, std::string> values = {
            {"partnership", setting(model.settings, "partnership_name", "School partnership")},
            {"year", setting(model.settings, "academic_year")},
            {"funder", f.name},
            {"contact", f.contact.empty() ? f.name : f.contact},
            {"note", f.note},
            {"coordinator", setting(model.settings, "coordinator")},
            {"report_title", setting(model.settings, "report_title")},
            {"report_file", r.report},
            {"from_name", displayName(settings.from).empty() ? setting(model.settings, "coordinator") : displayName(settings.from)},
        };
        FilledMail filled = fillMailTemplate(tpl, values);
        auto mailHits = namesIn(filled.subject + "\n" + filled.body, names);
        if (!mailHits.empty()) {
            result.stopped = "the email to " + f.name + " contains the name of a pupil from the workbook (" + initials(mailHits[0]) +
                             "), probably in its personal note in the funders sheet. Nothing was sent. Change the note and run again.";
            break;
        }
        if (const LogEntry* e = log.find(r.email, r.sha256); e && !o.resend) {
            r.status = SendStatus::AlreadySent;
            r.reason = "this report was sent to " + r.email + " on " + e->time + " (use --resend to send it again)";
            r.messageId = e->messageId;
            continue;
        }
        Outgoing mail;
        mail.from = settings.from;
        mail.to = emails.mailboxes;
        // One address with no name of its own: the contact's (or the funder's) name goes with it.
        if (mail.to.size() == 1 && mail.to[0].name.empty()) mail.to[0].name = f.contact.empty() ? f.name : f.contact;
        mail.subject = filled.subject;
        mail.body = filled.body;
        mail.attachmentName = r.report;
        mail.pdf = std::move(pdf);
        mail.messageId = newMessageId(settings.from);
        mail.draft = o.dryRun;
        r.messageId = mail.messageId;
        queue.push_back({index, std::move(mail)});
    }
    if (!result.stopped.empty()) {
        for (auto& r : result.funders)
            if (r.status == SendStatus::Pending) r.status = SendStatus::NotSent, r.reason = "nothing was sent: " + result.stopped;
        // Funders after the one that stopped it were not looked at.
        for (std::size_t i = result.funders.size(); i < model.funders.size(); ++i)
        {
            FunderOutcome out;
            out.funder = model.funders[i].name;
            out.email = model.funders[i].email;
            out.status = SendStatus::NotSent;
            out.reason = "nothing was sent";
            result.funders.push_back(std::move(out));
        }
        progress << "Stopped: " << result.stopped << "\n";
        result.exitCode = kExitOutputUnwritable;
        return result;
    }

    // 2. Drafts, or the real thing.
    if (o.dryRun) {
        for (auto& p : queue) {
            FunderOutcome& r = result.funders[p.index];
            fs::path path = platform::utf8Path(o.outDir) / platform::utf8Path(report::safeFileName("Email to " + r.funder + ".eml"));
            writeDraft(path, messageText(p.mail));
            r.status = SendStatus::Draft;
            r.draft = platform::utf8(path);
            progress << "Draft for " << r.funder << " <" << r.email << ">: " << platform::utf8(path) << "\n";
        }
    } else if (!queue.empty()) {
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
            Poco::Net::MailMessage message;
            buildMessage(p.mail, message);
            try {
                std::vector<std::string> recipients;
                for (const auto& box : p.mail.to) recipients.push_back(box.address);
                smtp->send(message, recipients);
            } catch (const SmtpMessageRejected& e) {
                r.status = SendStatus::Failed;
                r.reason = std::string("the server refused it: ") + e.what();
                progress << "Not sent to " << r.funder << " <" << r.email << ">: " << r.reason << "\n";
                continue;
            } catch (const SmtpSessionError& e) {
                r.status = SendStatus::Failed;
                r.reason = e.what();
                progress << "Not sent to " << r.funder << " <" << r.email << ">: " << r.reason << "\n";
                smtp.reset();
                // Try once more for the rest, twice at most in a run.
                if (++reconnects > 2) lost = std::string(e.what()) + "; gave up reconnecting";
                continue;
            }
            r.status = SendStatus::Sent;
            progress << "Sent to " << r.funder << " <" << r.email << ">: " << r.report << "\n";
            log.append({utcNow(), r.funder, r.email, r.report, r.sha256, p.mail.messageId});
        }
        if (smtp) smtp->close();
    }
    for (const auto& r : result.funders) {
        if (r.status == SendStatus::Skipped) progress << "Skipped " << r.funder << ": " << r.reason << "\n";
        if (r.status == SendStatus::AlreadySent) progress << "Already sent to " << r.funder << ": " << r.reason << "\n";
    }
    int missing = result.count(SendStatus::Failed) + result.count(SendStatus::NotSent);
    if (missing) {
        std::string who;
        for (const auto& r : result.funders)
            if (r.status == SendStatus::Failed || r.status == SendStatus::NotSent) who += (who.empty() ? "" : ", ") + r.funder + " <" + r.email + ">";
        progress << missing << (missing == 1 ? " funder did not get their report: " : " funders did not get their report: ") << who
                 << ". " << (result.count(SendStatus::Sent) ? "Those sent are recorded in " + result.logPath + "; run" : std::string("Run"))
                 << " 'impact send' again to send only the missing ones.\n";
        result.exitCode = kExitOutputUnwritable;
    }
    return result;
}

} // namespace impact::mail
