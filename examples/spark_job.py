"""newsfacts on Spark: input files in, one Parquet directory per table out.

    spark-submit examples/spark_job.py --out OUT INPUT...
    python examples/spark_job.py --master 'local[2]' --out OUT INPUT...

INPUT is any file or directory ``newsfacts export`` reads (JSONL, .jsonl.gz, text with
sidecars, HTML pages); directories are expanded on the driver and each file is read by one
task, so the files must be readable by every worker. Each task runs newsfacts single-threaded
(Spark gives a task one core). The output mirrors the CLI's ``--partition-rows`` layout:
``OUT/parquet/<table>/part-*.parquet`` for every table and for ``errors``, one part file per
Spark partition, so ``SELECT ... FROM 'OUT/parquet/people/*.parquet'`` reads a table in DuckDB.

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
    p.add_argument("inputs", nargs="+", help="input files or directories")
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
    nested = nfs.extract(articles).persist(StorageLevel.MEMORY_AND_DISK)
    mode = "overwrite" if args.overwrite else "errorifexists"
    counts = {}
    for name, df in nfs.tables(nested).items():
        df.write.mode(mode).parquet(f"{args.out.rstrip('/')}/parquet/{name}")
        counts[name] = spark.read.parquet(f"{args.out.rstrip('/')}/parquet/{name}").count()
    rejected = (
        nfs.tables(nested)["errors"].where("severity = 'error'").count()
    )
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
