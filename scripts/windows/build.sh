#!/usr/bin/env bash
# Builds Impact for Windows on Debian 12: the cross toolchain, Wine and the libraries
# (scripts/windows/deps.sh, cached outside the clone), impact.exe with cmake/mingw-w64.cmake into
# build-windows/, then the zip and the per-user installer (scripts/windows/package.sh).
# With --test it also runs the Windows tests under Wine: the C++ suites and tests/windows, which
# compare impact.exe's outputs with the Linux build's (build/, from scripts/setup.sh).
# Usage: scripts/windows/build.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/../.."
run_tests=0
[[ ${1:-} == --test ]] && run_tests=1

prefix=$(scripts/windows/deps.sh --print-prefix)
scripts/windows/deps.sh >&2
export WINEPREFIX=${WINEPREFIX:-$HOME/.cache/impact/wineprefix} WINEDEBUG=-all
# A prefix of its own, made before anything (test discovery included) runs wine.
[[ -f $WINEPREFIX/system.reg ]] || wineboot -i >/dev/null 2>&1

cmake -S . -B build-windows -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
  -DIMPACT_WINDOWS_DEPS_PREFIX="$prefix" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-windows -j"$(nproc)"
scripts/windows/package.sh build-windows

if (( run_tests )); then
  [[ -x build/engine/impact ]] || { echo "build.sh --test compares with the Linux build: run scripts/setup.sh first" >&2; exit 2; }
  # One wineserver for the whole run (else each test pays ~3 s to start one); the first wine
  # command must finish before ctest starts, or ctest hangs (docs/windows.md).
  # (exit 2 when a wineserver already serves this prefix: that one is used.)
  wineserver -p || true
  wine cmd /c exit </dev/null >/dev/null 2>&1 || true
  trap 'wineserver -k 2>/dev/null || true' EXIT
  ctest --test-dir build-windows --output-on-failure -j2
fi
