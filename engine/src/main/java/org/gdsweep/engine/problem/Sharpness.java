package org.gdsweep.engine.problem;

/**
 * Sharpness: the eigenvalue of ∇²L(θ) of largest magnitude, from analytic Hessian-vector products
 * ({@link Problem#hessianVector}). At a minimiser the Hessian is positive semi-definite, so this is the top
 * eigenvalue, the quantity compared with 2/η in stability arguments (for the unregularised scalar-vector problem it
 * equals N = ‖θ‖² at every minimiser). Deterministic: the start vector comes from a fixed seed.
 *
 * <p>Two methods, by size. Up to {@value #POWER_ITERATION_MAX_PARAMETERS} parameters, power iteration (at most
 * {@value #MAX_ITERATIONS} products, until the Rayleigh quotient changes by ≤ 1e-12 relative). Beyond, Lanczos with full
 * reorthogonalisation: at most {@value #LANCZOS_STEPS} products (fewer when the basis would exceed 2²⁴ doubles), the
 * extreme eigenvalues of the tridiagonal matrix by Sturm bisection every 5 steps, stopping when the one of largest
 * magnitude changes by ≤ 1e-12 relative. Power iteration needs thousands of products when the top two eigenvalues are
 * close, as they are in networks at the edge of stability; Lanczos converges to extreme eigenvalues in tens
 * (for a 1633-parameter ReLU network, each product is a pass over the data).
 * Not thread-safe: one instance per thread.
 */
public final class Sharpness {
    /** Power iterations at most; stops earlier when the Rayleigh quotient changes by ≤ 1e-12 relative. */
    public static final int MAX_ITERATIONS = 2000;
    /** Largest parameter count handled by power iteration; larger problems use Lanczos. */
    public static final int POWER_ITERATION_MAX_PARAMETERS = 64;
    /** Lanczos steps at most. */
    public static final int LANCZOS_STEPS = 120;

    private final Problem problem;
    private final double[] start, v, w, scratch;
    /** Lanczos basis (rows), diagonal and off-diagonal of the tridiagonal matrix; null for power iteration. */
    private final double[][] basis;
    private final double[] alpha, beta;

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
        if (p > POWER_ITERATION_MAX_PARAMETERS) {
            int m = (int) Math.max(2, Math.min(Math.min(LANCZOS_STEPS, p), (1L << 24) / p));
            basis = new double[m + 1][];
            alpha = new double[m];
            beta = new double[m];
        } else {
            basis = null;
            alpha = beta = null;
        }
    }

    /** Eigenvalue of largest magnitude of ∇²L(θ); NaN if θ is not finite. */
    public double at(double[] theta) {
        return basis == null ? powerIteration(theta) : lanczos(theta);
    }

    private double powerIteration(double[] theta) {
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

    private double lanczos(double[] theta) {
        int p = start.length, m = alpha.length;
        if (basis[0] == null) for (int j = 0; j <= m; j++) basis[j] = new double[p];
        System.arraycopy(start, 0, basis[0], 0, p);
        double estimate = Double.NaN;
        for (int j = 0; j < m; j++) {
            double[] vj = basis[j];
            problem.hessianVector(theta, vj, w, scratch);
            double a = 0;
            for (int i = 0; i < p; i++) a += vj[i] * w[i];
            if (!Double.isFinite(a)) return Double.NaN;
            alpha[j] = a;
            // full reorthogonalisation against every basis vector (twice is enough, once is plenty for extreme values)
            for (int k = 0; k <= j; k++) {
                double[] vk = basis[k];
                double c = 0;
                for (int i = 0; i < p; i++) c += vk[i] * w[i];
                for (int i = 0; i < p; i++) w[i] -= c * vk[i];
            }
            double b = 0;
            for (int i = 0; i < p; i++) b += w[i] * w[i];
            b = Math.sqrt(b);
            beta[j] = b;
            boolean invariant = !(b > 1e-14 * Math.max(1, Math.abs(a)));
            if ((j + 1) % 5 == 0 || invariant || j == m - 1) {
                double e = largestMagnitudeEigenvalue(alpha, beta, j + 1);
                if (invariant || Math.abs(e - estimate) <= 1e-12 * Math.abs(e)) return e;
                estimate = e;
            }
            double[] next = basis[j + 1];
            for (int i = 0; i < p; i++) next[i] = w[i] / b;
        }
        return estimate;
    }

    /** The eigenvalue of largest magnitude of the k×k symmetric tridiagonal matrix (diagonal a, off-diagonal b). */
    static double largestMagnitudeEigenvalue(double[] a, double[] b, int k) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double r = (i > 0 ? Math.abs(b[i - 1]) : 0) + (i < k - 1 ? Math.abs(b[i]) : 0);
            lo = Math.min(lo, a[i] - r);
            hi = Math.max(hi, a[i] + r);
        }
        double top = bisect(a, b, k, lo, hi, k), bottom = bisect(a, b, k, lo, hi, 1);
        return Math.abs(top) >= Math.abs(bottom) ? top : bottom;
    }

    /** The index-th smallest eigenvalue (1-based) by bisection on the Sturm count, to full precision. */
    private static double bisect(double[] a, double[] b, int k, double lo, double hi, int index) {
        for (int it = 0; it < 200 && hi - lo > 1e-15 * Math.max(Math.abs(lo), Math.abs(hi)); it++) {
            double mid = 0.5 * (lo + hi);
            if (countBelow(a, b, k, mid) >= index) hi = mid;
            else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /** Number of eigenvalues below x: negative pivots of the LDLᵀ factorisation of T − xI. */
    private static int countBelow(double[] a, double[] b, int k, double x) {
        int count = 0;
        double d = 1;
        for (int i = 0; i < k; i++) {
            d = a[i] - x - (i > 0 ? b[i - 1] * b[i - 1] / d : 0);
            if (d == 0) d = -1e-300;
            if (d < 0) count++;
        }
        return count;
    }
}
