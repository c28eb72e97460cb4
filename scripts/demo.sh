#!/usr/bin/env bash
# The main job: annotate the bundled sample reviews (engine + CLI), build the extension, and serve
# the demo pages on 127.0.0.1. Stop with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-8787}"

printf '=== Sample reviews, annotated by the CLI (data/sample_reviews.jsonl)\n'
cargo run --quiet --locked --release -- annotate data/sample_reviews.jsonl > target/sample-annotations.jsonl
python3 - target/sample-annotations.jsonl <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    a = json.loads(line)
    tags = ", ".join(f"{c['tag']}({c['confidence']:.2f}: {'/'.join(e['text'] for e in c['evidence'])})" for c in a["causes"]) or "-"
    w = a["window"]
    print(f"{a['priority']:>3}  {a['id']:<9} {a['platform']:<9} {a['rating'] or '?':<7} {w['state']:<14} {w['deadline'] or '':<26} {tags}")
PY
printf '(full JSON: target/sample-annotations.jsonl)\n\n'

printf '=== Building the extension\n'
./scripts/build-extension.sh

printf '\n=== Load the unpacked extension from: %s\n' "$(pwd)/dist/extension"
printf '=== Demo pages (annotated even without the extension):\n'
exec node www/serve.mjs --port "$port"
