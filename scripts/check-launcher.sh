#!/usr/bin/env bash
# The launcher must refuse, in one line and with exit code 2, to run without a JDK 25+ (checked when the java on
# PATH is older, as on a fresh machine of this kind, by hiding JAVA_HOME and the /usr/lib/jvm folder).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh
path_java=$(command -v java || true)
if [ -n "$path_java" ]; then
  v=$(gdsweep_java_feature "$(dirname "$(dirname "$(readlink -f "$path_java")")")")
  if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "check-launcher: java on PATH is $v; nothing to check"; exit 0; fi
fi
out=$(env -u JAVA_HOME GDSWEEP_JVM_DIR=/nonexistent ./gdsweep --version 2>&1); rc=$?
lines=$(printf '%s\n' "$out" | grep -c .)
if [ "$rc" != 2 ] || [ "$lines" != 1 ] || ! printf '%s' "$out" | grep -q "no JDK 25+ found"; then
  echo "check-launcher: FAILED: expected one line and exit 2 without a JDK 25, got rc=$rc: $out"
  exit 1
fi
echo "check-launcher: without a JDK 25 the launcher says so in one line and exits 2"
