#!/usr/bin/env bash
# Make sure a Chromium for the browser tests is installed (Debian's package:
# Playwright's own browser download cannot work in this environment).
# Installs it with apt-get when run as root; otherwise fails with the command to run.
set -euo pipefail
if [ -n "${BRIEFING_CHROMIUM:-}" ] && [ -x "$BRIEFING_CHROMIUM" ]; then exit 0; fi
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian's chromium for the browser tests..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "error: Chromium is missing. Install it: sudo apt-get install chromium chromium-driver" >&2
echo "       (or set BRIEFING_CHROMIUM to a Chromium binary)" >&2
exit 1
