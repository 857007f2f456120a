#!/usr/bin/env bash
# Signals never leave a mix of old and new outputs, nor a process behind.
#
# The launcher execs the JVM, so the launcher's PID is the JVM's (checked first): a signal to one is a signal to the
# other. For SIGTERM, SIGINT and SIGKILL at each phase of a map (compute, the
# HDF5 file half written, the PNG written, and for SIGKILL in the middle of the commit), this script checks:
#   - the outputs are the old set, byte for byte, or a complete new one (HDF5 opens with h5py and says eta = 0.9,
#     the legend belongs to it), never a mix;
#   - no gdsweep process is left running;
#   - after TERM and INT no temporary file is left; after KILL the next run on the same outputs repairs what was left
#     (completes an interrupted commit, removes temporaries) and says so.
# The phases are reached with the GDSWEEP_PAUSE_AT test hook (org.gdsweep.io.PhasePause). Needs target/pyenv
# (scripts/check-hdf5-python.sh makes it).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/target/pyenv/bin/python"
[ -x "$PY" ] || { echo "check-signals: needs $PY (run scripts/check-hdf5-python.sh first)"; exit 1; }
WORK=$(mktemp -d "$ROOT/target/signals.XXXXXX")
trap 'pkill -KILL -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
fail() { echo "check-signals: FAILED: $*"; exit 1; }

map() { # map ETA: the map whose outputs are under test (exec: run in the background, $! is the launcher's PID)
  # A shell without job control starts background commands with SIGINT ignored, and a JVM started with SIGINT ignored
  # keeps ignoring it (so does everything this script runs when the suite itself was started with '&'): reset it to
  # the default before the launcher, as a user's terminal has it. perl execs in place, so the PID stays the JVM's.
  exec perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die "exec: $!"' ./gdsweep map --eta "$1" --size 48 --window=-3:3,-3:3 --max-iter 200 -q -o "$WORK/m.h5" --force
}

# The old set, kept to compare byte for byte.
(map 0.85) >/dev/null 2>"$WORK/old.err" || fail "could not write the old set: $(cat "$WORK/old.err")"
mkdir "$WORK/old" && cp "$WORK"/m.h5 "$WORK"/m.png "$WORK"/m.png.txt "$WORK/old/"

