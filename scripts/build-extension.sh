#!/usr/bin/env bash
# Builds the wasm (the size-tuned `wasm` profile), the wasm-bindgen glue, and a ready-to-load unpacked
# extension in dist/extension plus dist/review-triage-extension.zip. Nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "build-extension: wasm-bindgen CLI is ${have:-missing}, Cargo.lock pins $want; run ./scripts/setup.sh" >&2
  exit 1
fi

target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --locked --profile wasm --lib --target wasm32-unknown-unknown
rm -rf dist/pkg dist/extension
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir dist/pkg --out-name review_triage \
  "$target_dir/wasm32-unknown-unknown/wasm/review_triage.wasm"
# No wasm-opt pass: Debian's binaryen 108 cannot read what current rustc emits (table.fill), and
# binaryen 132's -Oz made the gzipped wasm larger (measured, BENCHMARKS.md): the wasm profile's
# opt-level and LTO do the work, and the build is the same on every machine.

# The cause tagger's trained weights ship beside the wasm (loaded by the loader, the offscreen
# document, the demo pages and the playground).
cp data/tagger.bin dist/pkg/tagger.bin

mkdir -p dist/extension
cp -r extension/. dist/extension/
rm -rf dist/extension/tests
cp -r dist/pkg dist/extension/pkg
rm -f dist/review-triage-extension.zip
(cd dist/extension && python3 -m zipfile -c ../review-triage-extension.zip .)

raw=$(wc -c < dist/pkg/review_triage_bg.wasm)
gz=$(gzip -9 -c dist/pkg/review_triage_bg.wasm | wc -c)
echo "build-extension: wasm $raw bytes ($gz gzipped); unpacked extension in dist/extension, zip in dist/review-triage-extension.zip"
