package org.gdsweep.engine.problem;

import org.gdsweep.engine.problem.Rng;

/**
 * Sharpness: the eigenvalue of ∇²L(θ) of largest magnitude, by power iteration on analytic Hessian-vector products
 * ({@link Problem#hessianVector}). At a minimiser the Hessian is positive semi-definite, so this is the top
 * eigenvalue, the quantity compared with 2/η in stability arguments (for the unregularised scalar-vector problem it
 * equals N = ‖θ‖² at every minimiser). Deterministic: the start vector comes from a fixed seed.
 * Not thread-safe: one instance per thread.
 */
public final class Sharpness {
    /** Power iterations at most; stops earlier when the Rayleigh quotient changes by ≤ 1e-12 relative. */
    public static final int MAX_ITERATIONS = 2000;

    private final Problem problem;
    private final double[] start, v, w, scratch;

    public Sharpness(Problem problem) {
        this.problem = problem;
        int p = problem.parameterCount();
        start = new double[p];
        v = new double[p];
        w = new double[p];
        scratch = new double[problem.scratchSize()];
        Rng rng = new Rng(0x5EED);
        double norm = 0;
        for (int q = 0; q < p; q++) {
            start[q] = rng.nextGaussian();
            norm += start[q] * start[q];
        }
        for (int q = 0; q < p; q++) start[q] /= Math.sqrt(norm);
    }

    /** Eigenvalue of largest magnitude of ∇²L(θ); NaN if θ is not finite. */
    public double at(double[] theta) {
        System.arraycopy(start, 0, v, 0, v.length);
        double rayleigh = Double.NaN;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            problem.hessianVector(theta, v, w, scratch);
            double q = 0, norm = 0;
            for (int i = 0; i < v.length; i++) {
                q += v[i] * w[i];
                norm += w[i] * w[i];
            }
            if (!Double.isFinite(norm)) return Double.NaN;
            if (norm == 0) return 0;
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) v[i] = w[i] / norm;
            if (Math.abs(q - rayleigh) <= 1e-12 * Math.abs(q)) return q;
            rayleigh = q;
        }
        return rayleigh;
    }
}
