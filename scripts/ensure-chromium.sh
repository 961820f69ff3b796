#!/usr/bin/env bash
# Installs Debian's Chromium (and fonts) for the browser tests, and poppler-utils (pdftotext, for the board
# pack's PDF), when missing. Needs root and apt-get; otherwise it says what to do. playwright-core drives
# /usr/bin/chromium (no browser download).
set -euo pipefail
have_chromium() { command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; }
if have_chromium && command -v pdftotext >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium and poppler-utils for the browser tests (apt-get)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation poppler-utils >/dev/null
else
  echo "chromium or pdftotext is missing: run 'sudo apt-get install chromium fonts-liberation poppler-utils' (browser tests are skipped without them, except in CI)" >&2
fi
