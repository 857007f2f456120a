package org.gdsweep.engine.problem;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully connected network trained on a full batch with squared loss ([LM] §5, [CG] non-linear experiments):
 * <pre>
 *   L(θ) = 1/(2n) Σₛ ‖f_θ(xₛ) − yₛ‖² + (λ/2)‖θ‖²,
 *   f_θ(x) = z_H,  z_i = W_i a_{i−1} + b_i,  a_0 = x,  a_i = σ(z_i) (1 ≤ i &lt; H),
 * </pre>
 * W_i ∈ ℝ^{n_i×n_{i−1}}, b_i ∈ ℝ^{n_i} (when biases are on), σ the {@link Activation} of every hidden layer, the
 * output layer linear. The weight decay covers biases too. θ = (vec W₁, b₁, vec W₂, b₂, …), each W row-major.
 *
 * <p>The reference fixes the operation order; the lane kernel repeats it. Samples are taken in order, each forward
 * then backward (so a kernel holds one sample's activations). Forward: z_ij = ((b_ij + W_ij0·a_0) + W_ij1·a_1) + …
 * (from +0.0 without biases), each term by {@link Arithmetic#mulAdd}. Backward: δ_H = z_H − yₛ;
 * G_W_i[j,k] ← G + δ_j·a_{i−1,k} and G_b_i[j] ← G + δ_j, accumulated over samples from +0.0; e_k = Σ_j W_i[j,k]·δ_j
 * from the first term; δ_{i−1,k} = {@link Activation#backpropagate}(e_k). Then g_p = λ·θ_p + (1/n)·G_p as
 * mulAdd(λ, θ_p, mul(1/n, G_p)) and ‖∇L‖² in parameter order from the first square. L = mulAdd(λ/2, ‖θ‖², (1/(2n))·Σr²)
 * with Σr² over samples then outputs, from +0.0 (exact: +0.0 + r² = r²). {@link Arithmetic#FLOAT32} rounds x, y, λ and 1/n to float
 * once and every operation to float; {@link Arithmetic#FMA} fuses each mulAdd.
 *
 * <p>Hessian-vector products are exact (Pearlmutter's R-operator: a forward and a backward pass of directional
 * derivatives, with σ″), in float64 whatever the arithmetic.
 *
 * <p>Momentum β (heavy ball) is a property of the dynamics recorded with the problem ({@link Problem#momentum()}).
 */
public final class MultilayerPerceptron implements Problem {
    /** Most parameters a network may have. */
    public static final int MAX_PARAMETERS = 1_000_000;

    private final int[] widths;
    private final Activation activation;
    private final boolean biases;
    private final TrainingData data;
    /** x and y in working precision (float32 rounds them once). */
    private final double[] x, y;
    private final double lambda, momentum;
    private final Arithmetic arithmetic;
    /** Offsets in θ of W_i and b_i, i = 1 … H (b_i = −1 without biases); offsets of layer i's units in per-unit buffers. */
    private final int[] weightOffset, biasOffset, unitOffset;
    private final int parameters, units, maxWidth;
    /** 1/n, 1/(2n), λ/2 and λ in working precision. */
    private final double invSamples, halfInvSamples, halfLambda, lam;

    /**
     * @param widths     n₀ … n_H, H ≥ 1 layers, each ≥ 1; n₀ = the data's inputs, n_H = its outputs
     * @param activation σ of the hidden layers
     * @param biases     whether every layer has a bias
     * @param data       the full batch
     * @param lambda     weight decay λ ≥ 0
     * @param momentum   heavy-ball β ∈ [0, 1)
     * @param arithmetic how every operation is rounded
     */
    public MultilayerPerceptron(int[] widths, Activation activation, boolean biases, TrainingData data, double lambda, double momentum,
            Arithmetic arithmetic) {
        if (widths == null || widths.length < 2) throw new IllegalArgumentException("need widths n0..nH with H >= 1 layers");
        for (int w : widths) if (w < 1) throw new IllegalArgumentException("widths must be >= 1");
        if (data.inputs() != widths[0]) throw new ProblemSpecException("--data has " + data.inputs() + " input columns but --widths starts with " + widths[0]);
        if (data.outputs() != widths[widths.length - 1])
            throw new ProblemSpecException("--data has " + data.outputs() + " target columns but --widths ends with " + widths[widths.length - 1]);
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0");
        if (!(momentum >= 0 && momentum < 1)) throw new ProblemSpecException("--momentum must be in [0, 1), got " + momentum);
        this.widths = widths.clone();
        this.activation = java.util.Objects.requireNonNull(activation);
        this.biases = biases;
        this.data = data;
        this.lambda = lambda;
        this.momentum = momentum;
        this.arithmetic = java.util.Objects.requireNonNull(arithmetic);
        int h = widths.length - 1;
        weightOffset = new int[h + 1];
        biasOffset = new int[h + 1];
        unitOffset = new int[h + 2];
        long p = 0;
        int u = 0, m = 1;
        for (int i = 1; i <= h; i++) {
            weightOffset[i] = (int) Math.min(p, Integer.MAX_VALUE);
            p += (long) widths[i] * widths[i - 1];
            biasOffset[i] = biases ? (int) Math.min(p, Integer.MAX_VALUE) : -1;
            if (biases) p += widths[i];
            unitOffset[i] = u;
            u += widths[i];
            m = Math.max(m, widths[i]);
        }
        if (p > MAX_PARAMETERS) throw new ProblemSpecException("--widths give " + p + " parameters; at most " + MAX_PARAMETERS);
        unitOffset[h + 1] = u;
        parameters = (int) p;
        units = u;
        maxWidth = m;
        boolean f32 = arithmetic == Arithmetic.FLOAT32;
        x = data.x();
        y = data.y();
        if (f32) {
            for (int i = 0; i < x.length; i++) x[i] = (float) x[i];
            for (int i = 0; i < y.length; i++) y[i] = (float) y[i];
        }
        double n = data.samples();
        invSamples = f32 ? (float) (1 / n) : 1 / n;
        halfInvSamples = f32 ? (float) (0.5 / n) : 0.5 / n;
        halfLambda = arithmetic.mul(0.5, lambda);
        lam = f32 ? (float) lambda : lambda;
    }

    /** A network of this shape on one all-zero sample: for code that needs the layout only (teacher networks). */
    static MultilayerPerceptron shapeOnly(int[] widths, Activation activation, boolean biases) {
        TrainingData none = new TrainingData(1, widths[0], widths[widths.length - 1], new double[widths[0]], new double[widths[widths.length - 1]]);
        return new MultilayerPerceptron(widths, activation, biases, none, 0, 0, Arithmetic.EXACT);
    }

    public int depth() { return widths.length - 1; }

    public int[] widths() { return widths.clone(); }

    public Activation activation() { return activation; }

    public boolean biases() { return biases; }

    public TrainingData data() { return data; }

    /** x in working precision, row-major n × n₀ (a copy). */
    public double[] inputs() { return x.clone(); }

    /** y in working precision, row-major n × n_H (a copy). */
    public double[] targets() { return y.clone(); }

    public int samples() { return data.samples(); }

    /** Offset of W_i in θ (1-based layer). */
    public int weightOffset(int layer) { return weightOffset[layer]; }

    /** Offset of b_i in θ, −1 without biases. */
    public int biasOffset(int layer) { return biasOffset[layer]; }

    /** 1/n, 1/(2n), λ/2 and λ as the reference uses them (working precision). */
    public double invSamples() { return invSamples; }

    public double halfInvSamples() { return halfInvSamples; }

    public double halfLambda() { return halfLambda; }

    public double workingLambda() { return lam; }

    /** Whether parameter p is a bias. */
    public boolean isBias(int p) {
        return biases && layerOf(p) > 0 && p >= biasOffset[layerOf(p)];
    }

    /** n_{i−1} of the layer parameter p belongs to. */
    public int fanIn(int p) { return widths[layerOf(p) - 1]; }

    private int layerOf(int p) {
        for (int i = depth(); i >= 1; i--) if (p >= weightOffset[i]) return i;
        throw new IllegalArgumentException("no parameter " + p);
    }

    @Override public LossFamily family() { return FAMILY; }

    @Override public int parameterCount() { return parameters; }

    @Override
    public String parameterName(int p) {
        int i = layerOf(p);
        if (isBias(p)) return "b" + i + "[" + (p - biasOffset[i]) + "]";
        int q = p - weightOffset[i];
        return "W" + i + "[" + q / widths[i - 1] + "," + q % widths[i - 1] + "]";
    }

    @Override public double lambda() { return lambda; }

    @Override public double momentum() { return momentum; }

    @Override public Arithmetic arithmetic() { return arithmetic; }

    /** Weights N(0, 1/fan-in) (LeCun), biases 0, times the user's scale. */
    @Override public double initialScale(int p) { return isBias(p) ? 0 : 1 / Math.sqrt(fanIn(p)); }

    /** X (n × n₀) and Y (n × n_H): a file holds the data it was computed on. */
    @Override
    public List<DefiningArray> definingArrays() {
        return List.of(new DefiningArray("X", data.samples(), widths[0], data.x(), "inputs X (samples x n0)", List.of("sample", "input")),
                new DefiningArray("Y", data.samples(), widths[depth()], data.y(), "targets Y (samples x nH)", List.of("sample", "output")));
    }

    // Scratch layout: z (units), a (units), δ ×2 (maxWidth each), then for Hessian-vector products Rz, Ra (units each)
    // and Rδ ×2 (maxWidth each).
    private int zAt() { return 0; }

    private int aAt() { return units; }

    private int deltaAt() { return 2 * units; }

    @Override public int scratchSize() { return 4 * units + 4 * maxWidth; }

    /** Scratch that {@link #outputs} needs. */
    int activationScratch() { return 2 * units; }

    /** Pre-activations z_i and activations a_i = σ(z_i) (hidden layers) of sample s into the scratch. */
    private void forward(double[] w, double[] xs, int xo, double[] sc) {
        Arithmetic ar = arithmetic;
        int h = depth();
        for (int i = 1; i <= h; i++) {
            int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], bo = biasOffset[i];
            double[] in = i == 1 ? xs : sc;
            int io = i == 1 ? xo : aAt() + unitOffset[i - 1];
            int zo = zAt() + unitOffset[i], ao = aAt() + unitOffset[i];
            int j = 0;
            // four units' sums side by side (each in its own order): one sum alone waits on the latency of every
            // multiply-add, and the orbit checks and warm starts of network scans run this reference (2.3x faster)
            for (; j + 4 <= ni; j += 4) {
                int r0 = wo + j * nk, r1 = r0 + nk, r2 = r1 + nk, r3 = r2 + nk;
                double a0 = biases ? w[bo + j] : 0.0, a1 = biases ? w[bo + j + 1] : 0.0;
                double a2 = biases ? w[bo + j + 2] : 0.0, a3 = biases ? w[bo + j + 3] : 0.0;
                for (int k = 0; k < nk; k++) {
                    double xk = in[io + k];
                    a0 = ar.mulAdd(w[r0 + k], xk, a0);
                    a1 = ar.mulAdd(w[r1 + k], xk, a1);
                    a2 = ar.mulAdd(w[r2 + k], xk, a2);
                    a3 = ar.mulAdd(w[r3 + k], xk, a3);
                }
                sc[zo + j] = a0;
                sc[zo + j + 1] = a1;
                sc[zo + j + 2] = a2;
                sc[zo + j + 3] = a3;
                if (i < h) {
                    sc[ao + j] = activation.apply(a0, ar);
                    sc[ao + j + 1] = activation.apply(a1, ar);
                    sc[ao + j + 2] = activation.apply(a2, ar);
                    sc[ao + j + 3] = activation.apply(a3, ar);
                }
            }
            for (; j < ni; j++) {
                int row = wo + j * nk;
                double acc = biases ? w[bo + j] : 0.0;
                for (int k = 0; k < nk; k++) acc = ar.mulAdd(w[row + k], in[io + k], acc);
                sc[zo + j] = acc;
                if (i < h) sc[ao + j] = activation.apply(acc, ar);
            }
        }
    }

    /** f_θ(x_s) into out[o …], x_s = xs[s·n₀ …] (a forward pass in this network's arithmetic). */
    void outputs(double[] w, double[] xs, int s, double[] out, int o, double[] sc) {
        forward(w, xs, s * widths[0], sc);
        int h = depth();
        System.arraycopy(sc, zAt() + unitOffset[h], out, o, widths[h]);
    }

    @Override
    public double gradient(double[] w, double[] g, double[] sc) {
        Arithmetic ar = arithmetic;
        int h = depth(), nh = widths[h];
        Arrays.fill(g, 0, parameters, 0.0);
        for (int s = 0; s < data.samples(); s++) {
            forward(w, x, s * widths[0], sc);
            int d = deltaAt(), d2 = deltaAt() + maxWidth;
            for (int j = 0; j < nh; j++) sc[d + j] = ar.sub(sc[zAt() + unitOffset[h] + j], y[s * nh + j]);
            for (int i = h; i >= 1; i--) {
                int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], bo = biasOffset[i];
                double[] in = i == 1 ? x : sc;
                int io = i == 1 ? s * nk : aAt() + unitOffset[i - 1];
                for (int j = 0; j < ni; j++) {
                    double dj = sc[d + j];
                    int row = wo + j * nk;
                    for (int k = 0; k < nk; k++) g[row + k] = ar.mulAdd(dj, in[io + k], g[row + k]);
                    if (biases) g[bo + j] = ar.add(g[bo + j], dj);
                }
                if (i > 1) {
                    int zo = zAt() + unitOffset[i - 1], ao = aAt() + unitOffset[i - 1];
                    int k = 0;
                    for (; k + 4 <= nk; k += 4) { // four sums side by side, as in forward
                        double dj = sc[d];
                        double e0 = ar.mul(w[wo + k], dj), e1 = ar.mul(w[wo + k + 1], dj);
                        double e2 = ar.mul(w[wo + k + 2], dj), e3 = ar.mul(w[wo + k + 3], dj);
                        for (int j = 1; j < ni; j++) {
                            int q = wo + j * nk + k;
                            dj = sc[d + j];
                            e0 = ar.mulAdd(w[q], dj, e0);
                            e1 = ar.mulAdd(w[q + 1], dj, e1);
                            e2 = ar.mulAdd(w[q + 2], dj, e2);
                            e3 = ar.mulAdd(w[q + 3], dj, e3);
                        }
                        sc[d2 + k] = activation.backpropagate(e0, sc[zo + k], sc[ao + k], ar);
                        sc[d2 + k + 1] = activation.backpropagate(e1, sc[zo + k + 1], sc[ao + k + 1], ar);
                        sc[d2 + k + 2] = activation.backpropagate(e2, sc[zo + k + 2], sc[ao + k + 2], ar);
                        sc[d2 + k + 3] = activation.backpropagate(e3, sc[zo + k + 3], sc[ao + k + 3], ar);
                    }
                    for (; k < nk; k++) {
                        double e = ar.mul(w[wo + k], sc[d]);
                        for (int j = 1; j < ni; j++) e = ar.mulAdd(w[wo + j * nk + k], sc[d + j], e);
                        sc[d2 + k] = activation.backpropagate(e, sc[zo + k], sc[ao + k], ar);
                    }
                    int swap = d;
                    d = d2;
                    d2 = swap;
                }
            }
        }
        double g2 = 0;
        for (int p = 0; p < parameters; p++) {
            g[p] = ar.mulAdd(lam, w[p], ar.mul(invSamples, g[p]));
            g2 = p == 0 ? ar.mul(g[p], g[p]) : ar.mulAdd(g[p], g[p], g2);
        }
        return g2;
    }

    @Override
    public double loss(double[] w, double[] sc) {
        Arithmetic ar = arithmetic;
        int h = depth(), nh = widths[h];
        double rr = 0;
        for (int s = 0; s < data.samples(); s++) {
            forward(w, x, s * widths[0], sc);
            for (int j = 0; j < nh; j++) {
                double r = ar.sub(sc[zAt() + unitOffset[h] + j], y[s * nh + j]);
                rr = ar.mulAdd(r, r, rr);
            }
        }
        return ar.mulAdd(halfLambda, norm2(w), ar.mul(halfInvSamples, rr));
    }

    @Override
    public double norm2(double[] w) {
        Arithmetic ar = arithmetic;
        double n2 = ar.mul(w[0], w[0]);
        for (int p = 1; p < parameters; p++) n2 = ar.mulAdd(w[p], w[p], n2);
        return n2;
    }

    /** D = ‖W_H‖²_F − ‖W₁‖²_F (weights only), in float64. */
    @Override
    public double imbalance(double[] w) {
        int h = depth();
        double last = 0, first = 0;
        for (int q = weightOffset[h]; q < weightOffset[h] + widths[h] * widths[h - 1]; q++) last += w[q] * w[q];
        for (int q = 0; q < widths[1] * widths[0]; q++) first += w[q] * w[q];
        return last - first;
    }

    /**
     * Exact ∇²L(θ)·v by the R-operator: Rz_i = V_i a_{i−1} + W_i Ra_{i−1} + c_i, Ra_i = σ′(z_i) Rz_i; backward
     * Rδ_H = Rz_H, R(G_W_i) += Rδ_i a_{i−1}ᵀ + δ_i Ra_{i−1}ᵀ, Re = V_iᵀ δ_i + W_iᵀ Rδ_i,
     * Rδ_{i−1} = σ″(z) Rz ⊙ e + σ′(z) ⊙ Re; then (1/n)·Σₛ + λ·v. Float64.
     */
    @Override
    public void hessianVector(double[] w, double[] v, double[] out, double[] sc) {
        int h = depth(), nh = widths[h];
        int rz = 2 * units + 2 * maxWidth, ra = rz + units, rd = ra + units;
        Arrays.fill(out, 0, parameters, 0.0);
        for (int s = 0; s < data.samples(); s++) {
            forward(w, x, s * widths[0], sc);
            for (int i = 1; i <= h; i++) {
                int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], bo = biasOffset[i];
                int j = 0;
                // four units' R-sums side by side, each in its own order, as in forward (sharpness by Lanczos is
                // mostly these products: a default network scan spent more time in them than in its GD steps)
                for (; j + 4 <= ni; j += 4) {
                    int r0 = wo + j * nk, r1 = r0 + nk, r2 = r1 + nk, r3 = r2 + nk;
                    double a0 = biases ? v[bo + j] : 0, a1 = biases ? v[bo + j + 1] : 0;
                    double a2 = biases ? v[bo + j + 2] : 0, a3 = biases ? v[bo + j + 3] : 0;
                    for (int k = 0; k < nk; k++) {
                        double in = i == 1 ? x[s * nk + k] : sc[aAt() + unitOffset[i - 1] + k];
                        double rin = i == 1 ? 0 : sc[ra + unitOffset[i - 1] + k];
                        a0 += v[r0 + k] * in + w[r0 + k] * rin;
                        a1 += v[r1 + k] * in + w[r1 + k] * rin;
                        a2 += v[r2 + k] * in + w[r2 + k] * rin;
                        a3 += v[r3 + k] * in + w[r3 + k] * rin;
                    }
                    storeR(sc, rz, ra, i, j, a0);
                    storeR(sc, rz, ra, i, j + 1, a1);
                    storeR(sc, rz, ra, i, j + 2, a2);
                    storeR(sc, rz, ra, i, j + 3, a3);
                }
                for (; j < ni; j++) {
                    int row = wo + j * nk;
                    double acc = biases ? v[bo + j] : 0;
                    for (int k = 0; k < nk; k++) {
                        double in = i == 1 ? x[s * nk + k] : sc[aAt() + unitOffset[i - 1] + k];
                        double rin = i == 1 ? 0 : sc[ra + unitOffset[i - 1] + k];
                        acc += v[row + k] * in + w[row + k] * rin;
                    }
                    storeR(sc, rz, ra, i, j, acc);
                }
            }
            int d = deltaAt(), d2 = d + maxWidth, r = rd, r2 = rd + maxWidth;
            for (int j = 0; j < nh; j++) {
                sc[d + j] = sc[zAt() + unitOffset[h] + j] - y[s * nh + j];
                sc[r + j] = sc[rz + unitOffset[h] + j];
            }
            for (int i = h; i >= 1; i--) {
                int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], bo = biasOffset[i];
                for (int j = 0; j < ni; j++) {
                    int row = wo + j * nk;
                    for (int k = 0; k < nk; k++) {
                        double in = i == 1 ? x[s * nk + k] : sc[aAt() + unitOffset[i - 1] + k];
                        double rin = i == 1 ? 0 : sc[ra + unitOffset[i - 1] + k];
                        out[row + k] += sc[r + j] * in + sc[d + j] * rin;
                    }
                    if (biases) out[bo + j] += sc[r + j];
                }
                if (i > 1) {
                    int k = 0;
                    for (; k + 4 <= nk; k += 4) { // four inputs' sums side by side, each in its own order
                        double e0 = 0, e1 = 0, e2 = 0, e3 = 0, re0 = 0, re1 = 0, re2 = 0, re3 = 0;
                        for (int j = 0; j < ni; j++) {
                            int q = wo + j * nk + k;
                            double dj = sc[d + j], rj = sc[r + j];
                            e0 += w[q] * dj;
                            re0 += v[q] * dj + w[q] * rj;
                            e1 += w[q + 1] * dj;
                            re1 += v[q + 1] * dj + w[q + 1] * rj;
                            e2 += w[q + 2] * dj;
                            re2 += v[q + 2] * dj + w[q + 2] * rj;
                            e3 += w[q + 3] * dj;
                            re3 += v[q + 3] * dj + w[q + 3] * rj;
                        }
                        backR(sc, rz, d2, r2, i - 1, k, e0, re0);
                        backR(sc, rz, d2, r2, i - 1, k + 1, e1, re1);
                        backR(sc, rz, d2, r2, i - 1, k + 2, e2, re2);
                        backR(sc, rz, d2, r2, i - 1, k + 3, e3, re3);
                    }
                    for (; k < nk; k++) {
                        double e = 0, re = 0;
                        for (int j = 0; j < ni; j++) {
                            e += w[wo + j * nk + k] * sc[d + j];
                            re += v[wo + j * nk + k] * sc[d + j] + w[wo + j * nk + k] * sc[r + j];
                        }
                        backR(sc, rz, d2, r2, i - 1, k, e, re);
                    }
                    int swap = d;
                    d = d2;
                    d2 = swap;
                    swap = r;
                    r = r2;
                    r2 = swap;
                }
            }
        }
        double invN = 1.0 / data.samples();
        for (int p = 0; p < parameters; p++) out[p] = out[p] * invN + lambda * v[p];
    }

    /** R-pass of {@link #hessianVector}: Rz_i[j] = {@code acc}, and for a hidden layer Ra_i[j] = σ'(z)·Rz. */
    private void storeR(double[] sc, int rz, int ra, int i, int j, double acc) {
        sc[rz + unitOffset[i] + j] = acc;
        if (i < depth()) sc[ra + unitOffset[i] + j] = activation.slope(sc[zAt() + unitOffset[i] + j], sc[aAt() + unitOffset[i] + j]) * acc;
    }

    /**
     * Back-propagation of {@link #hessianVector} into unit k of layer i: δ = σ'(z)·e and Rδ = σ''·Rz·e + σ'(z)·Re, from
     * e = Σ_j W[j, k] δ_j and Re = Σ_j (V[j, k] δ_j + W[j, k] Rδ_j).
     */
    private void backR(double[] sc, int rz, int d2, int r2, int i, int k, double e, double re) {
        double z = sc[zAt() + unitOffset[i] + k], t = sc[aAt() + unitOffset[i] + k];
        sc[d2 + k] = activation.slope(z, t) * e;
        sc[r2 + k] = activation.curvature(t) * sc[rz + unitOffset[i] + k] * e + activation.slope(z, t) * re;
    }

    /** No closed form for a non-linear network. */
    @Override public double globalCriticalStep() { return Double.NaN; }

    /**
     * 0 for λ = 0: the squared loss is ≥ 0, and a network that interpolates the data attains it (a wide enough student
     * of a teacher; where the data cannot be interpolated no limit counts as a minimiser). NaN with weight decay.
     */
    @Override public double minimumLoss() { return lambda == 0 ? 0 : Double.NaN; }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("loss", "1/(2n) sum_s |f(x_s) - y_s|^2 + (lambda/2)|theta|^2, f a fully connected network");
        a.put("widths", widths.clone());
        a.put("activation", activation.label());
        a.put("biases", biases ? "on" : "off");
        a.put("samples", data.samples());
        a.put("lambda", lambda);
        a.put("momentum", momentum);
        a.put("arithmetic", arithmetic.label());
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultilayerPerceptron m && Arrays.equals(m.widths, widths) && m.activation == activation && m.biases == biases
                && Arrays.equals(m.data.x(), data.x()) && Arrays.equals(m.data.y(), data.y()) && Double.compare(m.lambda, lambda) == 0
                && Double.compare(m.momentum, momentum) == 0 && m.arithmetic == arithmetic;
    }

    @Override public int hashCode() { return Arrays.hashCode(widths) * 31 + activation.hashCode(); }

    @Override
    public String toString() {
        return "MultilayerPerceptron" + Arrays.toString(widths) + "[" + activation.label() + ", biases " + (biases ? "on" : "off") + ", n="
                + data.samples() + ", lambda=" + lambda + ", momentum=" + momentum + ", arithmetic=" + arithmetic.label() + "]";
    }

    /** The family: {@code --loss mlp}. */
    public static final LossFamily FAMILY = new Family();

    /** Fully connected networks on data ({@code --loss mlp}). */
    private static final class Family implements LossFamily {
        @Override public String name() { return "mlp"; }

        @Override public String fileKind() { return "mlp"; }

        @Override
        public String summary() {
            return "1/(2n) sum_s |f(x_s) - y_s|^2 + (lambda/2)|theta|^2, f a fully connected network of --widths with --activation; data from --data";
        }

        @Override
        public List<FamilyOption> options() {
            return List.of(new FamilyOption("--widths", "N0,...,NH", String.class, "2,2,2",
                            "layer widths n0,n1,...,nH (network: H >= 2 layers, each 1..10000, at most 100000 parameters; mlp: H >= 1 layers, each 1..100000, "
                                    + "n0 = inputs and nH = outputs of the data, at most 1000000 parameters)."),
                    new FamilyOption("--activation", "NAME", String.class, "tanh", "hidden-layer activation: relu, tanh (gdsweep's own, bit-identical in every kernel) or linear."),
                    new FamilyOption("--bias", "on|off", String.class, "on", "whether every layer has a bias."),
                    new FamilyOption("--data", "teacher|FILE", String.class, "teacher",
                            "training data: 'teacher' (inputs N(0,1), targets of a random teacher network drawn from --target-seed) or an HDF5 file with datasets X (n x n0) and Y (n x nH)."),
                    new FamilyOption("--samples", "N", int.class, "64", "teacher data: number of samples (1..1000000)."),
                    new FamilyOption("--teacher-widths", "N0,...,NH", String.class, "same", "teacher data: the teacher network's widths ('same': --widths); same n0 and nH."),
                    new FamilyOption("--momentum", "BETA", double.class, "0", "heavy-ball momentum beta in [0, 1): v <- beta*v - eta*grad, theta <- theta + v (0: plain GD)."));
        }

        @Override
        public Problem build(ProblemArguments a, double lambda, Arithmetic arithmetic) {
            int[] w = widths("--widths", a.text("--widths"));
            Activation act = Activation.named(a.text("--activation"));
            boolean bias = onOff("--bias", a.text("--bias"));
            double beta = a.real("--momentum");
            if (!(beta >= 0 && beta < 1)) throw new ProblemSpecException("--momentum must be in [0, 1), got " + beta);
            String spec = a.text("--data");
            TrainingData data;
            if (spec.equals("teacher")) {
                int n = a.integer("--samples");
                if (n < 1 || n > 1_000_000) throw new ProblemSpecException("--samples must be in [1, 1000000], got " + n);
                String tw = a.text("--teacher-widths");
                int[] teacher = tw.equals("same") ? w : widths("--teacher-widths", tw);
                if (teacher[0] != w[0] || teacher[teacher.length - 1] != w[w.length - 1])
                    throw new ProblemSpecException("--teacher-widths must start with n0 = " + w[0] + " and end with nH = " + w[w.length - 1] + ", got '" + tw + "'");
                data = TrainingData.teacher(teacher, act, bias, n, a.targetSeed());
            } else {
                data = a.trainingData(spec);
            }
            return new MultilayerPerceptron(w, act, bias, data, lambda, beta, arithmetic);
        }

        @Override
        public Map<String, Object> provenance(ProblemArguments a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("data_spec", a.text("--data"));
            if (a.text("--data").equals("teacher")) {
                m.put("data_seed", a.targetSeed());
                m.put("teacher_widths", a.text("--teacher-widths"));
            }
            return m;
        }

        @Override
        public Problem rebuild(Map<String, Object> a, Map<String, double[]> arrays) {
            int[] w = LossFamily.intArrayAttribute(a, "widths");
            double[] xs = LossFamily.array(arrays, "X"), ys = LossFamily.array(arrays, "Y");
            int out = w[w.length - 1], n = ys.length / out;
            return new MultilayerPerceptron(w, Activation.named(LossFamily.require(a, "activation").toString()),
                    LossFamily.require(a, "biases").toString().equals("on"), new TrainingData(n, w[0], out, xs, ys),
                    LossFamily.doubleAttribute(a, "lambda"), LossFamily.doubleAttribute(a, "momentum"), LossFamily.arithmeticAttribute(a));
        }

        private static int[] widths(String option, String text) {
            if (ProblemArguments.items(option, text, ",").length < 2) throw new ProblemSpecException(option + " needs n0,...,nH with at least one layer, got '" + text + "'");
            return ProblemArguments.widths(option, text, 100_000);
        }

        private static boolean onOff(String option, String text) {
            return switch (text) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new ProblemSpecException(option + " must be on or off, got '" + text + "'");
            };
        }
    }
}
