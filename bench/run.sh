#!/usr/bin/env bash
# Reader benchmark: builds (Release), generates the workbooks, runs every reader, prints a table.
#
#   bench/run.sh [BUILD_DIR] [DATA_DIR]
#
# BUILD_DIR defaults to build-bench beside this checkout's CMakeLists.txt; DATA_DIR (the
# generated workbooks and results.txt) to BUILD_DIR/bench-data. Nothing is written elsewhere.
# Environment:
#   RUNS=3       runs of each of our modes per file, best kept (RUNS_1M=2 for the 1M-row file)
#   OPENPYXL_1M=1  also run openpyxl on the 1M-row file (1.5-3 minutes more)
#   SKIP_1M=1    leave the 1M-row file out (its first generation takes 25-50 s)
#   NO_BUILD=1   use the binaries already built (when the tree is mid-edit elsewhere)
# If the whole project does not configure, only the engine and bench/ are built, from a
# wrapper project in BUILD_DIR/standalone. Takes about 4-5 minutes on 2 busy cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build-bench}"
DATA="${2:-$BUILD/bench-data}"
RUNS="${RUNS:-3}"
PYTHON=/usr/bin/python3 # Debian's, with python3-openpyxl

calc() { awk "BEGIN { printf \"%.6f\", $* }"; }

BIN="$BUILD/bench"
[[ -x "$BUILD/standalone/bench/bench_read" && ! -x "$BIN/bench_read" ]] && BIN="$BUILD/standalone/bench"
if [[ "${NO_BUILD:-0}" != 1 ]]; then
  echo "== build ($BUILD, Release)"
  mkdir -p "$BUILD"
  if cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >"$BUILD/bench-configure.log" 2>&1; then
    TREE="$BUILD"
    BIN="$BUILD/bench"
  else
    # Some other part of the tree (tests, tools) does not configure right now: build only the
    # engine and the benchmark, from a wrapper project kept inside the build directory.
    echo "   the whole project does not configure (see $BUILD/bench-configure.log); building engine + bench only"
    mkdir -p "$BUILD/standalone-src"
    printf '%s\n' 'cmake_minimum_required(VERSION 3.22)' 'project(impact_bench C CXX)' \
      'set(CMAKE_CXX_STANDARD 20)' 'set(CMAKE_CXX_STANDARD_REQUIRED ON)' \
      'find_package(Poco REQUIRED COMPONENTS Foundation Zip JSON Util XML)' \
      'find_package(EXPAT REQUIRED)' 'find_package(ZLIB REQUIRED)' \
      "add_subdirectory(\"$ROOT/engine\" engine)" "add_subdirectory(\"$ROOT/bench\" bench)" \
      >"$BUILD/standalone-src/CMakeLists.txt"
    cmake -S "$BUILD/standalone-src" -B "$BUILD/standalone" -DCMAKE_BUILD_TYPE=Release >/dev/null
    TREE="$BUILD/standalone"
    BIN="$BUILD/standalone/bench"
  fi
  if ! cmake --build "$TREE" --target bench_read make_workbooks -j2 >"$BUILD/bench-build.log" 2>&1; then
    grep -E 'error|Error' "$BUILD/bench-build.log" | head -20 >&2
    echo "build failed (full log: $BUILD/bench-build.log); NO_BUILD=1 reuses the last binaries" >&2
    exit 1
  fi
fi
BENCH="$BIN/bench_read"
MAKE="$BIN/make_workbooks"

mkdir -p "$DATA"
RESULTS="$DATA/results.txt"
: >"$RESULTS"

# name kind rows [--inline]
FILES=(
  "attendance_100k attendance 100000"
  "attendance_100k_inline attendance 100000 --inline"
  "survey_50k survey 50000"
)
[[ "${SKIP_1M:-0}" == 1 ]] || FILES+=("attendance_1m attendance 1000000")

