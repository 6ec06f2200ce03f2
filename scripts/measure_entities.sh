#!/usr/bin/env bash
# Measures people / organization / place extraction on the development data with the shared scorers.
# Run from the repository root (/work/main): scripts/measure_entities.sh
#   1. CoNLL-2003 dev: exact-span mention F1 (PER/ORG/LOC) through the full pipeline, twice:
#      as published (every row of `mentions`) and names only
#      (rows whose mention_form is pronoun or role_noun removed: what a CoNLL annotator marks).
#   2. GGT dev: people-list F1 (and the quote figures score_ggt.py prints).
# Needs ../shared (corpora + eval) and Python with pandas/pyarrow (.venv if present).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3
[ -x .venv/bin/python ] && PY=.venv/bin/python
SHARED=../shared
TMP=${TMPDIR:-/tmp}/nf-measure-entities
mkdir -p "$TMP"
cargo build --release --quiet
NF=./target/release/newsfacts

echo "== CoNLL-2003 dev (exact-span mention F1) =="
python3 $SHARED/eval/conll_to_jsonl.py $SHARED/corpora/conll2003/dev.txt "$TMP/conll_dev" >/dev/null
$NF export "$TMP/conll_dev.jsonl" --out "$TMP/nf_conll" --format parquet --force >/dev/null
$PY $SHARED/eval/newsfacts_pred.py "$TMP/nf_conll" --input "$TMP/conll_dev.jsonl" --mentions "$TMP/pred.jsonl"
echo "-- as published (every row of the mentions table)"
$PY $SHARED/eval/score_mentions.py "$TMP/conll_dev.gold.jsonl" "$TMP/pred.jsonl"
rm -rf "$TMP/nf_conll_names" && mkdir -p "$TMP/nf_conll_names/parquet"
$PY - "$TMP/nf_conll" "$TMP/nf_conll_names" <<'PYEOF'
import sys, shutil, pandas as pd
src, dst = sys.argv[1], sys.argv[2]
for t in ("articles", "people", "organizations", "quotes"):
    shutil.copy(f"{src}/parquet/{t}.parquet", f"{dst}/parquet/{t}.parquet")
m = pd.read_parquet(f"{src}/parquet/mentions.parquet")
m[~m.mention_form.isin(["pronoun", "role_noun"])].to_parquet(f"{dst}/parquet/mentions.parquet")
PYEOF
$PY $SHARED/eval/newsfacts_pred.py "$TMP/nf_conll_names" --input "$TMP/conll_dev.jsonl" --mentions "$TMP/pred_names.jsonl"
echo "-- names only (pronoun / role_noun rows removed)"
$PY $SHARED/eval/score_mentions.py "$TMP/conll_dev.gold.jsonl" "$TMP/pred_names.jsonl"

echo "== GGT dev (people-list F1) =="
$NF export $SHARED/corpora/ggt/ggt_dev.jsonl --out "$TMP/nf_ggt" --format parquet --force >/dev/null
$PY $SHARED/eval/newsfacts_pred.py "$TMP/nf_ggt" --input $SHARED/corpora/ggt/ggt_dev.jsonl --ggt "$TMP/ggt_pred.jsonl"
$PY $SHARED/eval/score_ggt.py $SHARED/corpora/ggt/ggt_dev.jsonl "$TMP/ggt_pred.jsonl"
