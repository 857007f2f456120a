package org.gdsweep.engine.vector;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.problem.Activation;
import org.gdsweep.engine.problem.MultilayerPerceptron;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane kernel for a fully connected network on a full batch ({@link MultilayerPerceptron}): every lane is one network
 * (its own start or step size), the data are shared. Weights are lane-major (parameter p of lane l at θ[p·L + l]), so
 * each multiply-add of the forward and backward pass is one vector operation over L networks. Samples are taken in
 * blocks of {@link #SAMPLE_BLOCK}, with every sum in exactly the reference's order (each gradient entry still adds the
 * samples' terms one after another); the samples' inputs are broadcast into a lane buffer first so that layer 1 reads
 * its input like the others.
 *
 * <p>The three matrix products of a step (forward z = W a, the gradient G += δ aᵀ, the back-propagation Wᵀ δ) run in
 * register tiles of 4 × 4 sums over (units, samples) or (units, inputs): each loaded vector feeds 4 multiply-adds
 * instead of one, which made the kernel 1.6–1.9× (tanh 4-16-16-1) and 2.8–3.1× (ReLU 16-32-32-1) faster than one sum
 * at a time (JMH NetworkKernelBenchmark, BENCHMARKS.md, session 10). Each sum keeps the reference's order, so the results are bit for bit those of
 * {@link MultilayerPerceptron}.
 *
 * <p>Shape notes for C2: every pass is a method of its own that takes and returns arrays, never vectors (helpers
 * taking or returning vectors made C2 box them, LaneBook); no vector is merged across an if/else; the bias term reads
 * from θ or from a zero buffer (a choice of array, not of vector). The launcher gives these methods higher compile
 * thresholds than the other kernels' (see {@code gdsweep}): compiled by C2 within milliseconds of their first call,
 * the forward tile sometimes ran boxed for good.
 */
final class MultilayerPerceptronLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final int[] widths, weightOffset, biasOffset, unitOffset;
    /**
     * Samples per block: the forward and backward passes of a block's samples share one pass over W and G, so that
     * each entry of G is loaded and stored once per block instead of once per sample (the sums are the same, in the
     * same order). 8 keeps a block's activations of a 32-wide network in L1.
     */
    static final int SAMPLE_BLOCK = 8;

    private final int depth, maxWidth, samples, units;
    private final boolean biases, relu, tanh, lossCriterion;
    private final double[] x, y;
    private final double invSamples, halfInvSamples, lambda, halfLambda, momentum;
    private final double[] grad, velocity, pre, act, deltaA, deltaB, input, zeros;

    MultilayerPerceptronLanes(MultilayerPerceptron problem, StopRule rule) {
        super(S.length(), problem.parameterCount(), rule);
        this.widths = problem.widths();
        this.depth = problem.depth();
        this.weightOffset = new int[depth + 1];
        this.biasOffset = new int[depth + 1];
        this.unitOffset = new int[depth + 1];
        int u = 0, mw = 1;
        for (int i = 1; i <= depth; i++) {
            weightOffset[i] = problem.weightOffset(i);
            biasOffset[i] = Math.max(0, problem.biasOffset(i));
            unitOffset[i] = u;
            u += widths[i];
            mw = Math.max(mw, widths[i]);
        }
        this.maxWidth = mw;
        this.units = u;
        this.samples = problem.samples();
        this.biases = problem.biases();
        this.relu = problem.activation() == Activation.RELU;
        this.tanh = problem.activation() == Activation.TANH;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.x = problem.inputs();
        this.y = problem.targets();
        this.invSamples = problem.invSamples();
        this.halfInvSamples = problem.halfInvSamples();
        this.lambda = problem.workingLambda();
        this.halfLambda = problem.halfLambda();
        this.momentum = problem.momentum();
        this.grad = new double[parameters * lanes];
        this.velocity = new double[parameters * lanes];
        this.pre = new double[SAMPLE_BLOCK * u * lanes];
        this.act = new double[SAMPLE_BLOCK * u * lanes];
        this.deltaA = new double[SAMPLE_BLOCK * mw * lanes];
        this.deltaB = new double[SAMPLE_BLOCK * mw * lanes];
        this.input = new double[SAMPLE_BLOCK * widths[0] * lanes];
        this.zeros = new double[lanes];
    }

    /** A new run starts with velocity 0. */
    @Override
    void loaded(int l) {
        for (int p = 0; p < parameters; p++) velocity[p * lanes + l] = 0;
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        long steps = 0;
        while (liveBits != 0) {
            long doneBits;
            do {
                for (int c = 1; c < CHECK_EVERY; c++) step(false);
                doneBits = step(true);
                steps += CHECK_EVERY;
                advanced(CHECK_EVERY);
            } while (doneBits == 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * lanes;
    }

    /** Set by {@link #step}(true) when lanes finished: which converged and which diverged. */
    private long convergedBits, divergedBits;

    /**
     * One GD step of every lane (frozen lanes keep their state). A method of its own, called once per step, so that the
     * JIT compiles it as a whole method after a few calls instead of through on-stack replacement of a long-running
     * loop: one sweep of a few runs at 5000 steps otherwise ran for seconds in the interpreter between deoptimisations.
     * The passes over the network are methods of their own too: each is small enough for C1 and compiles early (one
     * method holding them all made C1 give up, "out of virtual registers", and waited seconds for C2).
     *
     * @param check whether to test for finished lanes (every {@link #CHECK_EVERY} steps)
     * @return with {@code check}, the live lanes that finished (their ‖∇L‖², ‖θ‖² stored); else 0
     */
    private long step(boolean check) {
        final int L = lanes, h = depth, n0 = widths[0], nh = widths[h], P = parameters, n = samples;
        final double[] th = theta, g = grad, v = velocity, z = pre, xin = input, xs = x, ys = y;
        final boolean heavyBall = momentum != 0;
        final DoubleVector lam = DoubleVector.broadcast(S, lambda);
        final DoubleVector halfLam = DoubleVector.broadcast(S, halfLambda);
        final DoubleVector invN = DoubleVector.broadcast(S, invSamples);
        final DoubleVector halfInvN = DoubleVector.broadcast(S, halfInvSamples);
        final DoubleVector beta = DoubleVector.broadcast(S, momentum);
        final DoubleVector threshold = DoubleVector.broadcast(S, rule.threshold());
        final DoubleVector radius2 = DoubleVector.broadcast(S, rule.divergenceNorm2());
        final DoubleVector infinity = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        final DoubleVector cap = DoubleVector.broadcast(S, rule.maxIterations());
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        DoubleVector eta = DoubleVector.fromArray(S, this.eta, 0);
        DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
        Arrays.fill(g, 0.0);
        DoubleVector rr = DoubleVector.zero(S);
        final int U = units, M = maxWidth;
        for (int s0 = 0; s0 < n; s0 += SAMPLE_BLOCK) {
            final int nb = Math.min(SAMPLE_BLOCK, n - s0);
            for (int b = 0; b < nb; b++)
                for (int k = 0; k < n0; k++) DoubleVector.broadcast(S, xs[(s0 + b) * n0 + k]).intoArray(xin, (b * n0 + k) * L);
            // forward: z_i = b_i + W_i a_(i-1), a_i = σ(z_i), layer by layer over the block's samples
            for (int i = 1; i <= h; i++) {
                forward(th, i == 1 ? xin : act, z, i, nb);
                if (i < h) activate(z, act, i, nb);
            }
            // output errors δ_H = z_H − y_s; Σr² for the loss criterion (samples in order, then outputs)
            double[] d = deltaA, d2 = deltaB;
            for (int b = 0; b < nb; b++)
                for (int j = 0; j < nh; j++) {
                    DoubleVector r = DoubleVector.fromArray(S, z, (b * U + unitOffset[h] + j) * L).sub(ys[(s0 + b) * nh + j]);
                    r.intoArray(d, (b * M + j) * L);
                    rr = rr.add(r.mul(r));
                }
            // backward: G_W += δ_s a_sᵀ and G_b += δ_s over the block's samples in order, then δ_(i-1) = σ'(z) ⊙ W_iᵀ δ
            for (int i = h; i >= 1; i--) {
                accumulateGradient(g, d, i == 1 ? xin : act, i, nb);
                if (i > 1) {
                    backpropagate(th, d, d2, i, nb);
                    differentiate(z, act, d2, i - 1, nb);
                    double[] swap = d;
                    d = d2;
                    d2 = swap;
                }
            }
        }
        // g = (1/n)·G + λθ; ‖g‖², ‖θ‖² in parameter order from the first square
        DoubleVector w0 = DoubleVector.fromArray(S, th, 0);
        DoubleVector g0 = invN.mul(DoubleVector.fromArray(S, g, 0)).add(lam.mul(w0));
        g0.intoArray(g, 0);
        DoubleVector g2 = g0.mul(g0), n2 = w0.mul(w0);
        for (int q = L; q < P * L; q += L) {
            DoubleVector wq = DoubleVector.fromArray(S, th, q);
            DoubleVector gq = invN.mul(DoubleVector.fromArray(S, g, q)).add(lam.mul(wq));
            gq.intoArray(g, q);
            g2 = g2.add(gq.mul(gq));
            n2 = n2.add(wq.mul(wq));
        }
        DoubleVector crit = lossCriterion ? halfInvN.mul(rr).add(halfLam.mul(n2)) : g2;
        VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
        VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                .or(g2.compare(VectorOperators.LT, infinity).not());
        VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
        VectorMask<Double> active = done.not();
        if (heavyBall) {
            // v ← βv − ηg, θ ← θ + v (Arithmetic.velocity), frozen lanes keep both
            for (int q = 0; q < P * L; q += L) {
                DoubleVector vq = DoubleVector.fromArray(S, v, q);
                DoubleVector nv = beta.mul(vq).sub(eta.mul(DoubleVector.fromArray(S, g, q)));
                vq.blend(nv, active).intoArray(v, q);
                DoubleVector.fromArray(S, th, q).add(nv, active).intoArray(th, q);
            }
        } else {
            for (int q = 0; q < P * L; q += L)
                DoubleVector.fromArray(S, th, q).sub(eta.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);
        }
        it.add(one, active).intoArray(iterations, 0);
        if (!check) return 0;
        long doneBits = done.toLong() & liveBits;
        if (doneBits != 0) {
            g2.intoArray(finalG2, 0);
            n2.intoArray(finalN2, 0);
            convergedBits = converged.toLong();
            divergedBits = diverged.toLong();
        }
        return doneBits;
    }

    // The passes over the network. Each works on register tiles of 4 × 4 sums (16 accumulators, each vector loaded once
    // per tile row or column: 8 loads per 16 multiply-adds instead of 2 per 1), and every sum still adds its terms in
    // the reference's order. A tile that would run past a layer's units or the block's samples is moved back to end at
    // the last one (overlapping its neighbour) or, where the layer or block has fewer than 4, repeats the last one:
    // both recompute identical sums and store identical values, so the results do not depend on the tiling. The
    // gradient accumulates in place, so its tiles never overlap; they only repeat within a tile (every repeat loads
    // the same entry before any stores it).

    /** z_i[b, j] = b_i[j] + Σ_k W_i[j, k]·a_(i−1)[b, k] (k in order from the bias, or from +0 without biases) for the
     * block's {@code nb} samples. */
    private void forward(double[] th, double[] in, double[] z, int i, int nb) {
        final int L = lanes, U = units, ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], uo = unitOffset[i];
        final int io = i == 1 ? 0 : unitOffset[i - 1], inStride = i == 1 ? widths[0] : U;
        final double[] bsrc = biases ? th : zeros;
        final int bo = biases ? biasOffset[i] * L : 0, bstep = biases ? L : 0;
        for (int jt = 0; jt < ni; jt += 4) {
            final int j0 = Math.max(0, Math.min(jt, ni - 4));
            final int j1 = Math.min(j0 + 1, ni - 1), j2 = Math.min(j0 + 2, ni - 1), j3 = Math.min(j0 + 3, ni - 1);
            final int w0 = (wo + j0 * nk) * L, w1 = (wo + j1 * nk) * L, w2 = (wo + j2 * nk) * L, w3 = (wo + j3 * nk) * L;
            for (int bt = 0; bt < nb; bt += 4) {
                final int b0 = Math.max(0, Math.min(bt, nb - 4));
                final int b1 = Math.min(b0 + 1, nb - 1), b2 = Math.min(b0 + 2, nb - 1), b3 = Math.min(b0 + 3, nb - 1);
                final int x0 = (io + b0 * inStride) * L, x1 = (io + b1 * inStride) * L, x2 = (io + b2 * inStride) * L, x3 = (io + b3 * inStride) * L;
                DoubleVector s00 = DoubleVector.fromArray(S, bsrc, bo + j0 * bstep), s01 = s00, s02 = s00, s03 = s00;
                DoubleVector s10 = DoubleVector.fromArray(S, bsrc, bo + j1 * bstep), s11 = s10, s12 = s10, s13 = s10;
                DoubleVector s20 = DoubleVector.fromArray(S, bsrc, bo + j2 * bstep), s21 = s20, s22 = s20, s23 = s20;
                DoubleVector s30 = DoubleVector.fromArray(S, bsrc, bo + j3 * bstep), s31 = s30, s32 = s30, s33 = s30;
                for (int kL = 0; kL < nk * L; kL += L) {
                    DoubleVector u0 = DoubleVector.fromArray(S, th, w0 + kL), u1 = DoubleVector.fromArray(S, th, w1 + kL);
                    DoubleVector u2 = DoubleVector.fromArray(S, th, w2 + kL), u3 = DoubleVector.fromArray(S, th, w3 + kL);
                    DoubleVector xv = DoubleVector.fromArray(S, in, x0 + kL);
                    s00 = s00.add(u0.mul(xv));
                    s10 = s10.add(u1.mul(xv));
                    s20 = s20.add(u2.mul(xv));
                    s30 = s30.add(u3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, x1 + kL);
                    s01 = s01.add(u0.mul(xv));
                    s11 = s11.add(u1.mul(xv));
                    s21 = s21.add(u2.mul(xv));
                    s31 = s31.add(u3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, x2 + kL);
                    s02 = s02.add(u0.mul(xv));
                    s12 = s12.add(u1.mul(xv));
                    s22 = s22.add(u2.mul(xv));
                    s32 = s32.add(u3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, x3 + kL);
                    s03 = s03.add(u0.mul(xv));
                    s13 = s13.add(u1.mul(xv));
                    s23 = s23.add(u2.mul(xv));
                    s33 = s33.add(u3.mul(xv));
                }
                final int z0 = (b0 * U + uo) * L, z1 = (b1 * U + uo) * L, z2 = (b2 * U + uo) * L, z3 = (b3 * U + uo) * L;
                s00.intoArray(z, z0 + j0 * L);
                s10.intoArray(z, z0 + j1 * L);
                s20.intoArray(z, z0 + j2 * L);
                s30.intoArray(z, z0 + j3 * L);
                s01.intoArray(z, z1 + j0 * L);
                s11.intoArray(z, z1 + j1 * L);
                s21.intoArray(z, z1 + j2 * L);
                s31.intoArray(z, z1 + j3 * L);
                s02.intoArray(z, z2 + j0 * L);
                s12.intoArray(z, z2 + j1 * L);
                s22.intoArray(z, z2 + j2 * L);
                s32.intoArray(z, z2 + j3 * L);
                s03.intoArray(z, z3 + j0 * L);
                s13.intoArray(z, z3 + j1 * L);
                s23.intoArray(z, z3 + j2 * L);
                s33.intoArray(z, z3 + j3 * L);
            }
        }
    }

    /** a_i = σ(z_i) for a hidden layer i and the block's samples. */
    private void activate(double[] z, double[] a, int i, int nb) {
        final int L = lanes, U = units, ni = widths[i], uo = unitOffset[i];
        if (relu) {
            final DoubleVector zero = DoubleVector.zero(S);
            for (int b = 0; b < nb; b++)
                for (int at = (b * U + uo) * L, end = at + ni * L; at < end; at += L) {
                    DoubleVector acc = DoubleVector.fromArray(S, z, at);
                    zero.blend(acc, acc.compare(VectorOperators.GT, zero)).intoArray(a, at);
                }
        } else if (tanh) {
            final double[] cs = Activation.EXPM1_COEFFICIENTS;
            for (int b = 0; b < nb; b++)
                for (int at = (b * U + uo) * L, end = at + ni * L; at < end; at += L) {
                    DoubleVector acc = DoubleVector.fromArray(S, z, at);
                    // Activation.tanh, operation for operation
                    DoubleVector t2 = acc.min(Activation.TANH_CLAMP).max(-Activation.TANH_CLAMP).mul(2.0);
                    DoubleVector kk = t2.mul(Activation.LOG2E).add(Activation.ROUNDING_SHIFTER).sub(Activation.ROUNDING_SHIFTER);
                    DoubleVector r = t2.sub(kk.mul(Activation.LN2_HI)).sub(kk.mul(Activation.LN2_LO));
                    DoubleVector q = DoubleVector.broadcast(S, cs[0]);
                    for (int ci = 1; ci < cs.length; ci++) q = q.mul(r).add(cs[ci]);
                    q = q.mul(r).add(1.0).mul(r);
                    DoubleVector scale = ((LongVector) kk.convert(VectorOperators.D2L, 0)).add(1023L)
                            .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
                    DoubleVector em1 = scale.mul(q).add(scale.sub(1.0));
                    em1.div(em1.add(2.0)).intoArray(a, at);
                }
        } else {
            for (int b = 0; b < nb; b++) System.arraycopy(z, (b * U + uo) * L, a, (b * U + uo) * L, ni * L);
        }
    }

    /** G_W[j, k] += Σ_b δ[b, j]·a_(i−1)[b, k] and G_b[j] += Σ_b δ[b, j] over the block's samples in order. */
    private void accumulateGradient(double[] g, double[] d, double[] in, int i, int nb) {
        final int L = lanes, M = maxWidth, ni = widths[i], nk = widths[i - 1], wo = weightOffset[i];
        final int io = i == 1 ? 0 : unitOffset[i - 1], inStride = i == 1 ? widths[0] : units;
        for (int j0 = 0; j0 < ni; j0 += 4) {
            final int j1 = Math.min(j0 + 1, ni - 1), j2 = Math.min(j0 + 2, ni - 1), j3 = Math.min(j0 + 3, ni - 1);
            final int w0 = (wo + j0 * nk) * L, w1 = (wo + j1 * nk) * L, w2 = (wo + j2 * nk) * L, w3 = (wo + j3 * nk) * L;
            for (int k0 = 0; k0 < nk; k0 += 4) {
                final int k1 = Math.min(k0 + 1, nk - 1), k2 = Math.min(k0 + 2, nk - 1), k3 = Math.min(k0 + 3, nk - 1);
                final int c0 = k0 * L, c1 = k1 * L, c2 = k2 * L, c3 = k3 * L;
                DoubleVector g00 = DoubleVector.fromArray(S, g, w0 + c0), g01 = DoubleVector.fromArray(S, g, w0 + c1);
                DoubleVector g02 = DoubleVector.fromArray(S, g, w0 + c2), g03 = DoubleVector.fromArray(S, g, w0 + c3);
                DoubleVector g10 = DoubleVector.fromArray(S, g, w1 + c0), g11 = DoubleVector.fromArray(S, g, w1 + c1);
                DoubleVector g12 = DoubleVector.fromArray(S, g, w1 + c2), g13 = DoubleVector.fromArray(S, g, w1 + c3);
                DoubleVector g20 = DoubleVector.fromArray(S, g, w2 + c0), g21 = DoubleVector.fromArray(S, g, w2 + c1);
                DoubleVector g22 = DoubleVector.fromArray(S, g, w2 + c2), g23 = DoubleVector.fromArray(S, g, w2 + c3);
                DoubleVector g30 = DoubleVector.fromArray(S, g, w3 + c0), g31 = DoubleVector.fromArray(S, g, w3 + c1);
                DoubleVector g32 = DoubleVector.fromArray(S, g, w3 + c2), g33 = DoubleVector.fromArray(S, g, w3 + c3);
                for (int b = 0; b < nb; b++) {
                    final int db = b * M * L, xb = (io + b * inStride) * L;
                    DoubleVector e0 = DoubleVector.fromArray(S, d, db + j0 * L), e1 = DoubleVector.fromArray(S, d, db + j1 * L);
                    DoubleVector e2 = DoubleVector.fromArray(S, d, db + j2 * L), e3 = DoubleVector.fromArray(S, d, db + j3 * L);
                    DoubleVector xv = DoubleVector.fromArray(S, in, xb + c0);
                    g00 = g00.add(e0.mul(xv));
                    g10 = g10.add(e1.mul(xv));
                    g20 = g20.add(e2.mul(xv));
                    g30 = g30.add(e3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, xb + c1);
                    g01 = g01.add(e0.mul(xv));
                    g11 = g11.add(e1.mul(xv));
                    g21 = g21.add(e2.mul(xv));
                    g31 = g31.add(e3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, xb + c2);
                    g02 = g02.add(e0.mul(xv));
                    g12 = g12.add(e1.mul(xv));
                    g22 = g22.add(e2.mul(xv));
                    g32 = g32.add(e3.mul(xv));
                    xv = DoubleVector.fromArray(S, in, xb + c3);
                    g03 = g03.add(e0.mul(xv));
                    g13 = g13.add(e1.mul(xv));
                    g23 = g23.add(e2.mul(xv));
                    g33 = g33.add(e3.mul(xv));
                }
                g00.intoArray(g, w0 + c0);
                g01.intoArray(g, w0 + c1);
                g02.intoArray(g, w0 + c2);
                g03.intoArray(g, w0 + c3);
                g10.intoArray(g, w1 + c0);
                g11.intoArray(g, w1 + c1);
                g12.intoArray(g, w1 + c2);
                g13.intoArray(g, w1 + c3);
                g20.intoArray(g, w2 + c0);
                g21.intoArray(g, w2 + c1);
                g22.intoArray(g, w2 + c2);
                g23.intoArray(g, w2 + c3);
                g30.intoArray(g, w3 + c0);
                g31.intoArray(g, w3 + c1);
                g32.intoArray(g, w3 + c2);
                g33.intoArray(g, w3 + c3);
            }
        }
        if (biases) {
            for (int j = 0, q = biasOffset[i] * L; j < ni; j++, q += L) {
                DoubleVector gb = DoubleVector.fromArray(S, g, q);
                for (int b = 0; b < nb; b++) gb = gb.add(DoubleVector.fromArray(S, d, (b * M + j) * L));
                gb.intoArray(g, q);
            }
        }
    }

    /** e[b, k] = Σ_j W_i[j, k]·δ[b, j] (j in order from W_i[0, k]·δ[b, 0]) into {@code e}, for layer i − 1's units. */
    private void backpropagate(double[] th, double[] d, double[] e, int i, int nb) {
        final int L = lanes, M = maxWidth, ni = widths[i], nk = widths[i - 1], wo = weightOffset[i];
        for (int kt = 0; kt < nk; kt += 4) {
            final int k0 = Math.max(0, Math.min(kt, nk - 4));
            final int k1 = Math.min(k0 + 1, nk - 1), k2 = Math.min(k0 + 2, nk - 1), k3 = Math.min(k0 + 3, nk - 1);
            final int c0 = (wo + k0) * L, c1 = (wo + k1) * L, c2 = (wo + k2) * L, c3 = (wo + k3) * L;
            for (int bt = 0; bt < nb; bt += 4) {
                final int b0 = Math.max(0, Math.min(bt, nb - 4));
                final int b1 = Math.min(b0 + 1, nb - 1), b2 = Math.min(b0 + 2, nb - 1), b3 = Math.min(b0 + 3, nb - 1);
                final int d0 = b0 * M * L, d1 = b1 * M * L, d2 = b2 * M * L, d3 = b3 * M * L;
                DoubleVector u0 = DoubleVector.fromArray(S, th, c0), u1 = DoubleVector.fromArray(S, th, c1);
                DoubleVector u2 = DoubleVector.fromArray(S, th, c2), u3 = DoubleVector.fromArray(S, th, c3);
                DoubleVector yv = DoubleVector.fromArray(S, d, d0);
                DoubleVector s00 = u0.mul(yv), s10 = u1.mul(yv), s20 = u2.mul(yv), s30 = u3.mul(yv);
                yv = DoubleVector.fromArray(S, d, d1);
                DoubleVector s01 = u0.mul(yv), s11 = u1.mul(yv), s21 = u2.mul(yv), s31 = u3.mul(yv);
                yv = DoubleVector.fromArray(S, d, d2);
                DoubleVector s02 = u0.mul(yv), s12 = u1.mul(yv), s22 = u2.mul(yv), s32 = u3.mul(yv);
                yv = DoubleVector.fromArray(S, d, d3);
                DoubleVector s03 = u0.mul(yv), s13 = u1.mul(yv), s23 = u2.mul(yv), s33 = u3.mul(yv);
                for (int j = 1; j < ni; j++) {
                    final int row = j * nk * L, jL = j * L;
                    u0 = DoubleVector.fromArray(S, th, c0 + row);
                    u1 = DoubleVector.fromArray(S, th, c1 + row);
                    u2 = DoubleVector.fromArray(S, th, c2 + row);
                    u3 = DoubleVector.fromArray(S, th, c3 + row);
                    yv = DoubleVector.fromArray(S, d, d0 + jL);
                    s00 = s00.add(u0.mul(yv));
                    s10 = s10.add(u1.mul(yv));
                    s20 = s20.add(u2.mul(yv));
                    s30 = s30.add(u3.mul(yv));
                    yv = DoubleVector.fromArray(S, d, d1 + jL);
                    s01 = s01.add(u0.mul(yv));
                    s11 = s11.add(u1.mul(yv));
                    s21 = s21.add(u2.mul(yv));
                    s31 = s31.add(u3.mul(yv));
                    yv = DoubleVector.fromArray(S, d, d2 + jL);
                    s02 = s02.add(u0.mul(yv));
                    s12 = s12.add(u1.mul(yv));
                    s22 = s22.add(u2.mul(yv));
                    s32 = s32.add(u3.mul(yv));
                    yv = DoubleVector.fromArray(S, d, d3 + jL);
                    s03 = s03.add(u0.mul(yv));
                    s13 = s13.add(u1.mul(yv));
                    s23 = s23.add(u2.mul(yv));
                    s33 = s33.add(u3.mul(yv));
                }
                s00.intoArray(e, d0 + k0 * L);
                s10.intoArray(e, d0 + k1 * L);
                s20.intoArray(e, d0 + k2 * L);
                s30.intoArray(e, d0 + k3 * L);
                s01.intoArray(e, d1 + k0 * L);
                s11.intoArray(e, d1 + k1 * L);
                s21.intoArray(e, d1 + k2 * L);
                s31.intoArray(e, d1 + k3 * L);
                s02.intoArray(e, d2 + k0 * L);
                s12.intoArray(e, d2 + k1 * L);
                s22.intoArray(e, d2 + k2 * L);
                s32.intoArray(e, d2 + k3 * L);
                s03.intoArray(e, d3 + k0 * L);
                s13.intoArray(e, d3 + k1 * L);
                s23.intoArray(e, d3 + k2 * L);
                s33.intoArray(e, d3 + k3 * L);
            }
        }
    }

    /** δ_i = σ'(z_i) ⊙ e in place, for hidden layer i: ReLU passes e where z &gt; 0, tanh multiplies by 1 − a². */
    private void differentiate(double[] z, double[] a, double[] e, int i, int nb) {
        final int L = lanes, U = units, M = maxWidth, ni = widths[i], uo = unitOffset[i];
        if (relu) {
            final DoubleVector zero = DoubleVector.zero(S);
            for (int b = 0; b < nb; b++)
                for (int k = 0, at = (b * U + uo) * L, de = b * M * L; k < ni; k++, at += L, de += L) {
                    DoubleVector ek = DoubleVector.fromArray(S, e, de);
                    zero.blend(ek, DoubleVector.fromArray(S, z, at).compare(VectorOperators.GT, zero)).intoArray(e, de);
                }
        } else if (tanh) {
            final DoubleVector one = DoubleVector.broadcast(S, 1.0);
            for (int b = 0; b < nb; b++)
                for (int k = 0, at = (b * U + uo) * L, de = b * M * L; k < ni; k++, at += L, de += L) {
                    DoubleVector t = DoubleVector.fromArray(S, a, at);
                    DoubleVector.fromArray(S, e, de).mul(one.sub(t.mul(t))).intoArray(e, de);
                }
        }
    }
}
