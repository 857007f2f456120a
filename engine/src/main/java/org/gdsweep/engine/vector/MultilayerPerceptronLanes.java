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
 * <p>Shape notes for C2: no vector is merged across an if/else (each branch ends in a store), the bias term reads from
 * θ or from a zero buffer (a choice of array, not of vector), and the activation is inlined per branch; helpers taking
 * or returning vectors made C2 box them (LaneBook).
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
     *
     * @param check whether to test for finished lanes (every {@link #CHECK_EVERY} steps)
     * @return with {@code check}, the live lanes that finished (their ‖∇L‖², ‖θ‖² stored); else 0
     */
    private long step(boolean check) {
        final int L = lanes, h = depth, n0 = widths[0], nh = widths[h], P = parameters, n = samples;
        final double[] th = theta, g = grad, v = velocity, z = pre, a = act, xin = input, xs = x, ys = y;
        final boolean withBias = biases, isRelu = relu, isTanh = tanh, heavyBall = momentum != 0;
        final double[] cs = Activation.EXPM1_COEFFICIENTS;
        final DoubleVector zero = DoubleVector.zero(S);
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
        DoubleVector rr = zero;
        final int U = units, M = maxWidth;
        for (int s0 = 0; s0 < n; s0 += SAMPLE_BLOCK) {
            final int nb = Math.min(SAMPLE_BLOCK, n - s0);
            for (int b = 0; b < nb; b++)
                for (int k = 0; k < n0; k++) DoubleVector.broadcast(S, xs[(s0 + b) * n0 + k]).intoArray(xin, (b * n0 + k) * L);
            // forward, each sample of the block in turn: z_i = b_i + W_i a_(i-1), a_i = σ(z_i) (the row of W_i stays in L1)
            for (int i = 1; i <= h; i++) {
                int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], uo = unitOffset[i];
                double[] in = i == 1 ? xin : a;
                int io = i == 1 ? 0 : unitOffset[i - 1], inStride = i == 1 ? n0 : U;
                double[] bsrc = withBias ? th : zeros;
                for (int j = 0; j < ni; j++) {
                    int row = wo + j * nk;
                    for (int b = 0; b < nb; b++) {
                        int ib = io + b * inStride;
                        DoubleVector acc = DoubleVector.fromArray(S, bsrc, withBias ? (biasOffset[i] + j) * L : 0);
                        for (int k = 0; k < nk; k++)
                            acc = acc.add(DoubleVector.fromArray(S, th, (row + k) * L).mul(DoubleVector.fromArray(S, in, (ib + k) * L)));
                        int at = (b * U + uo + j) * L;
                        acc.intoArray(z, at);
                        if (i < h) {
                            if (isRelu) {
                                zero.blend(acc, acc.compare(VectorOperators.GT, zero)).intoArray(a, at);
                            } else if (isTanh) {
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
                            } else {
                                acc.intoArray(a, at);
                            }
                        }
                    }
                }
            }
            // output errors δ_H = z_H − y_s; Σr² for the loss criterion (samples in order, then outputs)
            double[] d = deltaA, d2 = deltaB;
            for (int b = 0; b < nb; b++)
                for (int j = 0; j < nh; j++) {
                    DoubleVector r = DoubleVector.fromArray(S, z, (b * U + unitOffset[h] + j) * L).sub(ys[(s0 + b) * nh + j]);
                    r.intoArray(d, (b * M + j) * L);
                    rr = rr.add(r.mul(r));
                }
            // backward: G_W += δ_s a_sᵀ and G_b += δ_s over the block's samples in order (each entry of G loaded and stored
            // once per block: the same sums as sample by sample), then δ_(i-1) = σ'(z) ⊙ W_iᵀ δ per sample
            for (int i = h; i >= 1; i--) {
                int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], bo = biasOffset[i];
                double[] in = i == 1 ? xin : a;
                int io = i == 1 ? 0 : unitOffset[i - 1], inStride = i == 1 ? n0 : U;
                for (int j = 0; j < ni; j++) {
                    int row = wo + j * nk;
                    for (int k = 0; k < nk; k++) {
                        int q = (row + k) * L;
                        DoubleVector gq = DoubleVector.fromArray(S, g, q);
                        for (int b = 0; b < nb; b++)
                            gq = gq.add(DoubleVector.fromArray(S, d, (b * M + j) * L).mul(DoubleVector.fromArray(S, in, (io + b * inStride + k) * L)));
                        gq.intoArray(g, q);
                    }
                    if (withBias) {
                        DoubleVector gb = DoubleVector.fromArray(S, g, (bo + j) * L);
                        for (int b = 0; b < nb; b++) gb = gb.add(DoubleVector.fromArray(S, d, (b * M + j) * L));
                        gb.intoArray(g, (bo + j) * L);
                    }
                }
                if (i > 1) {
                    int uo = unitOffset[i - 1];
                    for (int b = 0; b < nb; b++) {
                        int db = b * M;
                        for (int k = 0; k < nk; k++) {
                            DoubleVector e = DoubleVector.fromArray(S, th, (wo + k) * L).mul(DoubleVector.fromArray(S, d, db * L));
                            for (int j = 1; j < ni; j++)
                                e = e.add(DoubleVector.fromArray(S, th, (wo + j * nk + k) * L).mul(DoubleVector.fromArray(S, d, (db + j) * L)));
                            int at = (b * U + uo + k) * L;
                            if (isRelu) {
                                zero.blend(e, DoubleVector.fromArray(S, z, at).compare(VectorOperators.GT, zero)).intoArray(d2, (db + k) * L);
                            } else if (isTanh) {
                                DoubleVector t = DoubleVector.fromArray(S, a, at);
                                e.mul(one.sub(t.mul(t))).intoArray(d2, (db + k) * L);
                            } else {
                                e.intoArray(d2, (db + k) * L);
                            }
                        }
                    }
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
}
