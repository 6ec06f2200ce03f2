"""newsfacts on Spark: the extraction as a ``mapInArrow`` function.

A Spark task gets one core, so each task runs newsfacts single-threaded over the Arrow batches
of its partition, and Spark spreads the partitions over the cluster:

- :func:`article_mapper` is the ``mapInArrow`` function (articles in, one nested row per
  article out) and :func:`spark_schema` its output schema;
- :func:`extract` applies it to a DataFrame of articles: ``id`` and ``text`` columns, plus
  any of the metadata columns that :func:`newsfacts.extract` takes;
- :func:`tables` turns the nested rows into one DataFrame per table (``inline``), with the
  columns and types of the CLI's Parquet files;
- :func:`with_month` adds the partition column of a data lake, :data:`MONTH`: the month of
  the article's ``published`` date, or of its ``crawl_date`` when it has none;
- :func:`read` reads input files (JSONL, text, HTML, and every format ``newsfacts export``
  reads, WARC among them) on the workers, one task per file, as a DataFrame of articles.

``examples/spark_job.py`` puts them together: files in, one Parquet directory per table out,
partitioned by :data:`MONTH`.
The nested row has ``article_id`` and one ``array<struct>`` column per table and for
``errors``; a row that is not an article (an unreadable item, a warning, a repeated id within
the task) has its report in ``errors`` and empty tables. Repeated ids are found within a task
only: across a cluster, ids are as unique as the input makes them. ``articles.duplicate_of`` is
null in the nested rows: near duplicates are found among all the articles, in id order, which
no task sees (:func:`newsfacts.extract` fills it, as the CLI does).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

import newsfacts

from . import _newsfacts as _nf

if TYPE_CHECKING:  # pragma: no cover
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = [
    "MONTH",
    "arrow_schema",
    "article_mapper",
    "extract",
    "read",
    "spark_schema",
    "tables",
    "with_month",
]

#: The partition column of :func:`with_month`: ``YYYY-MM``.
MONTH = "month"

MapFunction = Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]


def arrow_schema() -> pa.Schema:
    """The Arrow schema of the nested rows: ``article_id``, then one ``list<struct>`` column
    per table of :data:`newsfacts.TABLES` and for ``errors``, whose struct fields are the
    table's columns (:func:`newsfacts.schema`)."""
    return _nf.nested_schema()


def _to_spark(schema: pa.Schema) -> StructType:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def spark_schema() -> StructType:
    """The Spark schema of :func:`article_mapper`'s output (from :func:`arrow_schema`)."""
    return _to_spark(arrow_schema())


