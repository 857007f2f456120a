#!/usr/bin/env bash
# Installs h5py, xarray and dask into target/pyenv from the machine's package index unless they are there already
# (used by check-hdf5-python.sh; ./run-tests starts it while Maven runs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/target/pyenv"
if ! "$VENV/bin/python" -c 'import h5py, xarray, dask' 2>/dev/null; then
  echo "python-env: installing h5py, xarray and dask into $VENV"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --retries 0 --timeout 10 h5py numpy xarray "dask[array]" 2>&1 | grep -v -e "Retrying" -e "is ignored" || true
  "$VENV/bin/python" -c "import h5py, xarray, dask"
fi
