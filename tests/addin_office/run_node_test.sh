#!/bin/sh
# Runs one node test file of addin/office (node --test), or skips (exit 77) when node, the npm
# packages (`npm ci` in addin/office; scripts/setup.sh does it) or, for the browser tests,
# Chromium are missing. Fails when no test passed (a --test-name-pattern matching nothing skips all).
# Under CI (IMPACT_CI set) a skip, of the file or of node tests inside it, fails unless the CTest
# test declares why (docs/testing.md).
# Usage: run_node_test.sh ADDIN_DIR TEST_FILE [node --test options...]
. "$(dirname "$0")/../support/ci_skip.sh"
addin="$1"; file="$2"; shift 2
if ! command -v node >/dev/null 2>&1; then
  ci_skip "node is not installed"
fi
if [ ! -d "$addin/node_modules/office-addin-mock" ] || [ ! -d "$addin/node_modules/playwright-core" ]; then
  ci_skip "run 'npm ci' in $addin first"
fi
case "$file" in
  *browser*) if [ ! -x "${IMPACT_CHROMIUM:-/usr/bin/chromium}" ]; then
               ci_skip "no Chromium at ${IMPACT_CHROMIUM:-/usr/bin/chromium}"
             fi ;;
esac
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cd "$addin" || exit 1
node --test --test-reporter=tap "$@" "$file" > "$out" 2>&1
rc=$?
cat "$out"
if [ $rc -eq 0 ] && grep -q '^# pass 0$' "$out"; then
  echo "no test matched: $*" >&2; exit 1
fi
# node counts a test marked skip or todo as passed; CI does not. (The tests a
# --test-name-pattern leaves out are reported as skipped too: those are not counted.)
skipped=$(grep -E '^ *ok [0-9]+ .* # (SKIP|TODO)' "$out" | grep -cv '# SKIP test name does not match pattern$')
if [ $rc -eq 0 ] && [ "$skipped" -gt 0 ]; then
  ci_refuse_undeclared "$skipped node test(s) in $file marked skip or todo"
fi
exit $rc
