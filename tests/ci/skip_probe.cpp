// A GoogleTest program whose tests skip: ci_skip_tests.py runs it to see ci_skip_guard.cpp apply
// the CI rule. Not registered with CTest itself (its skips are the point).
#include "ci_skip.h"

TEST(Probe, Undeclared) { GTEST_SKIP() << "the probe's tool is missing"; }

TEST(Probe, Declared) { IMPACT_DECLARED_SKIP("the probe cannot run under CI"); }

TEST(Probe, Passes) { SUCCEED(); }
