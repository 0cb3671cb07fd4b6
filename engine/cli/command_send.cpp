// `impact send`: email each funder their PDF (or write .eml drafts with --dry-run).
#include "cli/command.h"
#include "common/error.h"
#include "common/paths.h"
#include "desktop/settings.h"
#include "mail/send.h"
#include "platform/path_text.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace impact::cli {

namespace {

Poco::JSON::Object::Ptr resultJson(const mail::SendOptions& o, const mail::SendResult& r) {
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    root->set("workbook", o.workbook);
    root->set("out", o.outDir);
    root->set("dry_run", o.dryRun);
    root->set("log", r.logPath);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& f : r.funders) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("funder", f.funder);
        item->set("email", f.email);
        item->set("report", f.report);
        item->set("sha256", f.sha256);
        item->set("status", std::string(mail::sendStatusName(f.status)));
        item->set("reason", f.reason);
        item->set("message_id", f.messageId);
        if (!f.draft.empty()) item->set("draft", f.draft);
        list->add(item);
    }
    root->set("funders", list);
    Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    using mail::SendStatus;
    for (SendStatus s : {SendStatus::Sent, SendStatus::Draft, SendStatus::AlreadySent, SendStatus::Skipped, SendStatus::Failed, SendStatus::NotSent})
        counts->set(mail::sendStatusName(s), r.count(s));
    root->set("counts", counts);
    if (!r.stopped.empty()) root->set("stopped", r.stopped);
    else root->set("stopped", Poco::Dynamic::Var());
    root->set("exit_code", r.exitCode);
    return root;
}

void printCounts(const mail::SendOptions& o, const mail::SendResult& r) {
    using mail::SendStatus;
    std::cerr << (o.dryRun ? "Drafts written: " + std::to_string(r.count(SendStatus::Draft)) : "Sent: " + std::to_string(r.count(SendStatus::Sent)))
              << ", already sent: " << r.count(SendStatus::AlreadySent) << ", skipped: " << r.count(SendStatus::Skipped)
              << ", not sent: " << r.count(SendStatus::Failed) + r.count(SendStatus::NotSent) << ".\n";
}

/// The sends to make, one per workbook: the named WORKBOOK, or else every workbook in the settings file. Without
/// --out, the reports folder is the one `impact run` wrote to (the settings' output folder when the
/// settings name this workbook), else the one `impact report` writes to by default.
std::vector<mail::SendOptions> plannedSends(const Args& args, const mail::SendOptions& base) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::optional<desktop::RunSettings> settings;
    if (fs::exists(platform::utf8Path(base.configPath), ec)) settings = desktop::loadSettings(base.configPath);

    auto jobFor = [&](const std::string& workbook, const desktop::ConfiguredWorkbook* configured) {
        mail::SendOptions job = base;
        job.workbook = workbook;
        if (const std::string* out = args.value("out")) job.outDir = *out;
        else job.outDir = configured ? desktop::outputFolderFor(*settings, *configured) : defaultOutputFolder(workbook);
        if (job.funderTemplate.empty() && configured) job.funderTemplate = settings->funderTemplate;
        return job;
    };

    if (args.positional().size() > 1) throw UsageError("send takes one WORKBOOK (or none, for those in the settings file). See 'impact send --help'.");
    if (args.positional().size() == 1) {
        const std::string& workbook = args.positional()[0];
        return {jobFor(workbook, settings ? desktop::findConfiguredWorkbook(*settings, workbook) : nullptr)};
    }
    if (!settings)
        throw UsageError("send needs a WORKBOOK, or a settings file naming one (there is none at " + base.configPath +
                         "). Use 'impact send WORKBOOK', or make the settings with 'impact run --setup WORKBOOK'.");
    if (args.value("out") && settings->workbooks.size() > 1)
        throw UsageError("--out names one folder, but " + base.configPath + " names " + std::to_string(settings->workbooks.size()) +
                         " workbooks. Name the WORKBOOK too: impact send WORKBOOK --out DIR.");
    desktop::checkWorkbooksExist(*settings);
    std::vector<mail::SendOptions> jobs;
    for (const auto& w : settings->workbooks) jobs.push_back(jobFor(w.path, &w));
    return jobs;
}

