package org.gdsweep.engine.start;

import java.util.Arrays;

import org.gdsweep.engine.problem.Rng;

/**
 * A 2-D slice θ(α,β) = θ₀ + α·e₁ + β·e₂ of parameter space, sampled on a W×H grid over [α₀,α₁]×[β₀,β₁].
 *
 * <p>Grid points <b>include the window edges</b>: αᵢ = α₀ + (α₁ − α₀)·i/(W − 1), i = 0 … W−1 (and likewise β), so
 * {@code --window=-3:3 --size 301} hits −3, −2.98, …, 0, …, 3 exactly. With W = 1 the single point is the window
 * centre. Run index = j·W + i, i.e. row j is βⱼ: maps are stored H×W with β along the first axis.
 * Coordinates are computed as (θ₀ₚ + α·e₁ₚ) + β·e₂ₚ.
 *
 */
public final class Slice implements StartSource, PlaneCoordinates {
    /**
     * Sides up to this many points keep their grid in memory (at most 512 KiB per axis). Uniform maps stay below it
     * (W·H runs must fit in an int); refinement's virtual grids reach 2^31 points per side and compute coordinates
     * on the fly, so its memory bound does not grow with the effective resolution.
     */
    private static final int CACHED_SIDE = 1 << 16;

    private final double[] origin, e1, e2;
    private final double alpha0, alpha1, beta0, beta1, stepSize;
    private final int width, height;
    /** αᵢ and βⱼ computed once (null for sides above {@link #CACHED_SIDE}): a refill then costs one division. */
    private final double[] alphaGrid, betaGrid;

