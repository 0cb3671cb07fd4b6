// A GoogleTest test that may have to skip under CI declares why (docs/testing.md): without a
// declaration, ci_skip_guard.cpp turns its skip into a failure when IMPACT_CI is set.
#pragma once

#include <gtest/gtest.h>

namespace impact::test {

/// The test property that holds a GoogleTest test's declared reason.
inline constexpr const char* kSkipReasonProperty = "IMPACT_SKIP_DECLARED";

} // namespace impact::test

/// Skips the running test, declaring `reason` as why it cannot run under CI (list it in
/// docs/testing.md). Use GTEST_SKIP() for a skip that CI must not accept.
#define IMPACT_DECLARED_SKIP(reason)                                                                                                       \
    do {                                                                                                                                   \
        ::testing::Test::RecordProperty(::impact::test::kSkipReasonProperty, (reason));                                                    \
        GTEST_SKIP() << (reason);                                                                                                          \
    } while (0)
