#!/usr/bin/env bash
# Starts the real server for the browser tests: a fresh SQLite database in a temporary data directory, seeded
# with the demo. Playwright runs this and stops it when the tests end.
set -euo pipefail
port="${1:-3100}"
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${E2E_DATA_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/opentwin-e2e.XXXXXX")}"
export OPENTWIN_DATA_DIR="$data" OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="http://127.0.0.1:$port"
export OPENTWIN_SITE_ROOT="$root/target/site" OPENTWIN_LOG="${OPENTWIN_LOG:-warn}"
bin="${E2E_SERVER_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/server}"
cd "$root"
"$bin" seed-demo
exec "$bin" serve
