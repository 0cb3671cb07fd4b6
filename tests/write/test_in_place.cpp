// updateWorkbookInPlace: refusals (open in Excel or LibreOffice, read-only), the backup, and
// kills at every step and at random moments: the workbook is always the old or the new file, whole.
#include "write_helpers.h"

#include "common/error.h"
#include "read/workbook.h"
#include "write/crash_points.h"
#include "write/graft.h"
#include "write/package_check.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

using namespace impact;
using namespace impact::test;
namespace fs = std::filesystem;

namespace {

struct Scene {
    TempDir dir;
    std::string workbook = dir / "Impact Tracker.xlsx";
    std::string gen = dir / "gen.xlsx";
    std::string oldBytes, newBytes;
    Scene() {
        makeLxwOriginal(workbook);
        makeGenerated(gen);
        oldBytes = readFile(workbook);
        TempDir ref;
        write::graftSheets(workbook, gen, ref / "new.xlsx");
        newBytes = readFile(ref / "new.xlsx");
    }
    void reset() {
        writeFile(workbook, oldBytes);
        fs::remove(write::backupPathFor(workbook));
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().filename().string().rfind(".Impact Tracker.xlsx.impact-", 0) == 0) fs::remove(e.path());
    }
    std::vector<std::string> leftovers() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir.path()))
            if (e.path().filename().string().rfind(".Impact Tracker", 0) == 0) out.push_back(e.path().filename());
        return out;
    }
};

void expectRefusal(const std::string& workbook, const std::string& gen, const std::string& phrase) {
    try {
        write::updateWorkbookInPlace(workbook, gen);
        ADD_FAILURE() << "not refused";
    } catch (const WriteError& e) {
        EXPECT_EQ(e.exitCode(), 3);
        std::string msg = e.what();
        EXPECT_NE(msg.find(phrase), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << "one line";
    }
}

} // namespace

TEST(InPlace, UpdatesAtomicallyAndKeepsTheBackup) {
    Scene s;
    auto names = write::updateWorkbookInPlace(s.workbook, s.gen);
    EXPECT_EQ(names, (std::vector<std::string>{"Impact Summary (2)", "Impact Data Issues"}));
    EXPECT_TRUE(readFile(s.workbook) == s.newBytes);
    EXPECT_EQ(write::backupPathFor(s.workbook), s.dir / "Impact Tracker.backup.xlsx");
    EXPECT_TRUE(readFile(write::backupPathFor(s.workbook)) == s.oldBytes);
    EXPECT_TRUE(s.leftovers().empty());
    // Again: the same file; the backup is now the first result.
    write::updateWorkbookInPlace(s.workbook, s.gen);
    EXPECT_TRUE(readFile(s.workbook) == s.newBytes);
    EXPECT_TRUE(readFile(write::backupPathFor(s.workbook)) == s.newBytes);
}

TEST(InPlace, RefusesAWorkbookOpenInExcel) {
    Scene s;
    writeFile(s.dir / "~$Impact Tracker.xlsx", std::string(165, '\0'));
    expectRefusal(s.workbook, s.gen, "close it in Excel first");
    EXPECT_TRUE(readFile(s.workbook) == s.oldBytes);
    EXPECT_FALSE(fileExists(write::backupPathFor(s.workbook)));
}

TEST(InPlace, RefusesAWorkbookOpenInLibreOffice) {
    Scene s;
    writeFile(s.dir / ".~lock.Impact Tracker.xlsx#", "user,host,profile,23.11.2024 10:00,\n");
    expectRefusal(s.workbook, s.gen, "close it in LibreOffice first");
    EXPECT_TRUE(readFile(s.workbook) == s.oldBytes);
}

