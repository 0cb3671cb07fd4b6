#!/usr/bin/env bash
# Runs a Windows program under Wine: CMake's CROSSCOMPILING_EMULATOR (cmake/mingw-w64.cmake), so
# test discovery and ctest use a Wine prefix of Impact's, never ~/.wine.
# Usage: scripts/windows/wine.sh PROGRAM.exe [ARGS...]
set -euo pipefail
export WINEPREFIX="${WINEPREFIX:-$HOME/.cache/impact/wineprefix}"
export WINEDEBUG="${WINEDEBUG:--all}"
# No Mono or Gecko: console programs need neither, and without them Wine's first start asks nothing.
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
mkdir -p "$(dirname "$WINEPREFIX")"
exec wine "$@"
