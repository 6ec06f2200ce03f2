"""newsfacts: news articles in, typed tables out, from Python.

The same extraction as the ``newsfacts`` command line tool, in memory and in Arrow form:

- :func:`extract` takes articles (a pyarrow Table or RecordBatch, a pandas or polars
  DataFrame, anything with ``__arrow_c_stream__``, or an iterable of dicts) and returns one
  ``pyarrow.Table`` per table of the dataset, with exactly the schema of the CLI's Parquet
  files, plus an ``errors`` table;
- :func:`extract_files` does the same for input files and directories, read as
  ``newsfacts export`` reads them;
- :func:`read` streams the articles of input files as a ``pyarrow.RecordBatchReader``;
- :func:`schema` gives the pyarrow schema of a table, generated from the Rust declaration.

Extraction runs in Rust, on a thread pool, with the GIL released. An article that cannot be
exported is a row of the ``errors`` table, never an exception; bad arguments (a missing column,
a column of the wrong type) raise ``ValueError`` or ``TypeError``.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import os as _os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Union

import pyarrow as pa

from . import _newsfacts as _nf

__all__ = [
    "ERRORS",
    "INPUT_FIELDS",
    "TABLES",
    "extract",
    "extract_files",
    "input_schema",
    "primary_key",
    "read",
    "schema",
]

__version__: str = _nf.__version__

#: The tables of the dataset, in order (the keys of :func:`extract`'s result, before ``errors``).
TABLES: tuple[str, ...] = tuple(_nf.table_names())
#: The name of the table of per-article errors and warnings.
ERRORS = "errors"
#: The fields of an article row (the columns :func:`read` gives and :func:`extract` takes).
INPUT_FIELDS: tuple[str, ...] = tuple(_nf.input_fields())
#: Articles larger than this many bytes are rejected (as ``--max-article-bytes``).
DEFAULT_MAX_ARTICLE_BYTES: int = _nf.DEFAULT_MAX_ARTICLE_BYTES

_BAD_FIELD = _nf.bad_field_kind()
# the date fields: dict values are passed on as ISO strings, read by the Rust date parser
_DATES = ("published", "crawl_date")
# rows of an iterable of dicts per Arrow batch
_DICT_BATCH = 1024

PathArg = Union[str, "_os.PathLike[str]"]
# a field's column: a name, None (the column of the field's own name, if present), False (unused)
Column = Union[str, None, bool]


def schema(name: str) -> pa.Schema:
    """The pyarrow schema of table ``name`` (one of :data:`TABLES`, or ``"errors"``).

    It is generated from the table's declaration in the Rust library, by the same mapping that
    writes the CLI's Parquet files: text and enum columns are ``string``, integers ``int64``,
    dates ``date32``; a column is nullable unless the data dictionary says it is required.
    """
    return _nf.schema(name)


def primary_key(name: str) -> list[str]:
    """The primary key columns of table ``name``."""
    return list(_nf.primary_key(name))


def input_schema() -> pa.Schema:
    """The schema of article rows: what :func:`read` yields and :func:`extract` takes."""
    return _nf.input_schema()


def _paths(paths: PathArg | Iterable[PathArg]) -> list[str]:
    if isinstance(paths, (str, _os.PathLike)):
        return [_os.fspath(paths)]
    if isinstance(paths, (bytes, Mapping)):
        raise TypeError(f"paths must be a path or a list of paths, not {type(paths).__name__}")
    out = []
    for p in paths:
        if not isinstance(p, (str, _os.PathLike)):
            raise TypeError(f"paths must be str or os.PathLike, not {type(p).__name__}")
        out.append(_os.fspath(p))
    return out


def read(
    paths: PathArg | Iterable[PathArg],
    *,
    batch_size: int = 256,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> pa.RecordBatchReader:
    """Stream the articles of input files and directories as ``newsfacts export`` reads them.

    Every input format of the CLI is read (``.txt`` with ``.meta.json`` sidecars, ``.jsonl``
    and ``.jsonl.gz``, ``.html`` and ``.html.gz``, ``.warc`` and ``.warc.gz``, directories
    walked in sorted order), by the same code. The batches have the schema :func:`input_schema` (``id``, ``text``, ``format``,
    every metadata field the CLI reads, among them ``language`` (the declared language) and
    ``crawl_date`` (WARC), then ``path`` and ``line``); HTML pages and WARC responses come out
    as their main text and metadata. An item that cannot be read, and each warning (an unknown
    metadata field, files a directory walk skipped, …), is a row with ``error``,
    ``error_kind`` and ``severity`` set, so ``extract(read(paths))`` gives the ``articles``
    rows and reports of ``newsfacts export`` on the same paths.

    A missing path raises ``FileNotFoundError`` at once; nothing else raises.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    return _nf.read(_paths(paths), max_article_bytes=max_article_bytes, batch_size=batch_size)


