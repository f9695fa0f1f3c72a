#!/usr/bin/env bash
# The Twinboard under wrk (docs/performance.md, the sections from 2026-12-06): a release server on a fresh SQLite
# demo, a signed-in founder, 47 posts added through the form's server function (50 in the space, 20 a page), then
# `wrk -t2 -c100 -d10s --latency` on the first page and on a page past the last post (everything but the posts),
# each RUNS times after a 5 s warm-up. wrk shares the machine's cores with the server, as the figures in the docs do.
#
#   scripts/bench-twinboard.sh            builds the release server first (cargo build --release -p server)
#   BENCH_SERVER=path/to/server scripts/bench-twinboard.sh     uses that binary (e.g. the test command's build)
#
# Settings: RUNS (default 3), BENCH_PORT (default 4101), POSTS (default 47; with POSTS=10000 the space of the
# issue's scale goal, and its last page is measured too). Needs wrk (Debian: apt-get install wrk) and curl.
# DB=postgres runs the same on a fresh PostgreSQL database (BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432,
# database opentwin_bench_board, made anew each run) instead of SQLite.
# OPENTWIN_SQLITE_READS_ON_REQUEST_THREAD=false (the server's setting, passed through) sends every statement through
# sqlx's pool again instead of reading on the request's thread (`app::db::local`): both ways in one build.
# PARTS=1 also measures what every page shares, part by part (docs/performance.md, 2026-12-07): /healthz (axum
# alone), the 404 page signed out (the shell and header, no database), the home page signed out and signed in.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-3}"
posts="${POSTS:-47}"
port="${BENCH_PORT:-4101}"
base="http://127.0.0.1:$port"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
command -v wrk >/dev/null || { echo "wrk is missing (Debian: apt-get install wrk)" >&2; exit 1; }

bin="${BENCH_SERVER:-}"
if [ -z "$bin" ]; then
  say "building the release server"
  cargo build --release --locked -p server --bin server
  bin="$CARGO_TARGET_DIR/release/server"
fi

data="$(mktemp -d)"
pid=""
stop() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$data"; }
trap stop EXIT
database="sqlite://$data/opentwin.db?mode=rwc"
if [ "${DB:-sqlite}" = postgres ]; then
  server_url="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
  psql -q "$server_url/postgres" -c "DROP DATABASE IF EXISTS opentwin_bench_board" -c "CREATE DATABASE opentwin_bench_board"
  database="$server_url/opentwin_bench_board"
fi
export OPENTWIN_DATABASE_URL="$database" OPENTWIN_DATA_DIR="$data" OPENTWIN_LOG=warn \
  OPENTWIN_SITE_ROOT="$root/target/site" OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="$base"
say "a fresh demo"
"$bin" seed-demo >/dev/null
"$bin" serve &
pid=$!
for _ in $(seq 1 60); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.5; done

# Signing in through the page's own form: its action is a server function whose address the page names.
jar="$data/cookies"
action() { grep -o "action=\"/api/$1[^\"]*\"" | head -1 | sed 's/^action="//; s/"$//'; }
signin="$(curl -fs -c "$jar" -b "$jar" "$base/signin" | action sign_in)"
curl -fs -o /dev/null -c "$jar" -b "$jar" -H "Origin: $base" --data-urlencode email=teacher1@demo.opentwin.test \
  --data-urlencode password=opentwin-demo "$base$signin"
cookie="$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }')"
board="$base/projects/1/space"
post="$(curl -fs -H "Cookie: $cookie" "$board" | action create_post)"
[ -n "$post" ] || { echo "not signed in: no form to post with" >&2; exit 1; }
say "$posts posts"
for n in $(seq 1 "$posts"); do
  curl -fs -o /dev/null -H "Cookie: $cookie" -H "Origin: $base" --data-urlencode project=1 \
    --data-urlencode "body=Benchmark post number $n: our pupils compared the weather in both towns this week and wrote about it." \
    "$base$post"
done
echo "page: $(curl -fs -H "Cookie: $cookie" "$board" | wc -c) bytes, $(curl -fs -H "Cookie: $cookie" "$board" | grep -o 'data-testid="post"' | wc -l) posts"

wrk -t2 -c100 -d5s -H "Cookie: $cookie" "$board" >/dev/null
# The first page, the last one when the space is large (posts beyond the 3 of the demo, 20 a page), and one past it.
pages=("$board")
[ "$posts" -gt 1000 ] && pages+=("$board?page=$(( (posts + 3 + 19) / 20 ))")
pages+=("$board?page=99999")
for page in "${pages[@]}"; do
  say "wrk -t2 -c100 -d10s --latency $page"
  for _ in $(seq 1 "$runs"); do
    wrk -t2 -c100 -d10s --latency -H "Cookie: $cookie" "$page" | awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 90%/ { p90 = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = ", non-2xx " $NF } /Socket errors/ { sock = ", socket errors:" substr($0, index($0, ":") + 1) } END { printf "%s req/s, p50 %s, p90 %s, p99 %s%s%s\n", rps, p50, p90, p99, bad, sock }'
  done
done

if [ "${PARTS:-0}" = 1 ]; then
  say "what every page shares, part by part"
  for spec in "/healthz|" "/no-such-page|" "/|" "/|$cookie" "/projects/1/space?page=99999|$cookie"; do
    path="${spec%%|*}" with="${spec#*|}"
    for _ in $(seq 1 "$runs"); do
      if [ -n "$with" ]; then set -- -H "Cookie: $with"; else set --; fi
      printf '%-34s %-10s ' "$path" "$([ -n "$with" ] && echo signed-in || echo signed-out)"
      wrk -t2 -c100 -d10s --latency "$@" "$base$path" | awk '/Requests\/sec/ { rps = $2 } / 50%/ { p50 = $2 } / 99%/ { p99 = $2 } /Non-2xx/ { bad = ", non-2xx " $NF } /Socket errors/ { sock = ", socket errors:" substr($0, index($0, ":") + 1) } END { printf "%s req/s, p50 %s, p99 %s%s%s\n", rps, p50, p99, bad, sock }'
    done
  done
fi
