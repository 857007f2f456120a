#!/usr/bin/env bash
# Cold-process kernel phase against a warm JVM's, for the three kernels issue 13 names: the kernel seconds of the
# summary line (median of REPS cold runs) for the vector engine with its warm start (default), without it, and the
# scalar reference alone, next to the same sweep's kernel seconds after two warm-up sweeps in the same JVM. The 4096^2
# map runs untiled (one sweep, as in earlier sessions' tables) and tiled as a user runs it (its warm-up sweeps then run
# on the map's window at a coarser grid of one tile's runs, which compiles the kernel as well; on the first tile
# until session 18). The d = 5 row is the problem of the built-in default sweep ([LM] Fig. 1 left); until session 18 it ran
# --loss scalar --eta 0.9, which is d = 1 (½(xy − 1)², cap 10000).
# Usage: scripts/bench-cold-start.sh [REPS]   (default 5); prints one table.
set -euo pipefail
REPS=${1:-5}
# shellcheck source=scripts/bench-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
kernel() { ./gdsweep map "$@" --fields iterations --no-png --force -q -o "$OUT/m.h5" | sed -n 's/.*kernel \([0-9.]*\).*/\1/p'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-34s %10s %10s %10s %10s %14s\n' "sweep" "warm JVM" "cold" "cold, no" "cold," "cold - warm"
printf '%-34s %10s %10s %10s %10s %14s\n' "" "(s)" "(default)" "warm start" "reference" "(default, s)"
while IFS='|' read -r name args; do
  # shellcheck disable=SC2086
  warm=$(for _ in $(seq "$REPS"); do kernel $args --warmup 2; done | median)
  # shellcheck disable=SC2086
  cold=$(for _ in $(seq "$REPS"); do kernel $args; done | median)
  # shellcheck disable=SC2086
  nows=$(for _ in $(seq "$REPS"); do kernel $args --no-warm-start; done | median)
  # shellcheck disable=SC2086
  ref=$(for _ in $(seq "$REPS"); do kernel $args --engine scalar; done | median)
  printf '%-34s %10s %10s %10s %10s %14s\n' "$name" "$warm" "$cold" "$nows" "$ref" "$(awk -v c="$cold" -v w="$warm" 'BEGIN { printf "%.2f", c - w }')"
done <<'LIST'
d = 1, 1024^2, cap 1000|--loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 1024 --max-iter 1000
d = 5, 1024^2 (default problem)|--loss scalar --d 5 --y 1 --c 1 --mu 0.3 --eta 0.38 --slice random --seed 1 --window=-2.5:2.5,-2.5:2.5 --max-iter 10000 --size 1024
5x4 matrix, 256^2, cap 10000|--loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 256 --max-iter 10000
d = 1, 4096^2, cap 1000|--loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 4096 --max-iter 1000 --tile-runs 1073741824
d = 1, 4096^2, 8 tiles (default)|--loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 4096 --max-iter 1000
5x4 matrix, 512^2, cap 10000|--loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 512 --max-iter 10000 --tile-runs 1073741824
LIST