restore_old() { rm -f "$WORK"/m.* "$WORK"/.m.*; cp "$WORK"/old/* "$WORK/"; }

# old, new or a description of the mix
state() {
  local same=0 f
  for f in m.h5 m.png m.png.txt; do cmp -s "$WORK/$f" "$WORK/old/$f" && same=$((same + 1)); done
  if [ "$same" = 3 ]; then echo old; return; fi
  if [ "$same" != 0 ]; then echo "mix ($same of 3 files old)"; return; fi
  local eta
  eta=$("$PY" -c 'import h5py,sys; print(float(h5py.File(sys.argv[1], "r").attrs["eta"]))' "$WORK/m.h5" 2>/dev/null) || { echo "new HDF5 unreadable"; return; }
  [ "$eta" = 0.9 ] || { echo "new HDF5 with eta $eta"; return; }
  [ -s "$WORK/m.png" ] && grep -q "eta=0.9," "$WORK/m.png.txt" && echo new || echo "new HDF5 without its PNG or legend"
}

temporaries() { find "$WORK" -maxdepth 1 -name '.m.*' -printf '%f ' ; }

cases=0
for sig in TERM INT KILL; do
  for phase in compute hdf5 png commit; do
    [ "$phase" = commit ] && [ "$sig" != KILL ] && continue # TERM/INT during a commit wait for it (no pause to end)
    # Alternate how the PID is found: as the launcher's ($!) or as the JVM's, by its command line like a user would.
    to=launcher; [ $(((cases + ${#phase}) % 2)) = 1 ] && to=jvm
    for _once in 1; do
      restore_old
      (GDSWEEP_PAUSE_AT=$phase map 0.9) >"$WORK/out" 2>"$WORK/err" &
      pid=$!
      for _ in $(seq 1 600); do grep -q "paused at $phase" "$WORK/err" && break; sleep 0.05; done
      grep -q "paused at $phase" "$WORK/err" || fail "$sig/$phase: never reached the phase: $(cat "$WORK/err")"
      # The launcher execs the JVM, so the JVM has the launcher's PID; look it up as a user would, by its command line.
      jvm=$(pgrep -f "gdsweep.jar map --eta 0.9 .*$WORK" | head -1)
      [ "$jvm" = "$pid" ] || fail "$sig/$phase: the JVM ($jvm) is not the launcher's process ($pid)"
      if [ "$to" = jvm ]; then target=$jvm; else target=$pid; fi
      kill -"$sig" "$target"
      wait "$pid" 2>/dev/null
      sleep 0.2
      if pgrep -f "$WORK/m.h5" >/dev/null; then fail "$sig to the $to at $phase: a process is still running"; fi
      s=$(state)
      if [ "$sig" = KILL ]; then
        # A SIGKILL cannot be caught: the next run on the same outputs repairs what it left. That run is itself
        # stopped (TERM at compute) so that what is checked is the repair alone.
        (GDSWEEP_PAUSE_AT=compute map 0.9) >/dev/null 2>"$WORK/err2" &
        p2=$!
        for _ in $(seq 1 600); do grep -q "paused at compute" "$WORK/err2" && break; sleep 0.05; done
        kill -TERM "$p2"; wait "$p2" 2>/dev/null
        s=$(state)
        if [ "$phase" = commit ]; then
          grep -q "completed the interrupted commit" "$WORK/err2" || fail "KILL at commit: the next run did not complete it: $(cat "$WORK/err2")"
          [ "$s" = new ] || fail "KILL at commit: after the repair the outputs are '$s'"
        else
          [ "$s" = old ] || fail "KILL at $phase: outputs are '$s'"
        fi
      else
        [ "$s" = old ] || fail "$sig to the $to at $phase: outputs are '$s'"
      fi
      t=$(temporaries)
      [ -z "$t" ] || fail "$sig to the $to at $phase: temporaries left: $t"
      cases=$((cases + 1))
    done
  done
done
# And without a signal the new set is complete.
restore_old
(map 0.9) >/dev/null 2>"$WORK/err" || fail "plain run failed: $(cat "$WORK/err")"
[ "$(state)" = new ] || fail "plain run: outputs are '$(state)'"
echo "check-signals: $cases signal cases (TERM, INT, KILL at compute, hdf5, png, commit; the JVM is the launcher's process): old set intact or new set complete, no process or temporary left"

# The other commands that write a set (HDF5 and PNG, with a legend for critical grids) share the same output set:
# TERM while the HDF5 file is half written, and KILL once the PNG is written (then a rerun repairs), leave the old set.
other() { # other COMMAND VARIANT: the command under test; VARIANT 1 or 2 changes one parameter
  case "$1" in
    scan) exec ./gdsweep scan --etas "0.9,1.$2" --count 64 --max-iter 200 -q --force -o "$WORK/o.h5" ;;
    critical) exec ./gdsweep critical --starts grid --size 12 --eta-range "0.05:$((2 + $2))" --accuracy 0.01 --max-iter 200 -q --force -o "$WORK/o.h5" ;;
    trace) exec ./gdsweep trace --eta "0.$((5 + $2))" --count 2 --max-iter 100 --sharpness-every 0 -q --force -o "$WORK/o.h5" ;;
  esac
}
others=0
for cmd in scan critical trace; do
  rm -rf "$WORK/old" "$WORK"/o.* "$WORK"/.o.*
  (other "$cmd" 1) >/dev/null 2>"$WORK/err" || fail "$cmd: old set: $(cat "$WORK/err")"
  mkdir "$WORK/old" && cp "$WORK"/o.* "$WORK/old/"
  for case in TERM:hdf5 KILL:png; do
    sig=${case%%:*} phase=${case##*:}
    (GDSWEEP_PAUSE_AT=$phase other "$cmd" 2) >/dev/null 2>"$WORK/err" &
    pid=$!
    for _ in $(seq 1 600); do grep -q "paused at $phase" "$WORK/err" && break; sleep 0.05; done
    grep -q "paused at $phase" "$WORK/err" || fail "$cmd $sig/$phase: never reached the phase: $(cat "$WORK/err")"
    kill -"$sig" "$pid"; wait "$pid" 2>/dev/null
    if [ "$sig" = KILL ]; then # the next run on the same outputs repairs; stop it before it writes anything
      (GDSWEEP_PAUSE_AT=compute other "$cmd" 2) >/dev/null 2>"$WORK/err2" &
      p2=$!
      for _ in $(seq 1 600); do grep -q "paused at compute" "$WORK/err2" && break; sleep 0.05; done
      kill -TERM "$p2"; wait "$p2" 2>/dev/null
    fi
    for f in "$WORK"/old/*; do cmp -s "$f" "$WORK/$(basename "$f")" || fail "$cmd $sig at $phase: $(basename "$f") changed"; done
    [ "$(find "$WORK" -maxdepth 1 -name 'o.*' | wc -l)" = "$(ls "$WORK/old" | wc -l)" ] || fail "$cmd $sig at $phase: a new file appeared"
    t=$(find "$WORK" -maxdepth 1 -name '.o.*' -printf '%f ')
    [ -z "$t" ] || fail "$cmd $sig at $phase: temporaries left: $t"
    others=$((others + 1))
  done
done
echo "check-signals: scan, critical and trace: $others cases (TERM at hdf5, KILL at png and a repairing rerun): the old set intact, no temporary left"
