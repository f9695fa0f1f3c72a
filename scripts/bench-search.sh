#!/usr/bin/env bash
# Partner search at the platform's scale (docs/performance.md): for SQLite and PostgreSQL, generates the
# synthetic dataset once (1.2 million teachers; kept in ~/.cache/opentwin/bench and in the PostgreSQL database
# opentwin_scale), starts the release server on it, and runs the benchmark, which prints the figures.
#
#   scripts/bench-search.sh [sqlite|postgres|both]      default: both
#
# Settings: BENCH_TEACHERS (default 1200000; schools and projects scale with it), BENCH_ROUNDS, BENCH_CONCURRENCY,
# BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432). Delete the cache directory (or drop the database)
# to generate again.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
which="${1:-both}"
teachers="${BENCH_TEACHERS:-1200000}"
schools=$(( teachers * 295 / 1200 ))
projects=$(( teachers * 160 / 1200 ))
pg_base="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
data="$HOME/.cache/opentwin/bench/$teachers"
mkdir -p "$data"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
# The same compile-time value cargo-leptos sets, so the builds share compiled crates.
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

say "building the release server"
cargo build --release --locked -p server --bin server
bin="$CARGO_TARGET_DIR/release/server"

run_one() {
  local name="$1" url="$2" port=3999
  export OPENTWIN_DATABASE_URL="$url" OPENTWIN_DATA_DIR="$data" OPENTWIN_LOG=warn
  # One benchmark account runs every search: the per-account pace (a person's limit) is off to measure capacity.
  export OPENTWIN_PARTNER_SEARCHES_PER_MINUTE=0
  export OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="http://127.0.0.1:$port" OPENTWIN_SITE_ROOT="$CARGO_TARGET_DIR/site"
  if [ ! -f "$data/$name.generated" ]; then
    say "$name: generating $teachers teachers, $schools schools, $projects projects"
    "$bin" generate-scale --teachers "$teachers" --schools "$schools" --projects "$projects"
    touch "$data/$name.generated"
  fi
  say "$name: starting the server"
  "$bin" serve &
  local server=$!
  trap 'kill $server 2>/dev/null || true' RETURN
  for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
  say "$name: benchmark"
  BENCH_URL="http://127.0.0.1:$port" BENCH_DATABASE_URL="$url" cargo bench --locked -p server --bench partner_search
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run_one sqlite "sqlite://$data/scale.sqlite?mode=rwc"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  if ! psql "$pg_base/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'opentwin_scale'" | grep -q 1; then
    psql "$pg_base/postgres" -c "CREATE DATABASE opentwin_scale" >/dev/null
    rm -f "$data/postgres.generated"
  fi
  run_one postgres "$pg_base/opentwin_scale"
fi
