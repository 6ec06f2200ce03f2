#!/usr/bin/env bash
# Runs the project's scorers (../shared/eval) on the development corpora and prints the figures.
#   scripts/measure.sh            all measurements
#   scripts/measure.sh conll|ggt|html|gum|polnear|meantime
set -euo pipefail
cd "$(dirname "$0")/.."
S=../shared
PY=python3; [ -x .venv/bin/python ] && PY=.venv/bin/python
cargo build --release --quiet
bin=target/release/newsfacts
tmp=${TMPDIR:-/tmp}/newsfacts-measure
rm -rf "$tmp"; mkdir -p "$tmp"
what=${1:-all}

if [ "$what" = all ] || [ "$what" = conll ]; then
  echo "== CoNLL-2003 dev: exact-span mention F1 (score_mentions.py)"
  $PY $S/eval/conll_to_jsonl.py $S/corpora/conll2003/dev.txt "$tmp/conll_dev" >/dev/null
  $bin export "$tmp/conll_dev.jsonl" --out "$tmp/nf_conll" --format parquet --quiet
  $PY $S/eval/newsfacts_pred.py "$tmp/nf_conll" --input "$tmp/conll_dev.jsonl" --mentions "$tmp/conll_pred.jsonl"
  $PY $S/eval/score_mentions.py "$tmp/conll_dev.gold.jsonl" "$tmp/conll_pred.jsonl"
fi
if [ "$what" = all ] || [ "$what" = ggt ]; then
  echo "== GGT dev: people list, quotes, speakers (score_ggt.py)"
  $bin export $S/corpora/ggt/ggt_dev.jsonl --out "$tmp/nf_ggt" --format parquet --quiet
  $PY $S/eval/newsfacts_pred.py "$tmp/nf_ggt" --input $S/corpora/ggt/ggt_dev.jsonl --ggt "$tmp/ggt_pred.jsonl"
  $PY $S/eval/score_ggt.py $S/corpora/ggt/ggt_dev.jsonl "$tmp/ggt_pred.jsonl"
  # --direct-only restricts the gold to quotes holding a quotation mark; the pred file carries no
  # quote kind, so the predictions are restricted the same way: the quotes table keeps its
  # direct and partial rows (the other tables are the same files).
  mkdir -p "$tmp/nf_ggt_direct/parquet"
  for t in "$tmp"/nf_ggt/parquet/*.parquet; do ln -sf "$t" "$tmp/nf_ggt_direct/parquet/"; done
  rm -f "$tmp/nf_ggt_direct/parquet/quotes.parquet"
  $PY - "$tmp/nf_ggt/parquet/quotes.parquet" "$tmp/nf_ggt_direct/parquet/quotes.parquet" <<'PYEOF'
import sys, pandas as pd
q = pd.read_parquet(sys.argv[1])
q[q["quote_kind"].isin(["direct", "partial"])].to_parquet(sys.argv[2], index=False)
PYEOF
  $PY $S/eval/newsfacts_pred.py "$tmp/nf_ggt_direct" --input $S/corpora/ggt/ggt_dev.jsonl --ggt "$tmp/ggt_pred_direct.jsonl"
  echo "-- direct quotes only (gold: quotes with a quotation mark; predictions: direct and partial rows)"
  $PY $S/eval/score_ggt.py $S/corpora/ggt/ggt_dev.jsonl "$tmp/ggt_pred_direct.jsonl" --direct-only
fi
if [ "$what" = all ] || [ "$what" = html ]; then
  echo "== articlebody dev: body F1 (score_body.py)"
  $bin export $S/corpora/articlebody/html --out "$tmp/nf_html" --format json --quiet || true
  $PY - "$tmp/nf_html/json/articles.json" "$tmp/html_pred.json" <<'PYEOF'
import json, sys
rows = json.load(open(sys.argv[1]))
json.dump({r["article_id"]: {"articleBody": r["text"]} for r in rows}, open(sys.argv[2], "w"))
PYEOF
  $PY $S/eval/score_body.py $S/corpora/articlebody/ground-truth-dev.json "$tmp/html_pred.json"
fi
if [ "$what" = all ] || [ "$what" = gum ]; then
  echo "== GUM news dev: exact-span mention F1 (score_mentions.py), entity lists (score_ggt.py)"
  $bin export $S/corpora/gum/gum_news_dev.jsonl --out "$tmp/nf_gum" --format parquet --quiet
  $PY $S/eval/newsfacts_pred.py "$tmp/nf_gum" --input $S/corpora/gum/gum_news_dev.jsonl --mentions "$tmp/gum_pred.jsonl" --ggt "$tmp/gum_ggt_pred.jsonl"
  $PY $S/eval/score_mentions.py $S/corpora/gum/gum_news_dev.mentions.gold.jsonl "$tmp/gum_pred.jsonl"
  $PY $S/eval/score_ggt.py $S/corpora/gum/gum_news_dev.ggt.gold.jsonl "$tmp/gum_ggt_pred.jsonl"
fi
if [ "$what" = all ] || [ "$what" = polnear ]; then
  echo "== PolNeAR dev: speech attributions (score_attribution.py; all kinds, then direct only)"
  $bin export $S/corpora/polnear/polnear_dev.jsonl --out "$tmp/nf_polnear" --format parquet --quiet
  $PY $S/eval/newsfacts_pred.py "$tmp/nf_polnear" --input $S/corpora/polnear/polnear_dev.jsonl --ggt "$tmp/polnear_pred.jsonl"
  $PY $S/eval/score_attribution.py $S/corpora/polnear/polnear_dev.speech.gold.jsonl "$tmp/polnear_pred.jsonl"
  echo "-- direct quotes only"
  $PY $S/eval/score_attribution.py $S/corpora/polnear/polnear_dev.speech.gold.jsonl "$tmp/polnear_pred.jsonl" --direct-only
fi
if [ "$what" = all ] || [ "$what" = meantime ]; then
  echo "== MEANTIME dev: events (score_events.py)"
  $bin export $S/corpora/meantime/meantime_dev.jsonl --out "$tmp/nf_meantime" --format parquet --quiet
  $PY $S/eval/score_events.py $S/corpora/meantime/meantime_dev.gold.jsonl "$tmp/nf_meantime"
  if [ -f "$tmp/nf_meantime/parquet/time_expressions.parquet" ]; then
    echo "-- time expressions (score_timex.py)"
    $PY $S/eval/score_timex.py $S/corpora/meantime/meantime_dev.gold.jsonl "$tmp/nf_meantime"
  fi
fi
