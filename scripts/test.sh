#!/usr/bin/env bash
# Runs every test: unit and data-layer tests on SQLite and PostgreSQL, then the browser suite against the real
# server in headless Chromium. Installs what is missing first (see scripts/setup.sh).
#
# PostgreSQL: TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test). When it cannot be
# reached the data-layer tests say so and run on SQLite alone, except under CI=true, where that fails the run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=setup.sh
. "$root/scripts/setup.sh" --test

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

export TEST_POSTGRES_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
pg_reachable() { pg_isready -q -d "$TEST_POSTGRES_URL" 2>/dev/null; }
if ! pg_reachable && [ "${CI:-}" = "true" ] && command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  say "starting the local PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 20); do pg_reachable && break; sleep 1; done
fi
if pg_reachable; then
  say "PostgreSQL reachable: data-layer tests run on SQLite and PostgreSQL"
elif [ "${CI:-}" = "true" ]; then
  echo "error: PostgreSQL at $TEST_POSTGRES_URL is unreachable, and CI=true requires it" >&2
  exit 1
else
  say "PostgreSQL unreachable at $TEST_POSTGRES_URL: data-layer tests will run on SQLite only (SKIPPED on PostgreSQL)"
fi

# An S3-compatible object store (moto's server) for the test of files shared by two server processes.
moto_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO_DIR/bin/moto_server" -H 127.0.0.1 -p "$moto_port" >"${TMPDIR:-/tmp}/opentwin-moto.log" 2>&1 &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$moto_port/" >/dev/null && break; sleep 0.2; done
export TEST_S3_ENDPOINT="http://127.0.0.1:$moto_port"
say "moto's S3-compatible server at $TEST_S3_ENDPOINT"

# The same compile-time value cargo-leptos sets, so the test build and the site build share compiled crates.
export LEPTOS_OUTPUT_NAME=opentwin

say "unit and data-layer tests"
cargo test --locked -p app -p server --features app/test-support

say "building the site as the run command does (release server, optimised wasm, css)"
"$root/scripts/build-site.sh"

say "browser tests (Playwright, headless Chromium) against the release build"
export E2E_SERVER_BIN="${CARGO_TARGET_DIR:-$root/target}/release/server"
export TMPDIR="$(mktemp -d)"
# A free port, so that a server left running elsewhere never collides with the one under test.
export E2E_PORT="${E2E_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
trap 'rm -rf "$TMPDIR"; kill "$moto_pid" 2>/dev/null || true' EXIT
(cd end2end && npx playwright test)
