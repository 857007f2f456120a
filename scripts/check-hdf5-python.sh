#!/usr/bin/env bash
# End-to-end check of the on-disk layout from the user's side: runs the README's two map examples through the
# launcher and opens the files with h5py (installed into target/pyenv from the machine's package index).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV=target/pyenv
if ! "$VENV/bin/python" -c 'import h5py' 2>/dev/null; then
  echo "check-hdf5: installing h5py into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --retries 0 --timeout 10 h5py numpy 2>&1 | grep -v -e "Retrying" -e "is ignored" || true
  "$VENV/bin/python" -c "import h5py" || { echo "check-hdf5: could not install h5py"; exit 1; }
fi
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
./gdsweep layout --json > "$WORK/layout.json"
"$VENV/bin/python" scripts/check_hdf5.py "$WORK/layout.json" "$WORK/a.h5" "$WORK/b.h5" "$WORK/s.h5" "$WORK/c.h5" "$WORK/t.h5"