def extract_files(
    paths: PathArg | Iterable[PathArg],
    *,
    threads: int | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> dict[str, pa.Table]:
    """Extract every table from input files and directories (see :func:`read`).

    The result is that of :func:`extract`; the rows are those of ``newsfacts export`` on the
    same paths, in input order (the CLI sorts articles by id).
    """
    return _nf.extract_files(_paths(paths), threads=threads, max_article_bytes=max_article_bytes)


def _check_column(field: str, value: Any) -> Column:
    if value is None or isinstance(value, (str, bool)):
        return value
    raise TypeError(
        f"{field}= must be a column name (str), None or False, not {type(value).__name__}"
    )


def extract(
    data: Any,
    id: str = "id",
    text: str = "text",
    published: Column = None,
    title: Column = None,
    source: Column = None,
    original_source: Column = None,
    authors: Column = None,
    url: Column = None,
    language: Column = None,
    crawl_date: Column = None,
    format: Column = None,
    path: Column = None,
    line: Column = None,
    error: Column = None,
    error_kind: Column = None,
    severity: Column = None,
    *,
    threads: int | None = None,
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> dict[str, pa.Table]:
    """Extract people, organizations, places, quotes and events from articles.

    ``data`` is one of:

    - a ``pyarrow.Table``, ``pyarrow.RecordBatch`` or ``pyarrow.RecordBatchReader``;
    - a pandas or polars DataFrame, or any object with ``__arrow_c_stream__`` (the Arrow
      PyCapsule interface);
    - an iterable of dicts (JSONL records, say), read in batches of 1,024.

    The keyword arguments name the column (or dict key) of each field: ``id`` (string or
    integer) and ``text`` are required; every other field is taken from the column of its own
    name when there is one (``None``, the default), from the named column (a string, which must
    exist), or not at all (``False``). Text columns may be ``string``, ``large_string`` or
    ``string_view`` (or dictionaries of them); ``published`` may be a date, a timestamp or an ISO
    date string (and so may ``crawl_date``); ``authors`` a list of strings or one string;
    other columns are ignored. See :func:`input_schema` for ``format``, ``path``, ``line``,
    ``error``, ``error_kind`` and ``severity``, which :func:`read` fills.

    Returns ``{table: pyarrow.Table}`` for every table of :data:`TABLES`, each with exactly the
    schema of the CLI's Parquet file (:func:`schema`), then ``"errors"``: one row per input row
    that could not be exported (a null or empty text, a bad date, a repeated id: the first one
    is kept; ``severity`` ``error``) and per warning (``severity`` ``warning``: an article not
    in English, exported without entities, quotes or events, as the CLI does, kind
    ``not_english``; the rows of :func:`read`'s warnings), with its ``index`` in the input. Rows are in input order, and the
    same for any number of ``threads`` (``None``: all cores).

    Raises ``ValueError`` for a missing column and ``TypeError`` for a column of the wrong type
    (or data of an unsupported type); never for one bad article.
    """
    columns = {
        "id": id,
        "text": text,
        "published": published,
        "title": title,
        "source": source,
        "original_source": original_source,
        "authors": authors,
        "url": url,
        "language": language,
        "crawl_date": crawl_date,
        "format": format,
        "path": path,
        "line": line,
        "error": error,
        "error_kind": error_kind,
        "severity": severity,
    }
    for f in ("id", "text"):
        if not isinstance(columns[f], str):
            raise TypeError(f"{f}= must be a column name (str), not {type(columns[f]).__name__}")
    columns = {f: _check_column(f, v) for f, v in columns.items()}
    if threads is not None and (not isinstance(threads, int) or threads < 1):
        raise ValueError("threads must be a positive integer or None")
    failure: list[BaseException] = []
    stream, fields = _as_stream(data, columns, failure)
    try:
        return _nf.extract(stream, fields, threads=threads, max_article_bytes=max_article_bytes)
    except RuntimeError:
        # an exception raised while the rows of an iterable were converted: raise it as it was
        if failure:
            raise failure[0] from None
        raise


def _as_stream(
    data: Any, columns: dict[str, Column], failure: list[BaseException]
) -> tuple[Any, dict[str, Column]]:
    """The object to read as an Arrow stream, and the columns of the fields in it."""
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data]), columns
    if isinstance(data, (pa.Table, pa.RecordBatchReader)) or hasattr(data, "__arrow_c_stream__"):
        return data, columns
    if type(data).__module__.startswith("pandas") and hasattr(data, "columns"):
        # pandas before 2.2 has no __arrow_c_stream__
        return pa.Table.from_pandas(data, preserve_index=False), columns
    if isinstance(data, (str, bytes, _os.PathLike)):
        raise TypeError(
            "extract() takes articles (a table, a DataFrame or an iterable of dicts), "
            f"not a {type(data).__name__}; for files use extract_files() or read()"
        )
    if isinstance(data, Mapping):
        raise TypeError("extract() takes an iterable of dicts, not one dict: wrap it in a list")
    if not isinstance(data, Iterable):
        raise TypeError(
            "extract() takes a pyarrow Table or RecordBatch, a DataFrame, an object with "
            f"__arrow_c_stream__ or an iterable of dicts, not {type(data).__name__}"
        )
    # every field under its own name (a missing key is a null); the dict keys are the columns
    keys = {f: (f if c is None else c) for f, c in columns.items() if c is not False}
    target = input_schema()
    schema = pa.schema(
        [pa.field(f, pa.string()) if f in _DATES else target.field(f) for f in INPUT_FIELDS]
    )
    batches = _dict_batches(data, keys, schema, failure)
    return pa.RecordBatchReader.from_batches(schema, batches), {f: f for f in INPUT_FIELDS}


