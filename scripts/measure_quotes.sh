#!/usr/bin/env bash
# Quote extraction and speaker attribution on the Gender Gap Tracker dev split (issue 4).
# Run from the repository root after `cargo build --release`:  scripts/measure_quotes.sh
# Prints the figures of ../shared/eval/score_ggt.py for all quotes, and for direct quotes only
# (gold: quotes holding a quotation mark; prediction: rows of kind direct or partial).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python
IN=../shared/corpora/ggt/ggt_dev.jsonl
OUT=${TMPDIR:-/tmp}/nf_ggt_quotes
./target/release/newsfacts export "$IN" --out "$OUT" --format parquet --force >/dev/null
$PY ../shared/eval/newsfacts_pred.py "$OUT" --input "$IN" --ggt "$OUT/ggt_pred.jsonl"
# direct-only predictions: the same tables with the quotes table restricted to direct/partial rows
DIR="$OUT/direct_only"
mkdir -p "$DIR/parquet"
for t in "$OUT"/parquet/*.parquet; do ln -sf "$t" "$DIR/parquet/"; done
rm -f "$DIR/parquet/quotes.parquet"
$PY - "$OUT/parquet/quotes.parquet" "$DIR/parquet/quotes.parquet" <<'PYEOF'
import sys, pandas as pd
q = pd.read_parquet(sys.argv[1])
q[q["quote_kind"].isin(["direct", "partial"])].to_parquet(sys.argv[2], index=False)
PYEOF
$PY ../shared/eval/newsfacts_pred.py "$DIR" --input "$IN" --ggt "$OUT/ggt_pred_direct.jsonl"
echo "== all quotes"
$PY ../shared/eval/score_ggt.py "$IN" "$OUT/ggt_pred.jsonl"
echo "== direct only"
$PY ../shared/eval/score_ggt.py "$IN" "$OUT/ggt_pred_direct.jsonl" --direct-only
