#!/usr/bin/env bash
# Throughput and memory benchmark (issue: scale). Builds JSONL corpora of 50 MB and 100 MB of
# article text from ../shared, runs the full export (all stages, all three formats) with 1 and 2
# threads, and reports words/s, MB/s and peak RSS. Timings on a shared 2-core machine are noisy:
# run with REPS=3 (default) and quote the median; each run's time is listed too. CPU time
# (user + sys, median) and words per CPU-second are reported as well: on a busy machine they are
# steadier than the wall clock.
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
  # The 1- and 2-thread runs alternate (1, 2, 1, 2, ...) so that drift in the machine's speed
  # falls on both alike. Each run starts after `sync`: otherwise the kernel is still writing the
  # previous run's output (about 12x the input size) to disk, and that work takes CPU from a run
  # that uses both cores, while a 1-thread run leaves it a free core.
  declare -A times=() cpus=() rss=([1]=0 [2]=0)
  for _ in $(seq "$reps"); do
    for threads in 1 2; do
      rm -rf "$tmp/out"; sync
      /usr/bin/time -f "%e %M %U %S" -o "$tmp/time.txt" "$bin" export "$corpus" --out "$tmp/out" --threads "$threads" --quiet 2>/dev/null
      read -r secs kb user sys < "$tmp/time.txt"
      times[$threads]+="$secs "; cpus[$threads]+="$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}') "
      [ "$kb" -gt "${rss[$threads]}" ] && rss[$threads]=$kb
    done
  done
  for threads in 1 2; do
    median=$(printf '%s\n' ${times[$threads]} | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    cpu=$(printf '%s\n' ${cpus[$threads]} | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
    awk -v mb="$mb" -v t="$threads" -v s="$median" -v b="$bytes" -v w="$words" -v r="${rss[$threads]}" -v c="$cpu" \
      'BEGIN{printf "%-8s %-7s %-10.2f %-12.0f %-9.2f %-12.1f %-8.2f %-12.0f\n", mb, t, s, w/s, b/1e6/s, r/1024, c, w/c}'
  done
  echo "  runs (s): 1 thread: ${times[1]}| 2 threads: ${times[2]}"
done
rm -rf "$tmp/out"
