#!/usr/bin/env bash
# Side-by-side comparison with NumPy, Numba, JAX and a C AVX-512 kernel on the same basin map (bench/peers/).
# Installs its Python peers into target/pyenv-peers from the machine's package index and compiles the C kernel
# with gcc; prints a table of lane-iterations/s and ratios, and fails if any peer disagrees with gdsweep.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV=target/pyenv-peers
if ! "$VENV/bin/python" -c 'import numba, jax, h5py' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --retries 0 --timeout 10 numpy numba jax jaxlib h5py 2>&1 | grep -v -e Retrying -e "is ignored" || true
fi
./gdsweep --version >/dev/null
exec "$VENV/bin/python" bench/peers/compare.py
