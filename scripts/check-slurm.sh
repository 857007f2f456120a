#!/usr/bin/env bash
# gdsweep on a real Slurm cluster: a job array of map shards, one task requeued while it runs, then merge; the
# result must be bit-identical to a one-process run.
#
# Installs Slurm and MUNGE from the distribution's packages when missing (needs root and the package mirror), starts a
# single-node cluster without systemd in a temporary directory (slurmctld, slurmd and munged as root; every Slurm
# command reads SLURM_CONF), runs the test and stops every daemon it started, whatever happens. Without root it says
# it skipped.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/target/pyenv/bin/python"
fail() { echo "check-slurm: FAILED: $*"; [ -n "${DIR:-}" ] && tail -5 "$DIR"/*.log 2>/dev/null; exit 1; }
if [ "$(id -u)" != 0 ]; then echo "check-slurm: skipped (needs root to install and run Slurm)"; exit 0; fi

scripts/slurm-install.sh || fail "could not install Slurm"

DIR=$(mktemp -d "$ROOT/target/slurm.XXXXXX")
chmod 755 "$DIR"
MUNGE_SOCKET="$DIR/munge.socket"
stop() {
  [ -n "${SLURM_CONF:-}" ] && scontrol shutdown >/dev/null 2>&1
  for f in slurmctld.pid slurmd.pid munged.pid; do [ -f "$DIR/$f" ] && kill "$(cat "$DIR/$f")" 2>/dev/null; done
  sleep 1
  for f in slurmctld.pid slurmd.pid munged.pid; do [ -f "$DIR/$f" ] && kill -KILL "$(cat "$DIR/$f")" 2>/dev/null; done
  pkill -KILL -f "$DIR" 2>/dev/null
  rm -rf "$DIR"
}
trap stop EXIT

# MUNGE, with its own key, socket and files under $DIR (the packaged munged refuses to run as root without --force).
dd if=/dev/urandom of="$DIR/munge.key" bs=1024 count=1 status=none
chmod 400 "$DIR/munge.key"
munged --force --key-file="$DIR/munge.key" --socket="$MUNGE_SOCKET" --pid-file="$DIR/munged.pid" \
  --log-file="$DIR/munged.log" --seed-file="$DIR/munged.seed" >/dev/null 2>&1 || fail "munged did not start"

HOST=$(hostname -s)
CPUS=$(nproc)
export SLURM_CONF="$DIR/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=gdsweepci
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
JobRequeue=1
MinJobAge=300
NodeName=$HOST CPUs=$CPUS State=UNKNOWN
PartitionName=ci Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
mkdir -p "$DIR/state" "$DIR/spool"
slurmctld -f "$SLURM_CONF" >/dev/null 2>&1 || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" >/dev/null 2>&1 || fail "slurmd did not start"
for _ in $(seq 1 60); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %T | grep -q idle || fail "the node never became idle: $(sinfo 2>&1)"

# The sweep: 32 tiles over 4 shards (each task computes 8 tiles, one after another); the one-process run below
# computes the same map untiled (131072 runs).
MAP=(map --loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 2 --window=-3:3,-3:3 --size 256x512
     --max-iter 3000 --fields iterations,loss --no-png -q)
cat > "$DIR/map.sbatch" <<EOF
#!/bin/bash
#SBATCH --job-name=gdsweep-map --array=0-3 --cpus-per-task=1 --requeue --open-mode=append --output=$DIR/task-%a.out
cd "$ROOT"
# task 1's first run stops after its first tile (test hook) until it is requeued; its rerun does not stop
if [ "\$SLURM_ARRAY_TASK_ID" = 1 ] && [ "\${SLURM_RESTART_COUNT:-0}" = 0 ]; then export GDSWEEP_PAUSE_AT=tile; fi
exec ./gdsweep ${MAP[*]} --tile-runs 4096 --threads 1 --shard auto -o "$DIR/tiles"
EOF
./gdsweep --version >/dev/null 2>&1 || fail "gdsweep does not start" # build the jar once, outside the jobs
jid=$(sbatch --parsable "$DIR/map.sbatch") || fail "sbatch refused the array"
# Requeue task 1 while it runs, after its first tile (tile 1): its first run pauses there (GDSWEEP_PAUSE_AT=tile).
# Slurm kills it and runs it again; the rerun resumes the finished tile and computes the other 7.
for _ in $(seq 1 600); do grep -q "paused at tile" "$DIR/task-1.out" 2>/dev/null && break; sleep 0.1; done
grep -q "paused at tile" "$DIR/task-1.out" || fail "task 1 never finished a tile: $(cat "$DIR"/task-1.out 2>/dev/null)"
[ -f "$DIR/tiles/tile-000001.h5" ] || fail "task 1 paused without its first tile"
scontrol requeue "${jid}_1" || fail "could not requeue task 1"
# Slurm holds a requeued job back for a while (BeginTime); let it start at once so that the test stays short.
sleep 1
scontrol update JobId="${jid}_1" StartTime=now >/dev/null 2>&1 || true
for _ in $(seq 1 900); do [ -z "$(squeue -h -j "$jid" 2>/dev/null)" ] && break; sleep 0.2; done
[ -z "$(squeue -h -j "$jid")" ] || fail "the array did not finish: $(squeue -j "$jid")"
for a in 0 1 2 3; do grep -q "shard $a of 4 (Slurm array task $a) done" "$DIR/task-$a.out" || fail "task $a: $(cat "$DIR/task-$a.out")"; done
grep -q "(7 computed, 1 resumed)" "$DIR/task-1.out" || fail "the requeued task did not resume its one tile: $(cat "$DIR/task-1.out")"
resumed=$(grep -Eo "[0-9]+ resumed" "$DIR/task-1.out" | tail -1)

./gdsweep merge --check "$DIR/tiles" >/dev/null || fail "tiles missing: $(./gdsweep merge --check "$DIR/tiles")"
./gdsweep merge "$DIR/tiles" -o "$DIR/merged.h5" >/dev/null 2>"$DIR/err" || fail "merge: $(cat "$DIR/err")"
./gdsweep "${MAP[@]}" -o "$DIR/one.h5" >/dev/null 2>"$DIR/err" || fail "one-process run: $(cat "$DIR/err")"
"$PY" - "$DIR/one.h5" "$DIR/merged.h5" <<'PY' || fail "the merged map differs from the one-process run"
import sys, h5py
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
names = []
a.visititems(lambda n, o: names.append(n) if isinstance(o, h5py.Dataset) else None)
for n in names:
    assert a[n][()].tobytes() == b[n][()].tobytes(), n
PY
echo "check-slurm: a 4-task job array on a single-node Slurm cluster (task 1 requeued while running: $resumed tile(s) on its rerun), merged: bit-identical to one process"
