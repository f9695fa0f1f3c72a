#!/usr/bin/env bash
# Installs what the platform needs to build (and, with --test, to run its browser tests). Idempotent and
# pinned: each step checks what is there and skips it when it is already right.
#
#   scripts/setup.sh          build tools: wasm target, cargo-leptos, wasm-bindgen-cli, Tailwind, wasm-opt
#   scripts/setup.sh --test   the same, plus Playwright, Debian's Chromium and moto's S3-compatible server
#
# Source it (`. scripts/setup.sh`) to also get the npm tools on PATH.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
# cargo-leptos 0.3.11's locked dependencies need a newer rustc than the project itself.
CARGO_LEPTOS_TOOLCHAIN=1.96.0

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
with_test=0
[ "${1:-}" = "--test" ] && with_test=1

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' "$root/Cargo.lock")"

# rust-toolchain.toml pins the compiler; rustup would install it on first use, this says so and does it first.
toolchain="$(awk -F'"' '/^channel/{print $2}' "$root/rust-toolchain.toml")"

ensure_toolchain() {
  if rustup toolchain list | grep -q "^$toolchain-"; then return; fi
  say "installing the Rust toolchain $toolchain (rust-toolchain.toml)"
  rustup toolchain install "$toolchain" --profile minimal --target wasm32-unknown-unknown
}

ensure_wasm_target() {
  if rustup target list --installed --toolchain "$toolchain" | grep -qx wasm32-unknown-unknown; then return; fi
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
}

# Build tools are compiled without whole-program optimisation: cargo-leptos' own release profile (fat LTO, one
# codegen unit) made its install take most of a new machine's setup, for a program that mostly waits on others.
# Cargo's profile settings from the environment override the installed package's manifest.
tool_profile() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=0 "$@"
}

ensure_cargo_leptos() {
  if cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then return; fi
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (no_downloads: tools come from PATH; takes ~20 minutes once)"
  if ! rustup toolchain list | grep -q "^$CARGO_LEPTOS_TOOLCHAIN"; then
    rustup toolchain install "$CARGO_LEPTOS_TOOLCHAIN" --profile minimal
  fi
  tool_profile cargo "+$CARGO_LEPTOS_TOOLCHAIN" install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
}

ensure_wasm_bindgen() {
  if wasm-bindgen --version 2>/dev/null | grep -q " $wasm_bindgen_version\$"; then return; fi
  say "installing wasm-bindgen-cli $wasm_bindgen_version (the version in Cargo.lock)"
  tool_profile cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
}

# npm ci only when the lockfile changed since the last install.
ensure_npm() {
  local dir="$1" stamp="$1/node_modules/.opentwin-lock"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then return; fi
  say "installing npm packages in ${dir#$root/}"
  (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  cp "$dir/package-lock.json" "$stamp"
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  say "installing Debian's chromium for the browser tests"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

# moto's S3-compatible server, in a virtual environment of its own, every package pinned
# (scripts/moto-requirements.txt); the test command starts it for the test of files shared by server processes.
MOTO_VERSION="$(awk -F'==' '/^moto==/{print $2}' "$root/scripts/moto-requirements.txt")"
MOTO_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/opentwin/moto-$MOTO_VERSION"
ensure_moto() {
  local stamp="$MOTO_DIR/.opentwin-requirements"
  if [ -x "$MOTO_DIR/bin/moto_server" ] && cmp -s "$root/scripts/moto-requirements.txt" "$stamp"; then return; fi
  say "installing moto $MOTO_VERSION (an S3-compatible server for the tests) into ${MOTO_DIR/#$HOME/\~}"
  rm -rf "$MOTO_DIR"
  python3 -m venv "$MOTO_DIR"
  "$MOTO_DIR/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$root/scripts/moto-requirements.txt"
  cp "$root/scripts/moto-requirements.txt" "$stamp"
}

ensure_toolchain
ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_npm "$root/tools"
if [ "$with_test" = 1 ]; then
  ensure_npm "$root/end2end"
  ensure_chromium
  ensure_moto
fi
export PATH="$root/tools/node_modules/.bin:$PATH"
