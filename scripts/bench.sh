#!/usr/bin/env bash
# Benchmark candor against ripgrep on a generated corpus.
#
#   scripts/bench.sh                 # 64 MB: median wall time of candor vs rg, MB/s, peak RSS
#   SIZES="8 32 64 128 256" scripts/bench.sh --scaling   # time per MB across sizes
#
# candor runs the full default rule set with JSON output; rg scans the same
# files for ~70 comparable naive patterns (scripts/naive-patterns.txt): a pure
# regex scan with no parsing, segmentation or context. Runs alternate so both
# see the same page cache. Installs ripgrep and GNU time if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB=${SIZE_MB:-64}
RUNS=${RUNS:-5}
SEED=${SEED:-42}

if ! command -v rg >/dev/null; then
  (apt-get install -y ripgrep >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y ripgrep >/dev/null)) \
    || cargo install ripgrep
fi
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y time >/dev/null)
fi

cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
CANDOR=target/release/candor
GEN=target/release/examples/gen_corpus

corpus() {
  local size=$1 dir="target/bench-corpus/${1}mb-seed${SEED}"
  if [ ! -d "$dir" ]; then "$GEN" "$dir" "$size" "$SEED" 2>/dev/null; fi
  cat $(find "$dir" -type f) >/dev/null   # warm the page cache
  echo "$dir"
}

calc() { python3 -c "print($1)"; }

# Wall-clock seconds of a command (stdout discarded).
wall() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  calc "$end - $start"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

bytes_of() { find "$1" -type f -printf '%s\n' | awk '{s+=$1} END {print s}'; }

peak_rss_mb() {
  { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F: '/Maximum resident/ {printf "%.1f", $2/1024}'
}

if [ "${1:-}" = "--scaling" ]; then
  printf '%8s %10s %10s %12s %10s\n' "MB" "median s" "MB/s" "ms per MB" "peak MB"
  for size in ${SIZES:-8 32 64 128 256}; do
    dir=$(corpus "$size")
    mb=$(calc "$(bytes_of "$dir") / 1048576")
    t=$(for _ in $(seq "$RUNS"); do wall "$CANDOR" check --isolated --format json "$dir"; done | median)
    rss=$(peak_rss_mb "$CANDOR" check --isolated --format json "$dir")
    printf '%8.1f %10.3f %10.1f %12.2f %10s\n' "$mb" "$t" "$(calc "$mb / $t")" "$(calc "1000 * $t / $mb")" "$rss"
  done
  exit 0
fi

dir=$(corpus "$SIZE_MB")
mb=$(calc "$(bytes_of "$dir") / 1048576")
candor_times=()
rg_times=()
for _ in $(seq "$RUNS"); do
  candor_times+=("$(wall "$CANDOR" check --isolated --format json "$dir")")
  rg_times+=("$(wall rg -i -c -f scripts/naive-patterns.txt "$dir")")
done
c=$(printf '%s\n' "${candor_times[@]}" | median)
r=$(printf '%s\n' "${rg_times[@]}" | median)
rss=$(peak_rss_mb "$CANDOR" check --isolated --format json "$dir")
printf 'corpus:        %s (%.1f MB, %s files)\n' "$dir" "$mb" "$(find "$dir" -type f | wc -l)"
printf 'candor median: %.3f s  (%.1f MB/s)   runs: %s\n' "$c" "$(calc "$mb / $c")" "${candor_times[*]}"
printf 'rg median:     %.3f s  (%.1f MB/s)   runs: %s\n' "$r" "$(calc "$mb / $r")" "${rg_times[*]}"
printf 'ratio candor/rg: %.2f\n' "$(calc "$c / $r")"
printf 'candor peak RSS: %s MB\n' "$rss"
