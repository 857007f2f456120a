package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.problem.LinearNetwork;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane kernel for the deep linear network ½‖W_H⋯W₁ − Φ‖²_F + (λ/2)Σ‖Wᵢ‖²_F: forward products, backward errors and
 * layer gradients in structure-of-arrays buffers (entry q of lane l at buf[q·L + l]), in exactly
 * {@link LinearNetwork}'s order.
 */
final class LinearNetworkLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final int[] widths, weightOffset, forwardOffset;
    private final int depth, maxWidth;
    private final double[] target;
    private final double lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad, forward, errorA, errorB;

    LinearNetworkLanes(LinearNetwork problem, StopRule rule) {
        super(S.length(), problem.parameterCount(), rule);
        this.widths = problem.widths();
        this.depth = problem.depth();
        this.weightOffset = new int[depth + 2];
        this.forwardOffset = new int[depth + 2];
        for (int i = 1; i <= depth + 1; i++) {
            weightOffset[i] = i == 1 ? 0 : weightOffset[i - 1] + widths[i - 1] * widths[i - 2];
            forwardOffset[i] = i == 1 ? 0 : forwardOffset[i - 1] + widths[i - 1] * widths[0];
        }
        int mw = 1;
        for (int n : widths) mw = Math.max(mw, n);
        this.maxWidth = mw;
        this.target = problem.targetCopy();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[parameters * lanes];
        this.forward = new double[forwardOffset[depth + 1] * lanes];
        this.errorA = new double[maxWidth * widths[0] * lanes];
        this.errorB = new double[maxWidth * widths[0] * lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int L = lanes, h = depth, n0 = widths[0], nh = widths[h], P = parameters;
        final double[] th = theta, g = grad, fw = forward, phi = target;
        final DoubleVector lam = DoubleVector.broadcast(S, lambda);
        final DoubleVector halfLam = DoubleVector.broadcast(S, halfLambda);
        final DoubleVector half = DoubleVector.broadcast(S, 0.5);
        final DoubleVector threshold = DoubleVector.broadcast(S, rule.threshold());
        final DoubleVector radius2 = DoubleVector.broadcast(S, rule.divergenceNorm2());
        final DoubleVector infinity = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        final DoubleVector cap = DoubleVector.broadcast(S, rule.maxIterations());
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        long steps = 0;
        while (liveBits != 0) {
            DoubleVector eta = DoubleVector.fromArray(S, this.eta, 0);
            DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    // forward: A1 = W1, Ai = Wi A(i-1)
                    System.arraycopy(th, 0, fw, 0, widths[1] * n0 * L);
                    for (int i = 2; i <= h; i++) {
                        int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i], ao = forwardOffset[i - 1], out = forwardOffset[i];
                        for (int a = 0; a < ni; a++)
                            for (int b = 0; b < n0; b++) {
                                DoubleVector acc = DoubleVector.fromArray(S, th, (wo + a * nk) * L).mul(DoubleVector.fromArray(S, fw, (ao + b) * L));
                                for (int k = 1; k < nk; k++)
                                    acc = acc.add(DoubleVector.fromArray(S, th, (wo + a * nk + k) * L)
                                            .mul(DoubleVector.fromArray(S, fw, (ao + k * n0 + b) * L)));
                                acc.intoArray(fw, (out + a * n0 + b) * L);
                            }
                    }
                    // residual R = A_H − Φ into E; the loss criterion needs ΣR² (row-major, from the first term)
                    double[] e = errorA, e2 = errorB;
                    int aH = forwardOffset[h];
                    for (int q = 0; q < nh * n0; q++)
                        DoubleVector.fromArray(S, fw, (aH + q) * L).sub(phi[q]).intoArray(e, q * L);
                    // ΣR² is only needed by the loss criterion, but computing it always keeps vectors out of phis with null
                    DoubleVector rr = DoubleVector.fromArray(S, e, 0);
                    rr = rr.mul(rr);
                    for (int q = 1; q < nh * n0; q++) {
                        DoubleVector r = DoubleVector.fromArray(S, e, q * L);
                        rr = rr.add(r.mul(r));
                    }
                    for (int i = h; i >= 1; i--) {
                        int ni = widths[i], nk = widths[i - 1], wo = weightOffset[i];
                        if (i == 1) {
                            for (int q = 0; q < ni * nk; q++)
                                DoubleVector.fromArray(S, e, q * L).add(lam.mul(DoubleVector.fromArray(S, th, (wo + q) * L))).intoArray(g, (wo + q) * L);
                        } else {
                            int ao = forwardOffset[i - 1];
                            for (int a = 0; a < ni; a++)
                                for (int k = 0; k < nk; k++) {
                                    DoubleVector acc = DoubleVector.fromArray(S, e, (a * n0) * L).mul(DoubleVector.fromArray(S, fw, (ao + k * n0) * L));
                                    for (int b = 1; b < n0; b++)
                                        acc = acc.add(DoubleVector.fromArray(S, e, (a * n0 + b) * L)
                                                .mul(DoubleVector.fromArray(S, fw, (ao + k * n0 + b) * L)));
                                    int q = wo + a * nk + k;
                                    acc.add(lam.mul(DoubleVector.fromArray(S, th, q * L))).intoArray(g, q * L);
                                }
                            for (int k = 0; k < nk; k++)
                                for (int b = 0; b < n0; b++) {
                                    DoubleVector acc = DoubleVector.fromArray(S, th, (wo + k) * L).mul(DoubleVector.fromArray(S, e, b * L));
                                    for (int a = 1; a < ni; a++)
                                        acc = acc.add(DoubleVector.fromArray(S, th, (wo + a * nk + k) * L)
                                                .mul(DoubleVector.fromArray(S, e, (a * n0 + b) * L)));
                                    acc.intoArray(e2, (k * n0 + b) * L);
                                }
                            double[] swap = e;
                            e = e2;
                            e2 = swap;
                        }
                    }
                    DoubleVector g0 = DoubleVector.fromArray(S, g, 0), w0 = DoubleVector.fromArray(S, th, 0);
                    DoubleVector g2 = g0.mul(g0), n2 = w0.mul(w0);
                    for (int q = L; q < P * L; q += L) {
                        DoubleVector gq = DoubleVector.fromArray(S, g, q), wq = DoubleVector.fromArray(S, th, q);
                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(wq.mul(wq));
                    }
                    DoubleVector crit = lossCriterion ? half.mul(rr).add(halfLam.mul(n2)) : g2;
                    VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                            .or(g2.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                    VectorMask<Double> active = done.not();
                    for (int q = 0; q < P * L; q += L)
                        DoubleVector.fromArray(S, th, q).sub(eta.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);
                    it = it.add(one, active);
                    if (c == CHECK_EVERY - 1) {
                        doneBits = done.toLong() & liveBits;
                        if (doneBits != 0) {
                            g2.intoArray(finalG2, 0);
                            n2.intoArray(finalN2, 0);
                            convergedBits = converged.toLong();
                            divergedBits = diverged.toLong();
                        }
                    }
                }
                steps += CHECK_EVERY;
            } while (doneBits == 0);
            it.intoArray(iterations, 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * L;
    }
}
