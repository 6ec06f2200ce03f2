"""Checks an output directory the way a data user would load it.

Usage: python tests/python/test_output.py [OUTPUT_DIR]   (default: output)

- loads every table in CSV, JSON and Parquet with pandas;
- checks column names, order and types against schema/datapackage.json;
- checks that the three formats hold the same rows;
- when OUTPUT_DIR has jsonl/ (`--format ...,jsonl`): reads every table with
  `pd.read_json(lines=True)` and DuckDB's `read_json_auto`, with the Parquet row counts;
- checks primary-key uniqueness and every foreign key (declared and polymorphic) with DuckDB SQL;
- checks that every offset slices articles.text to the stored surface form;
- runs `frictionless validate` on OUTPUT_DIR/datapackage.json.
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pyarrow.parquet as pq

OUT = sys.argv[1] if len(sys.argv) > 1 else "output"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = json.load(open(os.path.join(ROOT, "schema", "datapackage.json")))
TABLES = {r["name"]: r["schema"] for r in SCHEMA["resources"]}

passed, failed = 0, 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


ARROW = {"string": "string", "integer": "int64", "date": "date32[day]"}


def parquet_path(t):
    """The table's Parquet file, or its directory of parts (--partition-rows)."""
    p = os.path.join(OUT, "parquet", f"{t}.parquet")
    return p if os.path.exists(p) else os.path.join(OUT, "parquet", t)


def duck_path(t):
    p = parquet_path(t)
    return p if p.endswith(".parquet") else os.path.join(p, "*.parquet")


frames = {}
for t, sch in TABLES.items():
    fields = sch["fields"]
    names = [f["name"] for f in fields]
    # Parquet: exact Arrow types
    pt = pq.read_table(parquet_path(t)) if os.path.exists(parquet_path(t)) else None
    check(f"{t}.parquet exists", pt is not None, parquet_path(t))
    if pt is None:
        continue
    check(f"{t}.parquet columns", pt.schema.names == names, f"{pt.schema.names} != {names}")
    for f in fields:
        got = str(pt.schema.field(f["name"]).type)
        check(f"{t}.{f['name']} parquet type", got == ARROW[f["type"]], f"{got} != {ARROW[f['type']]}")
        nullable = pt.schema.field(f["name"]).nullable
        check(f"{t}.{f['name']} nullability", nullable == (not f["constraints"]["required"]), str(nullable))
    pdf = pt.to_pandas()
    frames[t] = pdf
    # CSV: same rows, typed by the schema
    dtypes = {f["name"]: ("Int64" if f["type"] == "integer" else "string") for f in fields}
    cdf = pd.read_csv(os.path.join(OUT, "csv", f"{t}.csv"), dtype=dtypes, keep_default_na=False, na_values=[""])
    check(f"{t}.csv columns", list(cdf.columns) == names, str(list(cdf.columns)))
    check(f"{t}.csv rows", len(cdf) == len(pdf), f"{len(cdf)} != {len(pdf)}")
    # JSON: array of records, same rows
    jdf = pd.DataFrame(json.load(open(os.path.join(OUT, "json", f"{t}.json"))), columns=names)
    check(f"{t}.json rows", len(jdf) == len(pdf), f"{len(jdf)} != {len(pdf)}")
    for f in fields:
        n = f["name"]
        if f["type"] == "date":
            p = [None if pd.isna(x) else x.isoformat() for x in pdf[n]]
        else:
            p = [None if pd.isna(x) else (int(x) if f["type"] == "integer" else str(x)) for x in pdf[n]]
        c = [None if pd.isna(x) else (int(x) if f["type"] == "integer" else str(x)) for x in cdf[n]]
        j = [None if x is None or (isinstance(x, float) and pd.isna(x)) else x for x in jdf[n]]
        check(f"{t}.{n} csv == parquet", c == p, f"first diff at {next((i for i, (a, b) in enumerate(zip(c, p)) if a != b), None)}")
        check(f"{t}.{n} json == parquet", j == p, f"first diff at {next((i for i, (a, b) in enumerate(zip(j, p)) if a != b), None)}")
        if "enum" in f["constraints"]:
            bad = set(x for x in p if x is not None) - set(f["constraints"]["enum"])
            check(f"{t}.{n} enum", not bad, str(bad))
        if f["constraints"]["required"]:
            check(f"{t}.{n} required", all(x is not None for x in p), "null in required column")

