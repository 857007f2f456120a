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
 */
public record SweepStats(double kernelSeconds, long laneIterations, long laneSlotSteps, int threads,
                         int laneWidth, int laneBits) {

    public double laneIterationsPerSecond() {
        return kernelSeconds > 0 ? laneIterations / kernelSeconds : Double.NaN;
    }

    public double laneUtilisation() {
        return laneSlotSteps > 0 ? (double) laneIterations / laneSlotSteps : Double.NaN;
    }
}
