#!/usr/bin/env bash
# Issue 12's resume benchmark: a 2048² 5×4 matrix map (every field, default tiles) run once uninterrupted, then
# killed with SIGKILL at 40 % and, on a rerun, at 75 % of that time, then rerun to the end. Prints the wall times
# (whole process), the tiles kept after each kill, and whether the resumed map is bit-identical to the uninterrupted
# one. Usage: scripts/bench-kill-resume.sh [WORK_DIR] (default target/kill-resume). Needs target/pyenv (h5py).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
W="${1:-$ROOT/target/kill-resume}"
rm -rf "$W" && mkdir -p "$W"
# --checkpoint-after 0: every tile written as it finishes (as when BENCHMARKS measured it; the default waits 10 s)
M=(map --loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 2048 --no-png -q --checkpoint-after 0)
s=$(date +%s.%N); "$ROOT/gdsweep" "${M[@]}" -o "$W/once.h5" >/dev/null 2>&1; e=$(date +%s.%N)
T=$(awk -v a="$s" -v b="$e" 'BEGIN { print b - a }'); echo "uninterrupted: $T s"
for f in 0.4 0.75; do
  (exec "$ROOT/gdsweep" "${M[@]}" -o "$W/resumed.h5") >/dev/null 2>&1 &
  pid=$!
  wait_s=$(awk -v t="$T" -v f="$f" 'BEGIN { print t * f }')
  sleep "$wait_s"; kill -KILL "$pid"; wait "$pid" 2>/dev/null
  echo "killed after $wait_s s: $(find "$W/resumed.h5.tiles" -name 'tile-*.h5' 2>/dev/null | wc -l) tiles kept"
done
s=$(date +%s.%N); out=$("$ROOT/gdsweep" "${M[@]}" -o "$W/resumed.h5"); e=$(date +%s.%N)
echo "rerun: $(awk -v a="$s" -v b="$e" 'BEGIN { print b - a }') s; $(printf '%s\n' "$out" | grep tiles)"
"$ROOT/target/pyenv/bin/python" - "$W/once.h5" "$W/resumed.h5" <<'PY'
import sys, h5py
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
n = []
a.visititems(lambda k, o: n.append(k) if isinstance(o, h5py.Dataset) else None)
print("datasets bit-identical:", all(a[k][()].tobytes() == b[k][()].tobytes() for k in n), f"({len(n)} datasets)")
PY
