// engine/common/ini_value: values in the settings file as people write them, and paths that
// `impact run --setup` writes coming back unchanged.
#include "common/ini_value.h"
#include "desktop/settings.h"
#include "platform/path_text.h"
#include "platform/process.h"

#include "host_paths.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace impact;

TEST(IniValue, InlineCommentsAndSpaces) {
    EXPECT_EQ(iniValue("  starttls   ; starttls | tls | none"), "starttls");
    EXPECT_EQ(iniValue("587 # the submission port"), "587");
    EXPECT_EQ(iniValue("; left empty"), "");
    EXPECT_EQ(iniValue("\t/data/a;b.xlsx\r"), "/data/a;b.xlsx");
    EXPECT_EQ(iniValue("Room#2.xlsx"), "Room#2.xlsx");
    EXPECT_EQ(iniValue(""), "");
}

TEST(IniValue, QuotedValuesAreTakenAsTheyAre) {
    EXPECT_EQ(iniValue("\"D:\\Year 7 ; 8\\Book.xlsx\""), "D:\\Year 7 ; 8\\Book.xlsx");
    EXPECT_EQ(iniValue("  \" padded \"  ; comment"), " padded ");
    // Quotes that do not close the value are part of it.
    EXPECT_EQ(iniValue("\"Smith\" and Co ; note"), "\"Smith\" and Co");
    EXPECT_EQ(iniValue("\"unclosed"), "\"unclosed");
}

TEST(IniValue, QuotedRoundTrips) {
    for (const char* v : {"/plain/path.xlsx", "/Year 7 ; 8/Book.xlsx", "/notes #2/b.xlsx", " lead", "trail ", "\"quoted\"",
                          "#first", ";first", "", "a;b", "Sam <sam@example.org>"})
        EXPECT_EQ(iniValue(iniQuoted(v)), v) << v;
    EXPECT_EQ(iniQuoted("/plain/path.xlsx"), "/plain/path.xlsx"); // quotes only where needed
}

TEST(IniValue, SetupWritesPathsThatReadBack) {
    namespace fs = std::filesystem;
    fs::path d = fs::temp_directory_path() / ("impact-ini-" + std::to_string(platform::processId()));
    fs::create_directories(d);
    std::string file = platform::utf8(d / "impact.ini");
    // Absolute paths as this system writes them (C:\data\... on Windows).
    const std::string workbook = test::hostPath("/data/Year 7 ; 8 #2/Partnership.xlsx"), output = test::hostPath("/data/reports ; 2025");
    desktop::writeSettingsFile(file, desktop::settingsText(workbook, output), true);
    desktop::RunSettings s = desktop::loadSettings(file);
    fs::remove_all(d);
    ASSERT_EQ(s.workbooks.size(), 1u);
    EXPECT_EQ(s.workbooks[0].path, workbook);
    EXPECT_EQ(s.output, output);
}
