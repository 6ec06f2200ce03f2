"""Throughput of the Python package against the CLI on the same corpus, and the Spark job's wall
time and memory (DESIGN.md, "Scale").

    .venv/bin/python python/bench.py [--size MB] [--reps N] [--spark]

The corpus is scripts/make_bench_corpus.py's (JSONL from ../shared). For 1 and 2 threads, in
alternating runs: the CLI (`newsfacts export --format parquet`), `newsfacts.extract_files`
(the same reading, in Rust) and `newsfacts.extract` on a pyarrow Table read beforehand with
pyarrow.json (the extraction alone is timed). Each run is its own process; wall and CPU seconds
and peak RSS come from /usr/bin/time. With --spark, examples/spark_job.py runs on the corpus in
local[2] (2 cores) and the peak of the summed RSS of all its processes (JVM and Python
workers) is sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / "target" / "release" / "newsfacts"

TABLE_RUN = """
import json, sys, time
import pyarrow as pa, pyarrow.json as pj
import newsfacts
corpus, threads = sys.argv[1], int(sys.argv[2])
opts = pj.ParseOptions(explicit_schema=pa.schema([("id", pa.string()), ("text", pa.string())]),
                       unexpected_field_behavior="ignore")
table = pj.read_json(corpus, parse_options=opts)
t0 = time.perf_counter()
out = newsfacts.extract(table, threads=threads)
print(json.dumps({"extract_s": time.perf_counter() - t0, "articles": out["articles"].num_rows}))
"""

FILES_RUN = """
import sys, newsfacts
out = newsfacts.extract_files(sys.argv[1], threads=int(sys.argv[2]))
print(out["articles"].num_rows)
"""


def timed(cmd: list[str]) -> tuple[float, float, int, str]:
    """(wall s, cpu s, peak RSS KB, stdout) of a command, from /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        out = subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name, *cmd],
            check=True,
            capture_output=True,
            text=True,
        )
        wall, user, sys_, rss = t.read().split()[-4:]
    return float(wall), float(user) + float(sys_), int(rss), out.stdout


def corpus(size: int) -> tuple[Path, int, int, int]:
    d = Path(os.environ.get("BENCH_DIR", "/tmp/newsfacts-bench"))
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"corpus-{size}.jsonl"
    stats = Path(f"{path}.stats")
    if not stats.exists():
        out = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "make_bench_corpus.py"), str(size), str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        stats.write_text(out)
    n, nbytes, words = map(int, stats.read_text().split()[:3])
    return path, n, nbytes, words


def throughput(path: Path, words: int, reps: int) -> None:
    runs: dict[tuple[str, int], list[tuple[float, float, int]]] = {}
    out = Path(tempfile.mkdtemp(prefix="nf-bench-"))
    try:
        for _ in range(reps):
            for threads in (1, 2):
                shutil.rmtree(out / "cli", ignore_errors=True)
                subprocess.run(["sync"], check=True)
                wall, cpu, rss, _ = timed(
                    [str(BIN), "export", str(path), "--out", str(out / "cli"), "--threads",
                     str(threads), "--format", "parquet", "--quiet"]
                )
                runs.setdefault(("cli export --format parquet", threads), []).append((wall, cpu, rss))
                wall, cpu, rss, _ = timed([sys.executable, "-c", FILES_RUN, str(path), str(threads)])
                runs.setdefault(("python extract_files", threads), []).append((wall, cpu, rss))
                wall, cpu, rss, stdout = timed([sys.executable, "-c", TABLE_RUN, str(path), str(threads)])
                extract_s = json.loads(stdout.strip().splitlines()[-1])["extract_s"]
                runs.setdefault(("python extract(table), extraction only", threads), []).append(
                    (extract_s, cpu, rss)
                )
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{'run':<42} {'threads':>7} {'median_s':>9} {'words/s':>10} {'cpu_s':>7} {'peak_RSS_MB':>11}  runs (s)")
    for (name, threads), rs in runs.items():
        wall = statistics.median(r[0] for r in rs)
        cpu = statistics.median(r[1] for r in rs)
        rss = max(r[2] for r in rs) / 1024
        every = " ".join(f"{r[0]:.2f}" for r in rs)
        print(f"{name:<42} {threads:>7} {wall:>9.2f} {words / wall:>10.0f} {cpu:>7.2f} {rss:>11.0f}  {every}")


def tree_rss_kb(pgid: int) -> int:
    out = subprocess.run(["ps", "-o", "rss=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split())


def spark(path: Path, n: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="nf-spark-"))
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    cmd = [sys.executable, str(ROOT / "examples" / "spark_job.py"), "--master", "local[2]",
           "--out", str(out / "job"), str(path)]
    started = time.monotonic()
    p = subprocess.Popen(cmd, env=env, start_new_session=True, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    peak = 0
    while p.poll() is None:
        peak = max(peak, tree_rss_kb(p.pid))
        time.sleep(0.2)
    wall = time.monotonic() - started
    _, err = p.communicate()
    shutil.rmtree(out, ignore_errors=True)
    summary = [line for line in err.splitlines() if " articles, " in line]
    print(f"spark job, local[2], {n} articles: {wall:.1f} s wall, peak RSS (all processes) "
          f"{peak / 1024:.0f} MB, exit {p.returncode}")
    print("  " + (summary[-1] if summary else err[-2000:]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, default=20, help="corpus size in MB (default 20)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--spark", action="store_true", help="also time examples/spark_job.py")
    p.add_argument("--no-throughput", action="store_true")
    args = p.parse_args()
    path, n, nbytes, words = corpus(args.size)
    print(f"corpus: {path} ({n} articles, {nbytes / 1e6:.1f} MB of text, {words} words); "
          f"{os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    if not args.no_throughput:
        throughput(path, words, args.reps)
    if args.spark:
        spark(path, n)


if __name__ == "__main__":
    main()
