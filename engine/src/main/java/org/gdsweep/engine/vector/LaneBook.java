package org.gdsweep.engine.vector;

import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane bookkeeping shared by the vector kernels, kept free of vector types: which run each lane holds, the
 * structure-of-arrays state (θ_p of lane l at theta[p·L + l]), per-lane step sizes and iteration counts, and the
 * scalar slow path that retires finished lanes and refills them with pending runs.
 *
 * <p>The kernels repeat their few lines of mask logic and masked update instead of sharing helpers on purpose:
 * moving the masked update and the divergence test into small static helpers made C2 box the vectors (32 MB
 * allocated per 4096-run chunk) and halved the d = 5 kernel's speed (KernelBenchmark -prof gc, 2026-11-22).
 *
 * <p>An empty lane (no pending runs left) holds θ = 0 with its iteration count at the cap, so the kernels'
 * ordinary "capped" test keeps it frozen without a separate mask.
 */
abstract class LaneBook implements LaneKernel {
    /**
     * Iterations between block exit tests; finished lanes are frozen every iteration regardless, so results do not
     * depend on it. 8 by default (BENCHMARKS.md, "exit-check cadence"); the system property
     * {@code gdsweep.check.every} (1…64, read once per JVM: the loop bound must be a constant for C2) overrides it.
     */
    static final int CHECK_EVERY = Math.max(1, Math.min(64, Integer.getInteger("gdsweep.check.every", 8)));

    /**
     * Benchmark switch (system property {@code gdsweep.lockstep}, read once per JVM): when true, a finished lane is
     * retired but not refilled until every lane of the kernel has finished, as a plain SIMD loop over blocks of
     * runs would do. Results are identical either way (each lane's arithmetic does not depend on its neighbours);
     * only the lane use changes. Off by default: refilling keeps the lanes busy (BENCHMARKS.md).
     */
    static final boolean LOCKSTEP = Boolean.getBoolean("gdsweep.lockstep");

    final int lanes;
    final int parameters;
    final StopRule rule;
    final double[] theta;
    final double[] eta;
    final double[] iterations;
    /**
     * ‖∇L‖² and ‖θ‖² per lane from the last step of a block, stored by the kernels when a lane finishes (its θ is
     * frozen, so they are the final iterate's): the recorder need not recompute the gradient.
     */
    final double[] finalG2, finalN2;
    private final long[] runOfLane;
    /** Bit l set: lane l holds a real run. */
    long liveBits;
    private long next, end;
    private StartSource starts;
    long slotSteps;
    /**
     * Lanes whose state {@link #retireAndRefill} changed last time: the retired ones (refilled or parked), or every lane
     * (−1) when a lockstep block refilled them all. float32 kernels mirror exactly these: mirroring every lane in
     * lockstep mode restarted the lanes still running from their θ₀ (harmless for plain GD, whose rerun repeats the same
     * bits, but it lost the velocity of heavy-ball runs).
     */
    long changedLanes;

    LaneBook(int lanes, int parameters, StopRule rule) {
        this.lanes = lanes;
        this.parameters = parameters;
        this.rule = rule;
        this.theta = new double[parameters * lanes];
        this.eta = new double[lanes];
        this.iterations = new double[lanes];
        this.finalG2 = new double[lanes];
        this.finalN2 = new double[lanes];
        this.runOfLane = new long[lanes];
    }

    @Override public final int laneWidth() { return lanes; }

    @Override public final long laneSlotSteps() { return slotSteps; }

    /** {@link #progress}: −1 until a kernel calls {@link #advanced}. Volatile: another thread reads it mid-call. */
    private volatile long progress = -1;

    @Override public final long progress() { return progress; }

    /**
     * Counts {@code steps} steps of the live lanes into {@link #progress}: kernels whose calls can take seconds (a chunk of
     * networks) call it once per block of steps, where one volatile write is nothing next to the block's work.
     */
    final void advanced(int steps) {
        progress = Math.max(0, progress) + (long) steps * Long.bitCount(liveBits);
    }

    /** Loads the first runs of a block into all lanes. */
    final void begin(StartSource source, long first, int count) {
        assert source.parameterCount() == parameters;
        this.starts = source;
        this.next = first;
        this.end = first + count;
        liveBits = 0;
        for (int l = 0; l < lanes; l++) refill(l);
    }

