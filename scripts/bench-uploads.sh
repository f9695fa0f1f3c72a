#!/usr/bin/env bash
# Peak memory of the server under a burst of uploads (docs/reliability.md; issue 15 asks for 100 parallel 20 MB
# uploads): the release server on a fresh demo (SQLite), the demo teachers send BENCH_UPLOADS files of BENCH_MB
# megabytes at once through the materials form, as browsers post it. Prints how many were stored, refused or
# asked to try again, the time taken, and the server's resident memory before and at its peak (VmHWM).
#
#   scripts/bench-uploads.sh               builds the release server first
#   SKIP_BUILD=1 scripts/bench-uploads.sh
#
# Settings: BENCH_UPLOADS (default 100), BENCH_MB (default 20), BENCH_ACCOUNTS (default: every demo teacher with a
# TwinSpace), OPENTWIN_PARALLEL_UPLOADS (the server's turns, default from Leptos.toml: 8).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
uploads="${BENCH_UPLOADS:-100}"
mb="${BENCH_MB:-20}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/opentwin/ci-target}"
export LEPTOS_OUTPUT_NAME=opentwin
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release --locked -p server --bin server
bin="$CARGO_TARGET_DIR/release/server"

work="$(mktemp -d "${TMPDIR:-/tmp}/opentwin-uploads.XXXXXX")"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
export OPENTWIN_DATA_DIR="$work/data" OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="$url" OPENTWIN_LOG=warn
export OPENTWIN_SITE_ROOT="$CARGO_TARGET_DIR/site"
# Room in the space for every file of the burst: the quota is not what this measures.
export OPENTWIN_PROJECT_STORAGE_MB=$(( uploads * mb * 2 ))
"$bin" seed-demo >/dev/null
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
until curl -fsS "$url/readyz" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.3
done

# The demo teachers who have a TwinSpace, each with their session and first space: the burst is spread over them
# (one account holds at most two upload turns; BENCH_ACCOUNTS=1 sends everything as one teacher).
sign_in_action="$(curl -fsS "$url/signin" | grep -o 'action="/api/[^"]*"' | head -1 | cut -d'"' -f2)"
senders=()
for n in $(seq 1 14); do
  [ "${#senders[@]}" -lt "${BENCH_ACCOUNTS:-14}" ] || break
  rm -f "$work/cookies"
  curl -fsS -o /dev/null -c "$work/cookies" -H "Origin: $url" \
    --data-urlencode "email=teacher$n@demo.opentwin.test" --data-urlencode "password=opentwin-demo" "$url$sign_in_action" || continue
  session="$(awk '$6 == "opentwin_session" {print $7}' "$work/cookies")"
  [ -n "$session" ] || continue
  # Their first space that takes uploads from them (its materials page has the upload form): an archived or closed
  # space takes none.
  project=""
  for candidate in $(curl -fsS -b "opentwin_session=$session" "$url/projects/mine" | grep -o '/projects/[0-9]*/space"' | grep -o '[0-9]*' | uniq); do
    if curl -fsS -b "opentwin_session=$session" "$url/projects/$candidate/space/materials" | grep -q "action=\"/projects/$candidate/materials\""; then
      project="$candidate"
      break
    fi
  done
  if [ -n "$project" ]; then senders+=("$session $project"); fi
done
[ "${#senders[@]}" -gt 0 ] || { echo "error: no demo teacher with a TwinSpace could sign in" >&2; exit 1; }

# A PDF of the size asked (its first bytes say PDF; the rest is random, so nothing compresses it away).
{ printf '%%PDF-1.7\n'; head -c $(( mb * 1024 * 1024 - 9 )) /dev/urandom; } >"$work/file.pdf"
kb() { awk -v key="$1" '$1 == key":" {print $2}' "/proc/$pid/status"; }
before="$(kb VmRSS)"

say "$uploads uploads of $mb MB at once from ${#senders[@]} teachers (server turns: ${OPENTWIN_PARALLEL_UPLOADS:-8})"
start="$(date +%s.%N)"
for n in $(seq 1 "$uploads"); do
  read -r session project <<<"${senders[$(( n % ${#senders[@]} ))]}"
  curl -s -o /dev/null -w '%{redirect_url}\n' -b "opentwin_session=$session" -H "Origin: $url" \
    -F "folder=" -F "file=@$work/file.pdf;filename=file-$n.pdf;type=application/pdf" \
    "$url/projects/$project/materials" >"$work/outcome-$n" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
end="$(date +%s.%N)"
peak="$(kb VmHWM)"

stored="$(cat "$work"/outcome-* | grep -c 'outcome=uploaded' || true)"
busy="$(cat "$work"/outcome-* | grep -c 'outcome=busy' || true)"
other=$(( uploads - stored - busy ))
on_disk="$(du -sm "$work/data" | cut -f1)"
printf '%-28s %s\n' "uploads stored" "$stored of $uploads" "asked to try again (busy)" "$busy" "other outcomes" "$other" \
  "seconds" "$(python3 -c "print(round($end - $start, 1))")" "server memory before (MB)" "$(( before / 1024 ))" \
  "server peak memory (MB)" "$(( peak / 1024 ))" "data directory after (MB)" "$on_disk"
[ "$other" = 0 ] || { echo "unexpected outcomes:"; cat "$work"/outcome-* | grep -v 'outcome=uploaded\|outcome=busy' | sort | uniq -c; }
