#!/usr/bin/env bash
# The partner search benchmark's 13 searches as pages (`/partners?…`, what a reader without JavaScript gets: the
# search and the whole page), against a release server on the generated dataset of `scripts/bench-search.sh`.
# Needs no benchmark build (that one compiles the app again with its test helpers): a quick check of the page
# after a change to the search, one search at a time, ROUNDS each (default 20), p50/p95/max in ms from curl.
# "cold" is each search's first request: its option counts are counted afresh (nothing cached for that
# combination yet; the server keeps only the unfiltered counts warm). Then CLIENTS (default 2) clients at once,
# each running the 13 searches ROUNDS times in turn: requests a second over the mix.
#
#   BENCH_SERVER=path/to/release/server scripts/bench-search-pages.sh [sqlite|postgres]
#
# The dataset must exist (scripts/bench-search.sh generates it: 1.2 million teachers, ≈ 90 s on SQLite).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
which="${1:-sqlite}"
teachers="${BENCH_TEACHERS:-1200000}"
rounds="${ROUNDS:-20}"
port="${BENCH_PORT:-3998}"
data="$HOME/.cache/opentwin/bench/$teachers"
bin="${BENCH_SERVER:-${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}/release/server}"
case "$which" in
  sqlite) url="sqlite://$data/scale.sqlite?mode=rwc" ;;
  postgres) url="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}/opentwin_scale" ;;
  *) echo "usage: $0 [sqlite|postgres]" >&2; exit 2 ;;
esac
base="http://127.0.0.1:$port"
jar="$(mktemp)"
launched="$(date +%s.%N)"
OPENTWIN_DATABASE_URL="$url" OPENTWIN_DATA_DIR="$data" OPENTWIN_LOG=warn OPENTWIN_PARTNER_SEARCHES_PER_MINUTE=0 \
  OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="$base" OPENTWIN_SITE_ROOT="$root/target/site" "$bin" serve &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$jar"' EXIT
for _ in $(seq 1 600); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
# Ready once the copy of the partner index is in memory (and, on PostgreSQL, the commonest words' matches).
awk -v from="$launched" -v to="$(date +%s.%N)" -v rss="$(ps -o rss= -p "$server")" \
  'BEGIN { printf "ready (/readyz) %.1f s after start; the server holds %.0f MB (resident)\n", to - from, rss / 1024 }'

# Signed in as the dataset's benchmark account, through the sign-in form's own action.
action="$(curl -fsS "$base/signin" | grep -o 'action="/api/sign_in[^"]*"' | head -1 | cut -d'"' -f2)"
curl -fsS -o /dev/null -c "$jar" -b "$jar" -d "email=bench%40scale.opentwin.test&password=opentwin-bench" "$base$action"
grep -q opentwin_session "$jar" || { echo "sign-in failed" >&2; exit 1; }

searches=(
  "everyone, no filter|"
  "common word|q=project"
  "common word + country + subject|q=pupils&country=IT&subject=science"
  "rare word|q=kalomi"
  "rare word + filter|q=marnorvik&looking_now=on"
  "surname|q=rossi"
  "name + town prefix|q=maria+ros"
  "typing a prefix|q=biodiv"
  "2 countries + subject + age|country=FR&country=IT&subject=biology&age=from_12_to_15"
  "language + looking now|language=de&looking_now=on"
  "Plus + open to Plus|programme=etwinning_plus&open_to_plus=on"
  "word, sorted by activity|q=music&sort=recent"
  "country, page 50|country=TR&page=50"
)
echo "partner search pages: ${#searches[@]} searches x $rounds rounds (after one warm-up each); $which; $base"
printf '%-34s %9s %9s %9s %9s\n' "" "cold ms" "p50 ms" "p95 ms" "max ms"
for entry in "${searches[@]}"; do
  label="${entry%%|*}"; query="${entry#*|}"
  cold="$(curl -fsS -o /dev/null -b "$jar" -w '%{time_total}' "$base/partners?$query")"
  for _ in $(seq 1 "$rounds"); do
    curl -fsS -o /dev/null -b "$jar" -w '%{time_total}\n' "$base/partners?$query"
  done | sort -n | awk -v label="$label" -v cold="$cold" '{ t[NR] = $1 * 1000 } END {
    p50 = t[int((NR + 1) * 0.5)]; p95 = t[int(NR * 0.95 + 0.5)]; printf "%-34s %9.1f %9.1f %9.1f %9.1f\n", label, cold * 1000, p50, p95, t[NR] }'
done

clients="${CLIENTS:-2}"
started="$(date +%s.%N)"
pids=()
for client in $(seq 1 "$clients"); do
  (
    for round in $(seq 1 "$rounds"); do
      for index in "${!searches[@]}"; do
        entry="${searches[$(( (index + client + round) % ${#searches[@]} ))]}"
        curl -fsS -o /dev/null -b "$jar" "$base/partners?${entry#*|}"
      done
    done
  ) &
  pids+=($!)
done
wait "${pids[@]}"
requests=$(( clients * rounds * ${#searches[@]} ))
awk -v from="$started" -v to="$(date +%s.%N)" -v n="$requests" -v c="$clients" \
  'BEGIN { printf "%s clients at once: %s requests in %.1f s = %.1f req/s\n", c, n, to - from, n / (to - from) }'

