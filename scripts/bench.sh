#!/usr/bin/env bash
# Throughput and memory benchmark (issue: scale). Builds JSONL corpora of 50 MB and 100 MB of
# article text from ../shared, runs the full export (all stages, all three formats) with 1 and 2
# threads, and reports words/s, MB/s and peak RSS. Timings on a shared 2-core machine are noisy:
# run with REPS=3 (default) and quote the median. CPU time (user + sys, median) and words per
# CPU-second are reported too: on a busy machine they are steadier than the wall clock.
#   scripts/bench.sh [SIZES_MB...]      default: 50 100
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/newsfacts
tmp=${BENCH_DIR:-/tmp/newsfacts-bench}
mkdir -p "$tmp"
reps=${REPS:-3}
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(50 100)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m); $(date -u +%F)"
printf '%-8s %-7s %-10s %-12s %-9s %-12s %-8s %-12s\n' size_MB threads median_s words/s MB/s peak_RSS_MB cpu_s words/cpu_s
for mb in "${sizes[@]}"; do
  corpus="$tmp/corpus-$mb.jsonl"
  if [ ! -f "$corpus.stats" ]; then
    python3 scripts/make_bench_corpus.py "$mb" "$corpus" > "$corpus.stats"
  fi
  read -r _n bytes words < "$corpus.stats"
  for threads in 1 2; do
    times=(); cpus=(); rss=0
    for _ in $(seq "$reps"); do
      rm -rf "$tmp/out"
      /usr/bin/time -f "%e %M %U %S" -o "$tmp/time.txt" "$bin" export "$corpus" --out "$tmp/out" --threads "$threads" --quiet 2>/dev/null
      read -r secs kb user sys < "$tmp/time.txt"
      times+=("$secs"); cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')")
      [ "$kb" -gt "$rss" ] && rss=$kb
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    awk -v mb="$mb" -v t="$threads" -v s="$median" -v b="$bytes" -v w="$words" -v r="$rss" -v c="$cpu" \
      'BEGIN{printf "%-8s %-7s %-10.2f %-12.0f %-9.2f %-12.1f %-8.2f %-12.0f\n", mb, t, s, w/s, b/1e6/s, r/1024, c, w/c}'
  done
done
rm -rf "$tmp/out"
