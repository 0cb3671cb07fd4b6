// Unit tests of engine/mail: PDF text extraction (on PDFs made by engine/pdf and the real
// reports, compared with poppler's pdftotext), the privacy check, the email template, settings
// precedence, the message and the send log. The SMTP conversation itself is tested end to end
// against a real aiosmtpd server by mail_tests.py.
#include "check/check.h"
#include "analyse/analysis.h"
#include "common/error.h"
#include "mail/mail_settings.h"
#include "mail/mail_template.h"
#include "mail/message.h"
#include "mail/pdf_text.h"
#include "mail/privacy.h"
#include "mail/send_log.h"
#include "pdf/document.h"
#include "pdf/flow.h"
#include "common/unicode_text.h"
#include "recognise/vocabulary.h"
#include "report/reports.h"

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

/// A PDF made by engine/pdf with these paragraphs.
std::string makePdf(const std::vector<std::string>& paragraphs) {
    pdf::DocumentOptions options;
    options.metadata.title = "Test document";
    pdf::Document doc(options);
    pdf::Flow flow(doc);
    flow.title("A partnership report", "for testing");
    for (const auto& p : paragraphs) flow.paragraph(p);
    return bytesOf(doc.bytes());
}

/// Runs of spaces and newlines as one space.
std::string squash(const std::string& s) {
    std::string out;
    for (char c : s) {
        bool space = c == ' ' || c == '\n' || c == '\f' || c == '\r' || c == '\t';
        if (space) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else out += c;
    }
    return out;
}

fs::path tempDir(const std::string& name) {
    fs::path d = fs::temp_directory_path() / ("impact-mail-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
}

/// A hand-written PDF with an uncompressed content stream, `fontDict` and `content`.
std::string handPdf(const std::string& fontDict, const std::string& content, const std::string& extraObjects = "",
                    const std::string& trailerExtra = "") {
    std::ostringstream s;
    s << "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
      << "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
      << "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >> endobj\n"
      << "4 0 obj << /Length " << content.size() << " >>\nstream\n" << content << "\nendstream\nendobj\n"
      << "5 0 obj " << fontDict << " endobj\n" << extraObjects
      << "trailer << /Root 1 0 R /Size 9 " << trailerExtra << " >>\n%%EOF\n";
    return s.str();
}

const std::string kSample = std::string(IMPACT_SOURCE_DIR) + "/samples/york-masterclasses.xlsx";

} // namespace

// ---- PDF text --------------------------------------------------------------------------------

TEST(PdfText, ReadsTextFromAnEnginePdfThatAByteSearchCannotSee) {
    std::string pdf = makePdf({"Olivia Smith-Jones attended every Saturday session.", "Zoë Brontë gave £1,234 in kind."});
    // The content stream is compressed and glyph-encoded: the name is not in the bytes.
    EXPECT_EQ(pdf.find("Olivia"), std::string::npos);
    std::string text = squash(mail::pdfText(pdf));
    EXPECT_NE(text.find("Olivia Smith-Jones attended every Saturday session."), std::string::npos) << text;
    EXPECT_NE(text.find("Zoë Brontë gave £1,234 in kind."), std::string::npos) << text;
    EXPECT_NE(text.find("A partnership report"), std::string::npos);
    EXPECT_NE(text.find("Test document"), std::string::npos) << "the document information is checked too";
}

TEST(PdfText, FindsAPupilNameTheWayTheReportsCheckDoes) {
    std::string pdf = makePdf({"With thanks to olivia  SMITH for her help."});
    std::string text = mail::pdfText(pdf);
    std::vector<std::string> names = {"Olivia Smith", "Oliver Twist", "Ann"};
    auto hits = mail::namesIn(text, names);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0], "Olivia Smith");
    // Whole words only, as report::mentionsName: "Annual" is not "Ann".
    EXPECT_TRUE(mail::namesIn(mail::pdfText(makePdf({"Annual report"})), {"Ann"}).empty());
    EXPECT_EQ(mail::initials("Olivia Smith"), "O. S.");
}

