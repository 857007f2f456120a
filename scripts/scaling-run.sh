#!/bin/bash
# Multi-core scaling run used for BENCHMARKS.md on a 16-core host without Java or network: carry a jlinked runtime
# (target/jre: jlink --add-modules java.base,jdk.incubator.vector,jdk.unsupported,java.logging,java.management
#  --compress=zip-9 --strip-debug --no-header-files --no-man-pages) and target/device/gdsweep.jar, then run this.
J="target/jre/bin/java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx32g -jar target/device/gdsweep.jar"
for t in 1 2 4 8 16; do
  echo "== d1 4096^2 threads $t"
  $J map --eta 0.9 --window=-3:3,-3:3 --size 4096 --max-iter 1000 --threads $t --warmup 1 --no-png --compression none -q -o /tmp/d1-$t.h5 2>/dev/null | grep -E "runs:|summary"
done
for t in 1 2 4 8 16; do
  echo "== matrix 5x4 384^2 threads $t"
  $J map --loss matrix --k 5 --m 4 --n 4 --eta 0.45 --slice random --seed 1 --size 384 --threads $t --warmup 1 --no-png --compression none -q -o /tmp/m-$t.h5 2>/dev/null | grep -E "runs:|summary"
done
md5sum /tmp/d1-*.h5 | head -2
