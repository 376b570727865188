#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser download does not work
# on machines without access to its CDN). Installs it when missing and we may; else says how.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests (apt-get install chromium chromium-driver)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "Chromium is missing. The browser tests need /usr/bin/chromium:" >&2
echo "  sudo apt-get install chromium chromium-driver" >&2
exit 1
