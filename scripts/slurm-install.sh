#!/usr/bin/env bash
# Installs slurmctld, slurmd, slurm-client and munge from the distribution's packages when they are missing (needs
# root and the package mirror; without root it does nothing: check-slurm.sh then says it skipped). Used by
# check-slurm.sh; ./run-tests starts it while Maven runs, since it mostly waits on the mirror.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ "$(id -u)" = 0 ] || exit 0
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-install: installing slurmctld, slurmd, slurm-client and munge"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$ROOT/target"
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge; } >"$ROOT/target/slurm-install.log" 2>&1 \
    || { echo "slurm-install: could not install Slurm: $(tail -3 "$ROOT/target/slurm-install.log")"; exit 1; }
fi
