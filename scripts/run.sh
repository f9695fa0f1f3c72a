#!/usr/bin/env bash
# Builds the platform (release) and runs it on the embedded SQLite database with demo data.
# Installs what is missing first (see scripts/setup.sh). Settings: Leptos.toml, or OPENTWIN_* variables.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=setup.sh
. "$root/scripts/setup.sh"

"$root/scripts/build-site.sh"
export OPENTWIN_SITE_ROOT="${OPENTWIN_SITE_ROOT:-target/site}"
bin="${CARGO_TARGET_DIR:-target}/release/server"
"$bin" seed-demo
exec "$bin" serve
