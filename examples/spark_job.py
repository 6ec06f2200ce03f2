"""newsfacts on Spark: input files in, one partitioned Parquet directory per table out.

    spark-submit examples/spark_job.py --out OUT INPUT...
    python examples/spark_job.py --master 'local[2]' --out OUT INPUT...

INPUT is any file or directory ``newsfacts export`` reads: JSONL (``.jsonl``, ``.jsonl.gz``),
WARC (``.warc``, ``.warc.gz``: CC-NEWS), text with sidecars, HTML pages. Directories are
expanded on the driver and each file is read by one task, so the files must be readable by
every worker. Each task runs newsfacts single-threaded (Spark gives a task one core).

The output is a data lake partitioned by month: ``OUT/parquet/<table>/month=YYYY-MM/part-*.parquet``
for every table and for ``errors``, where ``month`` is the month of the article's ``published``
date, or of its ``crawl_date`` when the page gave none (``newsfacts.spark.with_month``), and
``month=__HIVE_DEFAULT_PARTITION__`` holds the rows without either (and the reader's reports).
Every row of an article is in its article's month; within a file, rows are sorted by the
table's primary key. A table without rows has no part files (Spark writes only ``_SUCCESS``). Readers get ``month`` back as a column: ``spark.read.parquet(OUT/parquet/people)``,
``pyarrow.parquet.read_table(...)``, or in DuckDB
``read_parquet('OUT/parquet/people/*/*.parquet', hive_partitioning = true)``, and a filter on
``month`` reads only the matching directories.

Exit status: 0 when every article was exported, 1 when some were rejected (listed in
``errors``), as the CLI's.
"""

from __future__ import annotations

import argparse
import sys
import time

import newsfacts
import newsfacts.spark as nfs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", help="input files or directories (JSONL, WARC, ...)")
    p.add_argument("--out", required=True, help="output directory (a path or a URI Spark writes)")
    p.add_argument("--master", help="Spark master, e.g. local[2] (default: spark-submit's)")
    p.add_argument(
        "--partitions",
        type=int,
        help="partitions of the extraction (default: one per file, at least the default parallelism)",
    )
    p.add_argument("--overwrite", action="store_true", help="replace existing output")
    args = p.parse_args(argv)

    from pyspark import StorageLevel
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newsfacts")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.monotonic()
    files = nfs.input_files(args.inputs)
    articles = nfs.read(spark, files)
    parallelism = spark.sparkContext.defaultParallelism
    partitions = args.partitions or max(len(files), parallelism)
    if args.partitions or len(files) < parallelism:
        # fewer files than cores (one big JSONL, say): spread the articles
        articles = articles.repartition(partitions)
    # every table is written from one extraction, kept (spilling to disk) until written
    nested = nfs.with_month(nfs.extract(articles)).persist(StorageLevel.MEMORY_AND_DISK)
    mode = "overwrite" if args.overwrite else "errorifexists"
    out = args.out.rstrip("/")
    counts = {}
    for name, df in nfs.tables(nested, nfs.MONTH).items():
        path = f"{out}/parquet/{name}"
        # the writer sorts each task's rows by the partition column; the key after it orders
        # the rows of each file
        ordered = df.sortWithinPartitions(nfs.MONTH, *newsfacts.primary_key(name))
        ordered.write.partitionBy(nfs.MONTH).mode(mode).parquet(path)
        # from the kept extraction: a table without rows has no part files to read back
        counts[name] = df.count()
    rejected = nfs.tables(nested)["errors"].where("severity = 'error'").count()
    nested.unpersist()
    elapsed = time.monotonic() - started
    rows = " ".join(f"{t}={counts[t]}" for t in [*newsfacts.TABLES, "errors"])
    print(
        f"{counts['articles']} articles, {rejected} skipped, {elapsed:.2f} s; rows: {rows}",
        file=sys.stderr,
    )
    spark.stop()
    return 1 if rejected else 0


if __name__ == "__main__":
    sys.exit(main())