    /**
     * @param origin   θ₀ ∈ ℝᴾ
     * @param e1       first direction
     * @param e2       second direction
     * @param alpha0   window start along e₁
     * @param alpha1   window end along e₁ (&gt; alpha0)
     * @param beta0    window start along e₂
     * @param beta1    window end along e₂ (&gt; beta0)
     * @param width    W ≥ 1
     * @param height   H ≥ 1
     * @param stepSize η for every run (canonical)
     */
    public Slice(double[] origin, double[] e1, double[] e2, double alpha0, double alpha1,
                 double beta0, double beta1, int width, int height, double stepSize) {
        int p = origin.length;
        if (p < 1 || e1.length != p || e2.length != p)
            throw new IllegalArgumentException("origin, e1 and e2 must have the same length ≥ 1");
        if (!(alpha1 > alpha0) || !(beta1 > beta0) || !Double.isFinite(alpha1 - alpha0) || !Double.isFinite(beta1 - beta0))
            throw new IllegalArgumentException("window must be finite and non-empty");
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be ≥ 1");
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) throw new IllegalArgumentException("step size must be > 0");
        this.origin = origin.clone();
        this.e1 = e1.clone();
        this.e2 = e2.clone();
        this.alpha0 = alpha0;
        this.alpha1 = alpha1;
        this.beta0 = beta0;
        this.beta1 = beta1;
        this.width = width;
        this.height = height;
        this.stepSize = stepSize;
        this.alphaGrid = width <= CACHED_SIDE ? grid(alpha0, alpha1, width) : null;
        this.betaGrid = height <= CACHED_SIDE ? grid(beta0, beta1, height) : null;
    }

    /** θ₀ (the array itself: do not modify). */
    public double[] origin() { return origin; }

    /** e₁ (the array itself: do not modify). */
    public double[] e1() { return e1; }

    /** e₂ (the array itself: do not modify). */
    public double[] e2() { return e2; }

    public double alpha0() { return alpha0; }

    public double alpha1() { return alpha1; }

    public double beta0() { return beta0; }

    public double beta1() { return beta1; }

    public int width() { return width; }

    public int height() { return height; }

    /** η of every run (canonical). */
    public double stepSize() { return stepSize; }

    /** The W grid values αᵢ. */
    public double[] alphas() { return alphaGrid != null ? alphaGrid.clone() : grid(alpha0, alpha1, width); }

    /** The H grid values βⱼ. */
    public double[] betas() { return betaGrid != null ? betaGrid.clone() : grid(beta0, beta1, height); }

    static double[] grid(double lo, double hi, int count) {
        double[] g = new double[count];
        for (int i = 0; i < count; i++) g[i] = coordinate(lo, hi, count, i);
        return g;
    }

    @Override public long count() { return (long) width * height; }

    /** θ₀ + α·e₁ + β·e₂, summed in that order. */
    @Override
    public void point(double alpha, double beta, double[] dst, int offset, int stride) {
        for (int p = 0; p < origin.length; p++) dst[offset + p * stride] = (origin[p] + alpha * e1[p]) + beta * e2[p];
    }

    @Override public int parameterCount() { return origin.length; }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        // one division, and a 32-bit one when the index allows (64-bit idiv costs tens of cycles per refill)
        int j, i;
        if (index <= Integer.MAX_VALUE) {
            j = (int) index / width;
            i = (int) index - j * width;
        } else {
            j = (int) (index / width);
            i = (int) (index - (long) j * width);
        }
        double a = alphaGrid != null ? alphaGrid[i] : coordinate(alpha0, alpha1, width, i);
        double b = betaGrid != null ? betaGrid[j] : coordinate(beta0, beta1, height, j);
        for (int p = 0; p < origin.length; p++) dst[offset + p * stride] = (origin[p] + a * e1[p]) + b * e2[p];
    }

    /** The same slice, window and step size on a {@code width} × {@code height} grid (a coarser or finer copy of the map). */
    public Slice resampled(int width, int height) {
        return new Slice(origin, e1, e2, alpha0, alpha1, beta0, beta1, width, height, stepSize);
    }

    /** Coordinate {@code i} of {@code count} spread over [lo, hi], ends included (the centre when count = 1). */
    public static double coordinate(double lo, double hi, int count, int i) {
        if (count == 1) return 0.5 * (lo + hi);
        if (i == count - 1) return hi;
        return lo + (hi - lo) * i / (count - 1);
    }

    @Override public double stepSize(long index) { return stepSize; }

    /** Slice through two coordinate axes (unit vectors e_p, e_q) at origin θ₀. */
    public static double[][] axes(int parameterCount, int p, int q) {
        if (p < 0 || q < 0 || p >= parameterCount || q >= parameterCount || p == q)
            throw new IllegalArgumentException("axes must be two distinct indices in [0, " + (parameterCount - 1) + "]");
        double[] a = new double[parameterCount], b = new double[parameterCount];
        a[p] = 1;
        b[q] = 1;
        return new double[][] {a, b};
    }

    /**
     * Two random orthonormal directions: g₁, g₂ with i.i.d. standard normal entries from
     * {@code Rng.stream(seed, "slice")} (all of g₁ first, then g₂), then Gram–Schmidt: e₁ = g₁/‖g₁‖,
     * w = g₂ − (g₂·e₁)e₁, w ← w − (w·e₁)e₁ (re-orthogonalised once), e₂ = w/‖w‖. Sums run over p in order.
     */
    public static double[][] randomOrthonormal(int parameterCount, long seed) {
        if (parameterCount < 2) throw new IllegalArgumentException("random slice needs at least 2 parameters");
        Rng rng = Rng.stream(seed, "slice");
        double[] g1 = new double[parameterCount], g2 = new double[parameterCount];
        for (int p = 0; p < parameterCount; p++) g1[p] = rng.nextGaussian();
        for (int p = 0; p < parameterCount; p++) g2[p] = rng.nextGaussian();
        scale(g1, 1 / Math.sqrt(dot(g1, g1)));
        for (int pass = 0; pass < 2; pass++) {
            double c = dot(g2, g1);
            for (int p = 0; p < parameterCount; p++) g2[p] -= c * g1[p];
        }
        scale(g2, 1 / Math.sqrt(dot(g2, g2)));
        return new double[][] {g1, g2};
    }

    /** θ₀ with i.i.d. N(0, scale²) entries from {@code Rng.stream(seed, "origin")}. */
    public static double[] randomOrigin(int parameterCount, long seed, double scale) {
        Rng rng = Rng.stream(seed, "origin");
        double[] o = new double[parameterCount];
        for (int p = 0; p < parameterCount; p++) o[p] = scale * rng.nextGaussian();
        return o;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int p = 0; p < a.length; p++) s += a[p] * b[p];
        return s;
    }

    private static void scale(double[] a, double c) {
        for (int p = 0; p < a.length; p++) a[p] *= c;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Slice s && Arrays.equals(s.origin, origin) && Arrays.equals(s.e1, e1) && Arrays.equals(s.e2, e2)
                && s.alpha0 == alpha0 && s.alpha1 == alpha1 && s.beta0 == beta0 && s.beta1 == beta1
                && s.width == width && s.height == height && s.stepSize == stepSize;
    }

    @Override public int hashCode() { return Arrays.hashCode(origin) * 31 + width * 7 + height; }
}
