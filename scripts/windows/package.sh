#!/usr/bin/env bash
# Packages a cross-built Windows tree: the installed layout (bin\impact.exe beside share\impact\,
# where impact.exe looks for its templates and the add-in's files), stripped, as a zip, and the
# per-user installer made by Debian's NSIS from scripts/windows/impact.nsi.
# Usage: scripts/windows/package.sh [BUILD_DIR]   (default build-windows; writes BUILD_DIR/dist/)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build-windows}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
[[ -n $version ]] || { echo "package.sh: $build is not a configured build tree" >&2; exit 2; }
dist=$build/dist
stage=$dist/stage/Impact
rm -rf "$dist"
cmake --install "$build" --prefix "$stage" --strip >/dev/null
# The same files give the same zip: fixed times, names in order.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
# cmake -E tar reads --mtime as a date (not "@seconds"); a zip keeps local time, so TZ is fixed.
mtime=$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M:%S UTC')
(cd "$dist/stage" && find Impact -type f | LC_ALL=C sort > ../files.txt &&
 TZ=UTC cmake -E tar cf "../impact-windows-x64-$version.zip" --format=zip --mtime="$mtime" --files-from=../files.txt)
makensis -V2 -DVERSION="$version" -DSTAGE="$(realpath "$stage")" \
  -DOUTFILE="$(realpath "$dist")/impact-setup-$version.exe" scripts/windows/impact.nsi >/dev/null
ls -l "$dist"/*.zip "$dist"/*.exe | awk '{print $5, $9}'
