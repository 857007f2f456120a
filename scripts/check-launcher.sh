#!/usr/bin/env bash
# The launcher must refuse, in one line and with exit code 2, to run without a JDK 25+ (checked when the java on
# PATH is older, as on a fresh machine of this kind, by hiding JAVA_HOME and the /usr/lib/jvm folder), and must not
# be affected by a damaged AOT cache.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh
path_java=$(command -v java || true)
v=
if [ -n "$path_java" ]; then gdsweep_feature_of "$(dirname "$(dirname "$(readlink -f "$path_java")")")"; v=$GDSWEEP_FEATURE; fi
if [ -n "$v" ] && [ "$v" -ge 25 ]; then
  echo "check-launcher: java on PATH is $v; the no-JDK case cannot be checked here"
else
  out=$(env -u JAVA_HOME GDSWEEP_JVM_DIR=/nonexistent ./gdsweep --version 2>&1); rc=$?
  lines=$(printf '%s\n' "$out" | grep -c .)
  if [ "$rc" != 2 ] || [ "$lines" != 1 ] || ! printf '%s' "$out" | grep -q "no JDK 25+ found"; then
    echo "check-launcher: FAILED: expected one line and exit 2 without a JDK 25, got rc=$rc: $out"
    exit 1
  fi
  echo "check-launcher: without a JDK 25 the launcher says so in one line and exits 2"
fi
# The AOT cache is an optimisation only: a damaged one (here: truncated, and newer than the jar so that it is not
# rebuilt) must change nothing a user sees: the same output, nothing on stderr, exit 0.
./gdsweep --version >/dev/null 2>&1 || { echo "check-launcher: FAILED: --version"; exit 1; }
AOT=cli/target/gdsweep.aot
# The cache's training run must stay on the scalar code: a class of the Vector API's module (which gdsweep adds at run
# time) in its class list makes the JVM that assembles the cache fail, and every command would run without a cache.
if [ ! -s "$AOT" ]; then
  echo "check-launcher: FAILED: no AOT cache at $AOT after the first run (did the training map load the Vector API?)"
  exit 1
fi
if [ -f "$AOT" ]; then
  cp "$AOT" "$AOT.saved"
  head -c 4096 "$AOT.saved" > "$AOT"
  touch "$AOT"
  out=$(./gdsweep --version 2>"$ROOT/target/launcher-err"); rc=$?
  mv -f "$AOT.saved" "$AOT"
  if [ "$rc" != 0 ] || ! printf '%s' "$out" | grep -q "^gdsweep " || [ -s "$ROOT/target/launcher-err" ]; then
    echo "check-launcher: FAILED: a damaged AOT cache changed the output (rc=$rc): $out $(cat "$ROOT/target/launcher-err")"
    exit 1
  fi
  rm -f "$ROOT/target/launcher-err"
  echo "check-launcher: a damaged AOT cache is ignored silently"
fi
# The README's first command, verbatim, from another working directory: the default sweep writes
# ./gdsweep-out/lm-fig1-left.h5 and .png there (ReadmeCommandsTest runs every other README command).
DEF=$(mktemp -d "$ROOT/target/default-sweep.XXXXXX")
if ! (cd "$DEF" && "$ROOT/gdsweep" >out.txt 2>&1) || [ ! -s "$DEF/gdsweep-out/lm-fig1-left.h5" ] || [ ! -s "$DEF/gdsweep-out/lm-fig1-left.png" ]; then
  echo "check-launcher: FAILED: ./gdsweep (the default sweep): $(cat "$DEF/out.txt")"
  rm -rf "$DEF"
  exit 1
fi
rm -rf "$DEF"
echo "check-launcher: ./gdsweep runs the default sweep and writes gdsweep-out/lm-fig1-left.h5 and .png"
# GDSWEEP_NO_BUILD=1 (the benchmark scripts) runs the jar as it is, even when sources look newer: no rebuild inside a
# timed command. The jar's time is set back to make it look stale, then restored.
JAR=cli/target/gdsweep.jar
touch -r "$JAR" "$ROOT/target/jar-time"
touch -d '2000-01-01' "$JAR"
out=$(GDSWEEP_NO_BUILD=1 ./gdsweep --version 2>&1); rc=$?
touch -r "$ROOT/target/jar-time" "$JAR"
rm -f "$ROOT/target/jar-time"
if [ "$rc" != 0 ] || printf '%s' "$out" | grep -q "building"; then
  echo "check-launcher: FAILED: GDSWEEP_NO_BUILD=1 rebuilt or failed (rc=$rc): $out"
  exit 1
fi
echo "check-launcher: GDSWEEP_NO_BUILD=1 runs the jar as it is"
