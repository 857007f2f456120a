package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.LaneSink;
import org.gdsweep.engine.ScalarVectorFactorization;
import org.gdsweep.engine.StartSource;
import org.gdsweep.engine.StopRule;

/**
 * Lane kernel for the d = 1 scalar factorization L(x,y) = ½(xy − t)² + (λ/2)(x² + y²), state in registers.
 * Mirrors {@link ScalarVectorFactorization}'s reference order for d = 1:
 * r = x·y − t; gx = r·y + λ·x; gy = r·x + λ·y; ‖g‖² = gx·gx + gy·gy; ‖θ‖² = x·x + y·y; x ← x − η·gx.
 */
final class ScalarFactorizationLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;

    ScalarFactorizationLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(S.length(), 2, rule);
        assert problem.d() == 1;
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int L = lanes;
        final double[] th = theta;
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
            DoubleVector x = DoubleVector.fromArray(S, th, 0);
            DoubleVector y = DoubleVector.fromArray(S, th, L);
            DoubleVector h = DoubleVector.fromArray(S, eta, 0);
            DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector r = x.mul(y).sub(t);
                    DoubleVector gx = r.mul(y).add(lam.mul(x));
                    DoubleVector gy = r.mul(x).add(lam.mul(y));
                    DoubleVector g2 = gx.mul(gx).add(gy.mul(gy));
                    DoubleVector n2 = x.mul(x).add(y.mul(y));
                    DoubleVector crit = lossCriterion ? half.mul(r.mul(r)).add(halfLam.mul(n2)) : g2;
                    VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                            .or(g2.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                    VectorMask<Double> active = done.not();
                    x = x.sub(h.mul(gx), active);
                    y = y.sub(h.mul(gy), active);
                    it = it.add(one, active);
                    // Masks never cross the loop's back edge (that would box them); read them once per block.
                    if (c == CHECK_EVERY - 1) {
                        doneBits = done.toLong() & liveBits;
                        if (doneBits != 0) {
                            convergedBits = converged.toLong();
                            divergedBits = diverged.toLong();
                        }
                    }
                }
                steps += CHECK_EVERY;
            } while (doneBits == 0);
            x.intoArray(th, 0);
            y.intoArray(th, L);
            it.intoArray(iterations, 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * L;
    }
}
