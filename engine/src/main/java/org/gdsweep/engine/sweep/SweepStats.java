package org.gdsweep.engine.sweep;

/**
 * What a sweep cost.
 *
 * @param kernelSeconds  wall time from the first kernel call to the last worker finishing
 * @param laneIterations Σ GD steps over all runs
 * @param laneSlotSteps  Σ lane slots stepped (vector steps × width); laneIterations / laneSlotSteps is the
 *                       fraction of lane slots doing useful work
 * @param threads        worker threads
 * @param laneWidth      lanes per vector (1 for the scalar engine)
 * @param laneBits       vector width in bits (64 for the scalar engine)
 * @param warmupSeconds  with a warm start ({@link Sweep.Options#withWarmStart}): seconds from the first kernel call
 *                       until the vector kernel took over from the scalar code (JIT warm-up); else 0
 * @param warmupLaneIterations lane-iterations the scalar code ({@link KernelProvider#scalarKernel}) did meanwhile
 * @param trainerLaneIterations lane-iterations the trainer (one worker running the vector kernel while the JIT compiled
 *                       it) did before the hand-over: neither they nor the reference's count in the steady rate
 */
public record SweepStats(double kernelSeconds, long laneIterations, long laneSlotSteps, int threads,
                         int laneWidth, int laneBits, double warmupSeconds, long warmupLaneIterations, long trainerLaneIterations) {

    public SweepStats(double kernelSeconds, long laneIterations, long laneSlotSteps, int threads, int laneWidth, int laneBits) {
        this(kernelSeconds, laneIterations, laneSlotSteps, threads, laneWidth, laneBits, 0, 0, 0);
    }

    /**
     * Lane-iterations per second once warm: after the hand-over to the vector kernel (the whole sweep without a warm
     * start); NaN when too little came after it to tell.
     */
    public double steadyLaneIterationsPerSecond() {
        double s = kernelSeconds - warmupSeconds;
        return s > 1e-3 ? (laneIterations - warmupLaneIterations - trainerLaneIterations) / s : Double.NaN;
    }

    /** Whether the sweep ended with its vector kernel still in training: a trainer ran, and no hand-over came. */
    public boolean endedInTraining() {
        return trainerLaneIterations > 0 && warmupSeconds >= kernelSeconds;
    }

    public double laneIterationsPerSecond() {
        return kernelSeconds > 0 ? laneIterations / kernelSeconds : Double.NaN;
    }

    public double laneUtilisation() {
        return laneSlotSteps > 0 ? (double) laneIterations / laneSlotSteps : Double.NaN;
    }

    /**
     * The cost of a job of several sweeps (tiles): kernel time, work and JIT warm-up summed, the lane shape of the last
     * sweep. The warm-up is summed because it can span tiles: tiles that the scalar code finishes alone count whole,
     * the tile where the vector kernel takes over counts up to the hand-over, and later tiles (the kernel compiled)
     * count nothing. Taking the first tile's alone made a 5×4 map of two tiles, on scalar code throughout, report that
     * "one worker trained the vector kernel" after its first tile.
     */
    public static final class Total {
        private SweepStats last;
        private double kernelSeconds, warmupSeconds;
        private long laneIterations, laneSlotSteps, warmupLaneIterations, trainerLaneIterations;
        /** The widest lanes any sweep ran: a job's first tiles may finish on scalar code (one 64-bit lane) before a later one trains. */
        private int laneWidth, laneBits;

        public void add(SweepStats s) {
            last = s;
            laneWidth = Math.max(laneWidth, s.laneWidth());
            laneBits = Math.max(laneBits, s.laneBits());
            kernelSeconds += s.kernelSeconds();
            laneIterations += s.laneIterations();
            laneSlotSteps += s.laneSlotSteps();
            warmupSeconds += s.warmupSeconds();
            warmupLaneIterations += s.warmupLaneIterations();
            trainerLaneIterations += s.trainerLaneIterations();
        }

        /** The sum, or an empty record for {@code threads} threads if no sweep ran (every tile resumed). */
        public SweepStats result(int threads) {
            return last == null ? new SweepStats(0, 0, 0, threads, 0, 0)
                    : new SweepStats(kernelSeconds, laneIterations, laneSlotSteps, last.threads(), laneWidth, laneBits,
                            warmupSeconds, warmupLaneIterations, trainerLaneIterations);
        }
    }
}
