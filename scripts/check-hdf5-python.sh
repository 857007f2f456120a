#!/usr/bin/env bash
# End-to-end check of the on-disk layout from the user's side: runs the README's two map examples through the
# launcher and opens the files with h5py (installed into target/pyenv from the machine's package index).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV=target/pyenv
scripts/python-env.sh || { echo "check-hdf5: could not install h5py, xarray and dask"; exit 1; }
# The repository's Python package, installed as a user would (pip install ./python), every time: it is under test.
"$VENV/bin/python" -m pip install -q --retries 0 --timeout 10 --force-reinstall --no-deps ./python 2>&1 | grep -v -e "Retrying" -e "is ignored" || true
WORK=$(mktemp -d target/h5check.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
./gdsweep map --loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 301 --max-iter 20000 -o "$WORK/a.h5" -q
./gdsweep map --loss matrix --k 5 --m 4 --n 4 --eta 0.9 --slice random --seed 1 --window=-3:3,-3:3 --size 48 -o "$WORK/b.h5" -q --save-params
./gdsweep scan --loss scalar --d 1 --y 1 --eta-range 0.9:1.1:5 --count 2000 --max-iter 20000 -o "$WORK/s.h5" -q
./gdsweep critical --loss scalar --d 1 --y 1 --starts grid --window=-2:2,-2:2 --size 24 --eta-range 0.05:3 --accuracy 1e-4 --max-iter 200000 -o "$WORK/c.h5" -q
./gdsweep trace --loss chain --depth 3 --y 1 --eta 0.6 --start 0.1,0.2,1.9 --start 0.5,0.5,2.2 --sharpness-every 1 -o "$WORK/t.h5" -q
# bad input: existing output without --force must be refused with exit code 2 and leave the file alone
before=$(sha256sum "$WORK/a.h5")
set +e
./gdsweep map --eta 0.9 --size 10 -o "$WORK/a.h5" -q 2>"$WORK/err.txt"; rc=$?
set -e
[ "$rc" = 2 ] || { echo "check-hdf5: expected exit 2 for an existing output, got $rc"; exit 1; }
[ "$(sha256sum "$WORK/a.h5")" = "$before" ] || { echo "check-hdf5: existing output was modified"; exit 1; }
# Large inputs: an 84x84 target given row by row and a d = 6000 start (12 000 values) make attributes of 30-130 KB,
# past HDF5's 64 KiB object header; they must be stored as datasets and read back whole.
Y84=$("$VENV/bin/python" -c 'print(";".join(",".join(f"{(i * 84 + j) % 97 / 97:.6f}" for j in range(84)) for i in range(84)))')
START=$("$VENV/bin/python" -c 'print(",".join(f"{((i * 37) % 101) / 101 - 0.5:.5f}" for i in range(12000)))')
./gdsweep map --loss matrix --k 2 --m 84 --n 84 --Y "$Y84" --eta 0.05 --slice random --size 32 --max-iter 20 -o "$WORK/y84.h5" -q
./gdsweep trace --d 6000 --start "$START" --eta 0.01 --max-iter 5 --sharpness-every 0 -o "$WORK/d6000.h5" -q
./gdsweep dimension "$WORK/y84.h5" -o "$WORK/y84-measures.h5" >/dev/null
"$VENV/bin/python" - "$WORK/y84.h5" "$WORK/d6000.h5" "$Y84" "$START" <<'PY'
import sys, h5py, numpy as np
y84, d6000, spec, start = sys.argv[1:5]
with h5py.File(y84, "r") as f:
    Y = np.array([[float(v) for v in row.split(",")] for row in spec.split(";")])
    assert f["problem/Y"].shape == (84, 84) and np.array_equal(f["problem/Y"][()], Y), "84x84 target read back"
    assert f["target_spec"][()].decode() == spec, "target_spec stored whole as a dataset"
    assert "stored as the dataset" in f.attrs["target_spec"].decode(), f.attrs["target_spec"]
    assert spec in f["command_line"][()].decode(), "command line stored whole"
with h5py.File(d6000, "r") as f:
    names = f["problem/parameter_names"][()]
    assert len(names) == 12000 and names[0].decode() == "u[0]", names[:2]
    s = np.array([float(v) for v in start.split(",")])
    assert np.array_equal(f["starts"][()][:, 0], s), "the d = 6000 start read back"
    assert start in f["command_line"][()].decode(), "command line stored whole"
print("check-hdf5: an 84x84 target and a d = 6000 start stored as datasets and read back with h5py")
PY
# A tile directory written by shards (as a job array leaves it) and the same map in one file.
for i in 0 1; do ./gdsweep map --eta 0.9 --size 96x80 --max-iter 300 --tile-runs 1024 --shard $i/2 --no-png -q -o "$WORK/tiles" >/dev/null; done
./gdsweep map --eta 0.9 --size 96x80 --max-iter 300 --no-png -q -o "$WORK/whole.h5" >/dev/null
./gdsweep scan --loss mlp --widths 2,6,1 --teacher-widths 2,2,1 --samples 8 --etas 0.3,3 --count 16 --max-iter 200 --fixed-horizon --no-png -q -o "$WORK/net.h5" >/dev/null
./gdsweep refine --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --coarse 32 --levels 3 --max-iter 2000 --uncertainty 200 -q -o "$WORK/r.h5" >/dev/null
./gdsweep zoom --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --size 128 --limit-features --max-iter 2000 --frames 2 --no-png -q -o "$WORK/z.h5" >/dev/null
"$VENV/bin/python" python/tests/test_backend.py "$WORK/a.h5" "$WORK/b.h5" "$WORK/s.h5" "$WORK/c.h5" "$WORK/t.h5" "$WORK/d6000.h5" \
  "$WORK/y84-measures.h5" "$WORK/tiles" "$WORK/whole.h5" "$WORK/net.h5" "$WORK/r.h5" "$WORK/z.h5"
./gdsweep layout --json > "$WORK/layout.json"
"$VENV/bin/python" scripts/check_hdf5.py "$WORK/layout.json" "$WORK/a.h5" "$WORK/b.h5" "$WORK/s.h5" "$WORK/c.h5" "$WORK/t.h5" "$WORK/r.h5" "$WORK/z.h5"
