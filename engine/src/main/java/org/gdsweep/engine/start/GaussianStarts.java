package org.gdsweep.engine.start;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.Rng;

/**
 * N random starts θ₀ with i.i.d. N(0, scale²) entries, all with the same step size. Run i draws its P entries from
 * its own SplitMix64 stream, {@code new Rng(mix(base + i))} with base = the "starts" stream's first output for the
 * seed, so any run can be regenerated alone and the set does not depend on thread count.
 */
public final class GaussianStarts implements StartSource {
    private final int runs, parameterCount;
    private final double stepSize;
    /** Standard deviation of each entry. */
    private final double[] scales;
    /** First output of the "starts" stream: fixed by the seed, so computed once rather than per start. */
    private final long base;

    /**
     * @param runs           N ≥ 1
     * @param parameterCount P
     * @param scale          standard deviation &gt; 0
     * @param seed           seed
     * @param stepSize       η
     */
    public GaussianStarts(int runs, int parameterCount, double scale, long seed, double stepSize) {
        if (runs < 1) throw new IllegalArgumentException("need at least one start");
        if (!(scale > 0) || Double.isInfinite(scale)) throw new IllegalArgumentException("scale must be finite and > 0");
        this.runs = runs;
        this.parameterCount = parameterCount;
        this.scales = new double[parameterCount];
        java.util.Arrays.fill(scales, scale);
        this.stepSize = stepSize;
        this.base = Rng.stream(seed, "starts").nextLong();
    }

    /**
     * Starts at a problem's initialisation scale: entry p is N(0, (scale·s_p)²) with s_p = {@link Problem#initialScale}
     * (1 for every family but networks: 1/√fan-in for weights, 0 for biases, which start at exactly 0).
     */
    public static GaussianStarts atInitialisationScale(int runs, Problem problem, double scale, long seed, double stepSize) {
        GaussianStarts g = new GaussianStarts(runs, problem.parameterCount(), scale, seed, stepSize);
        for (int p = 0; p < g.parameterCount; p++) g.scales[p] = scale * problem.initialScale(p);
        return g;
    }

    @Override public long count() { return runs; }

    @Override public int parameterCount() { return parameterCount; }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        Rng rng = new Rng(Rng.mix(base + index));
        for (int p = 0; p < parameterCount; p++) {
            double g = rng.nextGaussian();
            dst[offset + p * stride] = scales[p] == 0 ? 0.0 : scales[p] * g;
        }
    }

    @Override public double stepSize(long index) { return stepSize; }
}
