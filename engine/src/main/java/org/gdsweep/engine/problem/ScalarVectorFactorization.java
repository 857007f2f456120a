package org.gdsweep.engine.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scalar-vector factorization L(u,v) = ½(uᵀv − y)² + (λ/2)(‖u‖² + ‖v‖²), u, v ∈ ℝᵈ.
 *
 * <p>θ = (u₀ … u_{d−1}, v₀ … v_{d−1}). Gradient: r = uᵀv − y, ∂L/∂uᵢ = r·vᵢ + λ·uᵢ, ∂L/∂vᵢ = r·uᵢ + λ·vᵢ.
 *
 * <p>Operation order (mirrored by the lane kernels): z = u₀v₀ + u₁v₁ + … left to right; r = z − y;
 * ‖∇L‖² and ‖θ‖² accumulate pairwise-interleaved, gu₀², gv₀², gu₁², gv₁², … (resp. u₀², v₀², u₁², …);
 * L = 0.5·(r·r) + (0.5·λ)·‖θ‖².
 *
 * <p>Two opt-in arithmetics (they change results, so they are off by default and recorded), each with its own lane
 * kernels that match this reference bit for bit:
 * <ul>
 *   <li>{@link Arithmetic#FMA} (any d): every a·b + c is one fused multiply-add, rounded once:
 *       r = fma(u_{d−1}, v_{d−1}, … fma(u₁, v₁, fma(u₀, v₀, −y))), g_uᵢ = fma(r, vᵢ, λ·uᵢ), g_vᵢ = fma(r, uᵢ, λ·vᵢ),
 *       ‖∇L‖² = fma(g_u₀, g_u₀, g_v₀·g_v₀) and then, for i ≥ 1, fma(g_vᵢ, g_vᵢ, fma(g_uᵢ, g_uᵢ, ‖∇L‖²)) (‖θ‖² the
 *       same with u, v), L = fma(0.5·λ, ‖θ‖², 0.5·(r·r)), and the step θ ← fma(−η, g, θ). For d = 1:
 *       r = fma(u, v, −y), ‖∇L‖² = fma(g_u, g_u, g_v·g_v), ‖θ‖² = fma(u, u, v·v).</li>
 *   <li>{@link Arithmetic#FLOAT32} (any d): the exact-mode operations, each rounded to IEEE single precision: θ₀, η, y
 *       and λ are rounded to float once (so is 0.5·λ, as 0.5f·(float) λ) and every later value is a float. The
 *       arrays still hold doubles (every float is one exactly), and the stop rule compares the floats against
 *       the double thresholds, so the decision is the same as in float against the largest float at or below
 *       each threshold.</li>
 * </ul>
 *
 * @param d          dimension of each factor, ≥ 1
 * @param y          target
 * @param lambda     weight decay λ ≥ 0
 * @param arithmetic how the step is computed
 */
public record ScalarVectorFactorization(int d, double y, double lambda, Arithmetic arithmetic) implements Problem {

    /** The family: {@code --loss scalar}, options {@code --d} and {@code --y}. */
    public static final LossFamily FAMILY = new Family();

    /** Exact float64 arithmetic. */
    public ScalarVectorFactorization(int d, double y, double lambda) {
        this(d, y, lambda, Arithmetic.EXACT);
    }

    public ScalarVectorFactorization {
        java.util.Objects.requireNonNull(arithmetic);
        if (d < 1) throw new IllegalArgumentException("d must be ≥ 1, got " + d);
        if (!Double.isFinite(y)) throw new IllegalArgumentException("y must be finite, got " + y);
        if (!(lambda >= 0) || Double.isInfinite(lambda))
            throw new IllegalArgumentException("lambda must be finite and ≥ 0, got " + lambda);
    }

    @Override public LossFamily family() { return FAMILY; }

    /** uᵀv of the final iterate, recorded as {@code product}. */
    @Override
    public List<DerivedQuantity> derivedQuantities() {
        return List.of(new DerivedQuantity("product", "u'v", "parameter^2"));
    }

    /** Derived quantity 0, uᵀv ({@link #product}). */
    @Override
    public double derived(int k, double[] theta) {
        if (k != 0) throw new IndexOutOfBoundsException("no derived quantity " + k);
        return product(theta);
    }

    /**
     * Regularised case y &gt; λ &gt; 0 ([LM] Theorem 3): a converged run ends at ±√(y − λ)·s/‖s‖ with s = u₀ + v₀;
     * +1 if u∞·s &gt; 0 (nearest), −1 if &lt; 0 (farthest), 0 at the origin (the saddle, ‖u∞‖² &lt; 1e-6·(y − λ)) and
     * whenever λ = 0 or y ≤ λ.
     */
    @Override
    public byte minimiserSide(double[] start, double[] theta) {
        if (!(lambda > 0) || !(y > lambda)) return 0;
        double dot = 0, n = 0;
        for (int i = 0; i < d; i++) {
            double s = start[i] + start[d + i];
            dot += theta[i] * s;
            n += theta[i] * theta[i];
        }
        if (n < 1e-6 * (y - lambda)) return 0; // reached the origin (saddle), not a minimiser
        return dot > 0 ? (byte) 1 : dot < 0 ? (byte) -1 : 0;
    }

    /** The (z, N) dynamics is the same for every d (science.md §2): its d = 1 problem represents the plane. */
    @Override
    public Problem planarQuotient() {
        return new ScalarVectorFactorization(1, y, lambda, arithmetic);
    }

    @Override public int parameterCount() { return 2 * d; }

    @Override public String parameterName(int p) {
        return p < d ? "u[" + p + "]" : "v[" + (p - d) + "]";
    }

    /** uᵀv, summed left to right from the first term. */
    public double product(double[] theta) {
        double z = theta[0] * theta[d];
        for (int i = 1; i < d; i++) z = z + theta[i] * theta[d + i];
        return z;
    }

    /**
     * r = uᵀv − y in the problem's arithmetic: the sum from its first product, then − y (exact, float32), or
     * fma(u_{d−1}, v_{d−1}, … fma(u₀, v₀, −y)) (FMA).
     */
    private double residual(double[] theta) {
        if (arithmetic == Arithmetic.FMA) {
            double r = -y;
            for (int i = 0; i < d; i++) r = Math.fma(theta[i], theta[d + i], r);
            return r;
        }
        Arithmetic ar = arithmetic;
        double z = ar.mul(theta[0], theta[d]);
        for (int i = 1; i < d; i++) z = ar.mulAdd(theta[i], theta[d + i], z);
        return ar.sub(z, y);
    }

    /** Fused multiply-add arithmetic. */
    public boolean fused() { return arithmetic == Arithmetic.FMA; }

    /** float32 arithmetic. */
    public boolean single() { return arithmetic == Arithmetic.FLOAT32; }


    /** One code path for all three arithmetics: every operation goes through {@link Arithmetic}'s rounding. */
    @Override
    public double gradient(double[] theta, double[] g, double[] scratch) {
        Arithmetic ar = arithmetic;
        double r = residual(theta), g2 = 0;
        for (int i = 0; i < d; i++) {
            double ui = theta[i], vi = theta[d + i];
            double gu = ar.mulAdd(r, vi, ar.mul(lambda, ui)), gv = ar.mulAdd(r, ui, ar.mul(lambda, vi));
            g[i] = gu;
            g[d + i] = gv;
            g2 = i == 0 ? ar.mulAdd(gu, gu, ar.mul(gv, gv)) : ar.mulAdd(gv, gv, ar.mulAdd(gu, gu, g2));
        }
        return g2;
    }

    /**
     * With r = uᵀv − y and direction (a, b): H·(a,b) = (v·(vᵀa + uᵀb) + λa + r·b, u·(vᵀa + uᵀb) + r·a + λb).
     */
    @Override
    public void hessianVector(double[] theta, double[] dir, double[] out, double[] scratch) {
        double r = product(theta) - y, c = 0;
        for (int i = 0; i < d; i++) c += theta[d + i] * dir[i] + theta[i] * dir[d + i];
        for (int i = 0; i < d; i++) {
            out[i] = theta[d + i] * c + lambda * dir[i] + r * dir[d + i];
            out[d + i] = theta[i] * c + r * dir[i] + lambda * dir[d + i];
        }
    }

    @Override
    public double norm2(double[] theta) {
        Arithmetic ar = arithmetic;
        double n2 = 0;
        for (int i = 0; i < d; i++) {
            double ui = theta[i], vi = theta[d + i];
            n2 = i == 0 ? ar.mulAdd(ui, ui, ar.mul(vi, vi)) : ar.mulAdd(vi, vi, ar.mulAdd(ui, ui, n2));
        }
        return n2;
    }

    @Override
    public double loss(double[] theta, double[] scratch) {
        Arithmetic ar = arithmetic;
        double r = residual(theta);
        return ar.mulAdd(ar.mul(0.5, lambda), norm2(theta), ar.mul(0.5, ar.mul(r, r)));
    }

    @Override
    public double imbalance(double[] theta) {
        double uu = 0, vv = 0;
        for (int i = 0; i < d; i++) {
            uu += theta[i] * theta[i];
            vv += theta[d + i] * theta[d + i];
        }
        return uu - vv;
    }

    /**
     * [LM] Theorem 1 (λ = 0 only): η*(u₀,v₀) = min{1/|y|, 8/(N₀ + √(N₀² − 16·y·(z₀ − y)))}; NaN when λ &gt; 0.
     */
    @Override
    public double criticalStepSize(double[] start) {
        if (lambda != 0) return Double.NaN;
        double n0 = norm2(start), z0 = product(start);
        double disc = n0 * n0 - 16 * y * (z0 - y);
        double second = 8 / (n0 + Math.sqrt(Math.max(disc, 0)));
        return y == 0 ? second : Math.min(1 / Math.abs(y), second);
    }

    /**
     * L* = y²/2 when λ ≥ |y| (the origin is the minimiser), else λ|y| − λ²/2 (at uᵀv = sign(y)(|y| − λ),
     * ‖u‖² = ‖v‖² = |y| − λ).
     */
    @Override
    public double minimumLoss() {
        double ay = Math.abs(y);
        return lambda >= ay ? 0.5 * y * y : lambda * ay - 0.5 * lambda * lambda;
    }

    /**
     * Every critical point off the origin is a global minimiser: ∇L = 0 with θ ≠ 0 forces (uᵀv − y)² = λ², the
     * minimisers' level (science.md §3). So a converged run is at the minimiser unless it is within √tol of the
     * origin and the origin is not itself the minimiser (λ &lt; |y|); no loss needs evaluating.
     */
    @Override
    public LimitKind classifyLimit(double[] theta, double norm2, double loss, double minimum, double tolerance, double[] scratch) {
        return norm2 <= tolerance && lambda < Math.abs(y) ? LimitKind.ORIGIN : LimitKind.MINIMISER;
    }

    /** λ = 0: 1/|y| (flattest minimisers have N = 2|y|); y &gt; λ &gt; 0: min(1/(y−λ), 1/λ) (sharpness max(2(y−λ), 2λ)). */
    @Override
    public double globalCriticalStep() {
        if (lambda == 0) return y != 0 ? 1 / Math.abs(y) : Double.NaN;
        if (y > lambda) return Math.min(1 / (y - lambda), 1 / lambda);
        return Double.NaN;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "0.5*(u'v - y)^2 + (lambda/2)*(|u|^2 + |v|^2)");
        m.put("d", d);
        m.put("y", y);
        m.put("lambda", lambda);
        m.put("arithmetic", arithmetic.label());
        return m;
    }

    /** The scalar-vector family ({@code --loss scalar}). */
    private static final class Family implements LossFamily {
        @Override public String name() { return "scalar"; }

        @Override public String fileKind() { return "scalar-vector"; }

        @Override public String summary() { return "0.5*(u'v - y)^2 + (lambda/2)(|u|^2+|v|^2), u, v in R^d"; }

        @Override
        public List<FamilyOption> options() {
            return List.of(new FamilyOption("--d", "D", int.class, "1", "dimension of u and v (1..100000)."),
                    new FamilyOption("--y", "Y", double.class, "1", "target y (finite)."));
        }

        @Override
        public Problem build(ProblemArguments a, double lambda, Arithmetic arithmetic) {
            int d = a.integer("--d");
            double y = a.real("--y");
            if (d < 1 || d > 100_000) throw new ProblemSpecException("--d must be in [1, 100000], got " + d);
            if (!Double.isFinite(y)) throw new ProblemSpecException("--y must be finite, got " + y);
            return new ScalarVectorFactorization(d, y, lambda, arithmetic);
        }

        @Override
        public Problem rebuild(Map<String, Object> a, Map<String, double[]> arrays) {
            return new ScalarVectorFactorization(LossFamily.intAttribute(a, "d"), LossFamily.doubleAttribute(a, "y"),
                    LossFamily.doubleAttribute(a, "lambda"), LossFamily.arithmeticAttribute(a));
        }
    }
}
