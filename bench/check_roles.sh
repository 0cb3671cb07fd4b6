#!/usr/bin/env bash
# What recognising column roles from values costs: `impact check` by an older build (BEFORE) and
# this one (AFTER), in the same run, on the samples and on large generated sheets. Prints each
# file's best time of RUNS for both and their ratio (AFTER / BEFORE). A benchmark, not a test.
#
#   bench/check_roles.sh BEFORE_IMPACT AFTER_IMPACT [MAKE_WORKBOOKS] [DATA_DIR]
#
# MAKE_WORKBOOKS defaults to build/bench/make_workbooks; DATA_DIR (generated workbooks, kept
# between runs) to build/bench-roles-data. RUNS=5 by default.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE="$1"
AFTER="$2"
MAKE="${3:-$ROOT/build/bench/make_workbooks}"
DATA="${4:-$ROOT/build/bench-roles-data}"
RUNS="${RUNS:-5}"
mkdir -p "$DATA"
[[ -f "$DATA/attendance_100k.xlsx" ]] || "$MAKE" attendance 100000 "$DATA/attendance_100k.xlsx" >/dev/null
[[ -f "$DATA/survey_50k.xlsx" ]] || "$MAKE" survey 50000 "$DATA/survey_50k.xlsx" >/dev/null

best() { # best wall time in seconds of RUNS runs of `$1 check --json $2`
  local b=""
  for _ in $(seq "$RUNS"); do
    local s e
    s=$(date +%s.%N)
    "$1" check --json "$2" >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    b=$(awk -v b="$b" -v t="$(awk "BEGIN{print $e-$s}")" 'BEGIN{ if (b=="" || t<b) print t; else print b }')
  done
  echo "$b"
}

printf '%-28s %10s %10s %8s\n' file before_s after_s ratio
for f in "$ROOT"/samples/*.xlsx "$DATA/attendance_100k.xlsx" "$DATA/survey_50k.xlsx"; do
  # Interleaved, so both see the same machine load.
  b=$(best "$BEFORE" "$f")
  a=$(best "$AFTER" "$f")
  printf '%-28s %10.3f %10.3f %8.3f\n' "$(basename "$f")" "$b" "$a" "$(awk "BEGIN{print $a/$b}")"
done
