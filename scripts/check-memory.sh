#!/usr/bin/env bash
# The up-front memory estimates are enough: each job that issue 11 found dying of OutOfMemoryError under -Xmx300m is
# run here at a size whose estimate is a few hundred MB, first with a heap too small (it must be refused up front:
# exit 2, one line, nothing written), then with a heap 10 % above its own estimate (it must complete: exit 0).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK=$(mktemp -d "$ROOT/target/memory.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "check-memory: FAILED: $*"; exit 1; }
jobs=(
  "critical --starts grid --size 1024 --max-iter 50 --eta-range 0.5:3 --accuracy 0.1"
  "zoom --eta 0.9 --size 1024 --frames 2 --max-iter 50 --center 0,0"
  "refine --eta 0.9 --coarse 1023 --levels 0 --max-iter 50 --recheck 0"
  "map --eta 0.9 --size 64 --uncertainty 100000 --max-iter 50"
  "scan --d 2000 --count 4096 --etas 0.1 --max-iter 20 --no-sharpness"
)
n=0
for job in "${jobs[@]}"; do
  # shellcheck disable=SC2086
  out=$(GDSWEEP_JAVA_OPTS=-Xmx64m ./gdsweep $job -q -o "$WORK/x.h5" 2>&1 >/dev/null); rc=$?
  lines=$(printf '%s\n' "$out" | grep -c .)
  [ "$rc" = 2 ] && [ "$lines" = 1 ] || fail "$job with -Xmx64m: expected one line and exit 2, got rc=$rc: $out"
  [ -z "$(ls -A "$WORK")" ] || fail "$job with -Xmx64m wrote $(ls -A "$WORK")"
  # A command checks several things in turn; raise the heap to each estimate until none refuses, then it must run.
  for _ in 1 2 3 4; do
    mb=$(printf '%s' "$out" | sed -n 's/.*need about \([0-9]*\) MB of heap.*/\1/p')
    [ -n "$mb" ] || fail "$job: no estimate in MB in: $out"
    heap=$((mb * 11 / 10))
    # shellcheck disable=SC2086
    out=$(GDSWEEP_JAVA_OPTS="-Xmx${heap}m" ./gdsweep $job -q -o "$WORK/x.h5" 2>&1 >/dev/null); rc=$?
    [ "$rc" = 2 ] && printf '%s' "$out" | grep -q "need about" || break
  done
  [ "$rc" = 0 ] || fail "$job: estimated $mb MB but failed with -Xmx${heap}m (rc=$rc): $out"
  rm -f "$WORK"/x*
  echo "check-memory: $job: estimate $mb MB, completes with -Xmx${heap}m"
  n=$((n + 1))
done
echo "check-memory: $n jobs refused up front with a small heap and completed within 110 % of their estimate"

# Issue 11's acceptance, as stated: with -Xmx300m each of these jobs is refused up front (exit 2, one line, nothing
# written). (Its sixth job, a 32768² map, is now computed in tiles in bounded memory instead: check-resume.sh.)
big=(
  "critical --starts grid --size 4096"
  "zoom --eta 0.9 --size 4096 --frames 2"
  "refine --eta 0.9 --coarse 8192 --levels 0"
  "refine --eta 0.9 --coarse 65535 --levels 0"
  "map --eta 0.9 --uncertainty 30000000"
  "scan --d 20000 --count 4096 --etas 0.1"
)
for job in "${big[@]}"; do
  # shellcheck disable=SC2086
  out=$(GDSWEEP_JAVA_OPTS=-Xmx300m ./gdsweep $job -q -o "$WORK/x.h5" 2>&1 >/dev/null); rc=$?
  [ "$rc" = 2 ] && [ "$(printf '%s\n' "$out" | grep -c .)" = 1 ] || fail "$job with -Xmx300m: expected one line and exit 2, got rc=$rc: $out"
  [ -z "$(ls -A "$WORK")" ] || fail "$job with -Xmx300m wrote $(ls -A "$WORK")"
done
echo "check-memory: with -Xmx300m, ${#big[@]} jobs too large for the heap are refused up front in one line"
