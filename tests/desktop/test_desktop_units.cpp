// Unit tests of engine/desktop: the settings file's parsing (comments, numbering, relative paths)
// and writing, the shortcut quoting rules and templates, and the login entries' contents.
#include "common/error.h"
#include "desktop/autostart.h"
#include "desktop/settings.h"
#include "desktop/shortcut.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace impact;

namespace {

fs::path tempRoot() { return fs::temp_directory_path() / ("impact-desktop-units-" + std::to_string(::getpid())); }

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
    desktop::RunSettings s = desktop::loadSettings(file);
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
        desktop::loadSettings(none);
        FAIL() << "no workbook accepted";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find(none), std::string::npos);
    }
    std::string missing = writeFile(d / "missing.ini", "[impact]\nworkbook = " + (d / "gone.xlsx").string() + "\n");
    try {
        desktop::checkWorkbooksExist(desktop::loadSettings(missing));
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
    desktop::writeSettingsFile(file, desktop::settingsText("/data/Book 1.xlsx", ""), false);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    desktop::RunSettings s = desktop::loadSettings(file);
    ASSERT_EQ(s.workbooks.size(), 1u);
    EXPECT_EQ(s.workbooks[0].path, "/data/Book 1.xlsx");
    EXPECT_TRUE(s.openFolder);
    EXPECT_THROW(desktop::writeSettingsFile(file, "x", false), UsageError);
    EXPECT_NO_THROW(desktop::writeSettingsFile(file, "[impact]\nworkbook = /b.xlsx\n", true));
    EXPECT_EQ(desktop::loadSettings(file).workbooks[0].path, "/b.xlsx");
}

TEST(Settings, OutputFolderPerWorkbook) {
    // One workbook: the output folder itself; several: a subfolder each; none set: beside it.
    desktop::RunSettings s;
    s.workbooks = {{"workbook", "/d/North.xlsx"}};
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), "/d/North - Impact reports");
    s.output = "/reports";
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), "/reports");
    s.workbooks.push_back({"workbook2", "/e/South.xlsx"});
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), "/reports/North");
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[1]), "/reports/South");
}

TEST(Settings, FindsAConfiguredWorkbookByFileNotSpelling) {
    fs::path d = tempDir("find");
    fs::create_directories(d / "sub");
    writeFile(d / "sub" / "Book.xlsx", "x");
    writeFile(d / "Other.xlsx", "x");
    desktop::RunSettings s;
    s.workbooks = {{"workbook", (d / "Other.xlsx").string()}, {"workbook2", (d / "sub" / "Book.xlsx").string()}};
    const desktop::ConfiguredWorkbook* w = desktop::findConfiguredWorkbook(s, (d / "sub" / ".." / "sub" / "Book.xlsx").string());
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->key, "workbook2");
    EXPECT_EQ(desktop::findConfiguredWorkbook(s, (d / "missing.xlsx").string()), nullptr);
}

TEST(Shortcut, Quoting) {
    EXPECT_EQ(desktop::quoteDesktopExec("/opt/impact/bin/impact"), "\"/opt/impact/bin/impact\"");
    // $ " ` \ are backslash-escaped inside the quotes, % doubled, then every backslash doubled.
    EXPECT_EQ(desktop::quoteDesktopExec("/a b/$x \"q\" 5% \\"), "\"/a b/\\\\$x \\\\\"q\\\\\" 5%% \\\\\\\\\"");
    EXPECT_THROW(desktop::quoteDesktopExec("/a\nb"), UsageError);
    EXPECT_EQ(desktop::quoteShell("/Users/Sam's Mac/impact"), "'/Users/Sam'\\''s Mac/impact'");
    EXPECT_EQ(desktop::quoteCmd("C:\\Impact 100%\\impact.exe"), "\"C:\\Impact 100%%\\impact.exe\"");
    EXPECT_EQ(desktop::quotePowerShell("C:\\Users\\Sam O'Neil"), "'C:\\Users\\Sam O''Neil'");
    EXPECT_EQ(desktop::quoteXml("/R&D <x> \"q\" 'a'"), "/R&amp;D &lt;x&gt; &quot;q&quot; &apos;a&apos;");
    EXPECT_EQ(desktop::quoteXml("/tab\there"), "/tab\there");
    EXPECT_THROW(desktop::quoteXml("/a\nb"), UsageError);
    EXPECT_THROW(desktop::quoteXml(std::string("/a\x01b")), UsageError);
    EXPECT_EQ(desktop::parsePlatform("macOS"), desktop::Platform::MacOS);
    EXPECT_THROW(desktop::parsePlatform("beos"), UsageError);
}

