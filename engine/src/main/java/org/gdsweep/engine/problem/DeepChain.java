package org.gdsweep.engine.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep scalar chain ([CG]) L(w) = ½(w_{H−1}⋯w₁w₀ − y)² + (λ/2)‖w‖², H ≥ 2 scalar layers.
 *
 * <p>Operation order (mirrored by the lane kernel): prefix products pre₀ = w₀, preᵢ = preᵢ₋₁·wᵢ, so the product is
 * p = pre_{H−1}; r = p − y; the gradient runs backwards with suffix products suf_{H−1} = w_{H−1},
 * sufᵢ = wᵢ·sufᵢ₊₁: g_{H−1} = r·pre_{H−2} + λw_{H−1}, gᵢ = r·(preᵢ₋₁·sufᵢ₊₁) + λwᵢ (0 &lt; i &lt; H−1),
 * g₀ = r·suf₁ + λw₀. ‖∇L‖² and ‖θ‖² accumulate in parameter order from the first term;
 * L = 0.5·(r·r) + (0.5·λ)·‖θ‖². Imbalance is D = w_{H−1}² − w₀² (last minus first layer; conserved by gradient flow
 * at λ = 0).
 *
 * <p>Opt-in {@link Arithmetic#FMA} (it changes results, so it is off by default and recorded): every a·b + c above
 * is one fused multiply-add rounded once, in the same order: r = fma(pre_{H−2}, w_{H−1}, −y), gᵢ = fma(r, ·, λwᵢ),
 * ‖∇L‖² and ‖θ‖² start from the first square and go on as fma(x, x, acc), L = fma(0.5·λ, ‖θ‖², 0.5·(r·r)), and
 * the step θ ← fma(−η, g, θ); the products themselves are unchanged.
 *
 * <p>Opt-in {@link Arithmetic#FLOAT32}: the exact-mode operations, each rounded to IEEE single precision (θ₀, η, y
 * and λ rounded to float once, 0.5·λ as 0.5f·(float) λ); the arrays hold doubles that are floats.
 *
 * @param depth      H ≥ 2
 * @param y          target
 * @param lambda     weight decay λ ≥ 0
 * @param arithmetic how the step is computed
 */
public record DeepChain(int depth, double y, double lambda, Arithmetic arithmetic) implements Problem {

    /** Exact float64 arithmetic. */
    public DeepChain(int depth, double y, double lambda) {
        this(depth, y, lambda, Arithmetic.EXACT);
    }

    public DeepChain {
        java.util.Objects.requireNonNull(arithmetic);
        if (depth < 2 || depth > 10_000) throw new IllegalArgumentException("depth must be in [2, 10000], got " + depth);
        if (!Double.isFinite(y)) throw new IllegalArgumentException("y must be finite");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0");
    }

    /** The family: {@code --loss chain}, options {@code --depth} and {@code --y}. */
    public static final LossFamily FAMILY = new Family();

    @Override public LossFamily family() { return FAMILY; }

    @Override public int parameterCount() { return depth; }

    @Override public String parameterName(int p) { return "w[" + p + "]"; }

    @Override public int scratchSize() { return depth; }

    /** Whether the step uses fused multiply-add ({@link Arithmetic#FMA}). */
    public boolean fused() { return arithmetic == Arithmetic.FMA; }

    /** Whether the step runs in float32 ({@link Arithmetic#FLOAT32}). */
    public boolean single() { return arithmetic == Arithmetic.FLOAT32; }

    /** r = pre_{H−2}·w_{H−1} − y in the problem's arithmetic (the last product and −y fused in FMA mode). */
    private double residual(double[] w) {
        Arithmetic ar = arithmetic;
        double pre = w[0];
        for (int i = 1; i < depth - 1; i++) pre = ar.mul(pre, w[i]);
        return ar.mulAdd(pre, w[depth - 1], -y);
    }

    /** w_{H−1}⋯w₀ as prefix products (the reference order). */
    public double product(double[] w) {
        double pre = w[0];
        for (int i = 1; i < depth; i++) pre = pre * w[i];
        return pre;
    }

    /** One code path for all three arithmetics: every operation goes through {@link Arithmetic}'s rounding. */
    @Override
    public double gradient(double[] w, double[] g, double[] pre) {
        Arithmetic ar = arithmetic;
        int h = depth;
        pre[0] = w[0];
        for (int i = 1; i < h - 1; i++) pre[i] = ar.mul(pre[i - 1], w[i]);
        double r = ar.mulAdd(pre[h - 2], w[h - 1], -y);
        double suf = w[h - 1];
        g[h - 1] = ar.mulAdd(r, pre[h - 2], ar.mul(lambda, w[h - 1]));
        for (int i = h - 2; i >= 1; i--) {
            g[i] = ar.mulAdd(r, ar.mul(pre[i - 1], suf), ar.mul(lambda, w[i]));
            suf = ar.mul(w[i], suf);
        }
        g[0] = ar.mulAdd(r, suf, ar.mul(lambda, w[0]));
        double g2 = ar.mul(g[0], g[0]);
        for (int i = 1; i < h; i++) g2 = ar.mulAdd(g[i], g[i], g2);
        return g2;
    }

    @Override
    public double loss(double[] w, double[] scratch) {
        Arithmetic ar = arithmetic;
        double r = residual(w);
        return ar.mulAdd(ar.mul(0.5, lambda), norm2(w), ar.mul(0.5, ar.mul(r, r)));
    }

    @Override
    public double norm2(double[] w) {
        Arithmetic ar = arithmetic;
        double n2 = ar.mul(w[0], w[0]);
        for (int i = 1; i < depth; i++) n2 = ar.mulAdd(w[i], w[i], n2);
        return n2;
    }

    @Override
    public double imbalance(double[] w) {
        return w[depth - 1] * w[depth - 1] - w[0] * w[0];
    }

    /** ∂²L/∂wᵢ∂wⱼ = (∂p/∂wᵢ)(∂p/∂wⱼ) + r·∂²p/∂wᵢ∂wⱼ + λδᵢⱼ, products over the other layers (O(H³), scalar only). */
    @Override
    public void hessianVector(double[] w, double[] dir, double[] out, double[] scratch) {
        int h = depth;
        double r = product(w) - y;
        for (int i = 0; i < h; i++) {
            double gi = except(w, i, -1), s = 0;
            for (int j = 0; j < h; j++) {
                double hij = gi * except(w, j, -1) + (i == j ? lambda : r * except(w, i, j));
                s += hij * dir[j];
            }
            out[i] = s;
        }
    }

    private double except(double[] w, int a, int b) {
        double p = 1;
        for (int i = 0; i < depth; i++) if (i != a && i != b) p *= w[i];
        return p;
    }

    /**
     * L* = min over a ≥ 0 of ½(a^H − |y|)² + (λH/2)a²: for a fixed product the penalty is smallest with every |w_i|
     * equal (AM–GM). 0 for λ = 0; otherwise found numerically (a grid of 4096 points on [0, |y|^{1/H}], refined by
     * golden section around the best point; the objective is smooth and the refinement converges to 1e-15).
     */
    @Override
    public double minimumLoss() {
        if (lambda == 0) return 0;
        double top = Math.pow(Math.abs(y), 1.0 / depth);
        if (!(top > 0)) return 0;
        java.util.function.DoubleUnaryOperator f = a -> 0.5 * Math.pow(Math.pow(a, depth) - Math.abs(y), 2) + 0.5 * lambda * depth * a * a;
        int n = 4096, best = 0;
        for (int i = 1; i <= n; i++) if (f.applyAsDouble(top * i / n) < f.applyAsDouble(top * best / n)) best = i;
        double lo = top * Math.max(0, best - 1) / n, hi = top * Math.min(n, best + 1) / n, g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 200 && hi - lo > 1e-15 * top; it++) {
            double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
            if (f.applyAsDouble(a) < f.applyAsDouble(b)) hi = b; else lo = a;
        }
        return Math.min(f.applyAsDouble(0.5 * (lo + hi)), f.applyAsDouble(0));
    }

    /** [CG], λ = 0: the flattest global minimiser is balanced, |wᵢ| = |y|^{1/H}, sharpness H·|y|^{2−2/H}; η_crit = 2/that. */
    @Override
    public double globalCriticalStep() {
        if (lambda != 0 || y == 0) return Double.NaN;
        return 2 / (depth * Math.pow(Math.abs(y), 2 - 2.0 / depth));
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("loss", "0.5*(w_{H-1}...w_0 - y)^2 + (lambda/2)*|w|^2");
        a.put("depth", depth);
        a.put("y", y);
        a.put("lambda", lambda);
        a.put("arithmetic", arithmetic.label());
        return a;
    }

    /** The deep scalar chain family ({@code --loss chain}). */
    private static final class Family implements LossFamily {
        @Override public String name() { return "chain"; }

        @Override public String fileKind() { return "deep-chain"; }

        @Override public String summary() { return "0.5*(w_H...w_1 - y)^2 + (lambda/2)|w|^2, --depth H scalar layers"; }

        @Override
        public List<FamilyOption> options() {
            return List.of(new FamilyOption("--y", "Y", double.class, "1", "target y (finite)."),
                    new FamilyOption("--depth", "H", int.class, "3", "number of layers H (2..10000)."));
        }

        @Override
        public Problem build(ProblemArguments a, double lambda, Arithmetic arithmetic) {
            int depth = a.integer("--depth");
            double y = a.real("--y");
            if (depth < 2 || depth > 10_000) throw new ProblemSpecException("--depth must be in [2, 10000], got " + depth);
            if (!Double.isFinite(y)) throw new ProblemSpecException("--y must be finite, got " + y);
            return new DeepChain(depth, y, lambda, arithmetic);
        }

        @Override
        public Problem rebuild(Map<String, Object> a, Map<String, double[]> arrays) {
            return new DeepChain(LossFamily.intAttribute(a, "depth"), LossFamily.doubleAttribute(a, "y"),
                    LossFamily.doubleAttribute(a, "lambda"), LossFamily.arithmeticAttribute(a));
        }
    }
}
