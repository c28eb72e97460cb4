#!/usr/bin/env bash
# The CLI end to end (JSON lines in, JSON lines out) against `jq -c .` on the same file, in one
# run: the public corpus (../shared/data/online_shopping_reviews.csv, 61.7k reviews) as JSON lines
# with a rating, a platform and a date, or data/gold when ../shared is absent; then the same with a
# buyer's nick and an item per review, as review pages give them (names make every script differ).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --locked --release --bin review-triage >/dev/null
in=$(mktemp --suffix .jsonl)
named=$(mktemp --suffix .jsonl)
trap 'rm -f "$in" "$named"' EXIT
python3 - "$in" "$named" <<'PY'
import csv, json, os, sys
out = open(sys.argv[1], 'w', encoding='utf-8')
named = open(sys.argv[2], 'w', encoding='utf-8')
src = '../shared/data/online_shopping_reviews.csv'
if os.path.exists(src):
    rows = [(r['review'], r['label'], r['cat']) for r in csv.DictReader(open(src, encoding='utf-8-sig'))]
else:
    rows = [(d['text'], str(d['label']), d.get('category', '商品')) for f in ('train_gold', 'extra_labels') for d in map(json.loads, open(f'data/gold/{f}.jsonl', encoding='utf-8'))]
for i, (text, label, cat) in enumerate(rows):
    r = {'id': f'c{i}', 'text': text, 'rating': 'good' if label == '1' else 'bad',
         'platform': ['taobao', 'tmall', 'jd', 'pinduoduo', 'douyin'][i % 5], 'reviewed_at': f'{i % 40}天前'}
    out.write(json.dumps(r, ensure_ascii=False) + '\n')
    r.update(buyer=f'{chr(97 + i % 26)}**{i % 10}', item=f'{cat} 款式{i % 9}')
    named.write(json.dumps(r, ensure_ascii=False) + '\n')
PY
n=$(wc -l < "$in")
run() { # label, command...
  local label=$1; shift
  local t0 t1
  t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
  python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print(f'{sys.argv[4]:<44} {s:7.2f} s  {n/s:>9,.0f} reviews/s')" "$n" "$t0" "$t1" "$label"
}
echo "$n reviews, $(nproc) cores"
for _ in 1 2; do
  run "jq -c ." jq -c . "$in"
  run "review-triage annotate --triage" ./target/release/review-triage annotate --triage --now 2026-11-22T10:00:00+08:00 "$in"
  run "review-triage annotate (scripts if needed)" ./target/release/review-triage annotate --now 2026-11-22T10:00:00+08:00 "$in"
  run "review-triage annotate --every-script" ./target/release/review-triage annotate --every-script --now 2026-11-22T10:00:00+08:00 "$in"
  run "  with names: annotate (scripts if needed)" ./target/release/review-triage annotate --now 2026-11-22T10:00:00+08:00 "$named"
  run "  with names: annotate --every-script" ./target/release/review-triage annotate --every-script --now 2026-11-22T10:00:00+08:00 "$named"
done
