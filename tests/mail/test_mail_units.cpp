// Unit tests of engine/mail and the checks it relies on: the names check on the text drawn into a
// PDF, the record `impact report` writes and send's refusals of PDFs not as recorded, the email
// template, settings precedence, the message and the send log. The SMTP conversation itself is
// tested end to end against a real aiosmtpd server by mail_tests.py.
#include "check/check.h"
#include "analyse/analysis.h"
#include "common/error.h"
#include "mail/mail_settings.h"
#include "mail/mail_template.h"
#include "mail/message.h"
#include "mail/send.h"
#include "mail/send_log.h"
#include "pdf/document.h"
#include "pdf/flow.h"
#include "common/sha256.h"
#include "common/unicode_text.h"
#include "platform/environment.h"
#include "recognise/vocabulary.h"
#include "report/privacy.h"
#include "report/record.h"
#include "report/reports.h"
#include "run/report_job.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace impact;

namespace {

std::string bytesOf(const std::vector<unsigned char>& v) { return std::string(v.begin(), v.end()); }

fs::path tempDir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("impact-mail-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string fileText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kSample = std::string(IMPACT_SOURCE_DIR) + "/samples/york-masterclasses.xlsx";

} // namespace

// ---- the names check at report time, the record, and send's use of it --------------------

TEST(DrawnText, HoldsWhatIsDrawnAndTheDocumentInformation) {
    pdf::DocumentOptions options;
    options.metadata.title = "Test document";
    options.metadata.author = "Sam Coordinator";
    options.decoration.partnership = "Zoë's Partnership";
    pdf::Document doc(options);
    pdf::Flow flow(doc);
    flow.title("A partnership report", "for testing");
    flow.paragraph("Olivia Smith-Jones attended every Saturday session, and Zoë Brontë gave £1,234 in kind.");
    std::string pdf = bytesOf(doc.bytes());
    // The content stream is compressed and glyph-encoded: the name is not in the bytes.
    EXPECT_EQ(pdf.find("Olivia"), std::string::npos);
    std::string text = normalise(doc.drawnText());
    for (const char* shown : {"olivia smith jones attended every saturday session", "zoë brontë gave £1 234 in kind",
                              "a partnership report", "for testing", "page 1 of 1", "zoë s partnership", "test document",
                              "sam coordinator"})
        EXPECT_NE(text.find(shown), std::string::npos) << shown << " not in: " << text;
}

TEST(DrawnText, FindsAPupilNameAsWholeWords) {
    pdf::Document doc(pdf::DocumentOptions{});
    pdf::Flow(doc).paragraph("With thanks to olivia  SMITH for her help, in the Annual report.");
    doc.bytes();
    auto hits = report::namesIn(doc.drawnText(), {"Olivia Smith", "Oliver Twist", "Ann"});
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0], "Olivia Smith");   // "Annual" is not "Ann"
    EXPECT_EQ(report::initials("Olivia Smith"), "O. S.");
}

