#!/usr/bin/env bash
# Makes the digits training data (scripts/make-digits-data.py) with scikit-learn and h5py installed into target/pyenv
# from the machine's package index when missing. Arguments go to the Python script, e.g.:
#   scripts/make-digits-data.sh digits-3v8.h5 --classes 3,8 --per-class 50 --pool 2
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/target/pyenv"
if ! "$VENV/bin/python" -c 'import h5py, sklearn' 2>/dev/null; then
  echo "make-digits-data: installing h5py and scikit-learn into $VENV" >&2
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --retries 2 --timeout 20 h5py numpy scikit-learn 2>&1 | grep -v -e "Retrying" -e "is ignored" >&2 || true
  "$VENV/bin/python" -c "import h5py, sklearn" || { echo "make-digits-data: could not install h5py and scikit-learn" >&2; exit 1; }
fi
exec "$VENV/bin/python" "$ROOT/scripts/make-digits-data.py" "$@"
