// Unit tests of engine/run's pure parts: the progress bar, money, issue places, the settings
// file's parsing (comments, numbering, relative paths), the shortcut quoting rules and the login
// entries' contents.
#include "common/error.h"
#include "run/autostart.h"
#include "run/progress.h"
#include "run/settings.h"
#include "run/shortcut.h"
#include "run/summary.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace impact;

namespace {

fs::path tempRoot() { return fs::temp_directory_path() / ("impact-run-units-" + std::to_string(::getpid())); }

/// Removes this process's temporary folder when the tests end.
struct RemoveTempRoot {
    ~RemoveTempRoot() {
        std::error_code ec;
        fs::remove_all(tempRoot(), ec);
    }
} removeTempRoot;

fs::path tempDir(const std::string& name) {
    fs::path d = tempRoot() / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

std::string writeFile(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
    return p.string();
}

} // namespace

TEST(Progress, BarFillsHalfOfTheCurrentStep) {
    EXPECT_EQ(run::Progress::bar(1, 5), "[#---------]");
    EXPECT_EQ(run::Progress::bar(3, 5), "[#####-----]");
    EXPECT_EQ(run::Progress::bar(5, 5), "[#########-]");
    EXPECT_EQ(run::Progress::bar(1, 2, 4), "[#---]");
}

TEST(Progress, PlainLinesWithoutATerminal) {
    std::ostringstream out;
    run::Progress p(out, false);
    p.step(2, 5, "Analysing the figures");
    p.finish("Done");
    EXPECT_EQ(out.str(), "Step 2/5: Analysing the figures\n");
}

TEST(Progress, RedrawnLineOnATerminal) {
    std::ostringstream out;
    run::Progress p(out, true);
    p.step(1, 2, "Reading");
    p.step(2, 2, "Writing");
    p.finish("Done");
    EXPECT_EQ(out.str(), "\r[##--------] 1/2 Reading\x1b[K\r[#######---] 2/2 Writing\x1b[K\r[##########] 2/2 Done\x1b[K\n");
}

TEST(Summary, IssuePlace) {
    validate::Issue i;
    EXPECT_EQ(run::issuePlace(i), "the workbook");
    i.sheet = "Pupil survey";
    EXPECT_EQ(run::issuePlace(i), "Pupil survey");
    i.row = 7;
    EXPECT_EQ(run::issuePlace(i), "Pupil survey row 7");
    i.cell = "F79";
    EXPECT_EQ(run::issuePlace(i), "Pupil survey!F79");
}

TEST(Settings, ReadsWorkbooksInOrderWithCommentsAndRelativePaths) {
    fs::path d = tempDir("settings");
    std::string file = writeFile(d / "impact.ini",
                                 "[impact]\n"
                                 "workbook10 = ten.xlsx\n"
                                 "WORKBOOK = /abs/one.xlsx   ; the first\n"
                                 "workbook2 = sub/two;three.xlsx\n"
                                 "workbook3 =\n"
                                 "workbooks = not-a-slot.xlsx\n"
                                 "output = ; left empty\n"
                                 "threshold = 7 ; small numbers\n"
                                 "open_folder = No\n"
                                 "[mail]\nhost = smtp.example.org\n");
    run::RunSettings s = run::loadSettings(file);
    ASSERT_EQ(s.workbooks.size(), 3u);
    EXPECT_EQ(s.workbooks[0].path, "/abs/one.xlsx");
    EXPECT_EQ(s.workbooks[1].key, "workbook2");
    EXPECT_EQ(s.workbooks[1].path, (fs::absolute(d) / "sub/two;three.xlsx").string());
    EXPECT_EQ(s.workbooks[2].key, "workbook10");
    EXPECT_EQ(s.output, "");
    ASSERT_TRUE(s.threshold.has_value());
    EXPECT_EQ(*s.threshold, "7");
    EXPECT_FALSE(s.openFolder);
}

TEST(Settings, ErrorsNameTheFileAndKey) {
    fs::path d = tempDir("errors");
    std::string none = writeFile(d / "none.ini", "[impact]\noutput = x\n");
    try {
        run::loadSettings(none);
        FAIL() << "no workbook accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find(none), std::string::npos);
    }
    std::string missing = writeFile(d / "missing.ini", "[impact]\nworkbook = " + (d / "gone.xlsx").string() + "\n");
    try {
        run::checkWorkbooksExist(run::loadSettings(missing));
        FAIL() << "missing workbook accepted";
    } catch (const ReadError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find(missing), std::string::npos);
        EXPECT_NE(m.find("workbook ="), std::string::npos);
    }
}

