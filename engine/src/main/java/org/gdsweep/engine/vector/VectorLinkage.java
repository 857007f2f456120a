package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Links the JDK's Vector API operations that the double-precision kernels use, once per JVM, without running a kernel.
 *
 * <p>Why: the first call of an operation resolves its call sites inside the JDK's vector classes, and most of them spin a
 * lambda class (through the class-file API) for the operation's Java fallback. A cold sweep's warm-start trainer paid all
 * of that in its first chunk, 93-170 ms before its first compiled code (6 cold ½(xy − 1)² 4096² maps); with the
 * operations linked beforehand the same chunk took 7-60 ms and the hand-over came about 0.15 s sooner (BENCHMARKS.md,
 * session 15). The call sites are the JDK's, shared by every caller, so linking them here serves every kernel; the
 * kernels' own profiles stay untouched (running a kernel on a dummy start to the same end made C2 compile it from that
 * start's profile, and 2 of 20 cold maps never handed over: BENCHMARKS.md, session 14). It uses the preferred species,
 * not {@link LaneSpecies}, whose width the command line may still set; the operations' call sites are mostly in
 * {@code DoubleVector}'s shared templates either way.
 */
final class VectorLinkage {
    private static volatile boolean linked;

    private VectorLinkage() {}

    static void link() {
        if (linked) return;
        linked = true;
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        double[] a = new double[s.length()];
        DoubleVector x = DoubleVector.fromArray(s, a, 0), one = DoubleVector.broadcast(s, 1.0);
        DoubleVector z = x.mul(one).add(one).sub(one).fma(one, one).div(one).neg().min(one).max(one);
        VectorMask<Double> m = z.compare(VectorOperators.LE, one).not().or(z.compare(VectorOperators.LT, one))
                .and(z.compare(VectorOperators.GE, one));
        z = z.sub(one, m).add(one, m).blend(one, m);
        z.intoArray(a, 0);
        if (m.toLong() == 1) a[0] = 1; // keeps toLong (the kernels' mask read) in
    }
}
