#!/bin/sh
# Runs one node test file of addin/office (node --test), or skips (exit 77) when node, the npm
# packages (`npm ci` in addin/office; scripts/setup.sh does it) or, for the browser tests,
# Chromium are missing. Fails when no test passed (a --test-name-pattern matching nothing skips all).
# Usage: run_node_test.sh ADDIN_DIR TEST_FILE [node --test options...]
addin="$1"; file="$2"; shift 2
if ! command -v node >/dev/null 2>&1; then
  echo "skipped: node is not installed" >&2; exit 77
fi
if [ ! -d "$addin/node_modules/office-addin-mock" ] || [ ! -d "$addin/node_modules/playwright-core" ]; then
  echo "skipped: run 'npm ci' in $addin first" >&2; exit 77
fi
case "$file" in
  *browser*) if [ ! -x "${IMPACT_CHROMIUM:-/usr/bin/chromium}" ]; then
               echo "skipped: no Chromium at ${IMPACT_CHROMIUM:-/usr/bin/chromium}" >&2; exit 77
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
exit $rc
