#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests (tests/browser) is installed. As root (CI,
# fresh machines) it installs Debian's chromium when missing; otherwise it only says
# whether one is there, and the browser tests skip themselves, saying why, when none is.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -n "${MERCATO_TEST_CHROMIUM:-}" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Chromium for the browser tests" >&2
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2; then
    exit 0
  fi
fi
echo "WARNING: no Chromium: the browser tests will be skipped (install chromium, or set MERCATO_TEST_CHROMIUM)." >&2
