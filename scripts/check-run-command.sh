#!/usr/bin/env bash
# CI: runs the README's run command the way a newcomer does — `./scripts/run.sh` on a fresh data directory,
# release build — waits until /readyz answers, fetches the home page, opens the home page and a signed-in page
# in the browser and checks they hydrate, then stops the server. Fails if any step fails, so a broken run
# command cannot land. Needs the browser tools of `scripts/setup.sh --test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

data="$(mktemp -d "${TMPDIR:-/tmp}/opentwin-newcomer.XXXXXX")"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
log="$data/run.log"

say "the README's run command on a fresh data directory ($data), port $port"
started=$SECONDS
# Its own process group, so that stopping it also stops a build still running.
OPENTWIN_DATA_DIR="$data" OPENTWIN_SITE_ADDR="127.0.0.1:$port" OPENTWIN_PUBLIC_URL="$url" OPENTWIN_LOG=warn \
  setsid ./scripts/run.sh </dev/null >"$log" 2>&1 &
pid=$!
stop() {
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
trap 'stop; rm -rf "$data"' EXIT

# A cold build takes a while; a warm one (after scripts/test.sh) seconds.
deadline=$((SECONDS + 3600))
until curl -fsS "$url/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "error: ./scripts/run.sh stopped before the platform was ready; its output:" >&2
    tail -50 "$log" >&2
    exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "error: /readyz did not answer within an hour" >&2
    tail -50 "$log" >&2
    exit 1
  fi
  sleep 1
done
say "ready after $((SECONDS - started)) s"

home="$(curl -fsS "$url/")"
grep -q "Find partners abroad" <<<"$home" || { echo "error: the home page does not show the platform" >&2; exit 1; }
# The bundle for the pages with islands: named in the page (inert until a page has an island) and served.
bundle="$(grep -o 'href="/pkg/[^"]*\.js"' <<<"$home" | head -1 | cut -d'"' -f2)"
[ -n "$bundle" ] && curl -fsS -o /dev/null "$url$bundle" || { echo "error: the page names no browser bundle, or it is not served" >&2; exit 1; }

say "the home page and a signed-in page in the browser"
(cd end2end && NEWCOMER_URL="$url" npx playwright test --config newcomer.config.ts)
say "the run command works ($((SECONDS - started)) s)"