TEST(Settings, SetupTextRoundTripsAndIsPrivate) {
    fs::path d = tempDir("setup");
    std::string file = (d / "cfg" / "impact.ini").string();
    run::writeSettingsFile(file, run::settingsText("/data/Book 1.xlsx", ""), false);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    run::RunSettings s = run::loadSettings(file);
    ASSERT_EQ(s.workbooks.size(), 1u);
    EXPECT_EQ(s.workbooks[0].path, "/data/Book 1.xlsx");
    EXPECT_TRUE(s.openFolder);
    EXPECT_THROW(run::writeSettingsFile(file, "x", false), UsageError);
    EXPECT_NO_THROW(run::writeSettingsFile(file, "[impact]\nworkbook = /b.xlsx\n", true));
    EXPECT_EQ(run::loadSettings(file).workbooks[0].path, "/b.xlsx");
}

TEST(Settings, OutputFolderPerWorkbook) {
    // One workbook: the output folder itself; several: a subfolder each; none set: beside it.
    run::RunSettings s;
    s.workbooks = {{"workbook", "/d/North.xlsx"}};
    EXPECT_EQ(run::outputFolderFor(s, s.workbooks[0]), "/d/North - Impact reports");
    s.output = "/reports";
    EXPECT_EQ(run::outputFolderFor(s, s.workbooks[0]), "/reports");
    s.workbooks.push_back({"workbook2", "/e/South.xlsx"});
    EXPECT_EQ(run::outputFolderFor(s, s.workbooks[0]), "/reports/North");
    EXPECT_EQ(run::outputFolderFor(s, s.workbooks[1]), "/reports/South");
}

TEST(Settings, FindsAConfiguredWorkbookByFileNotSpelling) {
    fs::path d = tempDir("find");
    fs::create_directories(d / "sub");
    writeFile(d / "sub" / "Book.xlsx", "x");
    writeFile(d / "Other.xlsx", "x");
    run::RunSettings s;
    s.workbooks = {{"workbook", (d / "Other.xlsx").string()}, {"workbook2", (d / "sub" / "Book.xlsx").string()}};
    const run::ConfiguredWorkbook* w = run::findConfiguredWorkbook(s, (d / "sub" / ".." / "sub" / "Book.xlsx").string());
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->key, "workbook2");
    EXPECT_EQ(run::findConfiguredWorkbook(s, (d / "missing.xlsx").string()), nullptr);
}

TEST(Shortcut, Quoting) {
    EXPECT_EQ(run::quoteDesktopExec("/opt/impact/bin/impact"), "\"/opt/impact/bin/impact\"");
    // $ " ` \ are backslash-escaped inside the quotes, % doubled, then every backslash doubled.
    EXPECT_EQ(run::quoteDesktopExec("/a b/$x \"q\" 5% \\"), "\"/a b/\\\\$x \\\\\"q\\\\\" 5%% \\\\\\\\\"");
    EXPECT_THROW(run::quoteDesktopExec("/a\nb"), UsageError);
    EXPECT_EQ(run::quoteShell("/Users/Sam's Mac/impact"), "'/Users/Sam'\\''s Mac/impact'");
    EXPECT_EQ(run::quoteCmd("C:\\Impact 100%\\impact.exe"), "\"C:\\Impact 100%%\\impact.exe\"");
    EXPECT_EQ(run::quotePowerShell("C:\\Users\\Sam O'Neil"), "'C:\\Users\\Sam O''Neil'");
    EXPECT_EQ(run::quoteXml("/R&D <x> \"q\" 'a'"), "/R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos;");
    EXPECT_EQ(run::quoteXml("/tab\there"), "/tab\there");
    EXPECT_THROW(run::quoteXml("/a\nb"), UsageError);
    EXPECT_THROW(run::quoteXml(std::string("/a\x01b")), UsageError);
    EXPECT_EQ(run::parsePlatform("macOS"), run::Platform::MacOS);
    EXPECT_THROW(run::parsePlatform("beos"), UsageError);
}

