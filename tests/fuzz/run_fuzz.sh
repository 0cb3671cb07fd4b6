#!/bin/sh
# Runs the reader fuzzers for a fixed number of iterations; fails on any crash, sanitizer report,
# leak, timeout or out-of-memory (libFuzzer then exits non-zero and leaves the input in
# WORK_DIR/artifacts/; reproduce with `FUZZER ARTIFACT`).
#
#   run_fuzz.sh --build SOURCE_DIR BUILD_DIR SEED_CORPUS RUNS
#       configures (once) tests/fuzz/standalone, a clang build of just engine/read and the
#       fuzzers, in BUILD_DIR (CC/CXX default to clang/clang++, CMAKE to cmake;
#       IMPACT_FUZZ_CMAKE_ARGS adds cmake options) and builds it; then runs read_fuzzer for RUNS
#       iterations from SEED_CORPUS, and read_parts_fuzzer for RUNS/4 from corpus-parts/.
#   run_fuzz.sh --run FUZZER SEED_CORPUS WORK_DIR RUNS [LIBFUZZER_OPTION...]
#       runs FUZZER for RUNS iterations from SEED_CORPUS; new inputs go to WORK_DIR/corpus
#       (emptied first, so that each run starts the same), crashes to WORK_DIR/artifacts.
#
# IMPACT_FUZZ_SEED (default 1) sets libFuzzer's -seed; IMPACT_FUZZ_ARGS adds options
# (e.g. "-max_total_time=600" with RUNS=-1 for a longer run).
set -eu

usage() {
    echo "usage: $0 --build SOURCE_DIR BUILD_DIR SEED_CORPUS RUNS | --run FUZZER SEED_CORPUS WORK_DIR RUNS [OPTION...]" >&2
    exit 2
}
[ $# -ge 5 ] || usage
mode=$1
shift

case $mode in
--build)
    [ $# -eq 4 ] || usage
    src=$1 build=$2 seeds=$3 runs=$4
    CC=${CC:-clang} CXX=${CXX:-clang++} CMAKE=${CMAKE:-cmake}
    mkdir -p "$build"
    if [ ! -f "$build/CMakeCache.txt" ]; then
        echo "run_fuzz.sh: configuring a clang build of the reader fuzzers in $build"
        # shellcheck disable=SC2086
        if ! CC=$CC CXX=$CXX "$CMAKE" -S "$src/tests/fuzz/standalone" -B "$build" \
            ${IMPACT_FUZZ_CMAKE_ARGS:-} >"$build/configure.log" 2>&1; then
            cat "$build/configure.log" >&2
            rm -f "$build/CMakeCache.txt"
            exit 1
        fi
    fi
    echo "run_fuzz.sh: building the fuzzers"
    "$CMAKE" --build "$build" -j"${IMPACT_FUZZ_JOBS:-2}" >"$build/build.log" 2>&1 || {
        tail -50 "$build/build.log" >&2
        exit 1
    }
    "$0" --run "$build/read_fuzzer" "$seeds" "$build/fuzz-work" "$runs"
    parts_runs=$runs
    [ "$runs" -gt 0 ] && parts_runs=$((runs / 4))
    exec "$0" --run "$build/read_parts_fuzzer" "$src/tests/fuzz/corpus-parts" "$build/fuzz-parts-work" "$parts_runs" \
        -dict="$src/tests/fuzz/xml.dict"
    ;;
--run)
    fuzzer=$1 seeds=$2 work=$3 runs=$4
    shift 4
    rm -rf "$work/corpus" "$work/tmp"
    mkdir -p "$work/corpus" "$work/artifacts" "$work/tmp"
    # The fuzzers' input files go here, not to /tmp (a crash leaves them behind).
    TMPDIR=$work/tmp
    export TMPDIR
    echo "run_fuzz.sh: $fuzzer -runs=$runs over $seeds"
    # shellcheck disable=SC2086
    "$fuzzer" -runs="$runs" -max_len=200000 -timeout=10 -rss_limit_mb=1024 -seed="${IMPACT_FUZZ_SEED:-1}" \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@" ${IMPACT_FUZZ_ARGS:-} "$work/corpus" "$seeds"
    ;;
*)
    usage
    ;;
esac