def _type_name(v: Any) -> str:
    return type(v).__name__


def _string(v: Any, field: str) -> str | None:
    if v is None or isinstance(v, str):
        return v
    raise _BadValue(f"`{field}` must be a string, not {_type_name(v)}")


class _BadValue(Exception):
    pass


def _convert(field: str, v: Any) -> Any:
    """One dict value as its Arrow column holds it, or _BadValue."""
    if v is None:
        return None
    if field == "id":
        if isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)):
            return str(v)
        raise _BadValue(f"`id` must be a string or an integer, not {_type_name(v)}")
    if field == "authors":
        if isinstance(v, str):
            return [v]
        if isinstance(v, (list, tuple)) and all(isinstance(a, str) for a in v):
            return list(v)
        raise _BadValue(f"`authors` must be a list of strings or a string, not {_type_name(v)}")
    if field in _DATES:
        if isinstance(v, _dt.datetime):
            return v.date().isoformat()
        if isinstance(v, _dt.date):
            return v.isoformat()
        if isinstance(v, str):
            return v
        raise _BadValue(f"`{field}` must be a date or an ISO date string, not {_type_name(v)}")
    if field == "line":
        if isinstance(v, int) and not isinstance(v, bool):
            return v
        raise _BadValue(f"`line` must be an integer, not {_type_name(v)}")
    return _string(v, field)


def _dict_batches(
    data: Iterable[Any],
    keys: dict[str, str],
    schema: pa.Schema,
    failure: list[BaseException],
) -> Iterator[pa.RecordBatch]:
    """Record batches of the dicts of ``data``; a value of the wrong type makes its row an
    error row (reported in ``errors``, as a bad JSONL line is)."""
    fields = list(INPUT_FIELDS)
    try:
        cols: dict[str, list[Any]] = {f: [] for f in fields}
        n = 0
        for index, d in enumerate(data):
            if not isinstance(d, Mapping):
                raise TypeError(
                    f"extract() got an iterable whose item {index} is a "
                    f"{_type_name(d)}, not a dict"
                )
            row: dict[str, Any] = {f: None for f in fields}
            problem = None
            for f, key in keys.items():
                try:
                    row[f] = _convert(f, d.get(key))
                except _BadValue as e:
                    problem = problem or str(e)
            if problem is not None and row["error"] is None:
                ident = row["id"]
                where = f"data[{index}]: " + (f"article {_json.dumps(ident)}: " if ident else "")
                row = {f: None for f in fields}
                row["id"] = ident
                row["error"] = where + problem
                row["error_kind"] = _BAD_FIELD
            for f in fields:
                cols[f].append(row[f])
            n += 1
            if n == _DICT_BATCH:
                yield pa.RecordBatch.from_pydict(cols, schema=schema)
                cols = {f: [] for f in fields}
                n = 0
        if n:
            yield pa.RecordBatch.from_pydict(cols, schema=schema)
    except BaseException as e:  # re-raised by extract() as it was
        failure.append(e)
        raise
