#!/usr/bin/env bash
# The whole test suite, from a fresh clone with only cargo and python3 installed:
#   1. a Python virtualenv (.venv) with pandas, pyarrow, duckdb and frictionless;
#   2. `cargo test --release` (unit, property and end-to-end tests);
#   3. the Python checks (types, keys, foreign keys in DuckDB, frictionless validate) on the
#      committed output/ and on fresh exports of the bundled article and, when ../shared is
#      present, of the GGT and CoNLL development corpora.
set -euo pipefail
cd "$(dirname "$0")/.."

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

# cargo test builds the binary too (target/release/newsfacts), with the same features as the
# tests, so there is a single build of the dependency graph.
cargo test --release --locked

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=target/release/newsfacts
.venv/bin/python tests/python/test_output.py output
"$bin" export articles --out "$tmp/seed" --quiet --format csv,json,jsonl,parquet
.venv/bin/python tests/python/test_output.py "$tmp/seed"
if [ -d ../shared/corpora ]; then
  "$bin" export ../shared/corpora/ggt/ggt_dev.jsonl --out "$tmp/ggt" --quiet --format csv,json,jsonl,parquet
  .venv/bin/python tests/python/test_output.py "$tmp/ggt"
  .venv/bin/python ../shared/eval/conll_to_jsonl.py ../shared/corpora/conll2003/dev.txt "$tmp/conll_dev" >/dev/null
  "$bin" export "$tmp/conll_dev.jsonl" --out "$tmp/conll" --quiet --partition-rows 5000 --format csv,json,jsonl,parquet
  .venv/bin/python tests/python/test_output.py "$tmp/conll"
fi
echo "scripts/test.sh: all checks passed"