TEST(PdfText, AgreesWithPdftotextOnTheRealReports) {
    if (!fs::exists("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils is not installed";
    const auto& vocab = recognise::Vocabulary::standard();
    check::CheckResult result = check::checkWorkbook(kSample, vocab);
    analyse::Analysis analysis = analyse::analyse(result.model, vocab);
    auto files = report::makeReports(result, analysis, vocab, report::ReportOptions{});
    ASSERT_EQ(files.size(), 1 + result.model.funders.size());
    fs::path dir = tempDir("real");
    auto names = report::personalNames(result.model);
    ASSERT_GT(names.size(), 20u);
    for (const auto& f : files) {
        std::string pdf = bytesOf(f.pdf);
        std::string ours = normalise(mail::pdfText(pdf));
        fs::path p = dir / "r.pdf";
        std::ofstream(p, std::ios::binary) << pdf;
        std::string poppler = normalise(run("pdftotext -q '" + p.string() + "' - 2>/dev/null"));
        ASSERT_GT(poppler.size(), 500u) << f.name;
        // Every word poppler sees, we see.
        std::set<std::string> ourWords;
        std::istringstream a(ours);
        for (std::string w; a >> w;) ourWords.insert(w);
        std::istringstream b(poppler);
        int words = 0;
        for (std::string w; b >> w; ++words) EXPECT_TRUE(ourWords.count(w)) << f.name << ": '" << w << "' missing";
        EXPECT_GT(words, 100);
        if (!f.funder.empty()) {
            EXPECT_NE(ours.find(normalise(f.funder)), std::string::npos);
        }
        EXPECT_TRUE(mail::namesIn(mail::pdfText(pdf), names).empty()) << f.name;
    }
    fs::remove_all(dir);
}

TEST(PdfText, ReadsASimpleFontAndLiteralStrings) {
    std::string pdf = handPdf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                              "BT /F1 12 Tf 72 720 Td (Hello \\(dear\\) Olivia) Tj 0 -14 Td [(Smi) -20 (th) -400 (again)] TJ ET");
    std::string text = squash(mail::pdfText(pdf));
    EXPECT_NE(text.find("Hello (dear) Olivia"), std::string::npos) << text;
    EXPECT_NE(text.find("Smith again"), std::string::npos) << text;
}

TEST(PdfText, ReadsBfcharAndBfrangeCMaps) {
    std::string cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                       "1 beginbfchar <0001> <0041> endbfchar\n1 beginbfrange <0010> <0012> <0062> endbfrange\n"
                       "1 beginbfrange <0020> <0021> [<00E9> <00A3>] endbfrange\nendcmap end end";
    std::string extra = "6 0 obj << /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "\nendstream\nendobj\n";
    std::string pdf = handPdf("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /ToUnicode 6 0 R >>",
                              "BT /F1 12 Tf <0001001000110012 00200021> Tj ET", extra);
    EXPECT_EQ(squash(mail::pdfText(pdf)), "Abcdé£ ");
}

TEST(PdfText, RefusesWhatItCannotCheck) {
    // A composite font without ToUnicode: the codes mean nothing without the font program.
    EXPECT_THROW(mail::pdfText(handPdf("<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>",
                                       "BT /F1 12 Tf <00010002> Tj ET")),
                 mail::PdfTextError);
    // Encrypted.
    EXPECT_THROW(mail::pdfText(handPdf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "BT /F1 12 Tf (x) Tj ET", "",
                                       "/Encrypt << /Filter /Standard >>")),
                 mail::PdfTextError);
    // No text at all (a scanned page): nothing to check against.
    EXPECT_THROW(mail::pdfText(handPdf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "0 0 m 10 10 l S")), mail::PdfTextError);
    // An unknown filter.
    std::string lzw = handPdf("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", "xx");
    lzw.replace(lzw.find("<< /Length"), 10, "<< /Filter /LZWDecode /Length");
    EXPECT_THROW(mail::pdfText(lzw), mail::PdfTextError);
    // Not a PDF; a damaged compressed stream.
    EXPECT_THROW(mail::pdfText("PK\x03\x04 not a pdf"), mail::PdfTextError);
    std::string pdf = makePdf({"Some text"});
    auto at = pdf.find("stream\r\n", pdf.find("/Contents"));
    ASSERT_NE(at, std::string::npos);
    for (std::size_t i = at + 10; i < at + 40; ++i) pdf[i] = 'x';
    EXPECT_THROW(mail::pdfText(pdf), mail::PdfTextError);
}


TEST(PdfText, DamagedPdfsThrowOnlyPdfTextError) {
    // Truncations and flipped bytes of a real engine PDF: text or PdfTextError, nothing else.
    std::string pdf = makePdf({"Olivia Smith-Jones attended every Saturday session."});
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
    int refused = 0, read = 0;
    for (int i = 0; i < 300; ++i) {
        std::string damaged = pdf;
        if (i % 3 == 0) damaged.resize(next() % pdf.size());
        else
            for (int k = 0; k < 1 + i % 7; ++k) damaged[next() % damaged.size()] = static_cast<char>(next() & 0xFF);
        try {
            mail::pdfText(damaged);
            ++read;
        } catch (const mail::PdfTextError&) {
            ++refused;
        }
    }
    EXPECT_EQ(read + refused, 300);
    EXPECT_GT(refused, 50);
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
    EXPECT_EQ(mail::sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
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
