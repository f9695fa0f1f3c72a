#!/usr/bin/env bash
# Builds what the platform serves, exactly as the README's run command does: the release server, the optimised
# wasm bundle, the CSS, with content-hashed names and brotli/gzip files beside each asset (served as they are,
# never compressed per request). `scripts/run.sh` and `scripts/test.sh` both call this, so the browser suite
# runs against the build a newcomer gets. Expects the tools of scripts/setup.sh on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
export LEPTOS_OUTPUT_NAME=opentwin
cargo leptos build --release --precompress
