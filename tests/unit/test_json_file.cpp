// common/json_file: the scan that runs before Poco (where and why JSON text is unusable) and the
// file loader's limits.
#include "common/error.h"
#include "common/json_file.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace impact {
namespace {

JsonProblem problem(const std::string& text) { return findJsonProblem(text).value_or(JsonProblem{0, 0, "none"}); }

TEST(JsonProblem, ValidTextHasNone) {
    EXPECT_FALSE(findJsonProblem(R"({"a": [1, -2.5e3, 0, true, false, null], "b": {"c": "x\"\\\/\b\f\n\r\t\u00e9"}, "d": []})"));
    EXPECT_FALSE(findJsonProblem(" \n[ ]\n "));
    EXPECT_FALSE(findJsonProblem("\"caf\xC3\xA9\""));
}

TEST(JsonProblem, LineColumnAndWhat) {
    JsonProblem p = problem("{\n  \"caf\xC3\xA9\": 1 \"b\": 2\n}");
    EXPECT_EQ(p.line, 2);
    EXPECT_EQ(p.column, 13) << "characters, not bytes"; // the quote of "b"
    EXPECT_NE(p.what.find("comma"), std::string::npos) << p.what;
    EXPECT_NE(problem("{\"a\": 01}").what.find("not a number"), std::string::npos);
    EXPECT_NE(problem("{\"a\": \"\\q\"}").what.find("backslash"), std::string::npos);
    EXPECT_NE(problem("{\"a\": \"\\u12\"}").what.find("four hex"), std::string::npos);
    EXPECT_NE(problem("{\"a\": 'x'}").what.find("value was expected"), std::string::npos);
    EXPECT_NE(problem("{\"a\": 1} x").what.find("more after its end"), std::string::npos);
    EXPECT_NE(problem("{\"a\": [1,]}").what.find("comma before this ]"), std::string::npos);
    EXPECT_NE(problem("{\"a\" 1}").what.find("colon"), std::string::npos);
    EXPECT_NE(problem("{\"a\": [1").what.find("ends before"), std::string::npos);
    EXPECT_NE(problem("  \n").what.find("empty"), std::string::npos);
}

TEST(JsonProblem, DepthLimit) {
    std::string ok = std::string(kJsonMaxDepth, '[') + std::string(kJsonMaxDepth, ']');
    EXPECT_FALSE(findJsonProblem(ok));
    EXPECT_TRUE(parseJson(ok).value.isArray());
    JsonProblem p = problem(std::string(300000, '['));
    EXPECT_EQ(p.line, 1);
    EXPECT_EQ(p.column, kJsonMaxDepth + 1);
    EXPECT_NE(p.what.find("deep"), std::string::npos);
    // Brackets inside text do not count, escaped quotes do not end the text.
    EXPECT_FALSE(findJsonProblem("[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]"));
    EXPECT_TRUE(parseJson(std::string(300000, '[')).problem);
}

TEST(JsonFileLimits, TooLargeOrNotAnObject) {
    std::string path = (std::filesystem::temp_directory_path() / ("impact-json-unit-" + std::to_string(getpid()) + ".json")).string();
    auto error = [&](const std::string& text) -> std::string {
        std::ofstream(path, std::ios::trunc) << text;
        try {
            JsonFile file(path, "Check the path.");
        } catch (const ReadError& e) {
            return e.what();
        }
        return "";
    };
    EXPECT_EQ(error("{\"a\": [1]}"), "");
    EXPECT_EQ(error("\n[1]"), path + ":2: must be a JSON object ({ ... }). Fix the file or restore it from the release.");
    EXPECT_NE(error(std::string(kJsonFileMaxBytes + 1, ' ')).find("larger than 16 MB"), std::string::npos);
    std::remove(path.c_str());
    EXPECT_EQ(error("").find(path + ":1: is empty"), 0u); // written again by error(), removed below
    std::remove(path.c_str());
}

} // namespace
} // namespace impact
