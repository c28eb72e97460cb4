#!/usr/bin/env bash
# Runs every test of the project, in order of cost; stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { printf '\n=== %s\n' "$*"; }

stage "engine and CLI (cargo test)"
cargo test --locked

stage "engine compiles to wasm32"
cargo build --locked --lib --target wasm32-unknown-unknown
