#!/usr/bin/env bash
# Runs every test of the project, cheapest first; stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
stage() { printf '\n=== %s\n' "$*"; }

stage "engine and CLI: unit, integration and property tests (cargo test)"
cargo test --locked

stage "engine compiles to wasm32"
cargo build --locked --lib --target wasm32-unknown-unknown

stage "browser layer in headless Chromium (wasm-bindgen-test)"
# The annotator tests wait for debounced work: more than the runner's default 20 s on a busy machine.
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}" CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" cargo test --locked --target wasm32-unknown-unknown --test browser

stage "extension build"
./scripts/build-extension.sh
cargo build --locked --release --bin review-triage  # the e2e oracle

stage "the shipped weights are what training makes of the labelled data (deterministic)"
# Both models: the tagger from data/gold, the linter's sentence model from tests/data/lint_*.tsv.
check_weights() {  # check_weights FILE COMMAND...
  local shipped=$1 fresh
  shift
  fresh=$(mktemp)
  "$@" --out "$fresh"
  if ! cmp -s "$fresh" "$shipped"; then
    echo "$shipped differs from a fresh training run: run \`$*\` and commit it" >&2
    rm -f "$fresh"
    exit 1
  fi
  rm -f "$fresh"
}
check_weights data/tagger.bin ./target/release/review-triage train
check_weights data/linter.bin ./target/release/review-triage train-lint

stage "demo server (node --test)"
node --test www/tests/

stage "end to end: the unpacked extension in Debian's Chromium (playwright-core)"
(cd tests/e2e && npm test)
