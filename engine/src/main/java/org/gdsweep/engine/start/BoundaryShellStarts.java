package org.gdsweep.engine.start;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.Rng;

/**
 * Starts drawn near the convergence boundary at step size η, for the [LM] Fig. 2 histograms: start k is θ = r·d with
 * d a uniformly random direction of ℝᴾ and r in a shell around the boundary radius r_b(d) along d, the radius where
 * the closed-form per-start critical step size reaches η ({@link Problem#criticalStepSize}: [LM] Theorem 1,
 * η*(r_b·d) = η). Inside: r = r_b·(1 − w·U); across: r = r_b·(1 + w·(2U − 1)), U uniform on [0, 1), w the relative
 * width. r_b is found by bisection to 1e-14 relative: η* decreases along every ray (N and uᵀv grow like r², and
 * 8/(N + √(N² − 16y(uᵀv − y))) decreases in r² on the wedge N ≥ 2|uᵀv|).
 *
 * <p>Each start depends only on (seed, k) (SplitMix64 stream {@code boundary}, then {@link Rng#mix} with k), so tiles,
 * threads and reruns draw the same starts.
 */
public final class BoundaryShellStarts implements StartSource {
    private final Problem problem;
    private final long count, seed;
    private final double eta, width, runEta;
    private final boolean across;

    /**
     * @param eta    the step size whose convergence boundary is sampled (canonical), below the critical step of the origin
     * @param width  relative shell width w in (0, 1)
     * @param across a shell across the boundary (half outside) rather than just inside it
     * @param runEta the step size the runs use (scans and bisections set their own)
     * @throws IllegalArgumentException if the family has no closed-form per-start critical step, or the region at η is
     *                                  not bounded by it
     */
    public BoundaryShellStarts(Problem problem, long count, double eta, double width, boolean across, long seed, double runEta) {
        if (count < 1) throw new IllegalArgumentException("count must be >= 1");
        if (!(width > 0 && width < 1)) throw new IllegalArgumentException("width must be in (0, 1)");
        this.problem = problem;
        this.count = count;
        this.eta = eta;
        this.width = width;
        this.across = across;
        this.seed = Rng.stream(seed, "boundary").nextLong();
        this.runEta = runEta;
        double[] origin = new double[problem.parameterCount()];
        double atOrigin = problem.criticalStepSize(origin);
        if (Double.isNaN(atOrigin))
            throw new IllegalArgumentException("needs a family with a closed-form per-start critical step size (--loss scalar with --lambda 0)");
        if (!(atOrigin > eta))
            throw new IllegalArgumentException("the convergence region at eta " + eta + " is not bounded by the critical-step boundary (eta must be below "
                    + atOrigin + ")");
    }

    @Override public long count() { return count; }

    @Override public int parameterCount() { return problem.parameterCount(); }

    @Override public double stepSize(long index) { return runEta; }

    /** The boundary radius along the unit direction d: η*(r_b·d) = η. */
    public double boundaryRadius(double[] d) {
        double[] x = new double[d.length];
        double lo = 0, hi = 1;
        while (critical(d, hi, x) > eta) {
            lo = hi;
            hi *= 2;
            if (hi > 1e150) return Double.POSITIVE_INFINITY;
        }
        for (int it = 0; it < 200 && hi - lo > 1e-14 * hi; it++) {
            double mid = 0.5 * (lo + hi);
            if (critical(d, mid, x) > eta) lo = mid;
            else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    private double critical(double[] d, double r, double[] x) {
        for (int q = 0; q < d.length; q++) x[q] = r * d[q];
        return problem.criticalStepSize(x);
    }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        Rng rng = new Rng(Rng.mix(seed + index));
        int p = problem.parameterCount();
        double[] d = new double[p];
        double n2 = 0;
        while (!(n2 > 1e-300)) {
            n2 = 0;
            for (int q = 0; q < p; q++) {
                d[q] = rng.nextGaussian();
                n2 += d[q] * d[q];
            }
        }
        double inv = 1 / Math.sqrt(n2);
        for (int q = 0; q < p; q++) d[q] *= inv;
        double u = rng.nextDouble();
        double rb = boundaryRadius(d);
        double r = across ? rb * (1 + width * (2 * u - 1)) : rb * (1 - width * u);
        for (int q = 0; q < p; q++) dst[offset + q * stride] = r * d[q];
    }
}
