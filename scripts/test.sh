#!/usr/bin/env bash
# The whole test suite, from a fresh clone with only cargo and python3 installed:
#   1. a Python virtualenv (.venv) with pandas, pyarrow, duckdb and frictionless;
#   2. `cargo test --release` (unit, property and end-to-end tests);
#   3. the Python package (pyproject.toml): its wheel built by maturin and installed into .venv,
#      and its tests (tests/python/test_package.py; test_spark.py runs PySpark in local[2] and
#      is skipped only when `java` is absent);
#   4. the Python checks (types, keys, foreign keys in DuckDB, frictionless validate) on the
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

# The wheel reuses that build of the dependency graph (Cargo.toml names the features for it):
# only pyo3 and the bindings crate compile here (maturin, from the requirements, is found on PATH).
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements-package.txt
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python -m pip install --quiet --disable-pip-version-check \
  --no-build-isolation --no-deps --force-reinstall .
.venv/bin/python -m pytest -q -rs -p no:cacheprovider tests/python/test_package.py tests/python/test_spark.py

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=target/release/newsfacts
.venv/bin/python tests/python/test_output.py output
"$bin" export articles --out "$tmp/seed" --quiet
.venv/bin/python tests/python/test_output.py "$tmp/seed"
if [ -d ../shared/corpora ]; then
  "$bin" export ../shared/corpora/ggt/ggt_dev.jsonl --out "$tmp/ggt" --quiet
  .venv/bin/python tests/python/test_output.py "$tmp/ggt"
  .venv/bin/python ../shared/eval/conll_to_jsonl.py ../shared/corpora/conll2003/dev.txt "$tmp/conll_dev" >/dev/null
  "$bin" export "$tmp/conll_dev.jsonl" --out "$tmp/conll" --quiet --partition-rows 5000
  .venv/bin/python tests/python/test_output.py "$tmp/conll"
fi
echo "scripts/test.sh: all checks passed"
