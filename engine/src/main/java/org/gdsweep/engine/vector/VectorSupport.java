package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;

import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Entry point to the Vector API kernels. All {@code jdk.incubator.vector} code lives in this package; the rest
 * of gdsweep sees only {@link LaneKernel}.
 */
public final class VectorSupport {
    /** System property that forces the lane width in bits; must be set before the first kernel is created. */
    public static final String BITS_PROPERTY = KernelProvider.BITS_PROPERTY;

    private VectorSupport() {}

    /** Widest double vector this JVM/CPU runs natively, in bits. */
    public static int preferredBits() {
        return DoubleVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** Returns null when {@code bits} may be forced here, else a one-line reason. */
    public static String checkBits(int bits) {
        if (bits != 64 && bits != 128 && bits != 256 && bits != 512)
            return "vector width must be one of 64, 128, 256, 512 bits, got " + bits;
        if (bits > preferredBits())
            return "vector width " + bits + " exceeds this CPU's preferred " + preferredBits()
                    + " bits (it would run emulated, ~40x slower); allowed: 64.." + preferredBits();
        return null;
    }

    /** Width in bits that kernels in this JVM use (fixed at first use). */
    public static int laneBits() {
        return LaneSpecies.SPECIES.vectorBitSize();
    }

    /** Whether kernels run lockstep blocks instead of refilling lanes (benchmark switch {@code gdsweep.lockstep}). */
    public static boolean lockstep() {
        return LaneBook.LOCKSTEP;
    }

    /** Lanes per vector (doubles). */
    public static int laneCount() {
        return LaneSpecies.SPECIES.length();
    }

    /**
     * A fresh kernel (one per thread) for the problem: its family's kernels ({@link FamilyKernels}), or the scalar
     * reference for a family that has none (one defined outside gdsweep).
     */
    public static LaneKernel kernel(Problem problem, StopRule rule) {
        return FamilyKernels.choose(problem, rule).make().get();
    }
}
