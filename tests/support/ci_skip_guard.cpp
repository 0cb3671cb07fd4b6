// Linked into every GoogleTest program (impact_link_ci_skip_guard, tests/CMakeLists.txt): under CI a
// skipped test fails unless it says why it cannot run there, because CTest counts a skip apart
// from a failure and a run can then look green with whole areas never tested. docs/testing.md
// gives the rule, which tests/pylib/harness.py and tests/support/ci_skip.sh apply to the scripts.
#include "ci_skip.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

namespace {

bool underCi() {
    const char* v = std::getenv("IMPACT_CI");
    return v && *v && std::string_view(v) != "0";
}

/// Why this test may skip under CI: IMPACT_SKIP_REASON in the environment (set on the CTest test),
/// else the property IMPACT_SKIP_DECLARED recorded by the test itself. "" when undeclared.
std::string declaredReason(const testing::TestResult& result) {
    if (const char* r = std::getenv("IMPACT_SKIP_REASON"); r && *r) return r;
    for (int i = 0; i < result.test_property_count(); ++i)
        if (std::string_view(result.GetTestProperty(i).key()) == impact::test::kSkipReasonProperty)
            return result.GetTestProperty(i).value();
    return {};
}

std::string skipMessages(const testing::TestResult& result) {
    std::string out;
    for (int i = 0; i < result.total_part_count(); ++i) {
        const testing::TestPartResult& part = result.GetTestPartResult(i);
        if (part.skipped() && *part.message()) out += (out.empty() ? "" : "; ") + std::string(part.message());
    }
    return out.empty() ? "(no message)" : out;
}

class CiSkipGuard : public testing::EmptyTestEventListener {
    // OnTestEnd runs while the test is still current, so the failure is the test's own; the
    // listeners' end events run last-added first, so the printer then reports FAILED, not
    // SKIPPED (which CTest's SKIP_REGULAR_EXPRESSION from gtest_discover_tests would match).
    void OnTestEnd(const testing::TestInfo& test) override {
        const testing::TestResult& result = *test.result();
        if (!result.Skipped() || !underCi()) return;
        std::string reason = declaredReason(result);
        if (!reason.empty()) {
            std::printf("skip declared for CI: %s\n", reason.c_str());
            return;
        }
        ADD_FAILURE() << "skipped under CI (IMPACT_CI is set) without a declared reason: " << skipMessages(result)
                      << "\nInstall what the test needs (scripts/setup.sh), or declare why it cannot run under CI "
                         "(docs/testing.md).";
    }
};

const bool kInstalled = [] {
    testing::UnitTest::GetInstance()->listeners().Append(new CiSkipGuard);
    return true;
}();

} // namespace