echo "== generate ($DATA)"
for spec in "${FILES[@]}"; do
  read -r name kind rows flag <<<"$spec"
  file="$DATA/$name.xlsx"
  if [[ ! -s "$file" || "$MAKE" -nt "$file" ]]; then
    start=$(date +%s.%N)
    "$MAKE" "$kind" "$rows" "$file" ${flag:-}
    printf '   %-28s %6.1f MB  %5.1f s\n' "$name.xlsx" "$(calc "$(stat -c %s "$file") / 1048576")" \
      "$(calc "$(date +%s.%N) - $start")"
  else
    printf '   %-28s %6.1f MB  (kept)\n' "$name.xlsx" "$(calc "$(stat -c %s "$file") / 1048576")"
  fi
done

field() { # field LINE KEY
  local kv
  for kv in $1; do [[ "$kv" == "$2="* ]] && { echo "${kv#*=}"; return; }; done
  echo ""
}

best_of() { # best_of N CMD... : prints the BENCH line with the lowest seconds
  local n=$1 best="" line s bs
  shift
  for ((i = 0; i < n; i++)); do
    line=$("$@" | grep '^BENCH')
    echo "$line" >>"$RESULTS"
    s=$(field "$line" seconds)
    if [[ -z "$best" ]] || awk -v a="$s" -v b="$bs" 'BEGIN { exit !(a < b) }'; then best=$line bs=$s; fi
  done
  echo "$best"
}

declare -A LINE
echo "== run (best of $RUNS, ${RUNS_1M:-2} on 1M rows, for ours, expat, floor, zlib; openpyxl once)"
for spec in "${FILES[@]}"; do
  read -r name _ <<<"$spec"
  file="$DATA/$name.xlsx"
  runs=$RUNS
  [[ "$name" == attendance_1m ]] && runs=${RUNS_1M:-2}
  for mode in impact expat floor zlib; do
    LINE[$name,$mode]=$(best_of "$runs" "$BENCH" --"$mode" "$file")
  done
  if [[ "$name" != attendance_1m || "${OPENPYXL_1M:-0}" == 1 ]]; then
    LINE[$name,openpyxl]=$(best_of 1 "$PYTHON" "$ROOT/bench/openpyxl_read.py" "$file")
  fi
  echo "   $name done"
done

echo
printf '%-24s %-9s %8s %8s %12s %8s %10s %8s\n' file reader seconds cpu_s cells/s peak_MB x_openpyxl x_floor
printf '%-24s %-9s %8s %8s %12s %8s %10s %8s\n' ---- ------ ------- ----- ------- ------- ---------- -------
for spec in "${FILES[@]}"; do
  read -r name _ <<<"$spec"
  cells=$(field "${LINE[$name,impact]}" cells)
  zs=$(field "${LINE[$name,zlib]}" seconds)
  os=""
  [[ -n "${LINE[$name,openpyxl]:-}" ]] && os=$(field "${LINE[$name,openpyxl]}" seconds)
  for mode in impact expat floor zlib openpyxl; do
    line="${LINE[$name,$mode]:-}"
    [[ -z "$line" ]] && continue
    s=$(field "$line" seconds)
    peak=$(field "$line" peak_rss_mb)
    rate=$(calc "$cells / $s")
    xo="-"
    [[ -n "$os" ]] && xo=$(printf '%.1f' "$(calc "$os / $s")")
    xf=$(printf '%.1f' "$(calc "$s / $zs")")
    label=$mode
    [[ $mode == impact ]] && label=ours
    printf '%-24s %-9s %8.3f %8.3f %12.0f %8.1f %10s %8s\n' "$name" "$label" "$s" "$(field "$line" cpu_seconds)" \
      "$rate" "$peak" "$xo" "$xf"
  done
  l="${LINE[$name,impact]}"
  printf '%-24s %-9s shared strings %.1f MB; peak RSS beyond them %.1f MB; %s cells\n' "" "" \
    "$(field "$l" sst_mb)" "$(field "$l" peak_beyond_sst_mb)" "$cells"
done
echo
echo "seconds: wall clock, best of the runs; cpu_s: that run's user+system CPU (steadier on a busy machine)."
echo "x_openpyxl: openpyxl seconds / this reader's seconds (higher is faster)."
echo "x_floor: this reader's seconds / raw zlib inflate seconds (1.0 is the floor)."
echo "cells/s for expat/floor/zlib: the file's cell count over that mode's time."
echo "Raw lines: $RESULTS"