TEST(ReportRecord, ListsEachPdfWithItsHashAndCheckAndReadsBack) {
    report::ReportFile clean, named;
    clean.name = "Governors.pdf";
    clean.audience = "governors";
    clean.pdf = {'a', 'b', 'c'};
    named.name = "Zoë's Trust.pdf";
    named.audience = "funder";
    named.pdf = {'%', 'P', 'D', 'F'};
    named.pupilNames = {"olivia smith", "oliver twist"};
    std::string text = report::recordText({clean, named});
    EXPECT_EQ(text, report::recordText({clean, named})) << "the same files, the same bytes";
    EXPECT_EQ(text.find('\r'), std::string::npos);
    EXPECT_EQ(normalise(text).find("olivia"), std::string::npos) << "no name goes into the record";
    report::Record r = report::parseRecord(text, "record.json");
    EXPECT_EQ(r.problem, "");
    ASSERT_EQ(r.reports.size(), 2u);
    ASSERT_NE(r.find("Governors.pdf"), nullptr);
    EXPECT_EQ(r.find("Governors.pdf")->sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(r.find("Governors.pdf")->pupilNames, 0u);
    ASSERT_NE(r.find("Zoë's Trust.pdf"), nullptr);
    EXPECT_EQ(r.find("Zoë's Trust.pdf")->pupilNames, 2u);
    EXPECT_EQ(r.find("Other.pdf"), nullptr);
    for (const char* damaged : {"", "[]", "{\"reports\": 3}", "{\"reports\": [{\"file\": 3}]}", "{not json"}) {
        report::Record bad = report::parseRecord(damaged, "record.json");
        EXPECT_TRUE(bad.reports.empty()) << damaged;
        EXPECT_NE(bad.problem.find("record.json"), std::string::npos) << damaged;
    }
    // A check that is not plainly "passed" does not pass.
    report::Record odd = report::parseRecord(R"({"reports": [{"file": "a.pdf", "sha256": "x", "names_check": "PASSED"}]})", "r");
    ASSERT_EQ(odd.reports.size(), 1u);
    EXPECT_GT(odd.reports[0].pupilNames, 0u);
}

/// `impact report` (no write-back) on the sample into `dir`, then `impact send --dry-run` from it.
class SendChecksTheRecord : public ::testing::Test {
protected:
    void SetUp() override {
        dir = tempDir("record-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        run::ReportJobOptions job;
        job.workbook = kSample;
        job.outputFolder = (dir / "out").string();
        job.writeback = false;
        made = run::runReportJob(job);
        ASSERT_FALSE(made.pdfPaths.empty());
        ASSERT_TRUE(made.warnings.empty());
        platform::setEnvironmentVariable("IMPACT_MAIL_FROM", "Sam Coordinator <sam@example.org>");
    }
    void TearDown() override { fs::remove_all(dir); }

    mail::SendResult dryRun(std::string& said) {
        mail::SendOptions o;
        o.workbook = kSample;
        o.outDir = (dir / "out").string();
        o.dryRun = true;
        std::ostringstream progress;
        mail::SendResult r = mail::sendReports(o, progress);
        said = progress.str();
        return r;
    }
    /// The first funder's PDF: what send looks at first.
    fs::path firstFunderPdf() const { return fs::path(made.pdfPaths.at(1)); }
    int drafts() const {
        int n = 0;
        for (const auto& e : fs::directory_iterator(dir / "out")) n += e.path().extension() == ".eml";
        return n;
    }

    fs::path dir;
    run::ReportJobResult made;
};

TEST_F(SendChecksTheRecord, ThePdfsAsMadeAreSent) {
    std::string record = fileText(dir / "out" / report::kRecordFileName);
    for (const auto& p : made.pdfPaths) {
        // The hash recorded is the file's, computed here apart from the record's writer.
        std::string bytes = fileText(p);
        Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
        engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
        EXPECT_NE(record.find(Poco::DigestEngine::digestToHex(engine.digest())), std::string::npos) << p;
    }
    std::string said;
    mail::SendResult r = dryRun(said);
    EXPECT_EQ(r.exitCode, 0) << said;
    EXPECT_EQ(r.count(mail::SendStatus::Draft), static_cast<int>(made.pdfPaths.size()) - 1) << said;
}

TEST_F(SendChecksTheRecord, RefusesAPdfChangedAfterTheReport) {
    std::ofstream(firstFunderPdf(), std::ios::binary | std::ios::app) << '\n';
    std::string said;
    mail::SendResult r = dryRun(said);
    EXPECT_EQ(r.exitCode, kExitOutputUnwritable);
    EXPECT_NE(r.stopped.find(firstFunderPdf().filename().string()), std::string::npos) << r.stopped;
    EXPECT_NE(r.stopped.find("has changed since 'impact report' made it"), std::string::npos) << r.stopped;
    EXPECT_NE(r.stopped.find("Make the reports again with 'impact report'"), std::string::npos) << r.stopped;
    EXPECT_EQ(r.count(mail::SendStatus::Draft), 0);
    EXPECT_EQ(drafts(), 0);
}

TEST_F(SendChecksTheRecord, RefusesPdfsWithoutARecord) {
    fs::remove(dir / "out" / report::kRecordFileName);
    std::string said;
    mail::SendResult r = dryRun(said);
    EXPECT_EQ(r.exitCode, kExitOutputUnwritable);
    EXPECT_NE(r.stopped.find(firstFunderPdf().filename().string()), std::string::npos) << r.stopped;
    EXPECT_NE(r.stopped.find("there is no Impact reports record.json"), std::string::npos) << r.stopped;
    EXPECT_EQ(drafts(), 0);
    // A PDF the record does not list (put there after the report) is refused too.
    report::ReportFile other;
    other.name = "Someone else.pdf";
    std::ofstream(dir / "out" / report::kRecordFileName, std::ios::binary) << report::recordText({other});
    r = dryRun(said);
    EXPECT_NE(r.stopped.find("does not list it"), std::string::npos) << r.stopped;
    EXPECT_EQ(drafts(), 0);
}

TEST_F(SendChecksTheRecord, RefusesAPdfWhoseRecordSaysItNamesAPupil) {
    fs::path recordPath = dir / "out" / report::kRecordFileName;
    std::string record = fileText(recordPath);
    auto at = record.find("\"passed\"", record.find(firstFunderPdf().filename().string()));
    ASSERT_NE(at, std::string::npos) << record;
    record.replace(at, 8, "\"failed\"");
    std::ofstream(recordPath, std::ios::binary | std::ios::trunc) << record;
    std::string said;
    mail::SendResult r = dryRun(said);
    EXPECT_EQ(r.exitCode, kExitOutputUnwritable);
    EXPECT_NE(r.stopped.find("contains the name of a pupil from the workbook"), std::string::npos) << r.stopped;
    EXPECT_NE(r.stopped.find(firstFunderPdf().filename().string()), std::string::npos) << r.stopped;
    for (const auto& f : r.funders) EXPECT_EQ(f.status, mail::SendStatus::NotSent) << f.funder;
    EXPECT_EQ(drafts(), 0);
}

TEST(ReportNamesCheck, APupilNameDrawnIsCaughtWhenTheReportIsMade) {
    const auto& vocab = recognise::Vocabulary::standard();
    check::CheckResult result = check::checkWorkbook(kSample, vocab);
    analyse::Analysis analysis = analyse::analyse(result.model, vocab);
    auto names = report::personalNames(result.model);
    ASSERT_GT(names.size(), 20u);
    for (const auto& f : report::makeReports(result, analysis, vocab, report::ReportOptions{}))
        EXPECT_TRUE(f.pupilNames.empty()) << f.name;
    // The next steps are written by the coordinator, and printed in the governors' brief.
    analysis.settings["next_steps"] = "Ask " + names[3] + " to present the poster.";
    auto files = report::makeReports(result, analysis, vocab, report::ReportOptions{});
    ASSERT_EQ(files[0].pupilNames.size(), 1u) << files[0].name;
    EXPECT_EQ(files[0].pupilNames[0], normalise(names[3]));
    EXPECT_NE(report::recordText(files).find("\"failed\""), std::string::npos);
}

// ---- template ------------------------------------------------------------------------------

TEST(MailTemplate, FillsPlaceholdersAndDropsEmptyLines) {
    fs::path dir = tempDir("tpl");
    fs::path p = dir / "t.txt";
    std::ofstream(p) << "# a note\nSubject: {partnership}: report for {funder}\n\nDear {contact},\n\n{note}\n\nBest,\n{from_name}\n";
    mail::MailTemplate t = mail::loadMailTemplate(p.string());
    std::map<std::string, std::string> v = {{"partnership", "Zoë's Partnership"}, {"funder", "St Mary's £ Trust"},
                                            {"contact", "Ms Brontë"}, {"note", ""}, {"from_name", "Sam"}};
    auto m = mail::fillMailTemplate(t, v);
    EXPECT_EQ(m.subject, "Zoë's Partnership: report for St Mary's £ Trust");
    EXPECT_EQ(m.body, "Dear Ms Brontë,\n\nBest,\nSam\n");
    v["note"] = "Thank you for the minibus.";
    EXPECT_EQ(mail::fillMailTemplate(t, v).body, "Dear Ms Brontë,\n\nThank you for the minibus.\n\nBest,\nSam\n");
    fs::remove_all(dir);
}

TEST(MailTemplate, RejectsUnknownPlaceholdersAndAMissingSubject) {
    fs::path dir = tempDir("tplbad");
    std::ofstream(dir / "a.txt") << "Subject: Hi {fundr}\n\nBody\n";
    try {
        mail::loadMailTemplate((dir / "a.txt").string());
        FAIL() << "no error";
    } catch (const ReadError& e) {
        EXPECT_NE(std::string(e.what()).find("line 1: unknown placeholder {fundr}"), std::string::npos) << e.what();
    }
    std::ofstream(dir / "b.txt") << "Hello\n\nBody\n";
    EXPECT_THROW(mail::loadMailTemplate((dir / "b.txt").string()), ReadError);
    // The standard template loads and uses only known placeholders.
    mail::MailTemplate std = mail::loadMailTemplate(mail::standardMailTemplatePath());
    EXPECT_NE(std.subject.find("{funder}"), std::string::npos);
    EXPECT_NE(std.body.find("{note}"), std::string::npos);
    fs::remove_all(dir);
}

// ---- settings ------------------------------------------------------------------------------

TEST(MailSettings, EnvironmentOverridesTheFile) {
    fs::path dir = tempDir("ini");
    fs::path ini = dir / "impact.ini";
    std::ofstream(ini) << "[impact]\nworkbook = x.xlsx\n[mail]\nhost = smtp.school.org\nport = 587\ntls = starttls   ; starttls | tls | none\n"
                          "user = coord@school.org\nfrom = Sam Coordinator <coord@school.org>\nca_file =\n";
    std::map<std::string, std::string> env;
    auto getenv = [&](const char* n) -> const char* {
        auto it = env.find(n);
        return it == env.end() ? nullptr : it->second.c_str();
    };
    mail::MailSettings s = mail::loadMailSettings(ini.string(), true, getenv);
    EXPECT_EQ(s.host, "smtp.school.org");
    EXPECT_EQ(s.effectivePort(), 587);
    EXPECT_EQ(s.tls, mail::TlsMode::StartTls) << "the inline comment is not part of the value";
    EXPECT_EQ(s.user, "coord@school.org");
    EXPECT_EQ(s.from, "Sam Coordinator <coord@school.org>");
    EXPECT_EQ(s.caFile, "");
    env = {{"IMPACT_SMTP_HOST", "127.0.0.1"}, {"IMPACT_SMTP_PORT", "2525"}, {"IMPACT_SMTP_TLS", "tls"},
           {"IMPACT_SMTP_USER", "other"}, {"IMPACT_MAIL_FROM", "x@y.org"}, {"IMPACT_SMTP_CA_FILE", "/ca.pem"}};
    s = mail::loadMailSettings(ini.string(), true, getenv);
    EXPECT_EQ(s.host, "127.0.0.1");
    EXPECT_EQ(s.effectivePort(), 2525);
    EXPECT_EQ(s.tls, mail::TlsMode::Implicit);
    EXPECT_EQ(s.user, "other");
    EXPECT_EQ(s.from, "x@y.org");
    EXPECT_EQ(s.caFile, "/ca.pem");
    // No file at all: the environment alone; implicit TLS defaults to 465.
    env.erase("IMPACT_SMTP_PORT");
    s = mail::loadMailSettings((dir / "none.ini").string(), false, getenv);
    EXPECT_EQ(s.effectivePort(), 465);
    EXPECT_THROW(mail::loadMailSettings((dir / "none.ini").string(), true, getenv), UsageError);
    env["IMPACT_SMTP_PORT"] = "seventy";
    try {
        mail::loadMailSettings(ini.string(), true, getenv);
        FAIL();
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("IMPACT_SMTP_PORT"), std::string::npos);
    }
    fs::remove_all(dir);
}

TEST(MailSettings, RefusesPlainTextToAnotherMachine) {
    mail::MailSettings s;
    s.host = "smtp.example.org";
    s.from = "a@b.org";
    s.tls = mail::TlsMode::None;
    EXPECT_THROW(mail::requireSendable(s), UsageError);
    s.host = "127.0.0.1";
    EXPECT_NO_THROW(mail::requireSendable(s));
    s.host = "localhost";
    EXPECT_NO_THROW(mail::requireSendable(s));
    s.from = "";
    EXPECT_THROW(mail::requireSendable(s), UsageError);
    EXPECT_EQ(mail::addressOf("Sam C <sam@x.org>"), "sam@x.org");
}

TEST(MailSettings, PasswordFromTheEnvironmentOnly) {
    mail::MailSettings s;
    auto with = [](const char* n) -> const char* { return std::string(n) == "IMPACT_SMTP_PASSWORD" ? "s3cret" : nullptr; };
    EXPECT_EQ(mail::smtpPassword(s, with), "s3cret");
    // ctest runs us without a terminal on stdin: a clear error, not a hang.
    if (!isatty(0)) {
        auto without = [](const char*) -> const char* { return nullptr; };
        EXPECT_THROW(mail::smtpPassword(s, without), UsageError);
    }
}

// ---- message and log ---------------------------------------------------------------------

TEST(MailMessage, HeadersAndEncodings) {
    mail::Outgoing o;
    o.from = "Zoë Coordinator <zoe@school.org>";
    o.to = {{"St. Peter's School", "bursar@stpeters.org"}};
    o.subject = "Rapport – £1,234 for Zoë";
    o.body = "Dear St Peter's,\nThank you – £500 in kind.\n";
    o.attachmentName = "Report.pdf";
    o.pdf = std::string("%PDF-1.4\0binary\xff", 17);
    o.messageId = mail::newMessageId(o.from);
    o.draft = true;
    std::string text = mail::messageText(o);
    EXPECT_NE(text.find("Subject: =?UTF-8?"), std::string::npos) << text;
    EXPECT_NE(text.find("Message-ID: " + o.messageId), std::string::npos);
    EXPECT_NE(text.find("X-Unsent: 1"), std::string::npos);
    EXPECT_NE(text.find("Date: "), std::string::npos);
    EXPECT_NE(text.find("To: \"St. Peter's School\" <bursar@stpeters.org>"), std::string::npos) << text;
    o.to[0].name = "Zoë's Trust";
    std::string accented = mail::messageText(o);
    EXPECT_NE(accented.find("To: =?UTF-8?q?Zo=C3=AB's_Trust?= <bursar@stpeters.org>\r\n"), std::string::npos) << accented;
    o.to = {{"", "bursar@stpeters.org"}, {"Finance Office", "finance@stpeters.org"}};
    std::string two = mail::messageText(o);
    EXPECT_NE(two.find("To: bursar@stpeters.org, Finance Office <finance@stpeters.org>\r\n"), std::string::npos) << two;
    EXPECT_NE(text.find("application/pdf"), std::string::npos);
    EXPECT_NE(text.find("quoted-printable"), std::string::npos);
    EXPECT_EQ(o.messageId.find("@school.org>"), o.messageId.size() - 12);
    EXPECT_NE(mail::newMessageId(o.from), o.messageId);
    o.from = "";
    EXPECT_EQ(mail::messageText(o).find("From:"), std::string::npos) << "a draft without a From leaves it to the mail program";
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SendLog, AppendsAndFindsBySameAddressAndSamePdf) {
    fs::path dir = tempDir("log");
    {
        mail::SendLog log(dir.string());
        EXPECT_TRUE(log.entries().empty());
        log.append({"2026-01-01T00:00:00Z", "Smith, Jones & Co", "A@B.org", "r 1.pdf", "aa", "<1@b>"});
        log.append({"2026-01-01T00:00:01Z", "Q \"uoted\"", "c@d.org", "r2.pdf", "bb", "<2@d>"});
    }
    mail::SendLog again(dir.string());
    ASSERT_EQ(again.entries().size(), 2u);
    EXPECT_EQ(again.entries()[0].funder, "Smith, Jones & Co");
    EXPECT_EQ(again.entries()[1].funder, "Q \"uoted\"");
    EXPECT_NE(again.find("a@b.org", "aa"), nullptr) << "addresses compare without case";
    EXPECT_EQ(again.find("a@b.org", "bb"), nullptr) << "a different PDF is not already sent";
    EXPECT_EQ(again.find("x@b.org", "aa"), nullptr);
    fs::remove_all(dir);
}
