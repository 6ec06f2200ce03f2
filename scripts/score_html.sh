#!/usr/bin/env bash
# score_html.sh — article-body F1 of the HTML extractor (src/ingest/html.rs) on the dev half of the
# Zyte/Scrapinghub article-extraction benchmark, with the benchmark's own scorer.
#
# Usage:
#   scripts/score_html.sh [--scratch] [--worst N] [PRED.json]
#
#   PRED.json   where to write predictions ({page_id: {"articleBody": text}}); default: a temp file
#   --scratch   use the standalone extractor crate (/work/scratch/html, binary `score_pred`) even if
#               a newsfacts binary is available
#   --worst N   also list the N lowest-scoring pages (default 5)
#
# Extractor: `newsfacts` (on PATH, $NEWSFACTS, or target/release/newsfacts) via
#   newsfacts export <html dir> --out TMP --format json   → articles.json (article_id, text)
# otherwise the scratch binary, built on demand with `cargo build --release`.
#
# Environment: SHARED (default /work/shared), HTMLX_SCRATCH (default /work/scratch/html).
# Prints: "article body: P=… R=… F1=… over 91 pages", then the worst pages.
set -euo pipefail

SHARED=${SHARED:-/work/shared}
CORPUS="$SHARED/corpora/articlebody"
GOLD="$CORPUS/ground-truth-dev.json"
SCRATCH=${HTMLX_SCRATCH:-/work/scratch/html}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

use_scratch=0
worst=5
pred=""
while [ $# -gt 0 ]; do
  case "$1" in
    --scratch) use_scratch=1 ;;
    --worst) worst="$2"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) pred="$1" ;;
  esac
  shift
done
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
pred="${pred:-$tmp/pred.json}"

nf="${NEWSFACTS:-}"
if [ -z "$nf" ] && [ "$use_scratch" = 0 ]; then
  if command -v newsfacts >/dev/null 2>&1; then nf=newsfacts
  elif [ -x "$HERE/target/release/newsfacts" ]; then nf="$HERE/target/release/newsfacts"
  fi
fi
[ "$use_scratch" = 1 ] && nf=""

if [ -n "$nf" ]; then
  echo "extractor: $nf export --format json" >&2
  "$nf" export "$CORPUS/html" --out "$tmp/out" --format json --quiet
  python3 - "$tmp/out" "$pred" <<'PY'
import json, pathlib, sys
out, pred = pathlib.Path(sys.argv[1]), sys.argv[2]
path = next(out.rglob("articles.json"))
rows = json.load(open(path))
json.dump({r["article_id"]: {"articleBody": r.get("text") or ""} for r in rows}, open(pred, "w"))
PY
else
  echo "extractor: $SCRATCH (score_pred, release)" >&2
  cargo build --release --quiet --manifest-path "$SCRATCH/Cargo.toml" --bin score_pred
  "$SCRATCH/target/release/score_pred" "$CORPUS/html" "$pred"
fi

python3 "$SHARED/eval/score_body.py" "$GOLD" "$pred"
python3 - "$GOLD" "$pred" "$worst" "$SHARED/eval" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from score_body import page, prec, rec
gold, pred, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
rows = []
for k, g in gold.items():
    r = page(g.get("articleBody", ""), pred.get(k, {}).get("articleBody", ""))
    p, q = prec(*r), rec(*r)
    rows.append((2 * p * q / (p + q) if p + q else 0.0, p, q, k, g.get("url", "")))
for f, p, q, k, url in sorted(rows)[:n]:
    print(f"  F1={f:.3f} P={p:.3f} R={q:.3f} {k[:12]} {url}")
PY
