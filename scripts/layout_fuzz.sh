#!/usr/bin/env bash
# The long layout-fuzz run: several seeds of generated coordinator workbooks against the engine, with
# a share re-saved by LibreOffice. Workbooks with a miss are kept (with their truth and the engine's
# JSON) under $OUT/seed-S/; each seed's summary is $OUT/seed-S.json.
# Usage: scripts/layout_fuzz.sh [IMPACT] [COUNT_PER_SEED] [SEEDS...]
#   defaults: build/engine/impact, 5000, seeds 1 2 3 4 (20000 workbooks); OUT=build/layout_fuzz_misses
set -uo pipefail
cd "$(dirname "$0")/.."
impact=${1:-build/engine/impact}
count=${2:-5000}
shift 2 2>/dev/null || shift $#
seeds=("$@")
[[ ${#seeds[@]} -eq 0 ]] && seeds=(1 2 3 4)
out=${OUT:-build/layout_fuzz_misses}
share=${LIBREOFFICE_SHARE:-0.02}
lo=(--libreoffice "$share")
if ! command -v soffice >/dev/null; then
  echo "layout_fuzz.sh: soffice not found: no LibreOffice re-saves in this run" >&2
  lo=()
fi
status=0
for s in "${seeds[@]}"; do
  rm -rf "$out/seed-$s"
  /usr/bin/python3 tests/layout_fuzz/run.py "$impact" --seed "$s" --count "$count" "${lo[@]}" \
    --snapshot-engine --keep "$out/seed-$s" --json-summary "$out/seed-$s.json" || status=1
done
exit $status
