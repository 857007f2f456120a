package org.gdsweep.engine.problem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gdsweep.engine.problem.Rng;

/**
 * Matrix factorization L(U,V) = ½‖UᵀV − Y‖²_F + (λ/2)(‖U‖²_F + ‖V‖²_F), U ∈ ℝ^{k×m}, V ∈ ℝ^{k×n}, Y ∈ ℝ^{m×n}.
 *
 * <p>θ = (vec U, vec V), both row-major: U[a,i] is θ[a·m + i], V[a,j] is θ[k·m + a·n + j].
 * Gradient with R = UᵀV − Y: ∂L/∂U[a,i] = Σⱼ V[a,j]·R[i,j] + λ·U[a,i], ∂L/∂V[a,j] = Σᵢ U[a,i]·R[i,j] + λ·V[a,j].
 *
 * <p>Operation order (mirrored by the lane kernel): R[i,j] = (U[0,i]V[0,j] + U[1,i]V[1,j] + …) − Y[i,j];
 * every sum runs left to right from its first term over the summation index in increasing order;
 * ‖∇L‖² and ‖θ‖² accumulate in parameter order; L = 0.5·ΣR[i,j]² (row-major) + (0.5·λ)·‖θ‖².
 *
 * <p>Opt-in {@link Arithmetic#FMA} (it changes results, so it is off by default and recorded): every a·b + c above
 * is one fused multiply-add rounded once, in the same order — each sum starts from its first product and adds the
 * next as s ← fma(x, y, s); R[i,j] = s − Y[i,j]; ∂ = fma(λ, θ_p, s); ‖∇L‖² and ‖θ‖² start from the first square
 * and go on as fma(x, x, acc); L = fma(0.5·λ, ‖θ‖², 0.5·ΣR²); the step θ ← fma(−η, g, θ).
 *
 * <p>Opt-in {@link Arithmetic#FLOAT32}: the exact-mode operations, each rounded to IEEE single precision: θ₀, η, Y and
 * λ are rounded to float once (0.5·λ as 0.5f·(float) λ) and every later value is a float; the arrays hold doubles
 * that are floats, and the stop rule compares them against the double thresholds (as for the scalar problem).
 *
 * @param k      inner dimension (rows of U and V), ≥ 1
 * @param m      columns of U = rows of Y, ≥ 1
 * @param n      columns of V = columns of Y, ≥ 1
 * @param target Y, row-major m×n (copied; do not mutate)
 * @param lambda weight decay λ ≥ 0
 * @param arithmetic how the step is computed
 */
public record MatrixFactorization(int k, int m, int n, double[] target, double lambda, Arithmetic arithmetic) implements Problem {

    /** Exact float64 arithmetic. */
    public MatrixFactorization(int k, int m, int n, double[] target, double lambda) {
        this(k, m, n, target, lambda, Arithmetic.EXACT);
    }

    public MatrixFactorization {
        java.util.Objects.requireNonNull(arithmetic);
        if (k < 1 || m < 1 || n < 1)
            throw new IllegalArgumentException("k, m, n must be ≥ 1, got " + k + ", " + m + ", " + n);
        if (target == null || target.length != m * n)
            throw new IllegalArgumentException("Y must have m·n = " + m * n + " entries");
        for (double t : target) if (!Double.isFinite(t)) throw new IllegalArgumentException("Y must be finite");
        if (!(lambda >= 0) || Double.isInfinite(lambda))
            throw new IllegalArgumentException("lambda must be finite and ≥ 0, got " + lambda);
        target = target.clone();
    }

    /**
     * Y drawn as documented in docs/hdf5-layout.md: diagonal (Y[i,i] for i &lt; min(m,n)) with entries uniform
     * in [0,1) from {@link Rng#stream(long, String) Rng.stream(seed, "target")}, all other entries 0.
     */
    public static double[] drawDiagonalTarget(int m, int n, long seed) {
        Rng rng = Rng.stream(seed, "target");
        double[] y = new double[m * n];
        for (int i = 0; i < Math.min(m, n); i++) y[i * n + i] = rng.nextDouble();
        return y;
    }

    /** The family: {@code --loss matrix}, options {@code --k}, {@code --m}, {@code --n} and {@code --Y}. */
    public static final LossFamily FAMILY = new Family();

    @Override public LossFamily family() { return FAMILY; }

    /** The target Y, stored as {@code problem/Y}. */
    @Override
    public List<DefiningArray> definingArrays() {
        return List.of(new DefiningArray("Y", m, n, target, "target Y (m x n)"));
    }

    @Override public int parameterCount() { return k * (m + n); }

    @Override public String parameterName(int p) {
        if (p < k * m) return "U[" + p / m + "," + p % m + "]";
        int q = p - k * m;
        return "V[" + q / n + "," + q % n + "]";
    }

