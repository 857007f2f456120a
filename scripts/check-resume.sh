#!/usr/bin/env bash
# Tiled maps survive SIGKILL and resume, and a map too large to merge is an index that xarray opens.
#
# 1. A 5x4 matrix map (32 tiles of 8192 runs) is killed with SIGKILL twice while it runs; rerunning the same command
#    resumes the finished tiles and the result is bit-identical, dataset for dataset, to an uninterrupted run; the
#    resumed run redoes less than 80 % of the uninterrupted run's lane-iterations.
# 2. A ½(xy − 1)² map of 2400² with a heap too small to merge it becomes an index of its tiles and a preview PNG;
#    the Python backend opens it lazily as (beta, alpha) and its status equals the merged map's.
# 3. A step-size scan too large to join is an index of its tiles, equal in xarray to a joined scan.
# Needs target/pyenv with h5py, xarray and the package (scripts/check-hdf5-python.sh makes it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/target/pyenv/bin/python"
WORK=$(mktemp -d "$ROOT/target/resume.XXXXXX")
trap 'pkill -KILL -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fail() { echo "check-resume: FAILED: $*"; exit 1; }
map() { # map OUTPUT [extra]: the map under test
  local o=$1; shift
  ./gdsweep map --loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 512 \
    --max-iter 3000 --tile-runs 8192 --checkpoint-after 0 --fields iterations,loss,norm2 --no-png -q -o "$o" "$@"
}
now() { date +%s.%N; }

t0=$(now); once=$(map "$WORK/once.h5" 2>"$WORK/err") || fail "uninterrupted run: $(cat "$WORK/err")"; t1=$(now)
full=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')

# Kill each run with SIGKILL once it has written some tiles (the first after 4, the second, resuming those, after 12
# of 32), so that the test does not depend on this machine's speed.
for after in 4 12; do
  (exec ./gdsweep map --loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --window=-3:3,-3:3 --size 512 \
    --max-iter 3000 --tile-runs 8192 --checkpoint-after 0 --fields iterations,loss,norm2 --no-png -q -o "$WORK/resumed.h5") >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    [ "$(find "$WORK/resumed.h5.tiles" -name 'tile-*.h5' 2>/dev/null | wc -l)" -ge "$after" ] && break
    sleep 0.02
  done
  kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
[ -f "$WORK/resumed.h5" ] && fail "the killed runs wrote resumed.h5 (uninterrupted run: $full s)"
kept=$(find "$WORK/resumed.h5.tiles" -name 'tile-*.h5' | wc -l)
[ "$kept" -gt 0 ] || fail "no tile survived two SIGKILLs (full run took $full s)"
t2=$(now); out=$(map "$WORK/resumed.h5" 2>"$WORK/err") || fail "resumed run: $(cat "$WORK/err")"; t3=$(now)
again=$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')
printf '%s\n' "$out" | grep -q "resumed from" || fail "no resume reported: $out"
[ ! -d "$WORK/resumed.h5.tiles" ] || fail "tile directory left after merging"
"$PY" - "$WORK/once.h5" "$WORK/resumed.h5" <<'PY' || fail "resumed map differs from the uninterrupted one"
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
other = []
b.visititems(lambda n, o: other.append(n) if isinstance(o, h5py.Dataset) else None)
assert sorted(names) == sorted(other), set(names) ^ set(other)
for n in names:
    x, y = a[n][()], b[n][()]
    assert x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes(), n
PY
resumed_line=$(printf '%s\n' "$out" | grep "resumed from")
# Finished work is not redone: the resumed run's kernel did a fraction of the uninterrupted run's lane-iterations
# (wall times of runs this short are dominated by JVM start and JIT warm-up, so they are reported, not compared).
work() { printf '%s\n' "$1" | sed -n 's/^summary: .*), \([0-9.e+]*\) lane-iterations.*/\1/p'; }
w_once=$(work "$once"); w_again=$(work "$out")
awk -v a="$w_again" -v f="$w_once" 'BEGIN { exit !(a < 0.8 * f) }' || fail "the resumed run did $w_again lane-iterations, the full run $w_once"
echo "check-resume: killed twice, resumed ($resumed_line): $w_again of $w_once lane-iterations redone, $again s against $full s uninterrupted; bit-identical"

# 2. Too large to merge in a 256 MB heap: an index of the tiles and a preview, opened lazily by the Python backend.
GDSWEEP_JAVA_OPTS=-Xmx256m ./gdsweep map --eta 0.9 --size 2400 --max-iter 100 --fields iterations --tile-runs 262144 \
  --png-raw -q -o "$WORK/index.h5" >"$WORK/out" 2>"$WORK/err" || fail "index run: $(cat "$WORK/err")"
