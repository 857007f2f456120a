#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar with a JDK 25 and runs JMH with the given arguments, e.g.
#   scripts/run-benchmarks.sh SweepBenchmark -wi 3 -w 2 -i 5 -r 2
#   scripts/run-benchmarks.sh KernelBenchmark -prof gc
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/find-jdk.sh
gdsweep_find_jdk || exit 2
export JAVA_HOME="$GDSWEEP_JAVA_HOME"
./mvnw -B -q -DskipTests -pl bench -am package
exec "$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar "$@"
