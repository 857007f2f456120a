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
 * Lane kernel for the scalar-vector factorization with any d, state in an L1-resident structure-of-arrays
 * buffer (u_i of lane l at theta[i·L + l], v_i at theta[(d+i)·L + l]). Each step: z = Σ uᵢvᵢ; gradient, ‖g‖²
 * and ‖θ‖² in the interleaved order of {@link ScalarVectorFactorization}; masks; masked update.
 */
final class ScalarVectorLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final int d;
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad;

    ScalarVectorLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(S.length(), 2 * problem.d(), rule);
        this.d = problem.d();
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[2 * d * lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int L = lanes, d = this.d, vOff = d * lanes;
        final double[] th = theta, g = grad;
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
            DoubleVector h = DoubleVector.fromArray(S, eta, 0);
            DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector z = DoubleVector.fromArray(S, th, 0).mul(DoubleVector.fromArray(S, th, vOff));
                    for (int i = 1; i < d; i++)
                        z = z.add(DoubleVector.fromArray(S, th, i * L).mul(DoubleVector.fromArray(S, th, vOff + i * L)));
                    DoubleVector r = z.sub(t);
                    DoubleVector u0 = DoubleVector.fromArray(S, th, 0), v0 = DoubleVector.fromArray(S, th, vOff);
                    DoubleVector gu0 = r.mul(v0).add(lam.mul(u0)), gv0 = r.mul(u0).add(lam.mul(v0));
                    gu0.intoArray(g, 0);
                    gv0.intoArray(g, vOff);
                    DoubleVector g2 = gu0.mul(gu0).add(gv0.mul(gv0));
                    DoubleVector n2 = u0.mul(u0).add(v0.mul(v0));
                    for (int i = 1; i < d; i++) {
                        DoubleVector u = DoubleVector.fromArray(S, th, i * L), v = DoubleVector.fromArray(S, th, vOff + i * L);
                        DoubleVector gu = r.mul(v).add(lam.mul(u)), gv = r.mul(u).add(lam.mul(v));
                        gu.intoArray(g, i * L);
                        gv.intoArray(g, vOff + i * L);
                        g2 = g2.add(gu.mul(gu)).add(gv.mul(gv));
                        n2 = n2.add(u.mul(u)).add(v.mul(v));
                    }
                    DoubleVector crit = lossCriterion ? half.mul(r.mul(r)).add(halfLam.mul(n2)) : g2;
                    VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                            .or(g2.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                    VectorMask<Double> active = done.not();
                    for (int q = 0; q < 2 * d * L; q += L)
                        DoubleVector.fromArray(S, th, q).sub(h.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);
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
            it.intoArray(iterations, 0);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * L;
    }
}