TEST(Shortcut, TemplatesAreCompiledInWithTheirPlaceholders) {
    for (const char* name : {"impact.desktop.in", "impact.command.in", "impact.cmd.in"}) {
        std::string t = desktop::shortcutTemplate(name);
        EXPECT_NE(t.find("@IMPACT@ run --pause --config @SETTINGS@"), std::string::npos) << name;
        EXPECT_EQ(t.find('\r'), std::string::npos) << name;
    }
    EXPECT_NE(desktop::shortcutTemplate("make-shortcut.ps1.in").find("@CMD@"), std::string::npos);
    EXPECT_EQ(desktop::shortcutTemplate("nothing.in"), "");
}

TEST(Autostart, TemplatesRunExactlyServe) {
    for (const char* name : {"impact-serve.desktop.in", "impact-service.cmd.in"}) {
        std::string t = desktop::shortcutTemplate(name);
        EXPECT_NE(t.find("@IMPACT@ serve\n"), std::string::npos) << name;
        EXPECT_EQ(t.find('\r'), std::string::npos) << name;
    }
    EXPECT_NE(desktop::shortcutTemplate("org.impact.serve.plist.in").find("<string>@IMPACT@</string>\n        <string>serve</string>"),
              std::string::npos);
}

TEST(Autostart, ContentsPerPlatform) {
    desktop::AutostartOptions o;
    o.platform = desktop::Platform::Linux;
    o.folder = "/srv/sam/.config/autostart"; // only the text is made: nothing is written here
    o.program = "/opt/my impact/impact";
    auto [entryPath, entry] = desktop::autostartContents(o);
    EXPECT_EQ(entryPath, "/srv/sam/.config/autostart/impact-serve.desktop");
    EXPECT_NE(entry.find("\nExec=\"/opt/my impact/impact\" serve\n"), std::string::npos);
    EXPECT_NE(entry.find("\nTerminal=false\n"), std::string::npos);

    o.platform = desktop::Platform::MacOS;
    o.folder = "/Users/sam/Library/LaunchAgents";
    o.program = "/Applications/R&D/impact";
    o.logFile = "/Users/sam/Library/Logs/Impact/serve.log";
    auto [plistPath, plist] = desktop::autostartContents(o);
    EXPECT_EQ(plistPath, "/Users/sam/Library/LaunchAgents/org.impact.serve.plist");
    EXPECT_NE(plist.find("<string>/Applications/R&amp;D/impact</string>"), std::string::npos);
    EXPECT_EQ(plist.find("@"), std::string::npos);

    o.platform = desktop::Platform::Windows;
    o.folder = "C:/Users/sam/Startup"; // only the text is made: nothing is written here
    o.program = "C:\\Impact 100%\\impact.exe";
    auto [cmdPath, cmd] = desktop::autostartContents(o);
    EXPECT_EQ(cmdPath, "C:/Users/sam/Startup/Impact service.cmd");
    EXPECT_NE(cmd.find("\r\nstart \"Impact\" /min \"C:\\Impact 100%%\\impact.exe\" serve\r\n"), std::string::npos);
    EXPECT_EQ(cmd.find("\r\r"), std::string::npos);
}
