#!/usr/bin/env bash
# Mixed load (docs/reliability.md, issue 15): 60 s of partner searches, Twinboard pages, posts, chat messages,
# uploads and pupils' sign-ins at 50 connections (server/benches/mixed_load.rs) against the release server on a
# fresh demo: on SQLite one process, on PostgreSQL two processes on one database, the connections spread over
# both. Prints per kind the answers and p50/p99, and fails on a server error, a lost connection or a lost write.
#
#   scripts/bench-mixed.sh [sqlite|postgres|both]      default: both
#
# Settings: BENCH_CONNECTIONS, BENCH_SECONDS; BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-both}"
pg_base="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "building the release server and the benchmark"
cargo build --release --locked -p server --bin server
cargo bench --locked -p server --bench mixed_load --no-run
bin="$CARGO_TARGET_DIR/release/server"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done; pids=(); }
trap stop EXIT

start() { # port
  OPENTWIN_SITE_ADDR="127.0.0.1:$1" OPENTWIN_PUBLIC_URL="http://127.0.0.1:$1" "$bin" serve &
  pids+=($!)
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$1/readyz" >/dev/null && return; sleep 0.5; done
  echo "the server on port $1 did not start" >&2; exit 1
}

run_one() {
  local name="$1" url="$2" servers="$3"
  local data; data="$(mktemp -d)"
  export OPENTWIN_DATABASE_URL="$url" OPENTWIN_DATA_DIR="$data" OPENTWIN_LOG=warn OPENTWIN_SITE_ROOT="$CARGO_TARGET_DIR/site"
  # Fifty connections stand for far more people than the demo's three members: each person's search pace
  # (`partner_searches_per_minute`) is off, and the space has room for every upload.
  export OPENTWIN_PARTNER_SEARCHES_PER_MINUTE=0 OPENTWIN_PROJECT_STORAGE_MB=100000
  say "$name: a fresh demo"
  "$bin" seed-demo
  local urls=()
  for n in $(seq 1 "$servers"); do start $((4200 + n)); urls+=("http://127.0.0.1:$((4200 + n))"); done
  say "$name: mixed load ($servers server process(es))"
  BENCH_URLS="$(IFS=,; echo "${urls[*]}")" BENCH_DATABASE_URL="$url" cargo bench --locked -p server --bench mixed_load
  stop
  rm -rf "$data"
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run_one SQLite "sqlite://$(mktemp -u /tmp/opentwin-mixed-XXXX).db?mode=rwc" 1
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  psql -q "$pg_base/test" -c "DROP DATABASE IF EXISTS opentwin_bench_mixed WITH (FORCE)" -c "CREATE DATABASE opentwin_bench_mixed"
  run_one PostgreSQL "$pg_base/opentwin_bench_mixed" 2
fi
