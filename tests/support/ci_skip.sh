#!/bin/sh
# The skip of a shell-run test (docs/testing.md): exit 77, which CTest is told means skipped
# (SKIP_RETURN_CODE), except under CI (IMPACT_CI set) without a declared reason
# (IMPACT_SKIP_REASON, set on the CTest test): then exit 1, because a skipped test is not a
# passed one. The same rule as tests/pylib/harness.py and ci_skip_guard.cpp.
#
#   . tests/support/ci_skip.sh; ci_skip "node is not installed"    (from a test script)
#   tests/support/ci_skip.sh "clang is not installed"              (as a test's command)

# Under CI without a declared reason: says so and exits 1. Otherwise returns.
ci_refuse_undeclared() {
  if [ -n "${IMPACT_CI:-}" ] && [ "${IMPACT_CI}" != 0 ] && [ -z "${IMPACT_SKIP_REASON:-}" ]; then
    echo "FAIL: skipped under CI (IMPACT_CI is set) without a declared reason: $1" >&2
    echo "Install what the test needs (scripts/setup.sh), or declare why it cannot run under CI (docs/testing.md)." >&2
    exit 1
  fi
}

# Ends the test as skipped, saying why ($1), or as failed under CI when undeclared.
ci_skip() {
  echo "skipped: $1" >&2
  ci_refuse_undeclared "$1"
  [ -n "${IMPACT_SKIP_REASON:-}" ] && echo "skip declared for CI: $IMPACT_SKIP_REASON" >&2
  exit 77
}

case "$0" in
  *ci_skip.sh) ci_skip "${1:-no reason given}" ;;
esac
