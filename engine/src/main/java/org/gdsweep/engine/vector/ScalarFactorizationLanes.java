package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane kernel for the d = 1 scalar factorization L(x,y) = ½(xy − t)² + (λ/2)(x² + y²), state in registers.
 * Mirrors {@link ScalarVectorFactorization}'s reference order for d = 1:
 * r = x·y − t; gx = r·y + λ·x; gy = r·x + λ·y; ‖g‖² = gx·gx + gy·gy; ‖θ‖² = x·x + y·y; x ← x − η·gx.
 *
 * <p>One GD step is a single dependent chain (x → r → g → x, ~20 cycles of latency) with little work, so two
 * independent vectors (2L lanes: lanes 0…L−1 in vector a, L…2L−1 in vector b) are advanced in the same loop to keep
 * the floating-point units busy. Each lane's arithmetic is unchanged, so results stay bit-identical.
 */
final class ScalarFactorizationLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;
    private static final int L = S.length();

    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;

    ScalarFactorizationLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2, rule);
        assert problem.d() == 1;
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
    }


    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int n = lanes; // 2L
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
            DoubleVector xa = DoubleVector.fromArray(S, th, 0), xb = DoubleVector.fromArray(S, th, L);
            DoubleVector ya = DoubleVector.fromArray(S, th, n), yb = DoubleVector.fromArray(S, th, n + L);
            DoubleVector ha = DoubleVector.fromArray(S, eta, 0), hb = DoubleVector.fromArray(S, eta, L);
            DoubleVector ia = DoubleVector.fromArray(S, iterations, 0), ib = DoubleVector.fromArray(S, iterations, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector ra = xa.mul(ya).sub(t), rb = xb.mul(yb).sub(t);
                    DoubleVector gxa = ra.mul(ya).add(lam.mul(xa)), gxb = rb.mul(yb).add(lam.mul(xb));
                    DoubleVector gya = ra.mul(xa).add(lam.mul(ya)), gyb = rb.mul(xb).add(lam.mul(yb));
                    DoubleVector g2a = gxa.mul(gxa).add(gya.mul(gya)), g2b = gxb.mul(gxb).add(gyb.mul(gyb));
                    DoubleVector n2a = xa.mul(xa).add(ya.mul(ya)), n2b = xb.mul(xb).add(yb.mul(yb));
                    DoubleVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    DoubleVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;
                    VectorMask<Double> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Double> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Double> activeA = doneA.not(), activeB = doneB.not();
                    xa = xa.sub(ha.mul(gxa), activeA);
                    ya = ya.sub(ha.mul(gya), activeA);
                    ia = ia.add(one, activeA);
                    xb = xb.sub(hb.mul(gxb), activeB);
                    yb = yb.sub(hb.mul(gyb), activeB);
                    ib = ib.add(one, activeB);
                    // Masks never cross the loop's back edge (that would box them); read them once per block.
                    if (c == CHECK_EVERY - 1) {
                        doneBits = (doneA.toLong() | doneB.toLong() << L) & liveBits;
                        // Stored every block, whether a lane finished or not (only retiring lanes' values are read): a
                        // test here was compiled from first blocks that all retired a lane (diverging runs of 3-4
                        // steps), and the first block without one threw the compiled kernel away; without the test the
                        // warm kernel also ran faster (JMH; BENCHMARKS.md, session 16).
                        g2a.intoArray(finalG2, 0);
                        g2b.intoArray(finalG2, L);
                        n2a.intoArray(finalN2, 0);
                        n2b.intoArray(finalN2, L);
                        convergedBits = convA.toLong() | convB.toLong() << L;
                        divergedBits = divA.toLong() | divB.toLong() << L;
                    }
                }
                steps += CHECK_EVERY;
            } while (doneBits == 0);
            xa.intoArray(th, 0);
            xb.intoArray(th, L);
            ya.intoArray(th, n);
            yb.intoArray(th, n + L);
            ia.intoArray(iterations, 0);
            ib.intoArray(iterations, L);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * n;
    }
}
