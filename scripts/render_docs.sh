#!/usr/bin/env bash
# Renders the first page of each sample's reports into docs/images/ and writes docs/reports.md.
#
#   scripts/render_docs.sh [BUILD_DIR]     (default: build; configured and built here if needed)
#
# Runs `impact report` on COPIES of the clean samples (the samples are never written) with a fixed
# SOURCE_DATE_EPOCH, so the same sources give the same PDFs, then renders page 1 of the governors'
# brief and of one funder's report per sample at 70 dpi with pdftoppm. Needs poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}   # 1 January 2025, 00:00 UTC

for t in pdftoppm pdfinfo; do
  command -v "$t" > /dev/null || { echo "render_docs: $t is missing (apt-get install poppler-utils)" >&2; exit 2; }
done
if [ ! -x "$build/engine/impact" ]; then
  [ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
fi
cmake --build "$build" --target impact > /dev/null
case "$build" in /*) impact="$build/engine/impact" ;; *) impact="$root/$build/engine/impact" ;; esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p docs/images

# sample:short name:funder whose report is shown (first of its funders if empty)
samples=("york-masterclasses:york:St Mary's CE Primary" "bristol-events:bristol:Bristol City Council" "science-cpd:science:")

md=docs/reports.md
{
  echo "# The PDF reports"
  echo
  echo "What \`impact report\` makes from the sample workbooks (samples/): a governors' brief of two A4"
  echo "pages at most and one report per funder. The images are the first page of each, rendered at 70 dpi"
  echo "by \`scripts/render_docs.sh\` from the PDFs Impact wrote (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH);"
  echo "run it again after changing the templates (templates/reports/) or the engine."
  echo
} > "$md"

for entry in "${samples[@]}"; do
  IFS=: read -r sample short funder <<< "$entry"
  cp "samples/$sample.xlsx" "$work/"
  (cd "$work" && "$impact" report "$sample.xlsx" --out "$sample" > /dev/null 2>&1) || {
    echo "render_docs: impact report failed on $sample" >&2; exit 1; }
  gov=$(ls "$work/$sample"/*Governors*.pdf | head -1)
  fund=""
  if [ -n "$funder" ]; then
    fund=$(ls "$work/$sample"/*.pdf | grep -F -- "$funder" | grep -v Governors | head -1 || true)
  else
    fund=$(ls "$work/$sample"/*.pdf | grep -v Governors | head -1 || true)
  fi
  pages() { pdfinfo "$1" 2> /dev/null | sed -n 's/^Pages: *//p'; }
  pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$gov" "docs/images/$short-governors" 2> /dev/null
  {
    echo "## $(basename "$sample").xlsx"
    echo
    echo "**Governors' brief** — \`$(basename "$gov")\` ($(pages "$gov") pages)"
    echo
    echo "![$short governors' brief, page 1](images/$short-governors.png)"
    echo
  } >> "$md"
  if [ -n "$fund" ]; then
    pdftoppm -r 70 -png -singlefile -f 1 -l 1 "$fund" "docs/images/$short-funder" 2> /dev/null
    {
      echo "**A funder's report** — \`$(basename "$fund")\` ($(pages "$fund") pages; one report per funder, $(ls "$work/$sample"/*.pdf | grep -vc Governors) in all)"
      echo
      echo "![$short funder's report, page 1](images/$short-funder.png)"
      echo
    } >> "$md"
  else
    rm -f "docs/images/$short-funder.png"
    echo "No funder's report: this workbook has no contributions or funders sheet." >> "$md"
    echo >> "$md"
  fi
done

for png in docs/images/*.png; do
  size=$(stat -c %s "$png")
  [ "$size" -lt 307200 ] || { echo "render_docs: $png is $size bytes (limit 300 KB)" >&2; exit 1; }
done
echo "Wrote $md and $(ls docs/images/*.png | wc -l) images in docs/images/"
