#!/usr/bin/env bash
# TwinSpace benchmarks (docs/performance.md): the Twinboard page with 50 posts at 100 connections, and chat
# delivery to 1,000 websockets. On SQLite one server; on PostgreSQL two server processes on one database, the
# chat clients spread over both (the fan-out goes through LISTEN/NOTIFY). Each run starts from a fresh demo.
#
#   scripts/bench-twinspace.sh [sqlite|postgres|both]      default: both
#
# Settings: BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_CLIENTS, BENCH_MESSAGES (see server/benches/twinspace.rs),
# BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-both}"
pg_base="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# 1,000 websockets on each side.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

say "building the release server and the benchmark"
cargo build --release --locked -p server --bin server
cargo bench --locked -p server --bench twinspace --no-run
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
  say "$name: a fresh demo"
  "$bin" seed-demo
  local urls=()
  for n in $(seq 1 "$servers"); do start $((4100 + n)); urls+=("http://127.0.0.1:$((4100 + n))"); done
  say "$name: benchmark ($servers server process(es))"
  BENCH_URLS="$(IFS=,; echo "${urls[*]}")" cargo bench --locked -p server --bench twinspace
  stop
  rm -rf "$data"
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run_one SQLite "sqlite://$(mktemp -u /tmp/opentwin-bench-XXXX).db?mode=rwc" 1
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  psql -q "$pg_base/test" -c "DROP DATABASE IF EXISTS opentwin_bench_twinspace WITH (FORCE)" -c "CREATE DATABASE opentwin_bench_twinspace"
  run_one PostgreSQL "$pg_base/opentwin_bench_twinspace" 2
fi
