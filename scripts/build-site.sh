#!/usr/bin/env bash
# Builds what the platform serves, exactly as the README's run command does: the release server, the optimised
# wasm bundle, the CSS, with content-hashed names and brotli/gzip files beside each asset (served as they are,
# never compressed per request). `scripts/run.sh` and `scripts/test.sh` both call this, so the browser suite
# runs against the build a newcomer gets. Expects the tools of scripts/setup.sh on PATH.
#
# Skipped when nothing it is built from changed since its last build here and the server it made is still the
# one in the target folder: cargo-leptos would otherwise run wasm-bindgen and wasm-opt again (≈ 2.5 minutes), as
# the run command did in CI right after the test command had built the same site.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEPTOS_OUTPUT_NAME=opentwin
server="${CARGO_TARGET_DIR:-target}/release/server"
stamp=target/site/.built-from

# Every file the build reads (sources, styles, assets, manifests, toolchain), the tools' versions and the
# settings cargo-leptos reads from the environment.
inputs() {
  {
    find app frontend server style public -type f -not -path '*/node_modules/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock Leptos.toml rust-toolchain.toml .cargo/config.toml
    cargo leptos --version
    rustc --version
    env | grep -E '^(LEPTOS_|RUSTFLAGS|CARGO_)' | LC_ALL=C sort
  } | sha256sum | cut -d' ' -f1
}

built_from="$(inputs)"
if [ -f "$stamp" ] && [ -x "$server" ] && [ "$(cat "$stamp")" = "$built_from $(sha256sum <"$server" | cut -d' ' -f1)" ]; then
  printf '\033[1m==> %s\033[0m\n' "the site is up to date (built from the same files, ${stamp})"
  exit 0
fi
rm -f "$stamp"
cargo leptos build --release --precompress
echo "$built_from $(sha256sum <"$server" | cut -d' ' -f1)" >"$stamp"