int runSend(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "config", "funder-template"}, {"dry-run", "resend", "json"});
    mail::SendOptions base;
    if (const std::string* c = args.value("config")) {
        base.configPath = *c;
        base.configExplicit = true;
    } else {
        base.configPath = defaultSettingsPath();
    }
    if (const std::string* t = args.value("funder-template")) base.funderTemplate = *t;
    base.dryRun = args.flag("dry-run");
    base.resend = args.flag("resend");
    std::vector<mail::SendOptions> jobs = plannedSends(args, base);

    int exitCode = kExitOk;
    Poco::JSON::Array::Ptr results = new Poco::JSON::Array;
    for (const auto& job : jobs) {
        if (jobs.size() > 1) std::cerr << "Workbook " << job.workbook << "\n";
        mail::SendResult r = mail::sendReports(job, std::cerr);
        if (args.flag("json")) results->add(resultJson(job, r));
        else printCounts(job, r);
        exitCode = std::max(exitCode, r.exitCode);
    }
    if (args.flag("json")) {
        // One workbook: its result object. Several (from the settings file): {"results": [...]}.
        if (jobs.size() == 1) {
            Poco::JSON::Stringifier::stringify(results->getObject(0), std::cout, 2);
        } else {
            Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
            root->set("results", results);
            root->set("exit_code", exitCode);
            Poco::JSON::Stringifier::stringify(root, std::cout, 2);
        }
        std::cout << "\n";
    }
    return exitCode;
}

} // namespace

Command sendCommand() {
    return {"send", "email each funder their PDF report (or write .eml drafts)",
            "Usage: impact send [WORKBOOK] [--out DIR] [--dry-run] [--resend] [--config FILE] [--json]\n\n"
            "Emails each funder in the workbook's funders sheet their report from DIR (made by\n"
            "'impact run' or 'impact report'), through your own SMTP server, with the email text from\n"
            "templates/mail/funder.txt. Before anything is sent, every PDF and email is checked for the\n"
            "names of pupils in the workbook: a name found stops the send.\n\n"
            "A send log in DIR ('Impact send log.csv') records each message the server accepted; running\n"
            "again sends only what was not sent yet (same address and same PDF = already sent).\n\n"
            "Settings: the [mail] section of the settings file (host, port, tls, user, from, ca_file,\n"
            "template), overridden by IMPACT_SMTP_HOST, IMPACT_SMTP_PORT, IMPACT_SMTP_TLS (starttls, tls\n"
            "or none - none only to this computer), IMPACT_SMTP_USER, IMPACT_MAIL_FROM, IMPACT_SMTP_CA_FILE.\n"
            "The password comes from IMPACT_SMTP_PASSWORD or is asked for (not shown as you type); it is\n"
            "never stored.\n\n"
            "  WORKBOOK         the workbook; without it, each workbook in the settings file\n"
            "  --out DIR        the folder holding the PDF reports (default: where 'impact run' puts\n"
            "                   them for this workbook, else 'NAME - Impact reports' beside it)\n"
            "  --dry-run        write one .eml draft per funder into DIR instead (opens in Outlook or\n"
            "                   Thunderbird as an unsent message); nothing is sent\n"
            "  --resend         send again to funders who already received the same report\n"
            "  --config FILE    the settings file (default: " + defaultSettingsPath() + ")\n"
            "  --funder-template FILE  the report template the PDFs were made with, to find them by name\n"
            "  --json           the result as JSON on stdout: per funder sent, already-sent, draft,\n"
            "                   skipped, failed or not-sent, with the reason (several workbooks from\n"
            "                   the settings file: {\"results\": [one object per workbook], \"exit_code\"})\n\n"
            "Exit code (with several workbooks, the highest): 0 every funder with an address and a report\n"
            "got it (or already had it);\n"
            "2 the workbook, folder or settings cannot be used (nothing sent);\n"
            "3 something was not sent: the server refused a recipient, the connection failed, or a pupil's\n"
            "name was found (nothing sent). The output says who did and did not get their report.\n",
            runSend};
}

} // namespace impact::cli
