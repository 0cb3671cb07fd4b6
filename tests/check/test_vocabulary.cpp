// The domain's words (templates/data/*.json) as the vocabulary reads them.
#include "check_helpers.h"

#include "common/error.h"
#include "common/paths.h"
#include "platform/process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace impact::checktest {
namespace {

TEST(Vocabulary, LoadsTheStandardData) {
    EXPECT_EQ(vocab().categories.size(), 6u);
    EXPECT_FALSE(vocab().kinds.empty());
    EXPECT_NE(vocab().scale("confidence5"), nullptr);
    EXPECT_NE(vocab().scale("numeric1_5"), nullptr);
    EXPECT_EQ(vocab().scale("confidence5")->points(), 5);
    EXPECT_EQ(vocab().scale("numeric0_10")->points(), 11);
    EXPECT_EQ(vocab().scale("nonsense"), nullptr);
}

TEST(Vocabulary, CategoryByNumber) {
    EXPECT_EQ(vocab().categoryOf("4"), 4);
    EXPECT_EQ(vocab().categoryOf("Category 2"), 2);
    EXPECT_EQ(vocab().categoryOf("4 - Teacher skills"), 4);
    EXPECT_EQ(vocab().categoryOf(" 6 "), 6);
}

TEST(Vocabulary, CategoryByName) {
    EXPECT_EQ(vocab().categoryOf("Teacher skills"), 4);
    EXPECT_EQ(vocab().categoryOf("teacher SKILLS"), 4);
    EXPECT_EQ(vocab().categoryOf("Changes in teacher skills"), 4);
    EXPECT_EQ(vocab().categoryOf("Knowledge"), 1);
    EXPECT_EQ(vocab().categoryOf("Economic"), 6);
    EXPECT_EQ(vocab().categoryOf("Relationships between schools"), 5);
}

TEST(Vocabulary, UnknownCategory) {
    EXPECT_FALSE(vocab().categoryOf("Wellbeing"));
    EXPECT_FALSE(vocab().categoryOf(""));
    // "7" reads as a number, but there is no category 7.
    EXPECT_EQ(vocab().categoryOf("7"), 7);
    EXPECT_EQ(vocab().category(7), nullptr);
    ASSERT_NE(vocab().category(4), nullptr);
    EXPECT_EQ(vocab().category(4)->shortName, "Teacher skills");
}

TEST(Vocabulary, Sectors) {
    EXPECT_EQ(vocab().sectorOf("Academy"), "state");
    EXPECT_EQ(vocab().sectorOf("State"), "state");
    EXPECT_EQ(vocab().sectorOf("Independent"), "independent");
    EXPECT_EQ(vocab().sectorOf("Local authority"), "council");
    EXPECT_EQ(vocab().sectorOf("Bristol City Council"), "council");
    EXPECT_EQ(vocab().sectorOf("University of Bristol"), "university");
    EXPECT_EQ(vocab().sectorOf("Fee-paying"), "independent");
    EXPECT_EQ(vocab().sectorOf("Martians"), "");
}

TEST(Vocabulary, RegisterMarks) {
    EXPECT_TRUE(vocab().isPresentMark("✓"));
    EXPECT_TRUE(vocab().isPresentMark("Y"));
    EXPECT_TRUE(vocab().isPresentMark("1"));
    EXPECT_TRUE(vocab().isPresentMark("P"));
    EXPECT_TRUE(vocab().isAbsentMark("A"));
    EXPECT_TRUE(vocab().isAbsentMark("N"));
    EXPECT_TRUE(vocab().isAbsentMark("0"));
    EXPECT_FALSE(vocab().isPresentMark("A"));
    EXPECT_FALSE(vocab().isAbsentMark("✓"));
    EXPECT_FALSE(vocab().isPresentMark(""));
    EXPECT_FALSE(vocab().isAbsentMark(""));
}

TEST(Vocabulary, YesNo) {
    EXPECT_TRUE(vocab().isYes("Yes"));
    EXPECT_TRUE(vocab().isYes("y "));
    EXPECT_TRUE(vocab().isYes("✓"));
    EXPECT_TRUE(vocab().isNo("No"));
    EXPECT_TRUE(vocab().isNo("N"));
    EXPECT_FALSE(vocab().isYes(""));
    EXPECT_FALSE(vocab().isNo(""));
    EXPECT_FALSE(vocab().isYes("maybe"));
}

TEST(Vocabulary, Timepoints) {
    EXPECT_EQ(vocab().timepointOf("Pre"), model::Timepoint::Before);
    EXPECT_EQ(vocab().timepointOf("Before"), model::Timepoint::Before);
    EXPECT_EQ(vocab().timepointOf("baseline"), model::Timepoint::Before);
    EXPECT_EQ(vocab().timepointOf("follow-up"), model::Timepoint::After);
    EXPECT_EQ(vocab().timepointOf("Follow up"), model::Timepoint::After);
    EXPECT_EQ(vocab().timepointOf("POST"), model::Timepoint::After);
    EXPECT_EQ(vocab().timepointOf("Week 1"), model::Timepoint::None);
    EXPECT_EQ(vocab().timepointOf(""), model::Timepoint::None);
}

TEST(Vocabulary, OtherWords) {
    EXPECT_EQ(vocab().respondentTypeOf("Teacher"), "teacher");
    EXPECT_EQ(vocab().respondentTypeOf("Student"), "pupil");
    EXPECT_EQ(vocab().respondentTypeOf("Parent/carer"), "parent");
    EXPECT_EQ(vocab().groupOf("Control"), "comparison");
    EXPECT_EQ(vocab().contributionKindOf("In kind"), "in_kind");
    EXPECT_EQ(vocab().contributionKindOf("Cash"), "cash");
    EXPECT_EQ(vocab().contributionKindOf("Staff time"), "in_kind");
    EXPECT_TRUE(vocab().isTotalsLabel("Total"));
    EXPECT_TRUE(vocab().isTotalsLabel("Grand total"));
    EXPECT_FALSE(vocab().isTotalsLabel("Totally Awesome Academy"));
}

TEST(Vocabulary, LoadFromMissingFolderThrows) {
    EXPECT_ANY_THROW(recognise::Vocabulary::load("/nonexistent/templates/data"));
}

namespace {

/// What loading the released data folder says when its file `name`.json holds `text` instead:
/// the exit code, the message, and the path of the replaced file as the message should name it.
struct LoadFailure {
    int code = 0;
    std::string message, file;
};

LoadFailure loadWithReplacedFile(const std::string& tag, const std::string& name, const std::string& text) {
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("impact-vocab-" + tag + "-" + std::to_string(impact::platform::processId()));
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(pathIn(templatesDir(), "data")))
        fs::copy_file(entry.path(), dir / entry.path().filename(), fs::copy_options::overwrite_existing);
    LoadFailure out;
    out.file = (dir / (name + ".json")).string();
    std::ofstream(out.file, std::ios::trunc) << text;
    try {
        recognise::Vocabulary::load(dir.string());
    } catch (const Error& e) {
        out.message = e.what();
        out.code = e.exitCode();
    }
    fs::remove_all(dir);
    return out;
}

} // namespace

