package org.gdsweep.engine.sweep;

import org.gdsweep.engine.problem.Problem;

/**
 * Where lane kernels come from: the seam between the portable core and the Vector API code (the pattern of Lucene's
 * {@code internal.vectorization}). The core never imports {@code org.gdsweep.engine.vector}; {@link #vector()} looks the
 * Panama provider up once by name and falls back to the scalar reference when the {@code jdk.incubator.vector} module
 * is not in the JVM, so every caller sees only {@link LaneKernel}.
 */
public interface KernelProvider {
    /**
     * The problem's kernel, chosen but not yet made: the family's vector kernel for its arithmetic, else the reference.
     * Choosing loads no Vector API class.
     */
    KernelChoice choose(Problem problem, StopRule rule);

    /** A fresh kernel (one per thread) for the problem: {@link #choose}'s, made. */
    default LaneKernel kernel(Problem problem, StopRule rule) {
        return choose(problem, rule).make().get();
    }

    /**
     * A fresh scalar kernel for the problem: plain Java (the JIT compiles it in milliseconds), bit-identical to
     * {@link ReferenceKernel}. A cold sweep starts on it while the vector kernel warms up ({@link Sweep.Options#warmStart});
     * a family may have a loop specialised for it, else this is the reference.
     */
    default LaneKernel scalarKernel(Problem problem, StopRule rule) {
        return new ReferenceKernel(problem, rule);
    }

    /**
     * Readies the vector path ahead of a kernel's first call, off the kernels' own profiles (nothing for the reference):
     * adds the Vector API's module if needed and links the library's operations that the kernels use, whose first calls
     * spin ~100 classes. A long cold sweep calls it on a thread of its own at its start ({@link Sweep#PREFETCH_RUNS}),
     * so that this one-time cost is not paid by the first vector chunk of its warm start's trainer. Idempotent; results
     * never depend on it.
     */
    default void linkOperations() {}

    /** Whether this provider runs SIMD lanes (false for the scalar fallback). */
    boolean vectorised();

    /** Width in bits of the lanes its kernels use, fixed for the life of the JVM (64 for the reference). */
    int laneBits();

    /** Doubles per vector (1 for the reference). */
    int laneCount();

    /** Widest double vector this JVM/CPU runs natively, in bits (64 without the Vector API). */
    int preferredBits();

    /** Returns null when {@code bits} may be forced in this JVM (before the first kernel), else a one-line reason. */
    String checkBits(int bits);

    /** Whether kernels run lockstep blocks instead of refilling lanes (benchmark switch {@code gdsweep.lockstep}). */
    boolean lockstep();

    /** System property that forces the lane width in bits; must be set before the first kernel is created. */
    String BITS_PROPERTY = "gdsweep.vector.bits";

    /** The scalar reference as a provider: one lane, {@link ReferenceKernel}. */
    KernelProvider REFERENCE = new KernelProvider() {
        @Override public KernelChoice choose(Problem problem, StopRule rule) {
            return KernelChoice.of(ReferenceKernel.class, () -> new ReferenceKernel(problem, rule));
        }

        @Override public boolean vectorised() { return false; }

        @Override public int laneBits() { return 64; }

        @Override public int laneCount() { return 1; }

        @Override public int preferredBits() { return 64; }

        @Override public String checkBits(int bits) {
            String why = VectorModule.unavailableReason();
            return why != null ? why : "the Vector API module is not available in this JVM (add --add-modules=" + VectorModule.NAME + ")";
        }

        @Override public boolean lockstep() { return false; }
    };

    /** The vector provider, chosen once per JVM. */
    static KernelProvider vector() {
        return Holder.VECTOR;
    }

    /** Lazy holder: the lookup runs on first use, after the CLI had its chance to set {@link #BITS_PROPERTY}. */
    final class Holder {
        private static final KernelProvider VECTOR = lookup();

        private Holder() {}

        private static KernelProvider lookup() {
            try {
                if (!VectorModule.available()) return REFERENCE;
                return (KernelProvider) Class.forName("org.gdsweep.engine.vector.PanamaKernelProvider").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return REFERENCE;
            }
        }
    }
}