    /** Whether the step uses fused multiply-add ({@link Arithmetic#FMA}). */
    public boolean fused() { return arithmetic == Arithmetic.FMA; }

    /** Whether the step runs in float32 ({@link Arithmetic#FLOAT32}). */
    public boolean single() { return arithmetic == Arithmetic.FLOAT32; }


    /** Y as a copy. */
    public double[] targetCopy() { return target.clone(); }

    /** R = UᵀV − Y, row-major m×n, into {@code r}, in the problem's arithmetic. */
    public void residual(double[] theta, double[] r) {
        Arithmetic ar = arithmetic;
        int vOff = k * m;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = ar.mul(theta[i], theta[vOff + j]);
                for (int a = 1; a < k; a++) s = ar.mulAdd(theta[a * m + i], theta[vOff + a * n + j], s);
                r[i * n + j] = ar.sub(s, target[i * n + j]);
            }
        }
    }

    /** One code path for all three arithmetics: every operation goes through {@link Arithmetic}'s rounding. */
    @Override
    public double gradient(double[] theta, double[] g, double[] r) {
        Arithmetic ar = arithmetic;
        residual(theta, r);
        int vOff = k * m;
        double g2 = 0;
        int p = 0;
        for (int a = 0; a < k; a++) {
            for (int i = 0; i < m; i++, p++) {
                double s = ar.mul(theta[vOff + a * n], r[i * n]);
                for (int j = 1; j < n; j++) s = ar.mulAdd(theta[vOff + a * n + j], r[i * n + j], s);
                double gp = ar.mulAdd(lambda, theta[p], s);
                g[p] = gp;
                g2 = p == 0 ? ar.mul(gp, gp) : ar.mulAdd(gp, gp, g2);
            }
        }
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < n; j++, p++) {
                double s = ar.mul(theta[a * m], r[j]);
                for (int i = 1; i < m; i++) s = ar.mulAdd(theta[a * m + i], r[i * n + j], s);
                double gp = ar.mulAdd(lambda, theta[p], s);
                g[p] = gp;
                g2 = ar.mulAdd(gp, gp, g2);
            }
        }
        return g2;
    }

    @Override public int scratchSize() { return 2 * m * n; }

    /**
     * Direction (A, B): dR = AᵀV + UᵀB; ∇²L·(A,B) = (B·Rᵀ + V·dRᵀ + λA, A·R + U·dR + λB), i.e.
     * out_U[a,i] = Σⱼ (B[a,j]R[i,j] + V[a,j]dR[i,j]) + λA[a,i], out_V[a,j] = Σᵢ (A[a,i]R[i,j] + U[a,i]dR[i,j]) + λB[a,j].
     */
    @Override
    public void hessianVector(double[] theta, double[] dir, double[] out, double[] scratch) {
        int vOff = k * m, mn = m * n;
        residual(theta, scratch);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int a = 0; a < k; a++)
                    s += dir[a * m + i] * theta[vOff + a * n + j] + theta[a * m + i] * dir[vOff + a * n + j];
                scratch[mn + i * n + j] = s;
            }
        for (int a = 0; a < k; a++)
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < n; j++)
                    s += dir[vOff + a * n + j] * scratch[i * n + j] + theta[vOff + a * n + j] * scratch[mn + i * n + j];
                out[a * m + i] = s + lambda * dir[a * m + i];
            }
        for (int a = 0; a < k; a++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++)
                    s += dir[a * m + i] * scratch[i * n + j] + theta[a * m + i] * scratch[mn + i * n + j];
                out[vOff + a * n + j] = s + lambda * dir[vOff + a * n + j];
            }
    }

    @Override
    public double norm2(double[] theta) {
        Arithmetic ar = arithmetic;
        double n2 = ar.mul(theta[0], theta[0]);
        for (int p = 1; p < parameterCount(); p++) n2 = ar.mulAdd(theta[p], theta[p], n2);
        return n2;
    }

    @Override
    public double loss(double[] theta, double[] r) {
        Arithmetic ar = arithmetic;
        residual(theta, r);
        double rr = ar.mul(r[0], r[0]);
        for (int q = 1; q < m * n; q++) rr = ar.mulAdd(r[q], r[q], rr);
        return ar.mulAdd(ar.mul(0.5, lambda), norm2(theta), ar.mul(0.5, rr));
    }

    @Override
    public double imbalance(double[] theta) {
        double uu = 0, vv = 0;
        for (int p = 0; p < k * m; p++) uu += theta[p] * theta[p];
        for (int p = k * m; p < parameterCount(); p++) vv += theta[p] * theta[p];
        return uu - vv;
    }

    /**
     * L* = Σ over the k largest singular values σ of Y of (λσ − λ²/2 if σ &gt; λ, else σ²/2), plus σ²/2 for every
     * singular value beyond the k-th (UᵀV has rank ≤ k): the Eckart–Young minimum with each kept value shrunk by λ.
     */
    @Override
    public double minimumLoss() {
        return SingularValues.regularisedLowRankMinimum(SingularValues.of(target, m, n), k, lambda);
    }

    /** [CG] for λ = 0: η_crit = 1/σ_max(Y) (the flattest minimisers have sharpness 2σ_max); NaN when λ &gt; 0 or Y = 0. */
    @Override
    public double globalCriticalStep() {
        if (lambda != 0) return Double.NaN;
        double s = largestSingularValue();
        return s > 0 ? 1 / s : Double.NaN;
    }

    /** σ_max(Y) by power iteration on YᵀY (deterministic start vector of ones). */
    public double largestSingularValue() {
        double[] x = new double[n];
        Arrays.fill(x, 1.0);
        double[] yx = new double[m];
        double sigma = 0;
        for (int it = 0; it < 10_000; it++) {
            for (int i = 0; i < m; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += target[i * n + j] * x[j];
                yx[i] = s;
            }
            double norm = 0;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int i = 0; i < m; i++) s += target[i * n + j] * yx[i];
                x[j] = s;
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            for (int j = 0; j < n; j++) x[j] /= norm;
            double next = Math.sqrt(norm);
            if (Math.abs(next - sigma) <= 1e-15 * next) return next;
            sigma = next;
        }
        return sigma;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("loss", "0.5*|U'V - Y|_F^2 + (lambda/2)*(|U|_F^2 + |V|_F^2)");
        a.put("k", k);
        a.put("m", m);
        a.put("n", n);
        a.put("lambda", lambda);
        a.put("arithmetic", arithmetic.label());
        return a;
    }

    @Override public boolean equals(Object o) {
        return o instanceof MatrixFactorization f && f.k == k && f.m == m && f.n == n
                && Arrays.equals(f.target, target) && Double.compare(f.lambda, lambda) == 0 && f.arithmetic == arithmetic;
    }

    @Override public int hashCode() { return Arrays.hashCode(target) * 31 + k * 7 + m * 5 + n * 3; }

    @Override public String toString() {
        return "MatrixFactorization[k=" + k + ", m=" + m + ", n=" + n + ", lambda=" + lambda + ", arithmetic=" + arithmetic.label() + "]";
    }

    /** The matrix factorization family ({@code --loss matrix}). */
    private static final class Family implements LossFamily {
        @Override public String name() { return "matrix"; }

        @Override public String fileKind() { return "matrix"; }

        @Override public String summary() { return "0.5*|U'V - Y|_F^2 + (lambda/2)(|U|_F^2+|V|_F^2), U: k x m, V: k x n"; }

        @Override
        public List<FamilyOption> options() {
            return List.of(new FamilyOption("--k", "K", int.class, "5", "inner dimension k (rows of U and V)."),
                    new FamilyOption("--m", "M", int.class, "4", "columns of U = rows of Y."),
                    new FamilyOption("--n", "N", int.class, "4", "columns of V = columns of Y."),
                    new FamilyOption("--Y", "SPEC", String.class, "diag-uniform", "target (matrix: Y, m x n; network: Phi, nH x n0): 'diag-uniform' (diagonal, entries uniform in [0,1) from --target-seed) or rows 'a,b;c,d'."));
        }

        @Override
        public Problem build(ProblemArguments a, double lambda, Arithmetic arithmetic) {
            int k = a.integer("--k"), m = a.integer("--m"), n = a.integer("--n");
            if (k < 1 || m < 1 || n < 1 || (long) k * (m + n) > 100_000)
                throw new ProblemSpecException("--k, --m, --n must be >= 1 with k*(m+n) <= 100000, got k=" + k + " m=" + m + " n=" + n);
            return new MatrixFactorization(k, m, n, ProblemArguments.targetMatrix("--Y", a.text("--Y"), m, n, a.targetSeed()), lambda, arithmetic);
        }

        @Override
        public Map<String, Object> provenance(ProblemArguments a) {
            return ProblemArguments.targetProvenance(a);
        }

        @Override
        public Problem rebuild(Map<String, Object> a, Map<String, double[]> arrays) {
            return new MatrixFactorization(LossFamily.intAttribute(a, "k"), LossFamily.intAttribute(a, "m"), LossFamily.intAttribute(a, "n"),
                    LossFamily.array(arrays, "Y"), LossFamily.doubleAttribute(a, "lambda"), LossFamily.arithmeticAttribute(a));
        }
    }
}
