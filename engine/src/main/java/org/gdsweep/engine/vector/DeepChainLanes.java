package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane kernel for the deep scalar chain ½(w_{H−1}⋯w₀ − y)² + (λ/2)‖w‖²: prefix products forward into a buffer,
 * gradient backwards with the suffix product in a register, in exactly {@link DeepChain}'s order.
 */
final class DeepChainLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final int h;
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad, prefix;

    DeepChainLanes(DeepChain problem, StopRule rule) {
        super(S.length(), problem.depth(), rule);
        this.h = problem.depth();
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[h * lanes];
        this.prefix = new double[h * lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int L = lanes, h = this.h;
        final double[] th = theta, g = grad, pre = prefix;
        final DoubleVector t = DoubleVector.broadcast(S, target);
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
                    DoubleVector p = DoubleVector.fromArray(S, th, 0);
                    p.intoArray(pre, 0);
                    for (int i = 1; i < h; i++) {
                        p = p.mul(DoubleVector.fromArray(S, th, i * L));
                        p.intoArray(pre, i * L);
                    }
                    DoubleVector r = p.sub(t);
                    DoubleVector suf = DoubleVector.fromArray(S, th, (h - 1) * L);
                    r.mul(DoubleVector.fromArray(S, pre, (h - 2) * L)).add(lam.mul(suf)).intoArray(g, (h - 1) * L);
                    for (int i = h - 2; i >= 1; i--) {
                        DoubleVector w = DoubleVector.fromArray(S, th, i * L);
                        r.mul(DoubleVector.fromArray(S, pre, (i - 1) * L).mul(suf)).add(lam.mul(w)).intoArray(g, i * L);
                        suf = w.mul(suf);
                    }
                    r.mul(suf).add(lam.mul(DoubleVector.fromArray(S, th, 0))).intoArray(g, 0);
                    DoubleVector g0 = DoubleVector.fromArray(S, g, 0), w0 = DoubleVector.fromArray(S, th, 0);
                    DoubleVector g2 = g0.mul(g0), n2 = w0.mul(w0);
                    for (int q = L; q < h * L; q += L) {
                        DoubleVector gq = DoubleVector.fromArray(S, g, q), wq = DoubleVector.fromArray(S, th, q);
                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(wq.mul(wq));
                    }
                    DoubleVector crit = lossCriterion ? half.mul(r.mul(r)).add(halfLam.mul(n2)) : g2;
                    VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                            .or(g2.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                    VectorMask<Double> active = done.not();
                    for (int q = 0; q < h * L; q += L)
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
