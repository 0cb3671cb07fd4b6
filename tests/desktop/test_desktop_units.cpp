// Unit tests of engine/desktop: the settings file's parsing (comments, numbering, relative paths)
// and writing, the shortcut quoting rules and templates, and the login entries' contents. Paths
// are written as the system running the tests writes them (test::hostPath), so the same cases
// hold on Linux and, cross-built, on Windows under Wine.
#include "common/error.h"
#include "desktop/autostart.h"
#include "desktop/settings.h"
#include "desktop/shortcut.h"
#include "platform/environment.h"
#include "platform/files.h"
#include "platform/path_text.h"
#include "platform/process.h"

#include "host_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace impact;
using test::hostJoin;
using test::hostPath;

namespace {

fs::path tempRoot() { return fs::temp_directory_path() / ("impact-desktop-units-" + std::to_string(platform::processId())); }

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
    return platform::utf8(p);
}

} // namespace

TEST(Settings, ReadsWorkbooksInOrderWithCommentsAndRelativePaths) {
    fs::path d = tempDir("settings");
    std::string file = writeFile(d / "impact.ini",
                                 "[impact]\n"
                                 "workbook10 = ten.xlsx\n"
                                 "WORKBOOK = " + hostPath("/abs/one.xlsx") + "   ; the first\n"
                                 "workbook2 = sub/two;three.xlsx\n"
                                 "workbook3 =\n"
                                 "workbooks = not-a-slot.xlsx\n"
                                 "output = ; left empty\n"
                                 "threshold = 7 ; small numbers\n"
                                 "open_folder = No\n"
                                 "[mail]\nhost = smtp.example.org\n");
    desktop::RunSettings s = desktop::loadSettings(file);
    ASSERT_EQ(s.workbooks.size(), 3u);
    EXPECT_EQ(s.workbooks[0].path, hostPath("/abs/one.xlsx"));
    EXPECT_EQ(s.workbooks[1].key, "workbook2");
    EXPECT_EQ(s.workbooks[1].path, platform::utf8((fs::absolute(d) / "sub" / "two;three.xlsx").lexically_normal()));
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
    std::string missing = writeFile(d / "missing.ini", "[impact]\nworkbook = " + platform::utf8(d / "gone.xlsx") + "\n");
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
    std::string file = platform::utf8(d / "cfg" / "impact.ini");
    desktop::writeSettingsFile(file, desktop::settingsText(hostPath("/data/Book 1.xlsx"), ""), false);
    // It may later hold a mail address: this user's only (POSIX mode 0600, a Windows access list).
    EXPECT_TRUE(platform::isPrivate(file)) << platform::lastErrorText();
    desktop::RunSettings s = desktop::loadSettings(file);
    ASSERT_EQ(s.workbooks.size(), 1u);
    EXPECT_EQ(s.workbooks[0].path, hostPath("/data/Book 1.xlsx"));
    EXPECT_TRUE(s.openFolder);
    EXPECT_THROW(desktop::writeSettingsFile(file, "x", false), UsageError);
    EXPECT_NO_THROW(desktop::writeSettingsFile(file, "[impact]\nworkbook = " + hostPath("/b.xlsx") + "\n", true));
    EXPECT_EQ(desktop::loadSettings(file).workbooks[0].path, hostPath("/b.xlsx"));
    EXPECT_TRUE(platform::isPrivate(file)) << "replaced, it is still private";
}

TEST(Settings, OutputFolderPerWorkbook) {
    // One workbook: the output folder itself; several: a subfolder each; none set: beside it.
    desktop::RunSettings s;
    s.workbooks = {{"workbook", hostPath("/d/North.xlsx")}};
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), hostPath("/d/North - Impact reports"));
    s.output = hostPath("/reports");
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), hostPath("/reports"));
    s.workbooks.push_back({"workbook2", hostPath("/e/South.xlsx")});
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[0]), hostPath("/reports/North"));
    EXPECT_EQ(desktop::outputFolderFor(s, s.workbooks[1]), hostPath("/reports/South"));
}

TEST(Settings, FindsAConfiguredWorkbookByFileNotSpelling) {
    fs::path d = tempDir("find");
    fs::create_directories(d / "sub");
    writeFile(d / "sub" / "Book.xlsx", "x");
    writeFile(d / "Other.xlsx", "x");
    desktop::RunSettings s;
    s.workbooks = {{"workbook", platform::utf8(d / "Other.xlsx")}, {"workbook2", platform::utf8(d / "sub" / "Book.xlsx")}};
    const desktop::ConfiguredWorkbook* w = desktop::findConfiguredWorkbook(s, platform::utf8(d / "sub" / ".." / "sub" / "Book.xlsx"));
    ASSERT_NE(w, nullptr);
    EXPECT_EQ(w->key, "workbook2");
    EXPECT_EQ(desktop::findConfiguredWorkbook(s, platform::utf8(d / "missing.xlsx")), nullptr);
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
    // Only the text is made: nothing is written in these folders. Each platform's entry is named
    // in the folder given, joined as this system joins paths (it is written here, if anywhere).
    desktop::AutostartOptions o;
    o.platform = desktop::Platform::Linux;
    o.folder = "/srv/sam/.config/autostart";
    o.program = "/opt/my impact/impact";
    auto [entryPath, entry] = desktop::autostartContents(o);
    EXPECT_EQ(entryPath, hostJoin(o.folder, "impact-serve.desktop"));
    EXPECT_NE(entry.find("\nExec=\"/opt/my impact/impact\" serve\n"), std::string::npos);
    EXPECT_NE(entry.find("\nTerminal=false\n"), std::string::npos);

    o.platform = desktop::Platform::MacOS;
    o.folder = "/Users/sam/Library/LaunchAgents";
    o.program = "/Applications/R&D/impact";
    o.logFile = "/Users/sam/Library/Logs/Impact/serve.log";
    auto [plistPath, plist] = desktop::autostartContents(o);
    EXPECT_EQ(plistPath, hostJoin(o.folder, "org.impact.serve.plist"));
    EXPECT_NE(plist.find("<string>/Applications/R&amp;D/impact</string>"), std::string::npos);
    EXPECT_EQ(plist.find("@"), std::string::npos);

    o.platform = desktop::Platform::Windows;
    o.folder = hostPath("/Users/sam/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup");
    o.program = "C:\\Impact 100%\\impact.exe";
    auto [cmdPath, cmd] = desktop::autostartContents(o);
    EXPECT_EQ(cmdPath, hostJoin(o.folder, "Impact service.cmd"));
    EXPECT_EQ(cmd.rfind("@echo off\r\n", 0), 0u) << cmd;
    EXPECT_NE(cmd.find("\r\nstart \"Impact\" /min \"C:\\Impact 100%%\\impact.exe\" serve\r\n"), std::string::npos);
    EXPECT_EQ(cmd.find("\r\r"), std::string::npos);
    EXPECT_EQ(cmd.find('@', 1), std::string::npos) << "a placeholder left in: " << cmd;
}

TEST(Autostart, WindowsStartupFolderFromAppData) {
    const std::optional<std::string> appData = platform::environmentVariable("APPDATA");
    platform::setEnvironmentVariable("APPDATA", hostPath("/Users/sam/AppData/Roaming"));
    const std::string folder = desktop::autostartFolder(desktop::Platform::Windows);
    platform::setEnvironmentVariable("APPDATA", std::nullopt);
    EXPECT_THROW(desktop::autostartFolder(desktop::Platform::Windows), UsageError);
    platform::setEnvironmentVariable("APPDATA", appData);
    EXPECT_EQ(folder, hostPath("/Users/sam/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup"));
}
