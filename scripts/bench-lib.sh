# Sourced by the cold-process benchmark scripts (bench-cold-start.sh, bench-handover.sh): moves to the repository root,
# builds the jar once and pins it (GDSWEEP_NO_BUILD=1: a source edited during the run cannot put a rebuild, and a new
# AOT cache, inside a timed command), and gives a scratch folder $OUT, removed on exit, for the maps the runs write.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
./gdsweep --version >/dev/null
export GDSWEEP_NO_BUILD=1
