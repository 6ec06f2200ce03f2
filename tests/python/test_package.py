"""Tests of the Python package `newsfacts` (pytest; installed into .venv by scripts/test.sh).

The extraction in Python must give exactly the rows of `newsfacts export` (compared table by
table, sorted by primary key, with the Parquet files the CLI writes), with the Parquet schema,
from every kind of input the package takes; bad arguments raise, bad articles are rows of
`errors`. Articles written for these tests are invented.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsfacts
import warc_files

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("NEWSFACTS_BIN", ROOT / "target" / "release" / "newsfacts"))
GGT = ROOT.parent / "shared" / "corpora" / "ggt" / "ggt_dev.jsonl"

SPORTS = (
    "Coach Dalia Fenwick said on Tuesday that the Harbor City Gulls would sign striker "
    "Tomas Villar.\n\"We needed speed,\" Fenwick told reporters in Port Ellery."
)
BUSINESS = (
    "Marrow Foods, a snack maker based in Lindqvist, agreed to buy Kettle Ridge Farms for "
    "$40 million, chief executive Orla Pascoe said on Monday."
)
COURT = (
    "A judge in Westbrook sentenced Caleb Orrin to four years on Monday. Prosecutor Mina "
    "Szabo said the ruling \"sends a message to everyone.\""
)
HEALTH = (
    "The Norvale Health Board said on Friday it would open three clinics in Ashcombe. "
    "\"Waiting lists are too long,\" board chair Petra Lund said."
)


def articles() -> list[dict]:
    return [
        {"id": "sp-1", "text": SPORTS, "published": "2024-03-05", "title": "Gulls sign Villar"},
        {"id": "bu-1", "text": BUSINESS, "authors": ["Ines Marsh", "Joel Park"]},
        {"id": "co-1", "text": COURT, "published": dt.date(2023, 11, 20), "source": "Westbrook Post"},
        {"id": 4, "text": HEALTH, "language": "en", "url": "https://example.org/clinics"},
    ]


def sort_rows(table: pa.Table, name: str) -> list[dict]:
    keys = [(k, "ascending") for k in newsfacts.primary_key(name)]
    return table.sort_by(keys).to_pylist()


def cli_export(tmp: Path, *inputs: Path) -> Path:
    if not BIN.exists():
        pytest.fail(f"{BIN} not built: run `cargo build --release` (scripts/test.sh does)")
    out = tmp / "cli"
    subprocess.run(
        [str(BIN), "export", *map(str, inputs), "--out", str(out), "--format", "parquet", "--quiet"],
        check=False,
        capture_output=True,
    )
    assert (out / "parquet" / "articles.parquet").exists(), "the CLI wrote its output"
    return out / "parquet"


def assert_same_as_cli(result: dict[str, pa.Table], parquet: Path) -> None:
    assert list(result) == [*newsfacts.TABLES, "errors"]
    for name in newsfacts.TABLES:
        cli = pq.read_table(parquet / f"{name}.parquet")
        got = result[name]
        assert got.schema == newsfacts.schema(name), name
        assert got.schema == cli.schema.remove_metadata(), name
        assert sort_rows(got, name) == sort_rows(cli, name), name


@pytest.fixture(scope="module")
def ggt_cli(tmp_path_factory) -> Path:
    if not GGT.exists():
        pytest.skip(f"{GGT} is not present (../shared is beside the repository in CI)")
    return cli_export(tmp_path_factory.mktemp("ggt"), GGT)


def ggt_records() -> list[dict]:
    with open(GGT, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_ggt_dev_from_files_equals_the_cli(ggt_cli):
    result = newsfacts.extract_files(GGT)
    assert_same_as_cli(result, ggt_cli)
    # the unknown annotation fields of the corpus are warnings, as the CLI reports them
    errors = result["errors"].to_pylist()
    assert errors and all(e["severity"] == "warning" for e in errors)
    assert all(e["kind"] == "unknown_field" and e["path"] == str(GGT) for e in errors)
    assert result["articles"].num_rows == 49


def test_ggt_dev_through_read_equals_the_cli(ggt_cli):
    reader = newsfacts.read(GGT, batch_size=7)
    assert isinstance(reader, pa.RecordBatchReader)
    assert reader.schema == newsfacts.input_schema()
    result = newsfacts.extract(reader, threads=2)
    assert_same_as_cli(result, ggt_cli)
    assert result["errors"].equals(newsfacts.extract_files(GGT)["errors"])


def test_ggt_dev_from_dicts_tables_and_dataframes_equals_the_cli(ggt_cli):
    records = ggt_records()
    assert_same_as_cli(newsfacts.extract(records), ggt_cli)
    assert_same_as_cli(newsfacts.extract(iter(records), threads=1), ggt_cli)
    fields = ["id", "text", "title", "url", "source", "authors", "published"]
    table = pa.Table.from_pylist([{k: r.get(k) for k in fields} for r in records])
    assert_same_as_cli(newsfacts.extract(table), ggt_cli)
    assert_same_as_cli(newsfacts.extract(table.to_batches()[0]), ggt_cli)
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame([{k: r.get(k) for k in fields} for r in records])
    assert_same_as_cli(newsfacts.extract(df), ggt_cli)


def test_the_seed_articles_equal_the_committed_output():
    result = newsfacts.extract_files(ROOT / "articles")
    assert_same_as_cli(result, ROOT / "output" / "parquet")


def test_results_do_not_depend_on_the_thread_count():
    one = newsfacts.extract(articles() * 3, threads=1)
    two = newsfacts.extract(articles() * 3, threads=2)
    for name in one:
        assert one[name].equals(two[name]), name


def test_dtypes_follow_the_schema():
    result = newsfacts.extract(articles())
    types = {pa.string(), pa.int64(), pa.date32()}
    for name in [*newsfacts.TABLES, "errors"]:
        s = newsfacts.schema(name)
        assert result[name].schema == s
        assert {f.type for f in s} <= types, name
        assert s.field(0).name in ("article_id", "index")
    people = result["people"].to_pylist()
    assert {p["name"] for p in people} >= {"Dalia Fenwick", "Orla Pascoe", "Caleb Orrin"}
    a = {r["article_id"]: r for r in result["articles"].to_pylist()}
    assert list(a) == ["sp-1", "bu-1", "co-1", "4"], "input order; an integer id is text"
    assert a["sp-1"]["published"] == dt.date(2024, 3, 5)
    assert a["co-1"]["published"] == dt.date(2023, 11, 20)
    assert a["bu-1"]["authors"] == "Ines Marsh; Joel Park"
    assert a["4"]["url"] == "https://example.org/clinics"
    for m in result["mentions"].to_pylist():
        assert a[m["article_id"]]["text"][m["start"] : m["end"]] == m["text"]
    with pytest.raises(ValueError, match="no table"):
        newsfacts.schema("nope")


def test_string_layouts_and_column_names():
    base = newsfacts.extract(articles()[:3])
    rows = [{"doc": r["id"], "body": r["text"]} for r in articles()[:3]]
    for ty in (pa.string(), pa.large_string(), pa.string_view()):
        t = pa.table({"doc": [r["doc"] for r in rows], "body": pa.array([r["body"] for r in rows], ty)})
        got = newsfacts.extract(t, id="doc", text="body")
        assert got["people"].equals(base["people"]), ty
        assert got["quotes"].equals(base["quotes"]), ty
    # a dictionary-encoded text column (pandas categoricals) reads the same
    t = pa.table({"id": ["x"], "text": pa.array([COURT]).dictionary_encode()})
    assert newsfacts.extract(t)["people"].num_rows == 2


def test_polars_if_installed():
    pl = pytest.importorskip("polars")
    df = pl.DataFrame({"id": ["sp-1"], "text": [SPORTS]})
    assert newsfacts.extract(df)["people"].num_rows == 2


def test_bad_articles_are_rows_of_errors():
    rows = [
        {"id": "ok", "text": SPORTS},
        {"id": "no-text"},
        {"id": "empty", "text": " \n "},
        {"id": "ok", "text": BUSINESS},
        {"id": "bad-date", "text": COURT, "published": "last Tuesday"},
        {"id": "num-text", "text": 12},
        {"text": HEALTH},
        {"id": "x" * 300, "text": HEALTH},
    ]
    result = newsfacts.extract(rows)
    assert [r["article_id"] for r in result["articles"].to_pylist()] == ["ok"]
    errors = result["errors"].to_pylist()
    assert [e["index"] for e in errors] == [1, 2, 3, 4, 5, 6, 7]
    assert [e["kind"] for e in errors] == [
        "bad_field", "empty_article", "duplicate_id", "bad_field", "bad_field", "bad_field",
        "bad_id",
    ]
    assert errors[0]["message"] == 'data[1]: article "no-text": missing `text`'
    assert errors[2]["message"] == 'data[3]: article "ok": duplicate article id; the first one is kept'
    assert "last Tuesday" in errors[3]["message"]
    assert errors[4]["message"] == 'data[5]: article "num-text": `text` must be a string, not int'
    assert errors[5]["message"] == "data[6]: missing `id`"
    assert "256" in errors[6]["message"]
    assert all(e["severity"] == "error" and e["path"] is None for e in errors)
    big = newsfacts.extract([{"id": "big", "text": SPORTS}], max_article_bytes=50)
    assert big["errors"].column("kind").to_pylist() == ["too_large"]


def test_bad_arguments_raise():
    t = pa.table({"id": ["a"], "text": [SPORTS]})
    with pytest.raises(ValueError, match="no column \"body\""):
        newsfacts.extract(t, text="body")
    with pytest.raises(ValueError, match="no column \"headline\""):
        newsfacts.extract(t, title="headline")
    with pytest.raises(ValueError, match="no column \"text\""):
        newsfacts.extract(pa.table({"id": ["a"]}))
    with pytest.raises(TypeError, match="expected a string column"):
        newsfacts.extract(pa.table({"id": ["a"], "text": [3]}))
    with pytest.raises(TypeError, match="published"):
        newsfacts.extract(pa.table({"id": ["a"], "text": [SPORTS], "published": [1.5]}))
    with pytest.raises(TypeError, match="string or integer"):
        newsfacts.extract(pa.table({"id": [1.5], "text": [SPORTS]}))
    with pytest.raises(TypeError, match="not one dict"):
        newsfacts.extract({"id": "a", "text": SPORTS})
    with pytest.raises(TypeError, match="extract_files"):
        newsfacts.extract("articles/")
    with pytest.raises(TypeError, match="not int"):
        newsfacts.extract(42)
    with pytest.raises(TypeError, match="item 1 is a str"):
        newsfacts.extract(iter([{"id": "a", "text": SPORTS}, "oops"]))
    with pytest.raises(TypeError, match="title="):
        newsfacts.extract(t, title=3)
    with pytest.raises(TypeError, match="id="):
        newsfacts.extract(t, id=None)
    with pytest.raises(ValueError, match="threads"):
        newsfacts.extract(t, threads=0)
    with pytest.raises(FileNotFoundError, match="no-such.jsonl"):
        newsfacts.read("no-such.jsonl")
    with pytest.raises(FileNotFoundError):
        newsfacts.extract_files(["no-such-dir"])


def test_fields_can_be_turned_off(tmp_path):
    t = pa.table({"id": ["a"], "text": [SPORTS], "title": ["Gulls"], "error": ["not ours"]})
    # an `error` column is what read() writes for unreadable items: the row is reported
    assert newsfacts.extract(t)["articles"].num_rows == 0
    got = newsfacts.extract(t, error=False, title=False)
    assert got["articles"].column("title").to_pylist() == [None]
    assert got["errors"].num_rows == 0


def test_read_streams_every_input_format(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "j1", "text": SPORTS, "desk": "sports"}) + "\n{broken\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(COURT, encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"title": "Orrin sentenced"}', encoding="utf-8")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Clinics to open</title></head><body><article><p>"
        + HEALTH.replace("\n", "</p><p>")
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    rows = newsfacts.read(tmp_path).read_all().to_pylist()
    assert [r["id"] for r in rows] == ["j1", None, "b", None, "c"]
    assert [r["error_kind"] for r in rows] == [None, "malformed_json", None, "unknown_field", None]
    assert rows[1]["line"] == 2 and f"{tmp_path / 'a.jsonl'}:2: malformed JSON" in rows[1]["error"]
    assert rows[2]["title"] == "Orrin sentenced" and rows[2]["format"] == "plain"
    assert rows[4]["format"] == "extracted" and "Ashcombe" in rows[4]["text"]
    direct = newsfacts.extract_files(tmp_path)
    via = newsfacts.extract(newsfacts.read(tmp_path, batch_size=1))
    for name in direct:
        assert direct[name].equals(via[name]), name
    parquet = cli_export(tmp_path / "out", tmp_path / "a.jsonl", tmp_path / "b.txt", tmp_path / "c.html")
    assert_same_as_cli(direct, parquet)


def test_the_gil_is_released_while_extracting():
    rows = articles() * 800
    table = pa.Table.from_pylist([{"id": f"{i}", "text": r["text"]} for i, r in enumerate(rows)])
    done = threading.Event()
    span: list[float] = []

    def work():
        span.append(time.perf_counter())
        newsfacts.extract(table, threads=1)
        span.append(time.perf_counter())
        done.set()

    stamps: list[float] = []
    t = threading.Thread(target=work)
    t.start()
    n = 0
    while not done.is_set():
        n += 1
        if n % 1000 == 0:
            stamps.append(time.perf_counter())
    t.join()
    start, end = span
    assert end - start > 0.05, "long enough to tell"
    inside = [s for s in stamps if start + 0.01 < s < end - 0.01]
    # with the GIL held for the whole extraction this thread could not have run meanwhile
    assert len(inside) > 20, (len(inside), end - start)


def test_the_readme_one_liner():
    code = "import newsfacts; print(newsfacts.extract([{'id': 'a', 'text': '" + SPORTS.split("\n")[0] + "'}])['people'])"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert "dalia-fenwick" in out.stdout


def test_inputs_that_are_not_articles_raise(tmp_path):
    with pytest.raises(ValueError, match="no input files found"):
        newsfacts.read(tmp_path)
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unsupported input"):
        newsfacts.extract_files(tmp_path / "notes.csv")


def cli_warnings(tmp: Path, *inputs: Path) -> tuple[Path, list[str]]:
    """The CLI's Parquet output of ``inputs`` and the warnings it printed (without ``warning: ``)."""
    out = tmp / "cli-warn"
    run = subprocess.run(
        [str(BIN), "export", *map(str, inputs), "--out", str(out), "--format", "parquet"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    warnings = [l.removeprefix("warning: ") for l in run.stderr.splitlines() if l.startswith("warning: ")]
    return out / "parquet", warnings


def test_a_warc_read_then_extracted_equals_the_cli_crawl_dates_included(tmp_path):
    warc = warc_files.crawl(tmp_path / "crawl.warc.gz")
    parquet, warned = cli_warnings(tmp_path, warc)
    rows = newsfacts.read(warc, batch_size=3).read_all()
    assert rows.column("format").to_pylist() == ["extracted"] * 4
    assert rows.column("crawl_date").to_pylist() == [
        dt.date(2024, 3, 5), dt.date(2024, 3, 6), dt.date(2024, 4, 1), dt.date(2024, 4, 2),
    ]
    result = newsfacts.extract(newsfacts.read(warc, batch_size=3))
    assert_same_as_cli(result, parquet)
    a = {r["article_id"]: r for r in result["articles"].to_pylist()}
    assert list(a) == [f"urn:uuid:000{i}" for i in range(1, 5)], "id from WARC-Record-ID"
    assert a["urn:uuid:0002"]["crawl_date"] == dt.date(2024, 3, 6)
    assert a["urn:uuid:0002"]["published"] == dt.date(2024, 2, 28), "not the crawl date"
    assert a["urn:uuid:0001"]["published"] is None
    assert a["urn:uuid:0003"]["url"] == "https://news.example/0003"
    assert [a[i]["declared_language"] for i in a] == ["en", "en", "en", "es"]
    # the CLI's one warning (a page in Spanish) is the one warning row
    errors = result["errors"].to_pylist()
    assert [e["message"] for e in errors] == warned
    assert [(e["kind"], e["severity"], e["article_id"], e["index"]) for e in errors] == [
        ("not_english", "warning", "urn:uuid:0004", 3)
    ]
    assert result["errors"].equals(newsfacts.extract_files(warc)["errors"])


def test_every_warning_of_the_cli_is_a_row_of_errors(tmp_path):
    """A directory walk's skipped files, unknown metadata fields (JSONL and sidecar) and an
    article not in English: each warning the CLI prints is one row, with the same message."""
    d = tmp_path / "in"
    d.mkdir()
    warc_files.crawl(d / "a.warc.gz")
    (d / "b.jsonl").write_text(
        json.dumps({"id": "j1", "text": HEALTH, "desk": "health"}) + "\n"
        + json.dumps({"id": "j2", "text": warc_files.SPANISH}) + "\n",
        encoding="utf-8",
    )
    (d / "c.txt").write_text(BUSINESS, encoding="utf-8")
    (d / "c.meta.json").write_text('{"title": "Marrow buys", "section": "markets"}', encoding="utf-8")
    (d / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (d / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    parquet, warned = cli_warnings(tmp_path, d)
    assert len(warned) == 5, warned
    for result in (newsfacts.extract(newsfacts.read(d)), newsfacts.extract_files(d)):
        assert_same_as_cli(result, parquet)
        errors = result["errors"].to_pylist()
        assert all(e["severity"] == "warning" for e in errors)
        assert sorted(e["message"] for e in errors) == sorted(warned)
        kinds = sorted(e["kind"] for e in errors)
        assert kinds == ["not_english", "not_english", "skipped_files", "unknown_field", "unknown_field"]
        skipped = next(e for e in errors if e["kind"] == "skipped_files")
        assert skipped["index"] == 0 and skipped["path"] == str(d) and "2 files" in skipped["message"]
        field = {e["path"]: e for e in errors if e["kind"] == "unknown_field"}
        assert field[str(d / "b.jsonl")]["line"] == 1 and "`desk`" in field[str(d / "b.jsonl")]["message"]
        assert "`section`" in field[str(d / "c.meta.json")]["message"]