def article_mapper(
    id: str = "id",
    text: str = "text",
    *,
    max_article_bytes: int = newsfacts.DEFAULT_MAX_ARTICLE_BYTES,
    **columns: newsfacts.Column,
) -> MapFunction:
    """The ``mapInArrow`` function that extracts the articles of a partition.

    ``id``, ``text`` and ``columns`` (``published=``, ``title=``, … ) name the input columns as
    in :func:`newsfacts.extract`. Each input batch gives one output batch with a row per input
    row. The function runs newsfacts on one thread, as a Spark task has one core.
    """
    fields = _fields(id, text, columns)

    def map_articles(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        extractor = _nf.NestedExtractor(fields, threads=1, max_article_bytes=max_article_bytes)
        for batch in batches:
            yield extractor.process(batch)

    return map_articles


def _fields(id: str, text: str, columns: dict[str, Any]) -> dict[str, Any]:
    unknown = set(columns) - set(newsfacts.INPUT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}; the fields are {newsfacts.INPUT_FIELDS}")
    fields: dict[str, Any] = {"id": id, "text": text}
    for name, value in columns.items():
        if value is not None and not isinstance(value, (str, bool)):
            raise TypeError(f"{name}= must be a column name (str), None or False")
        fields[name] = value
    for f in ("id", "text"):
        if not isinstance(fields[f], str):
            raise TypeError(f"{f}= must be a column name (str)")
    return fields


def extract(
    df: DataFrame,
    id: str = "id",
    text: str = "text",
    *,
    barrier: bool = False,
    max_article_bytes: int = newsfacts.DEFAULT_MAX_ARTICLE_BYTES,
    **columns: newsfacts.Column,
) -> DataFrame:
    """One nested row per article of ``df`` (see :func:`arrow_schema`).

    Columns are named as in :func:`newsfacts.extract`; a missing column raises
    ``ValueError`` here, on the driver, before any task runs. ``barrier=True`` runs the stage
    in barrier mode (all tasks at once).
    """
    fields = _fields(id, text, columns)
    present = set(df.columns)
    for f, c in fields.items():
        if isinstance(c, str) and c not in present:
            raise ValueError(f"no column {c!r} for the `{f}` field; the data has {sorted(present)}")
    mapper = article_mapper(id, text, max_article_bytes=max_article_bytes, **columns)
    return df.mapInArrow(mapper, spark_schema(), barrier=barrier)


def tables(nested: DataFrame, *keep: str) -> dict[str, DataFrame]:
    """``{table: DataFrame}`` for every table and ``errors``, from the nested rows of
    :func:`extract`: each is ``inline(<table>)``, with the table's columns in order, after the
    columns ``keep`` of the nested rows (``tables(with_month(nested), MONTH)``: each row with
    its article's month)."""
    for k in keep:
        if k not in nested.columns:
            raise ValueError(f"no column {k!r} in the nested rows; they have {nested.columns}")
        clash = [t for t in [*newsfacts.TABLES, "errors"] if k in newsfacts.schema(t).names]
        if clash:
            raise ValueError(f"{k!r} is a column of {clash}: it cannot be kept beside them")
    names = [f"`{k}`" for k in keep]
    return {t: nested.selectExpr(*names, f"inline({t})") for t in [*newsfacts.TABLES, "errors"]}


def with_month(nested: DataFrame, name: str = MONTH) -> DataFrame:
    """The nested rows of :func:`extract` with a column ``name`` (:data:`MONTH`), the
    partition key of a data lake: ``YYYY-MM`` of the article's ``published`` date, or of its
    ``crawl_date`` (WARC input) when the page gave none; null for a row that is not an article
    (an unreadable item, a reader's warning) and for an article with neither date.

    Every row of every table of an article gets its article's month, so
    ``partitionBy(MONTH)`` puts an article's people, quotes and events beside it, and a query on
    a range of months (``WHERE month >= '2024-01'``) reads only those directories.
    """
    first = "get(articles, 0)"  # null for an empty list (Spark 3.4+), where [0] fails under ANSI
    day = f"coalesce({first}.published, {first}.crawl_date)"
    return nested.selectExpr("*", f"date_format({day}, 'yyyy-MM') AS `{name}`")


def input_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """The input files of ``paths`` (directories walked in sorted order), as the CLI finds
    them; raises ``FileNotFoundError`` for a missing path."""
    return list(_nf.discover([os.fspath(p) for p in paths]))


def read(
    spark: SparkSession,
    paths: Iterable[str | os.PathLike[str]],
    *,
    num_partitions: int | None = None,
    batch_size: int = 256,
    max_article_bytes: int = newsfacts.DEFAULT_MAX_ARTICLE_BYTES,
) -> DataFrame:
    """A DataFrame of the articles of input files (:func:`newsfacts.read` on the workers).

    Directories are expanded on the driver (:func:`input_files`); each file is read whole by
    one task, so the files must be readable by every worker (a local or shared file system).
    ``num_partitions`` defaults to one per file, up to Spark's default parallelism.
    """
    paths = list(paths)
    files = input_files(paths)
    if not files:
        raise ValueError(f"no input files found in {[os.fspath(p) for p in paths]}")
    n = num_partitions or max(1, min(len(files), spark.sparkContext.defaultParallelism))
    listing = spark.createDataFrame([(i, f) for i, f in enumerate(files)], "n long, file string")
    listing = listing.repartitionByRange(n, "n")

    def read_files(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            for f in batch.column("file").to_pylist():
                yield from newsfacts.read(f, batch_size=batch_size, max_article_bytes=max_article_bytes)

    return listing.mapInArrow(read_files, _to_spark(newsfacts.input_schema()))
