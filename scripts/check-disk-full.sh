#!/usr/bin/env bash
# A full disk never leaves a mix of old and new outputs or a temporary, and says "disk full" in one line.
#
# Mounts a small tmpfs (needs root, as on the CI and development machines of this project; elsewhere it says it
# skipped), writes an old output set, fills the disk to a few free kilobytes at several levels (so that the new HDF5
# file, or the PNG after it, or the legend cannot be written), reruns with --force and checks that every attempt
# either fails with exit 1 and a one-line "disk full" message leaving the old set byte for byte and no temporary, or
# (with enough room) writes the complete new set.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MNT=$(mktemp -d "$ROOT/target/diskfull.XXXXXX")
if ! mount -t tmpfs -o size=2m tmpfs "$MNT" 2>/dev/null; then
  rmdir "$MNT"
  echo "check-disk-full: skipped (cannot mount a small tmpfs here: needs root)"
  exit 0
fi
trap 'umount "$MNT"; rmdir "$MNT"' EXIT
fail() { echo "check-disk-full: FAILED: $*"; exit 1; }
map() { ./gdsweep map --eta "$1" --size 96 --window=-3:3,-3:3 --max-iter 200 --fields iterations,loss -q -o "$MNT/m.h5" --force; }

map 0.85 >/dev/null 2>"$ROOT/target/diskfull.err" || fail "old set: $(cat "$ROOT/target/diskfull.err")"
mkdir -p "$ROOT/target/diskfull-old" && cp "$MNT"/m.* "$ROOT/target/diskfull-old/"
new_size=$(du -cb "$MNT"/m.* | tail -1 | cut -f1)
failed=0 completed=0
for free_kb in 4 16 40 64 100 160 400; do
  rm -f "$MNT/filler" "$MNT"/m.* "$MNT"/.m.*
  cp "$ROOT/target/diskfull-old"/* "$MNT/"
  avail=$(df -B1 --output=avail "$MNT" | tail -1)
  fill=$((avail - free_kb * 1024))
  [ "$fill" -gt 0 ] && head -c "$fill" /dev/zero > "$MNT/filler" 2>/dev/null
  err=$(map 0.9 2>&1 >/dev/null); rc=$?
  tmp=$(find "$MNT" -maxdepth 1 -name '.m.*' -printf '%f ')
  [ -z "$tmp" ] || fail "$free_kb KB free: temporaries left: $tmp"
  if [ "$rc" = 0 ]; then
    for f in m.h5 m.png m.png.txt; do cmp -s "$MNT/$f" "$ROOT/target/diskfull-old/$f" && fail "$free_kb KB free: success but $f is old"; done
    completed=$((completed + 1))
  else
    [ "$rc" = 1 ] || fail "$free_kb KB free: exit $rc: $err"
    [ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] || fail "$free_kb KB free: more than one line: $err"
    printf '%s' "$err" | grep -q "disk full" || fail "$free_kb KB free: does not say disk full: $err"
    for f in m.h5 m.png m.png.txt; do cmp -s "$MNT/$f" "$ROOT/target/diskfull-old/$f" || fail "$free_kb KB free: $f changed after a failed run"; done
    failed=$((failed + 1))
  fi
done
rm -rf "$ROOT/target/diskfull-old" "$ROOT/target/diskfull.err"
[ "$failed" -ge 3 ] || fail "only $failed attempts hit a full disk (new set: $new_size bytes)"
echo "check-disk-full: $failed runs on a full disk kept the old set intact and said 'disk full' in one line; $completed with room wrote the new set"
