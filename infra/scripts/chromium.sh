#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser/): they drive
# it through playwright-core and never download a browser. Installs it with apt-get when missing.
set -euo pipefail

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

echo "chromium: $CHROMIUM is missing; installing Debian's chromium package (apt-get install -y chromium)…"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: apt-get is not available on this machine. Install Chromium so that $CHROMIUM exists, then re-run." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium: installing needs root (or sudo). Run as root: apt-get install -y chromium" >&2
    exit 1
  fi
fi
if ! $SUDO apt-get install -y chromium; then
  echo "chromium: 'apt-get install -y chromium' failed; trying once more after 'apt-get update'…" >&2
  $SUDO apt-get update && $SUDO apt-get install -y chromium || {
    echo "chromium: could not install Debian's chromium package. Install it by hand (apt-get install -y chromium) so that $CHROMIUM exists." >&2
    exit 1
  }
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "chromium: the package installed, but $CHROMIUM is still missing. Set CHROMIUM to its path or link it there." >&2
  exit 1
fi
echo "chromium: $("$CHROMIUM" --version 2>/dev/null || echo installed)"
