package org.gdsweep.engine.problem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep linear network ([CG]) L(W₁…W_H) = ½‖W_H⋯W₁ − Φ‖²_F + (λ/2)Σᵢ‖Wᵢ‖²_F, Wᵢ ∈ ℝ^{nᵢ×nᵢ₋₁}, Φ ∈ ℝ^{n_H×n₀}.
 *
 * <p>θ = (vec W₁, …, vec W_H), each row-major. With forward products A₁ = W₁, Aᵢ = Wᵢ·Aᵢ₋₁ (nᵢ×n₀), residual
 * R = A_H − Φ, backward errors E_H = R, Eᵢ₋₁ = Wᵢᵀ·Eᵢ: ∂L/∂W₁ = E₁ + λW₁ and ∂L/∂Wᵢ = Eᵢ·Aᵢ₋₁ᵀ + λWᵢ (i ≥ 2).
 * Every matrix-product entry sums over its inner index in increasing order from the first term; ‖∇L‖², ‖θ‖² in
 * parameter order; L = 0.5·ΣR² (row-major) + (0.5·λ)·‖θ‖². The lane kernel performs exactly these operations.
 * Imbalance D = ‖W_H‖²_F − ‖W₁‖²_F.
 *
 * <p>Opt-in arithmetics (they change results, so they are off by default and recorded): {@link Arithmetic#FMA} fuses
 * every a·b + c above into one multiply-add in the same order (sums start from their first product and go on as
 * acc ← fma(x, y, acc); gradients fma(λ, W, ·); ‖∇L‖², ‖θ‖², ΣR² from the first square on as fma(x, x, acc);
 * L = fma(0.5·λ, ‖θ‖², 0.5·ΣR²); the step fma(−η, g, θ)); {@link Arithmetic#FLOAT32} rounds every operation to
 * float (θ₀, η, Φ, λ rounded once). This reference performs each operation through {@link Arithmetic}'s
 * {@code mul}, {@code sub} and {@code mulAdd}, so one code path serves all three.
 *
 * @param widths     n₀ … n_H (H ≥ 2 layers), each ≥ 1
 * @param target     Φ, row-major n_H×n₀
 * @param lambda     weight decay λ ≥ 0
 * @param arithmetic how the step is computed
 */
public record LinearNetwork(int[] widths, double[] target, double lambda, Arithmetic arithmetic) implements Problem {

    /** Exact float64 arithmetic. */
    public LinearNetwork(int[] widths, double[] target, double lambda) {
        this(widths, target, lambda, Arithmetic.EXACT);
    }

    public LinearNetwork {
        java.util.Objects.requireNonNull(arithmetic);
        if (widths == null || widths.length < 3) throw new IllegalArgumentException("need widths n0..nH with H >= 2 layers");
        long p = 0;
        for (int i = 0; i < widths.length; i++) {
            if (widths[i] < 1) throw new IllegalArgumentException("widths must be >= 1");
            if (i > 0) p += (long) widths[i] * widths[i - 1];
        }
        if (p > 100_000) throw new IllegalArgumentException("at most 100000 parameters");
        if (target == null || target.length != widths[widths.length - 1] * widths[0])
            throw new IllegalArgumentException("Phi must have n_H*n_0 entries");
        for (double t : target) if (!Double.isFinite(t)) throw new IllegalArgumentException("Phi must be finite");
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0");
        widths = widths.clone();
        target = target.clone();
    }

    public int depth() { return widths.length - 1; }

    /** Offset of W_i (1-based layer i) in θ. */
    public int offset(int layer) {
        int o = 0;
        for (int i = 1; i < layer; i++) o += widths[i] * widths[i - 1];
        return o;
    }

    /** Offset of A_i (i ≥ 1) in the forward-product scratch. */
    int forwardOffset(int layer) {
        int o = 0;
        for (int i = 1; i < layer; i++) o += widths[i] * widths[0];
        return o;
    }

    int forwardSize() { return forwardOffset(depth() + 1); }

    int maxWidth() { return Arrays.stream(widths).max().orElse(1); }

    public double[] targetCopy() { return target.clone(); }

    /** The family: {@code --loss network}, options {@code --widths} and {@code --Y}. */
    public static final LossFamily FAMILY = new Family();

    @Override public LossFamily family() { return FAMILY; }

    /** The target Φ (n_H × n₀), stored as {@code problem/Y} (the option that gives it is {@code --Y}). */
    @Override
    public List<DefiningArray> definingArrays() {
        return List.of(new DefiningArray("Y", widths[widths.length - 1], widths[0], target, "target Phi (nH x n0)"));
    }

    @Override public int parameterCount() { return offset(depth() + 1); }

    @Override public String parameterName(int p) {
        for (int i = 1; i <= depth(); i++) {
            int size = widths[i] * widths[i - 1];
            if (p < size) return "W" + i + "[" + p / widths[i - 1] + "," + p % widths[i - 1] + "]";
            p -= size;
        }
        throw new IllegalArgumentException("no parameter " + p);
    }

    /** Forward products A₁…A_H, then two error buffers of n_max×n₀. */
    @Override public int scratchSize() { return forwardSize() + 2 * maxWidth() * widths[0]; }

    /** Aᵢ into scratch[forwardOffset(i) …]. */
    void forward(double[] w, double[] s) {
        Arithmetic ar = arithmetic;
        int n0 = widths[0];
        for (int q = 0; q < widths[1] * n0; q++) s[q] = ar == Arithmetic.FLOAT32 ? (float) w[q] : w[q];
        for (int i = 2; i <= depth(); i++) {
            int ni = widths[i], nk = widths[i - 1], wo = offset(i), ao = forwardOffset(i - 1), out = forwardOffset(i);
            for (int a = 0; a < ni; a++)
                for (int b = 0; b < n0; b++) {
                    double acc = ar.mul(w[wo + a * nk], s[ao + b]);
                    for (int c = 1; c < nk; c++) acc = ar.mulAdd(w[wo + a * nk + c], s[ao + c * n0 + b], acc);
                    s[out + a * n0 + b] = acc;
                }
        }
    }

    @Override
    public double gradient(double[] w, double[] g, double[] s) {
        Arithmetic ar = arithmetic;
        int h = depth(), n0 = widths[0], nh = widths[h];
        double lam = ar == Arithmetic.FLOAT32 ? (float) lambda : lambda;
        forward(w, s);
        int e = forwardSize(), e2 = e + maxWidth() * n0, aH = forwardOffset(h);
        for (int q = 0; q < nh * n0; q++) s[e + q] = ar.sub(s[aH + q], target[q]);
        for (int i = h; i >= 1; i--) {
            int ni = widths[i], nk = widths[i - 1], wo = offset(i);
            if (i == 1) {
                for (int q = 0; q < ni * nk; q++) g[wo + q] = ar.mulAdd(lam, w[wo + q], s[e + q]);
            } else {
                int ao = forwardOffset(i - 1);
                for (int a = 0; a < ni; a++)
                    for (int c = 0; c < nk; c++) {
                        double acc = ar.mul(s[e + a * n0], s[ao + c * n0]);
                        for (int b = 1; b < n0; b++) acc = ar.mulAdd(s[e + a * n0 + b], s[ao + c * n0 + b], acc);
                        g[wo + a * nk + c] = ar.mulAdd(lam, w[wo + a * nk + c], acc);
                    }
                // E_{i-1} = W_iᵀ E_i into the other buffer
                for (int c = 0; c < nk; c++)
                    for (int b = 0; b < n0; b++) {
                        double acc = ar.mul(w[wo + c], s[e + b]);
                        for (int a = 1; a < ni; a++) acc = ar.mulAdd(w[wo + a * nk + c], s[e + a * n0 + b], acc);
                        s[e2 + c * n0 + b] = acc;
                    }
                int swap = e;
                e = e2;
                e2 = swap;
            }
        }
        double g2 = ar.mul(g[0], g[0]);
        for (int q = 1; q < parameterCount(); q++) g2 = ar.mulAdd(g[q], g[q], g2);
        return g2;
    }

    @Override
    public double loss(double[] w, double[] s) {
        Arithmetic ar = arithmetic;
        forward(w, s);
        int aH = forwardOffset(depth());
        double rr = 0;
        for (int q = 0; q < target.length; q++) {
            double r = ar.sub(s[aH + q], target[q]);
            rr = q == 0 ? ar.mul(r, r) : ar.mulAdd(r, r, rr);
        }
        return ar.mulAdd(ar.mul(0.5, lambda), norm2(w), ar.mul(0.5, rr));
    }

    @Override
    public double norm2(double[] w) {
        Arithmetic ar = arithmetic;
        double n2 = ar.mul(w[0], w[0]);
        for (int q = 1; q < parameterCount(); q++) n2 = ar.mulAdd(w[q], w[q], n2);
        return n2;
    }

    @Override
    public double imbalance(double[] w) {
        double last = 0, first = 0;
        int oh = offset(depth());
        for (int q = oh; q < parameterCount(); q++) last += w[q] * w[q];
        for (int q = 0; q < widths[1] * widths[0]; q++) first += w[q] * w[q];
        return last - first;
    }

    /** By central differences of the analytic gradient with a step scaled to θ (documented approximation, ~1e-7 relative). */
    @Override
    public void hessianVector(double[] w, double[] dir, double[] out, double[] scratch) {
        int p = parameterCount();
        double scale = Math.sqrt(norm2(w) / p) + 1, dn = 0;
        for (double v : dir) dn += v * v;
        dn = Math.sqrt(dn);
        if (dn == 0) {
            Arrays.fill(out, 0, p, 0);
            return;
        }
        double h = 1e-5 * scale / dn;
        double[] plus = w.clone(), minus = w.clone(), gp = new double[p], gm = new double[p];
        for (int q = 0; q < p; q++) {
            plus[q] += h * dir[q];
            minus[q] -= h * dir[q];
        }
        gradient(plus, gp, scratch);
        gradient(minus, gm, scratch);
        for (int q = 0; q < p; q++) out[q] = (gp[q] - gm[q]) / (2 * h);
    }

    /**
     * L* for λ = 0: ½Σ of the squared singular values of Φ beyond the narrowest width r (the product W_H⋯W₁ has
     * rank ≤ r; Eckart–Young); NaN with weight decay (no closed form implemented).
     */
    @Override
    public double minimumLoss() {
        if (lambda != 0) return Double.NaN;
        int r = Integer.MAX_VALUE;
        for (int w : widths) r = Math.min(r, w);
        return SingularValues.regularisedLowRankMinimum(SingularValues.of(target, widths[widths.length - 1], widths[0]), r, 0);
    }

    /**
     * [CG], λ = 0: η_crit = 2 / (smallest sharpness over global minimisers). The flattest minimiser is balanced along
     * Φ's top singular pair, with sharpness H·σ_max(Φ)^{2−2/H} — the scalar chain's H|y|^{2−2/H} and the matrix
     * factorization's 2σ_max(Y) are the cases n = 1 and H = 2 — so η_crit = 2/(H·σ_max^{2−2/H}). Assumes every hidden
     * width is ≥ 1 (always true) and Φ ≠ 0; NaN when λ &gt; 0.
     */
    @Override
    public double globalCriticalStep() {
        if (lambda != 0) return Double.NaN;
        int h = depth();
        double sigma = new MatrixFactorization(1, widths[h], widths[0], target, 0).largestSingularValue();
        return sigma > 0 ? 2 / (h * Math.pow(sigma, 2 - 2.0 / h)) : Double.NaN;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("loss", "0.5*|W_H...W_1 - Phi|_F^2 + (lambda/2)*sum |W_i|_F^2");
        a.put("widths", widths.clone());
        a.put("lambda", lambda);
        a.put("arithmetic", arithmetic.label());
        return a;
    }

    @Override public boolean equals(Object o) {
        return o instanceof LinearNetwork l && Arrays.equals(l.widths, widths) && Arrays.equals(l.target, target)
                && Double.compare(l.lambda, lambda) == 0 && l.arithmetic == arithmetic;
    }

    @Override public int hashCode() { return Arrays.hashCode(widths) * 31 + Arrays.hashCode(target); }

    @Override public String toString() { return "LinearNetwork" + Arrays.toString(widths) + "[lambda=" + lambda + ", arithmetic=" + arithmetic.label() + "]"; }

    /** The deep linear network family ({@code --loss network}). */
    private static final class Family implements LossFamily {
        @Override public String name() { return "network"; }

        @Override public String fileKind() { return "linear-network"; }

        @Override public String summary() { return "0.5*|W_H...W_1 - Phi|_F^2 + (lambda/2)sum|W_i|_F^2, --widths n0,...,nH; Phi from --Y"; }

        @Override
        public List<FamilyOption> options() {
            return List.of(new FamilyOption("--widths", "N0,...,NH", String.class, "2,2,2", "layer widths n0,n1,...,nH (network: H >= 2 layers, each 1..10000, at most 100000 parameters; mlp: H >= 1 layers, each 1..100000, "
                                    + "n0 = inputs and nH = outputs of the data, at most 1000000 parameters)."),
                    new FamilyOption("--Y", "SPEC", String.class, "diag-uniform", "target (matrix: Y, m x n; network: Phi, nH x n0): 'diag-uniform' (diagonal, entries uniform in [0,1) from --target-seed) or rows 'a,b;c,d'."));
        }

        @Override
        public Problem build(ProblemArguments a, double lambda, Arithmetic arithmetic) {
            String widths = a.text("--widths");
            int[] w = ProblemArguments.widths("--widths", widths, 10_000);
            long params = 0;
            for (int i = 1; i < w.length; i++) params += (long) w[i] * w[i - 1];
            if (w.length < 3) throw new ProblemSpecException("--widths needs n0,n1,n2 at least (two layers), got '" + widths + "'");
            if (params > 100_000) throw new ProblemSpecException("--widths give " + params + " parameters; at most 100000");
            return new LinearNetwork(w, ProblemArguments.targetMatrix("--Y", a.text("--Y"), w[w.length - 1], w[0], a.targetSeed()), lambda, arithmetic);
        }

        @Override
        public Map<String, Object> provenance(ProblemArguments a) {
            return ProblemArguments.targetProvenance(a);
        }

        @Override
        public Problem rebuild(Map<String, Object> a, Map<String, double[]> arrays) {
            int[] w = LossFamily.intArrayAttribute(a, "widths");
            return new LinearNetwork(w, LossFamily.array(arrays, "Y"), LossFamily.doubleAttribute(a, "lambda"), LossFamily.arithmeticAttribute(a));
        }
    }
}