# JSON Lines (when exported): pandas and DuckDB read it directly, with the same rows
con = duckdb.connect()
if os.path.isdir(os.path.join(OUT, "jsonl")):
    import glob
    for t, sch in TABLES.items():
        names = [f["name"] for f in sch["fields"]]
        one = os.path.join(OUT, "jsonl", f"{t}.jsonl")
        files = [one] if os.path.exists(one) else sorted(glob.glob(os.path.join(OUT, "jsonl", t, "*.jsonl")))
        check(f"{t}.jsonl exists", bool(files), one)
        if not files or t not in frames:
            continue
        want = len(frames[t])
        if want == 0:
            check(f"{t}.jsonl empty", all(os.path.getsize(f) == 0 for f in files), str(files))
            continue
        ldf = pd.concat([pd.read_json(f, lines=True, dtype=False) for f in files if os.path.getsize(f) > 0])
        check(f"{t}.jsonl pandas rows", len(ldf) == want, f"{len(ldf)} != {want}")
        check(f"{t}.jsonl pandas columns", list(ldf.columns) == names, str(list(ldf.columns)))
        path = one if len(files) == 1 and files[0] == one else os.path.join(OUT, "jsonl", t, "*.jsonl")
        n = con.execute(f"SELECT count(*) FROM read_json_auto('{path}')").fetchone()[0]
        check(f"{t}.jsonl duckdb rows", n == want, f"{n} != {want}")
        records = [json.loads(line) for f in files for line in open(f, encoding="utf-8")]
        check(f"{t}.jsonl == json", records == json.load(open(os.path.join(OUT, "json", f"{t}.json"))), "records differ")

# DuckDB: keys
for t in TABLES:
    con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{duck_path(t)}')")
for t, sch in TABLES.items():
    pk = ", ".join(sch["primaryKey"])
    dup = con.execute(f"SELECT count(*) FROM (SELECT {pk}, count(*) c FROM {t} GROUP BY {pk} HAVING c > 1)").fetchone()[0]
    check(f"{t} primary key ({pk}) unique", dup == 0, f"{dup} duplicated keys")
    for fk in sch.get("foreignKeys", []):
        on = " AND ".join(f"c.{a} = p.{b}" for a, b in zip(fk["fields"], fk["reference"]["fields"]))
        notnull = " AND ".join(f"c.{a} IS NOT NULL" for a in fk["fields"])
        n = con.execute(
            f"SELECT count(*) FROM {t} c WHERE {notnull} AND NOT EXISTS (SELECT 1 FROM {fk['reference']['resource']} p WHERE {on})"
        ).fetchone()[0]
        check(f"{t} fk {fk['fields']} -> {fk['reference']['resource']}", n == 0, f"{n} dangling")

# polymorphic references: entity_kind / speaker_kind decide the table
POLY = [
    ("mentions", "entity_kind", "entity_id"),
    ("event_participants", "entity_kind", "entity_id"),
    ("quotes", "speaker_kind", "speaker_id"),
]
TARGET = {"person": ("people", "person_id"), "organization": ("organizations", "org_id"), "place": ("places", "place_id")}
for t, kind, col in POLY:
    for k, (tt, tc) in TARGET.items():
        n = con.execute(
            f"SELECT count(*) FROM {t} c WHERE c.{kind} = '{k}' AND c.{col} IS NOT NULL AND NOT EXISTS "
            f"(SELECT 1 FROM {tt} p WHERE p.article_id = c.article_id AND p.{tc} = c.{col})"
        ).fetchone()[0]
        check(f"{t}.{col} ({k}) resolves in {tt}", n == 0, f"{n} dangling")
for t, col, tt, tc in [("affiliations", "org_id", "organizations", "org_id"), ("affiliations", "place_id", "places", "place_id"), ("events", "place_id", "places", "place_id"), ("events", "timex_id", "time_expressions", "timex_id")]:
    n = con.execute(
        f"SELECT count(*) FROM {t} c WHERE c.{col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {tt} p WHERE p.article_id = c.article_id AND p.{tc} = c.{col})"
    ).fetchone()[0]
    check(f"{t}.{col} resolves in {tt}", n == 0, f"{n} dangling")
n = con.execute("SELECT count(*) FROM quotes WHERE speaker_kind IN ('person','organization') AND speaker_id IS NULL").fetchone()[0]
check("quotes with person/organization speaker have speaker_id", n == 0, f"{n} rows")

# offsets slice articles.text (Python code points)
texts = dict(zip(frames["articles"].article_id, frames["articles"].text))
for t in ["mentions", "quotes", "time_expressions", "events", "affiliations", "event_mentions"]:
    df = frames[t]
    col = "trigger" if t == "events" else "text"
    bad = [r for r in df.itertuples() if texts[r.article_id][int(r.start):int(r.end)] != getattr(r, col)]
    check(f"{t} spans slice articles.text", not bad, f"{len(bad)} bad, e.g. {bad[:1]}")
import hashlib
for r in frames["articles"].itertuples():
    check(f"articles {r.article_id} sha256", hashlib.sha256(r.text.encode()).hexdigest() == r.text_sha256)
    check(f"articles {r.article_id} char_count", len(r.text) == r.char_count)

# frictionless
fr = os.path.join(os.path.dirname(sys.executable), "frictionless")
res = subprocess.run([fr, "validate", os.path.join(OUT, "datapackage.json")], capture_output=True, text=True)
check("frictionless validate", res.returncode == 0, res.stdout[-3000:] + res.stderr[-2000:])

print(f"python output checks ({OUT}): {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
