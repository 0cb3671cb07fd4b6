// `impact send`: email each funder their PDF (or write .eml drafts with --dry-run).
#include "cli/command.h"
#include "common/error.h"
#include "common/paths.h"
#include "mail/send.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include <iostream>
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
        item->set("status", f.status);
        item->set("reason", f.reason);
        item->set("message_id", f.messageId);
        if (!f.draft.empty()) item->set("draft", f.draft);
        list->add(item);
    }
    root->set("funders", list);
    Poco::JSON::Object::Ptr counts = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const char* s : {"sent", "draft", "already-sent", "skipped", "failed", "not-sent"}) counts->set(s, r.count(s));
    root->set("counts", counts);
    if (!r.stopped.empty()) root->set("stopped", r.stopped);
    else root->set("stopped", Poco::Dynamic::Var());
    root->set("exit_code", r.exitCode);
    return root;
}

int runSend(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "config", "funder-template"}, {"dry-run", "resend", "json"});
    if (args.positional().size() != 1) throw UsageError("send needs one WORKBOOK. See 'impact send --help'.");
    if (!args.value("out")) throw UsageError("send needs --out DIR, the folder 'impact report' wrote the PDFs to.");
    mail::SendOptions o;
    o.workbook = args.positional()[0];
    o.outDir = *args.value("out");
    if (const std::string* c = args.value("config")) {
        o.configPath = *c;
        o.configExplicit = true;
    } else {
        o.configPath = defaultSettingsPath();
    }
    if (const std::string* t = args.value("funder-template")) o.funderTemplate = *t;
    o.dryRun = args.flag("dry-run");
    o.resend = args.flag("resend");
    mail::SendResult r = mail::sendReports(o, std::cerr);
    if (args.flag("json")) {
        Poco::JSON::Stringifier::stringify(resultJson(o, r), std::cout, 2);
        std::cout << "\n";
    } else {
        std::cerr << (o.dryRun ? "Drafts written: " + std::to_string(r.count("draft")) : "Sent: " + std::to_string(r.count("sent")))
                  << ", already sent: " << r.count("already-sent") << ", skipped: " << r.count("skipped")
                  << ", not sent: " << r.count("failed") + r.count("not-sent") << ".\n";
    }
    return r.exitCode;
}

} // namespace

Command sendCommand() {
    return {"send", "email each funder their PDF report (or write .eml drafts)",
            "Usage: impact send WORKBOOK --out DIR [--dry-run] [--resend] [--config FILE] [--json]\n\n"
            "Emails each funder in the workbook's funders sheet their report from DIR (made by\n"
            "'impact report WORKBOOK --out DIR'), through your own SMTP server, with the email text from\n"
            "templates/mail/funder.txt. Before anything is sent, every PDF and email is checked for the\n"
            "names of pupils in the workbook: a name found stops the send.\n\n"
            "A send log in DIR ('Impact send log.csv') records each message the server accepted; running\n"
            "again sends only what was not sent yet (same address and same PDF = already sent).\n\n"
            "Settings: the [mail] section of the settings file (host, port, tls, user, from, ca_file,\n"
            "template), overridden by IMPACT_SMTP_HOST, IMPACT_SMTP_PORT, IMPACT_SMTP_TLS (starttls, tls\n"
            "or none - none only to this computer), IMPACT_SMTP_USER, IMPACT_MAIL_FROM, IMPACT_SMTP_CA_FILE.\n"
            "The password comes from IMPACT_SMTP_PASSWORD or is asked for (not shown as you type); it is\n"
            "never stored.\n\n"
            "  --out DIR        the folder holding the PDF reports (required)\n"
            "  --dry-run        write one .eml draft per funder into DIR instead (opens in Outlook or\n"
            "                   Thunderbird as an unsent message); nothing is sent\n"
            "  --resend         send again to funders who already received the same report\n"
            "  --config FILE    the settings file (default: " + defaultSettingsPath() + ")\n"
            "  --funder-template FILE  the report template the PDFs were made with, to find them by name\n"
            "  --json           the result as JSON on stdout: per funder sent, already-sent, draft,\n"
            "                   skipped, failed or not-sent, with the reason\n\n"
            "Exit code: 0 every funder with an address and a report got it (or already had it);\n"
            "2 the workbook, folder or settings cannot be used (nothing sent);\n"
            "3 something was not sent: the server refused a recipient, the connection failed, or a pupil's\n"
            "name was found (nothing sent). The output says who did and did not get their report.\n",
            runSend};
}

} // namespace impact::cli