grep -q "an index of the tiles" "$WORK/out" || fail "expected an index: $(cat "$WORK/out")"
# its picture is a preview drawn tile by tile: 1 start in 2 along each axis (at most 2048 pixels a side; --png-raw: the
# bare raster, one pixel per previewed start)
"$PY" -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); assert struct.unpack(">II", d[16:24]) == (1200, 1200), d' \
  "$WORK/index.png" || fail "no 1200x1200 preview PNG: $(cat "$WORK/out")"
./gdsweep map --eta 0.9 --size 2400 --max-iter 100 --fields iterations --no-png -q -o "$WORK/whole.h5" >/dev/null 2>&1 || fail "whole run"
"$PY" - "$WORK/index.h5" "$WORK/whole.h5" <<'PY' || fail "the index does not open like the whole map"
import sys, numpy as np, xarray as xr
ix = xr.open_dataset(sys.argv[1], engine="gdsweep", chunks={})
whole = xr.open_dataset(sys.argv[2], engine="gdsweep")
assert ix.status.dims == ("beta", "alpha") and ix.status.shape == (2400, 2400) and ix.status.chunks is not None
assert np.array_equal(ix.status.values, whole.status.values) and np.array_equal(ix.iterations.values, whole.iterations.values)
assert np.array_equal(ix.beta.values, whole.beta.values)
PY
echo "check-resume: a map too large to merge in -Xmx256m is an index with a preview PNG; xarray opens it lazily, equal to the whole map"

# 2b. The same map without a figure: nothing needs it whole, so its tiles' compressed chunks are assembled on disk as they
#     come (StreamedMap) and it is merged into one file in the same 256 MB heap, equal to the whole map.
GDSWEEP_JAVA_OPTS=-Xmx256m ./gdsweep map --eta 0.9 --size 2400 --max-iter 100 --fields iterations --tile-runs 262144 \
  --no-png -q -o "$WORK/streamed.h5" >"$WORK/out" 2>"$WORK/err" || fail "streamed run: $(cat "$WORK/err")"
grep -q "compressed tile by tile" "$WORK/out" || fail "expected a map compressed tile by tile: $(cat "$WORK/out")"
[ ! -e "$WORK/streamed.h5.tiles" ] || fail "the tile directory of a merged map is left: $(ls -a "$WORK/streamed.h5.tiles")"
"$PY" - "$WORK/streamed.h5" "$WORK/whole.h5" <<'PY' || fail "the map merged in 256 MB differs from the whole map"
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
    for name in ("status", "limit", "iterations", "alpha", "beta"):
        assert a[name].shape == b[name].shape and np.array_equal(a[name][...], b[name][...]), name
    assert a["iterations"].chunks == b["iterations"].chunks and a["iterations"].compression == "gzip", a["iterations"].chunks
PY
echo "check-resume: the same map without a figure is merged into one file in -Xmx256m, compressed tile by tile, equal to the whole map"

# 3. A scan too large to join in a 200 MB heap (500 step sizes x 4000 starts, 316 MB of per-run results) is an index:
#    every statistic of the whole scan, bit for bit those of a joined run, with runs_* joined lazily from its tiles.
scan() { ./gdsweep scan --loss scalar --d 1 --y 1 --lambda 0.05 --eta-range 0.5:1.5:500 --count 4000 --max-iter 60 \
  --tile-runs 200000 --no-png -q "$@"; }
GDSWEEP_JAVA_OPTS=-Xmx200m scan -o "$WORK/scan-index.h5" >"$WORK/out" 2>"$WORK/err" || fail "scan index run: $(cat "$WORK/err")"
grep -q "the per-run results stay in" "$WORK/out" || fail "expected a scan index: $(tail -2 "$WORK/out")"
scan -o "$WORK/scan-whole.h5" >/dev/null 2>"$WORK/err" || fail "whole scan: $(cat "$WORK/err")"
"$PY" - "$WORK/scan-index.h5" "$WORK/scan-whole.h5" <<'PY' || fail "the scan index does not open like the joined scan"
import sys, numpy as np, xarray as xr
ix = xr.open_dataset(sys.argv[1], engine="gdsweep", chunks={})
whole = xr.open_dataset(sys.argv[2], engine="gdsweep")
assert ix.attrs["layout"] == "gdsweep step-size scan index" and ix.runs_status.chunks is not None
for v in whole.data_vars:
    a, b = whole[v].values, ix[v].values
    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), v
assert ix.runs_status.dims == ("eta", "start") and ix.runs_status.shape == (500, 4000)
PY
echo "check-resume: a scan too large to join in -Xmx200m is an index; xarray opens it as the whole scan, bit for bit"
