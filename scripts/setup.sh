#!/usr/bin/env bash
# Installs what Impact needs on Debian 12 (as root, or with sudo) and builds it into build/.
# Usage: scripts/setup.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config          # compiler and build
  libpoco-dev libexpat1-dev zlib1g-dev      # reading packages and XML; JSON, Util, Net
  libxlsxwriter-dev                         # the sheets Impact writes
  libhpdf-dev libpng-dev libharfbuzz-dev    # PDF reports (libpng checks a logo before libharu sees it; harfbuzz subsets the fonts)
  libutf8proc-dev                           # Unicode case folding and composition of typed text
  libgtest-dev                              # tests
  clang libclang-rt-14-dev                  # the reader's libFuzzer target (tests)
  clang-format                              # tests: the code format (.clang-format, format.listed)
  python3 python3-openpyxl                  # corpus conformance test; samples; benchmark peer
  python3-xlsxwriter                        # tests: layout fuzz workbooks from a second producer
  libreoffice-calc-nogui                    # tests: the workbooks Impact writes must open in LibreOffice
  poppler-utils qpdf                        # tests: the PDFs are checked with pdftotext, pdffonts, pdfinfo, qpdf
  libssl-dev openssl libnss3-tools          # impact serve: HTTPS, its localhost certificate, the user's NSS trust store
  python3-aiosmtpd                          # tests: a real SMTP server on loopback for impact send
  desktop-file-utils                        # tests: the Linux desktop shortcut is checked with desktop-file-validate
  libreoffice-script-provider-python python3-uno  # the LibreOffice extension's Python macro, and its test
  chromium                                  # tests: the add-in's page in headless Chromium
)

if [[ "${1:-}" != "--no-install" ]]; then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  # Node.js and npm for the add-in's tests: Debian's unless the machine already has its own.
  if ! command -v npm >/dev/null; then $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; fi
fi

# The add-in's JavaScript test tools (playwright-core, office-addin-mock), pinned by package-lock.json.
if [[ -f addin/office/package-lock.json ]]; then
  (cd addin/office && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
