#!/usr/bin/env bash
# Installs Debian's Chromium (and fonts) for the browser tests when it is missing. Needs root and apt-get;
# otherwise it says what to do. playwright-core drives /usr/bin/chromium (no browser download).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests (apt-get)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
else
  echo "chromium is missing: run 'sudo apt-get install chromium fonts-liberation' (browser tests are skipped without it, except in CI)" >&2
fi
