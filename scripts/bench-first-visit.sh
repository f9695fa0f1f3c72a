#!/usr/bin/env bash
# Prints what a first visit costs, as a new visitor with an empty cache meets it: bytes over the wire until the
# page is hydrated (home page signed out, the Twinboard signed in) and time to interactive over a 2 Mbit/s and a
# 10 Mbit/s link with 100 ms round trips (Chromium's network emulation), the median of three. Builds what the
# README's run command builds and serves a fresh demo. Figures: docs/performance.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=setup.sh
. "$root/scripts/setup.sh" --test
"$root/scripts/build-site.sh"
echo
echo "assets as served (brotli files beside each, written by the build):"
for f in target/site/pkg/*; do
  case "$f" in *.br|*.gz) continue ;; esac
  printf '  %-48s %9d raw %9d brotli\n' "${f#target/site/}" "$(stat -c %s "$f")" "$(stat -c %s "$f.br" 2>/dev/null || echo 0)"
done
export TMPDIR="$(mktemp -d)"
trap 'rm -rf "$TMPDIR"' EXIT
export E2E_SERVER_BIN="${CARGO_TARGET_DIR:-$root/target}/release/server"
export E2E_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cd end2end && FIRST_VISIT_THROTTLED=1 npx playwright test first-visit
