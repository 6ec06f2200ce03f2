#!/usr/bin/env bash
# Fuzz smoke for CI: builds the cargo-fuzz targets and runs each for ~10 s (50 s of fuzzing in
# all) on its committed corpus (fuzz/corpus/<target>/ is read, never modified). Exits non-zero
# when a target crashes (the reproducer is left in fuzz/artifacts/<target>/) or when the targets do not build.
# Exits 0 with a printed reason when fuzzing is impossible here: cargo-fuzz is missing, or the
# compiler refuses the unstable flags libFuzzer instrumentation needs (no nightly and
# RUSTC_BOOTSTRAP=1 not honoured).
#
#   fuzz/smoke.sh            # all targets, 10 s each
#   SECS=60 fuzz/smoke.sh    # longer
set -uo pipefail
cd "$(dirname "$0")"
SECS="${SECS:-10}"
TARGETS=(clean jsonl html pipeline warc)

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz smoke: SKIPPED: cargo-fuzz is not installed (cargo install cargo-fuzz)"
    exit 0
fi
# cargo-fuzz passes -Z flags: they need a nightly compiler or RUSTC_BOOTSTRAP=1 on stable.
export RUSTC_BOOTSTRAP=1
probe="$(mktemp -d)"
trap 'rm -rf "$probe"' EXIT
echo 'fn main() {}' >"$probe/p.rs"
if ! rustc -Z unstable-options -Cpasses=sancov-module "$probe/p.rs" -o "$probe/p" >"$probe/log" 2>&1; then
    echo "fuzz smoke: SKIPPED: this compiler cannot build libFuzzer targets (unstable -Z flags refused):"
    sed 's/^/    /' "$probe/log" | head -5
    exit 0
fi
# -s none: the crate is safe Rust, panics are what we look for; -a: debug assertions and
# overflow checks on, so arithmetic and span bugs panic instead of wrapping.
if ! cargo fuzz build -s none -a >"$probe/build" 2>&1; then
    echo "fuzz smoke: FAILED: the fuzz targets do not build"
    tail -30 "$probe/build"
    exit 1
fi
# libFuzzer first replays the seed corpus (a few seconds per target), then fuzzes for SECS; a
# slow input fails after -timeout. The hard cap below also bounds a run that libFuzzer itself
# cannot stop (a hang outside an input), so the whole smoke stays within a few minutes.
CAP=$((SECS + 180))
status=0
for t in "${TARGETS[@]}"; do
    work="$probe/corpus-$t"
    mkdir -p "$work"
    timeout -k 10 "$CAP" cargo fuzz run -s none -a "$t" "$work" "corpus/$t" -- \
        -max_total_time="$SECS" -jobs=1 -workers=1 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 >"$probe/run-$t" 2>&1
    rc=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$probe/run-$t" | tail -1)"
    if [ "$rc" -eq 0 ]; then
        echo "fuzz smoke: $t: ok (${runs:-?} runs, ${SECS}s after the corpus replay)"
    elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        echo "fuzz smoke: $t: TIMEOUT: still running after ${CAP}s"
        tail -5 "$probe/run-$t"
        status=1
    else
        echo "fuzz smoke: $t: CRASH"
        grep -E "panicked|^ +at .*/src/|Test unit written|ALARM|out-of-memory" "$probe/run-$t" | head -8
        status=1
    fi
done
exit "$status"
