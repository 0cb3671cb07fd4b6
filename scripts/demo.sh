#!/usr/bin/env bash
# Builds Impact (installing what it needs) and runs the coordinator's loop on copies of the
# sample workbooks in out/demo/: check a workbook with planted mistakes, make a new workbook,
# then set up, run (summary sheets + PDFs) and write the funders' emails as drafts for a clean one.
# Everything stays in out/demo/: the settings file too, and nothing is emailed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
impact=build/engine/impact
demo=out/demo
rm -rf "$demo"
mkdir -p "$demo"
cp samples/mistakes.xlsx samples/york-masterclasses.xlsx "$demo"/
settings="$demo/impact.ini"

echo; echo "== impact check $demo/mistakes.xlsx   (planted mistakes: each named at its cell)"
$impact check "$demo/mistakes.xlsx" || true

echo; echo "== impact init $demo/new-partnership.xlsx   (a new workbook to fill in)"
$impact init "$demo/new-partnership.xlsx"
$impact check "$demo/new-partnership.xlsx" 2>&1 | tail -1

echo; echo "== impact run --setup $demo/york-masterclasses.xlsx   (once: the settings file)"
$impact run --setup "$demo/york-masterclasses.xlsx" --config "$settings"

echo; echo "== impact run   (what the desktop shortcut runs)"
$impact run --config "$settings" --no-open

echo; echo "== impact send --dry-run   (one .eml draft per funder; nothing is sent)"
$impact send --dry-run --config "$settings"

echo; echo "== The figures: impact analyse $demo/york-masterclasses.xlsx"
$impact analyse "$demo/york-masterclasses.xlsx" | sed -n '/^Reach/,$p'
echo; echo "The reports and drafts are in $demo/york-masterclasses - Impact reports/"
