#!/usr/bin/env bash
# Crash consistency (docs/reliability.md, issue 15): the release server on a fresh demo is killed with SIGKILL at
# a random moment CRASH_ROUNDS times (default 100) while a client writes to it as a TwinSpace's members and
# newcomers do (sign-ups, posts, comments, chat, uploads, reports: server/examples/crash_writes.rs) and records
# every write the server acknowledged. After the last kill: every acknowledged write must be in the database and
# every acknowledged file in the store, the database must pass its integrity check (`server check`), and the
# files no row names (uploads cut off before their row) are counted, then swept.
#
#   scripts/crash-test.sh [sqlite|postgres|both]      default: both
#
# Settings: CRASH_ROUNDS, CRASH_POSTGRES (default postgres://postgres@127.0.0.1:5432; the database
# opentwin_crash is made afresh there).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-both}"
rounds="${CRASH_ROUNDS:-100}"
pg_base="${CRASH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "building the release server and the writing client"
cargo build --release --locked -p server --bin server
cargo build --release --locked -p server --example crash_writes
bin="$CARGO_TARGET_DIR/release/server"
driver="$CARGO_TARGET_DIR/release/examples/crash_writes"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
pid=""
trap '[ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true' EXIT

run_one() {
  local name="$1" database="$2"
  local work; work="$(mktemp -d "${TMPDIR:-/tmp}/opentwin-crash.XXXXXX")"
  export OPENTWIN_DATABASE_URL="$database" OPENTWIN_DATA_DIR="$work/data" OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="$url"
  export OPENTWIN_LOG=warn OPENTWIN_SITE_ROOT="$CARGO_TARGET_DIR/site" OPENTWIN_TRUSTED_PROXIES=127.0.0.1 OPENTWIN_DRAIN_SECONDS=0
  say "$name: a fresh demo, then $rounds kills (work folder $work)"
  "$bin" seed-demo >/dev/null
  local started=$SECONDS
  for round in $(seq 1 "$rounds"); do
    "$bin" serve >>"$work/server.log" 2>&1 &
    pid=$!
    local waited=0
    until curl -fsS "$url/readyz" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -gt 300 ]; then
        echo "error: round $round: the server did not come back after the previous kill" >&2
        tail -20 "$work/server.log" >&2
        exit 1
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
    CRASH_ROUND="$round" CRASH_LOG="$work/acknowledged.log" CRASH_URL="$url" "$driver" write >>"$work/writes.log" 2>&1 &
    local writer=$!
    # A moment between 0.3 and 3 s into the writing: sign-ins, the first writes, or the thick of it.
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 2700) / 1000 }')"
    kill -9 "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
    wait "$writer" || true
    if [ $((round % 10)) -eq 0 ]; then echo "  $round kills, $(wc -l <"$work/acknowledged.log") writes acknowledged so far"; fi
  done
  echo "  $rounds kills in $((SECONDS - started)) s"
  grep -h "server errors" "$work/writes.log" | awk '{a += $3; r += $6; e += $8} END { printf "  the client saw: %d acknowledged, %d refused, %d server errors\n", a, r, e }'
  say "$name: every acknowledged write is there"
  CRASH_LOG="$work/acknowledged.log" CRASH_DATABASE_URL="$database" CRASH_DATA_DIR="$work/data" "$driver" verify
  say "$name: the database's integrity and the files against the rows"
  "$bin" check --minutes 0
  "$bin" sweep-storage --minutes 0
  "$bin" check --minutes 0
  rm -rf "$work"
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run_one SQLite "sqlite://$(mktemp -u "${TMPDIR:-/tmp}/opentwin-crash-XXXX").db?mode=rwc"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  psql -q "$pg_base/test" -c "DROP DATABASE IF EXISTS opentwin_crash WITH (FORCE)" -c "CREATE DATABASE opentwin_crash"
  run_one PostgreSQL "$pg_base/opentwin_crash"
fi
