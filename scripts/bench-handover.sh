#!/usr/bin/env bash
# How reliably a cold process hands over from scalar code to the vector kernel (the warm start): runs RUNS cold maps of
# each sweep below and prints, per sweep, how many never handed over ("did not take over" in the summary line), and the
# kernel phase and hand-over time ("scalar code ran the first ... s") as min / median / max. Session 14 found 5x4 2048^2
# maps that never left the scalar step (4-5x slower) in about one cold run in six; BENCHMARKS.md has the counts.
# The d = 5 row is the default sweep's problem ([LM] Fig. 1 left); until session 18 it ran --loss scalar --eta 0.9,
# which is d = 1 (½(xy − 1)², cap 10000).
# Usage: scripts/bench-handover.sh [RUNS]   (default 10); extra JVM flags for the runs: GDSWEEP_JAVA_OPTS.
set -euo pipefail
RUNS=${1:-10}
# shellcheck source=scripts/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
stats() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f / %.2f / %.2f", v[1], m, v[NR] }'; }
printf '%-30s %6s %12s %22s %22s\n' "sweep" "runs" "no hand-over" "kernel s (min/med/max)" "hand-over s (min/med/max)"
while IFS='|' read -r name args; do
  : > "$OUT/k"; : > "$OUT/h"; failed=0
  for _ in $(seq "$RUNS"); do
    # shellcheck disable=SC2086
    line=$(./gdsweep map $args --fields iterations --no-png --force -q -o "$OUT/m.h5" 2>&1 | grep '^summary:' || true)
    case "$line" in *"did not take over"*) failed=$((failed + 1)) ;; esac
    printf '%s\n' "$line" | sed -n 's/.*kernel \([0-9.]*\).*/\1/p' >> "$OUT/k"
    printf '%s\n' "$line" | sed -n 's/.*scalar code ran the first \([0-9.]*\) s.*/\1/p' >> "$OUT/h"
  done
  printf '%-30s %6s %12s %22s %22s\n' "$name" "$RUNS" "$failed" "$(stats < "$OUT/k")" "$(stats < "$OUT/h")"
done <<'LIST'
d = 1, 4096^2, untiled|--loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 4096 --max-iter 1000 --tile-runs 1073741824
d = 5, 3072^2 (default problem)|--loss scalar --d 5 --y 1 --c 1 --mu 0.3 --eta 0.38 --slice random --seed 1 --window=-2.5:2.5,-2.5:2.5 --max-iter 10000 --size 3072
5x4 matrix, 2048^2|--loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 2048 --max-iter 10000
LIST