// A data file nested 300,000 deep once overflowed the stack in Poco's parser: now it is exit 2
// with the file and the line where the nesting passes the limit. Each of the four data files
// (the headers, the values, the category framework and the scales) goes through the same loader;
// each is tried on its own, the others left as released.
class VocabularyDeep : public ::testing::TestWithParam<const char*> {};

TEST_P(VocabularyDeep, DeeplyNestedDataFileIsAReadErrorWithFileAndLine) {
    LoadFailure f = loadWithReplacedFile(std::string("deep-") + GetParam(), GetParam(),
                                         "{\n  \"fields\":\n    " + std::string(300000, '['));
    EXPECT_EQ(f.code, kExitInputUnreadable) << f.message;
    EXPECT_EQ(f.message.rfind(f.file + ":3: ", 0), 0u) << f.message;
    EXPECT_NE(f.message.find("deep"), std::string::npos) << f.message;
}

INSTANTIATE_TEST_SUITE_P(EveryDataFile, VocabularyDeep, ::testing::Values("headers", "values", "categories", "scales"));

// A list of scales holding something other than an object was a null pointer ("a templates data
// file is malformed"): now it names the file, the line of the list and the item.
TEST(Vocabulary, ScaleThatIsNotAnObjectIsAReadErrorWithFileAndLine) {
    LoadFailure f = loadWithReplacedFile("item", "scales", "{\n  \"scales\": [\n    1\n  ],\n  \"numeric\": []\n}\n");
    EXPECT_EQ(f.code, kExitInputUnreadable) << f.message;
    EXPECT_EQ(f.message.rfind(f.file + ":2: \"scales\": item 1 must be an object", 0), 0u) << f.message;
}

} // namespace
} // namespace impact::checktest