    /**
     * Slow path: reports every lane in {@code doneBits} (with its state already stored in the arrays) and refills
     * it. Status: converged if its bit is in {@code convergedBits}, else diverged if in {@code divergedBits},
     * else undecided (the cap) — the same precedence as {@link StopRule#classify}.
     */
    final void retireAndRefill(long doneBits, long convergedBits, long divergedBits, LaneSink sink) {
        changedLanes = doneBits;
        while (doneBits != 0) {
            int l = Long.numberOfTrailingZeros(doneBits);
            doneBits &= doneBits - 1;
            long bit = 1L << l;
            // Without branches (CONVERGED 0, DIVERGED 1, UNDECIDED 2 = (1 − c)(2 − d)): the JIT compiles a kernel after
            // a handful of calls, often before any lane has converged, and a branch on the status then became an
            // uncommon trap that threw the compiled kernel away at the first converged lane, and the kernel ran
            // 0.3-0.5 s in C1 code until it was compiled again (a quarter to a half of cold 4096² maps; BENCHMARKS.md,
            // sessions 15 and 16).
            int c = (int) (convergedBits >>> l) & 1, d = (int) (divergedBits >>> l) & 1;
            byte status = (byte) ((1 - c) * (2 - d));
            sink.retire(runOfLane[l], status, (int) iterations[l], finalG2[l], finalN2[l], theta, l, lanes);
            if (LOCKSTEP) park(l);
            else refill(l);
        }
        if (LOCKSTEP && liveBits == 0) {
            for (int l = 0; l < lanes; l++) refill(l);
            changedLanes = -1L;
        }
    }

    /** Called when lane l has been given a new run (its θ₀ and η stored): kernels with more state per lane reset it. */
    void loaded(int l) {}

    /** Empties lane l without taking a pending run (lockstep mode). */
    private void park(int l) {
        runOfLane[l] = -1;
        for (int p = 0; p < parameters; p++) theta[p * lanes + l] = 0;
        eta[l] = 0;
        iterations[l] = rule.maxIterations();
        liveBits &= ~(1L << l);
    }

    /**
     * float32 kernels keep float mirrors of θ (same layout as {@link #theta}), η and the iteration counts: copies the
     * lanes in {@code bits} (all lanes for −1) from the double arrays into the mirrors, rounding θ₀ and η to float.
     */
    final void mirrorToFloat(long bits, float[] th, float[] h, float[] it) {
        for (; bits != 0 && Long.numberOfTrailingZeros(bits) < lanes; bits &= bits - 1) {
            int l = Long.numberOfTrailingZeros(bits);
            for (int p = 0; p < parameters; p++) th[p * lanes + l] = (float) theta[p * lanes + l];
            h[l] = (float) eta[l];
            it[l] = (float) iterations[l];
        }
    }

    /** The reverse of {@link #mirrorToFloat} for finishing lanes: their θ, iterations, ‖∇L‖² and ‖θ‖² (exact). */
    final void copyBackFromFloat(long bits, float[] th, float[] it, float[] g2, float[] n2) {
        for (; bits != 0; bits &= bits - 1) {
            int l = Long.numberOfTrailingZeros(bits);
            for (int p = 0; p < parameters; p++) theta[p * lanes + l] = th[p * lanes + l];
            iterations[l] = it[l];
            finalG2[l] = g2[l];
            finalN2[l] = n2[l];
        }
    }

    /** x rounded to float, element by element. */
    static float[] toFloats(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i];
        return f;
    }

    /** The largest float at or below x (x itself when it is a float; −∞ and NaN stay): float32 kernels' thresholds. */
    static float floatAtMost(double x) {
        float f = (float) x;
        return f > x ? Math.nextDown(f) : f;
    }

    private void refill(int l) {
        long bit = 1L << l;
        if (next < end) {
            long run = next++;
            runOfLane[l] = run;
            starts.start(run, theta, l, lanes);
            eta[l] = starts.stepSize(run);
            iterations[l] = 0;
            liveBits |= bit;
            loaded(l);
        } else {
            park(l);
        }
    }
}
