#!/usr/bin/env bash
# Side-by-side comparison with NumPy, Numba, JAX and C AVX-512 kernels on the same basin maps (bench/peers/).
# Installs its Python peers into target/pyenv-peers from the machine's package index and compiles the C kernels
# with gcc (OpenMP for their all-core builds). Prints three tables, and fails if any peer disagrees with gdsweep:
#  1. whole process, as a user runs each tool (start, imports, JIT compilation, all cores, writing the result):
#     ½(xy − 1)² at 256², 1024², 4096² and the 5×4 matrix at 128², 256², 512², C on one thread and on all cores
#     (bench/peers/whole_process.py);
#  2. warm kernels, one core each, JIT warm-up excluded (bench/peers/compare.py);
#  3. networks on data (--loss mlp) against JAX, one core each, whole process and warm (bench/peers/mlp_compare.py).
# Usage: scripts/compare-peers.sh [ROUNDS]   (default 3; WHOLE_ONLY=1 runs table 1 only, NETWORKS_ONLY=1 table 3 only)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV=target/pyenv-peers
if ! "$VENV/bin/python" -c 'import numba, jax, h5py' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --retries 0 --timeout 10 numpy numba jax jaxlib h5py 2>&1 | grep -v -e Retrying -e "is ignored" || true
fi
version=$(./gdsweep --version)
# What a reader needs to compare these tables with others (BENCHMARKS.md gives each figure its machine, JDK, commit and
# date): printed first, on stdout with the tables.
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
echo "compare-peers: $(date -u '+%Y-%m-%d %H:%M UTC'), gdsweep at $commit, ${cpu:-unknown CPU}, $(nproc) cores"
echo "compare-peers: $(echo "$version" | sed -n 's/^JDK //p'); gcc $(gcc -dumpfullversion 2>/dev/null || echo '?'); $("$VENV/bin/python" -c '
import importlib, platform
parts = ["Python " + platform.python_version()]
for name in ("numpy", "numba", "jax", "h5py"):
    try:
        parts.append(name + " " + importlib.import_module(name).__version__)
    except Exception:
        parts.append(name + " missing")
print(", ".join(parts))')"
# every timed gdsweep command uses the jar just built, even if a source file is edited during the run
export GDSWEEP_NO_BUILD=1
if [ -n "${NETWORKS_ONLY:-}" ]; then exec "$VENV/bin/python" bench/peers/mlp_compare.py "${1:-3}"; fi
"$VENV/bin/python" bench/peers/whole_process.py "${1:-3}"
[ -n "${WHOLE_ONLY:-}" ] && exit 0
ROUNDS="${1:-3}" "$VENV/bin/python" bench/peers/compare.py
"$VENV/bin/python" bench/peers/mlp_compare.py "${1:-3}"
