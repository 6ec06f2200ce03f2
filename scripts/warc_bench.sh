#!/usr/bin/env bash
# WARC input throughput: the same N pages (default 2,000, cycled from the 90 dev pages of
# ../shared/corpora/articlebody) exported from a directory of .html files, from one .warc.gz
# with one gzip member per record (as CC-NEWS writes them: warcinfo, then request, response and
# metadata per page, the response bodies gzip-encoded as servers send them) and from the same
# records as a plain .warc. Reports the median wall time, pages/s, CPU seconds and peak RSS of
# REPS runs (default 3) at 1 and 2 threads, and the time to read the WARC alone (--shard 1/1000000
# keeps almost nothing: the reader runs, the extraction almost never).
#   scripts/warc_bench.sh [PAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/newsfacts
pages=${1:-2000}
reps=${REPS:-3}
tmp=${BENCH_DIR:-/tmp/newsfacts-warc-bench}
rm -rf "$tmp"; mkdir -p "$tmp/html"
python3 - "$pages" "$tmp" <<'EOF'
import gzip, pathlib, sys, uuid
n, tmp = int(sys.argv[1]), pathlib.Path(sys.argv[2])
src = sorted(pathlib.Path("../shared/corpora/articlebody/html").glob("*.html.gz"))
pages = [gzip.decompress(p.read_bytes()) for p in src]
def record(kind, rid, uri, content):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-06-01T12:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{rid}>\r\nWARC-Target-URI: {uri}\r\n"
            f"Content-Type: application/http; msgtype={kind}\r\nContent-Length: {len(content)}\r\n\r\n")
    return head.encode() + content + b"\r\n\r\n"
records = [record("warcinfo", uuid.UUID(int=0), "", b"software: warc_bench\r\n")]
for i in range(n):
    html = pages[i % len(pages)]
    (tmp / "html" / f"page-{i:05d}.html").write_bytes(html)
    rid, uri = uuid.UUID(int=i + 1), f"https://bench.example/{i}"
    body = gzip.compress(html, compresslevel=6, mtime=0)
    resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    records.append(record("request", uuid.UUID(int=2 * 10**9 + i), uri, b"GET / HTTP/1.1\r\nHost: bench.example\r\n\r\n"))
    records.append(record("response", rid, uri, resp))
    records.append(record("metadata", uuid.UUID(int=10**9 + i), uri, b"fetchTimeMs: 100\r\n"))
(tmp / "cc.warc.gz").write_bytes(b"".join(gzip.compress(r, compresslevel=6, mtime=0) for r in records))
(tmp / "plain.warc").write_bytes(b"".join(records))
html_bytes = sum(len(pages[i % len(pages)]) for i in range(n))
print(f"{n} pages, {html_bytes / 1e6:.1f} MB of HTML; cc.warc.gz {(tmp / 'cc.warc.gz').stat().st_size / 1e6:.1f} MB, "
      f"plain.warc {(tmp / 'plain.warc').stat().st_size / 1e6:.1f} MB")
EOF
echo "machine: $(nproc) cores, $(uname -m); $(date -u '+%F %H:%M UTC')"
printf '%-16s %-8s %-10s %-10s %-8s %-12s\n' input threads median_s pages/s cpu_s peak_RSS_MB
run() { # label input threads [extra args]
  local label=$1 input=$2 threads=$3; shift 3
  local times="" cpus="" rss=0
  for _ in $(seq "$reps"); do
    rm -rf "$tmp/out"; sync
    /usr/bin/time -f "%e %M %U %S" -o "$tmp/time.txt" "$bin" export "$input" --out "$tmp/out" \
      --threads "$threads" --quiet "$@" 2>"$tmp/stderr" || { cat "$tmp/stderr"; exit 1; }
    read -r secs kb user sys < "$tmp/time.txt"
    times+="$secs "; cpus+="$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') "
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  local median cpu
  median=$(printf '%s\n' $times | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' $cpus | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  awk -v l="$label" -v t="$threads" -v s="$median" -v n="$pages" -v c="$cpu" -v r="$rss" \
    'BEGIN{printf "%-16s %-8s %-10.2f %-10.0f %-8.2f %-12.1f\n", l, t, s, n/s, c, r/1024}'
}
for threads in 1 2; do
  run html-files "$tmp/html" "$threads"
  run warc.gz "$tmp/cc.warc.gz" "$threads"
  run warc "$tmp/plain.warc" "$threads"
done
run "warc.gz read" "$tmp/cc.warc.gz" 1 --shard 1/1000000
run "html read" "$tmp/html" 1 --shard 1/1000000
rm -rf "$tmp/out"