TEST(Shortcut, TemplatesAreCompiledInWithTheirPlaceholders) {
    for (const char* name : {"impact.desktop.in", "impact.command.in", "impact.cmd.in"}) {
        std::string t = run::shortcutTemplate(name);
        EXPECT_NE(t.find("@IMPACT@ run --pause --config @SETTINGS@"), std::string::npos) << name;
        EXPECT_EQ(t.find('\r'), std::string::npos) << name;
    }
    EXPECT_NE(run::shortcutTemplate("make-shortcut.ps1.in").find("@CMD@"), std::string::npos);
    EXPECT_EQ(run::shortcutTemplate("nothing.in"), "");
}

TEST(Autostart, TemplatesRunExactlyServe) {
    for (const char* name : {"impact-serve.desktop.in", "impact-service.cmd.in"}) {
        std::string t = run::shortcutTemplate(name);
        EXPECT_NE(t.find("@IMPACT@ serve\n"), std::string::npos) << name;
        EXPECT_EQ(t.find('\r'), std::string::npos) << name;
    }
    EXPECT_NE(run::shortcutTemplate("org.impact.serve.plist.in").find("<string>@IMPACT@</string>\n        <string>serve</string>"),
              std::string::npos);
}

TEST(Autostart, ContentsPerPlatform) {
    run::AutostartOptions o;
    o.platform = run::Platform::Linux;
    o.folder = "/srv/sam/.config/autostart"; // only the text is made: nothing is written here
    o.program = "/opt/my impact/impact";
    auto [desktopPath, desktop] = run::autostartContents(o);
    EXPECT_EQ(desktopPath, "/srv/sam/.config/autostart/impact-serve.desktop");
    EXPECT_NE(desktop.find("\nExec=\"/opt/my impact/impact\" serve\n"), std::string::npos);
    EXPECT_NE(desktop.find("\nTerminal=false\n"), std::string::npos);

    o.platform = run::Platform::MacOS;
    o.folder = "/Users/sam/Library/LaunchAgents";
    o.program = "/Applications/R&D/impact";
    o.logFile = "/Users/sam/Library/Logs/Impact/serve.log";
    auto [plistPath, plist] = run::autostartContents(o);
    EXPECT_EQ(plistPath, "/Users/sam/Library/LaunchAgents/org.impact.serve.plist");
    EXPECT_NE(plist.find("<string>/Applications/R&amp;D/impact</string>"), std::string::npos);
    EXPECT_EQ(plist.find("@"), std::string::npos);

    o.platform = run::Platform::Windows;
    o.folder = "C:/Users/sam/Startup"; // only the text is made: nothing is written here
    o.program = "C:\\Impact 100%\\impact.exe";
    auto [cmdPath, cmd] = run::autostartContents(o);
    EXPECT_EQ(cmdPath, "C:/Users/sam/Startup/Impact service.cmd");
    EXPECT_NE(cmd.find("\r\nstart \"Impact\" /min \"C:\\Impact 100%%\\impact.exe\" serve\r\n"), std::string::npos);
    EXPECT_EQ(cmd.find("\r\r"), std::string::npos);
}
