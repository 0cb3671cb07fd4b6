#!/bin/sh
# Runs the reader fuzzer for a fixed number of iterations; fails on any crash, sanitizer report,
# leak, timeout or out-of-memory (libFuzzer then exits non-zero and leaves the input in
# WORK/artifacts/).
#
#   run_fuzz.sh --build SOURCE_DIR BUILD_DIR SEED_CORPUS RUNS
#       configures (once) and builds a clang build of the fuzzer in BUILD_DIR
#       (CC/CXX default to clang/clang++; CMAKE to cmake), then runs it as below.
#   run_fuzz.sh --run FUZZER SEED_CORPUS WORK_DIR RUNS
#       runs FUZZER for RUNS iterations from SEED_CORPUS; new inputs go to WORK_DIR/corpus
#       (emptied first, so each run is the same), crashes to WORK_DIR/artifacts.
#
# IMPACT_FUZZ_SEED (default 1) sets libFuzzer's -seed; IMPACT_FUZZ_ARGS adds options
# (e.g. "-max_total_time=600" for a longer run with RUNS=-1).
set -eu

mode=${1:-}
[ $# -eq 5 ] || { echo "usage: $0 --build SOURCE_DIR BUILD_DIR SEED_CORPUS RUNS | --run FUZZER SEED_CORPUS WORK_DIR RUNS" >&2; exit 2; }
shift

case $mode in
--build)
    src=$1 build=$2 seeds=$3 runs=$4
    CC=${CC:-clang} CXX=${CXX:-clang++} CMAKE=${CMAKE:-cmake}
    flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
    mkdir -p "$build"
    if [ ! -f "$build/CMakeCache.txt" ]; then
        echo "run_fuzz.sh: configuring a clang build in $build"
        if ! CC=$CC CXX=$CXX "$CMAKE" -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIMPACT_FUZZ=ON \
            -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >"$build/configure.log" 2>&1; then
            cat "$build/configure.log" >&2
            rm -f "$build/CMakeCache.txt"
            exit 1
        fi
    fi
    echo "run_fuzz.sh: building read_fuzzer"
    "$CMAKE" --build "$build" --target read_fuzzer -j"${IMPACT_FUZZ_JOBS:-2}" >"$build/build.log" 2>&1 || {
        tail -50 "$build/build.log" >&2
        exit 1
    }
    exec "$0" --run "$build/tests/fuzz/read_fuzzer" "$seeds" "$build/fuzz-work" "$runs"
    ;;
--run)
    fuzzer=$1 seeds=$2 work=$3 runs=$4
    rm -rf "$work/corpus"
    mkdir -p "$work/corpus" "$work/artifacts"
    echo "run_fuzz.sh: $fuzzer -runs=$runs over $seeds"
    # shellcheck disable=SC2086
    "$fuzzer" -runs="$runs" -max_len=200000 -timeout=10 -rss_limit_mb=1024 -seed="${IMPACT_FUZZ_SEED:-1}" \
        -artifact_prefix="$work/artifacts/" -print_final_stats=1 ${IMPACT_FUZZ_ARGS:-} "$work/corpus" "$seeds"
    ;;
*)
    echo "usage: $0 --build ... | --run ..." >&2
    exit 2
    ;;
esac
