#!/usr/bin/env bash
# Builds Impact (installing what it needs) and runs its main job on copies of the sample
# workbooks in out/demo/: check the one with planted mistakes, then report on a clean one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
mkdir -p out/demo
cp samples/mistakes.xlsx samples/york-masterclasses.xlsx out/demo/
echo; echo "== impact check out/demo/mistakes.xlsx"
build/engine/impact check out/demo/mistakes.xlsx || true
echo; echo "== impact report out/demo/york-masterclasses.xlsx"
build/engine/impact report out/demo/york-masterclasses.xlsx
echo; echo "== impact analyse out/demo/york-masterclasses.xlsx"
build/engine/impact analyse out/demo/york-masterclasses.xlsx | sed -n '/^Reach/,$p'