TEST(InPlace, RefusesAReadOnlyWorkbook) {
    Scene s;
    fs::permissions(s.workbook, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    expectRefusal(s.workbook, s.gen, "read-only");
    EXPECT_TRUE(readFile(s.workbook) == s.oldBytes);
}

TEST(InPlace, RefusesAReadOnlyFolder) {
    Scene s;
    fs::permissions(s.dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
    expectRefusal(s.workbook, s.gen, "read-only folder");
    fs::permissions(s.dir.path(), fs::perms::owner_all);
    EXPECT_TRUE(readFile(s.workbook) == s.oldBytes);
}

TEST(InPlace, FollowsASymlinkAndKeepsPermissions) {
    Scene s;
    fs::permissions(s.workbook, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    std::string link = s.dir / "link.xlsx";
    fs::create_symlink(s.workbook, link);
    write::updateWorkbookInPlace(link, s.gen);
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_TRUE(readFile(s.workbook) == s.newBytes);
    EXPECT_EQ(fs::status(s.workbook).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

namespace {

int g_stopAt = -1;
int g_seen = 0;
std::vector<std::string>* g_points = nullptr;

void killAt(const char* point) {
    if (g_points) g_points->push_back(point);
    if (g_seen++ == g_stopAt) ::kill(::getpid(), SIGKILL);
}

/// The workbook after a kill: the old file or the new one, whole and readable; with the new one,
/// the backup is the old one.
void expectOldOrNew(Scene& s, const std::string& when) {
    SCOPED_TRACE(when);
    std::string now = readFile(s.workbook);
    bool isOld = now == s.oldBytes, isNew = now == s.newBytes;
    ASSERT_TRUE(isOld || isNew) << "the workbook is neither the old nor the new version";
    EXPECT_NO_THROW(read::Workbook wb(s.workbook));
    auto backup = write::backupPathFor(s.workbook);
    if (isNew) {
        EXPECT_TRUE(readFile(backup) == s.oldBytes);
    }
    if (fileExists(backup)) {
        EXPECT_TRUE(readFile(backup) == s.oldBytes);
    }
}

/// Runs the update in a child process; returns its wait status.
int runChild(Scene& s, int stopAt, int killAfterMicros = -1) {
    pid_t pid = ::fork();
    if (pid == 0) {
        g_stopAt = stopAt;
        g_seen = 0;
        g_points = nullptr;
        write::testing::setCrashHook(stopAt >= 0 ? &killAt : nullptr);
        try {
            write::updateWorkbookInPlace(s.workbook, s.gen);
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(0);
    }
    if (killAfterMicros >= 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(killAfterMicros));
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

} // namespace

TEST(InPlace, KilledAtEveryStepLeavesOldOrNew) {
    Scene s;
    // Count the crash points of one update (every zip entry written, then each file step).
    std::vector<std::string> points;
    g_points = &points;
    g_stopAt = -1;
    write::testing::setCrashHook(&killAt);
    write::updateWorkbookInPlace(s.workbook, s.gen);
    write::testing::setCrashHook(nullptr);
    g_points = nullptr;
    ASSERT_GT(points.size(), 10u);
    EXPECT_EQ(points.back(), "done");
    std::cout << points.size() << " crash points:";
    for (const auto& p : points) std::cout << " " << p;
    std::cout << "\n";
    int sawNew = 0;
    for (int k = 0; k < static_cast<int>(points.size()); ++k) {
        s.reset();
        int status = runChild(s, k);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "step " << k << " (" << points[static_cast<std::size_t>(k)] << ")";
        expectOldOrNew(s, "killed at " + points[static_cast<std::size_t>(k)]);
        sawNew += readFile(s.workbook) == s.newBytes;
    }
    EXPECT_GE(sawNew, 2); // killed after the rename: "renamed" and "done"
    // The next run tidies up after the killed one and succeeds.
    ASSERT_EQ(runChild(s, -1), 0);
    EXPECT_TRUE(readFile(s.workbook) == s.newBytes);
    EXPECT_TRUE(s.leftovers().empty());
}

TEST(InPlace, KilledAtRandomMomentsLeavesOldOrNew) {
    Scene s;
    s.reset();
    auto start = std::chrono::steady_clock::now();
    ASSERT_EQ(runChild(s, -1), 0);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    std::mt19937 rng(20241123);
    std::uniform_int_distribution<long> delay(0, micros + micros / 5);
    int killedOld = 0, killedNew = 0;
    for (int i = 0; i < 30; ++i) {
        s.reset();
        long wait = delay(rng);
        runChild(s, -1, static_cast<int>(wait));
        expectOldOrNew(s, "killed after " + std::to_string(wait) + " us");
        (readFile(s.workbook) == s.newBytes ? killedNew : killedOld)++;
    }
    RecordProperty("old", killedOld);
    RecordProperty("new", killedNew);
    std::cout << "one update: " << micros << " us; after 30 kills: " << killedOld << " old, " << killedNew << " new\n";
}
