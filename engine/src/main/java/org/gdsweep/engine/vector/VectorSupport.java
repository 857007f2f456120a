package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;

import org.gdsweep.engine.Arithmetic;
import org.gdsweep.engine.DeepChain;
import org.gdsweep.engine.LaneKernel;
import org.gdsweep.engine.LinearNetwork;
import org.gdsweep.engine.MatrixFactorization;
import org.gdsweep.engine.Problem;
import org.gdsweep.engine.ScalarVectorFactorization;
import org.gdsweep.engine.StopRule;

/**
 * Entry point to the Vector API kernels. All {@code jdk.incubator.vector} code lives in this package; the rest
 * of gdsweep sees only {@link LaneKernel}.
 */
public final class VectorSupport {
    /** System property that forces the lane width in bits; must be set before the first kernel is created. */
    public static final String BITS_PROPERTY = "gdsweep.vector.bits";

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

    /** A fresh kernel (one per thread) for the problem, specialised where a specialisation exists. */
    public static LaneKernel kernel(Problem problem, StopRule rule) {
        return switch (problem) {
            case ScalarVectorFactorization p when p.fused() && p.d() == 1 -> new FusedScalarFactorizationLanes(p, rule);
            case ScalarVectorFactorization p when p.fused() -> new FusedScalarVectorLanes(p, rule);
            case ScalarVectorFactorization p when p.single() && p.d() == 1 -> new Float32ScalarFactorizationLanes(p, rule);
            case ScalarVectorFactorization p when p.single() -> new Float32ScalarVectorLanes(p, rule);
            case ScalarVectorFactorization p when p.d() == 1 -> new ScalarFactorizationLanes(p, rule);
            case ScalarVectorFactorization p -> new ScalarVectorLanes(p, rule);
            // shape-specialised kernels (scripts/generate-kernels.py): 5x4x4 register-blocked (2.7x the generic
            // kernel), 10x10x10 a copy with constant loop bounds; FMA and float32 arithmetic: blocked 5x4x4, else generic
            case MatrixFactorization p when p.fused() && p.k() == 5 && p.m() == 4 && p.n() == 4 -> new FusedMatrixLanes5x4x4(p, rule);
            case MatrixFactorization p when p.fused() -> new FusedMatrixLanes(p, rule);
            case MatrixFactorization p when p.single() && p.k() == 5 && p.m() == 4 && p.n() == 4 -> new Float32MatrixLanes5x4x4(p, rule);
            case MatrixFactorization p when p.single() -> new Float32MatrixLanes(p, rule);
            case MatrixFactorization p when p.k() == 5 && p.m() == 4 && p.n() == 4 -> new MatrixLanes5x4x4(p, rule);
            case MatrixFactorization p when p.k() == 10 && p.m() == 10 && p.n() == 10 -> new MatrixLanes10x10x10(p, rule);
            case MatrixFactorization p -> new MatrixLanes(p, rule);
            case DeepChain p when p.fused() -> new FusedDeepChainLanes(p, rule);
            case DeepChain p when p.single() -> new Float32DeepChainLanes(p, rule);
            case DeepChain p -> new DeepChainLanes(p, rule);
            case LinearNetwork p when p.arithmetic() == Arithmetic.FMA -> new FusedLinearNetworkLanes(p, rule);
            case LinearNetwork p when p.arithmetic() == Arithmetic.FLOAT32 -> new Float32LinearNetworkLanes(p, rule);
            case LinearNetwork p -> new LinearNetworkLanes(p, rule);
        };
    }
}
