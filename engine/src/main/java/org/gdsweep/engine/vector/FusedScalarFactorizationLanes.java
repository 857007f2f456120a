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
 * Fused-multiply-add twin of {@link ScalarFactorizationLanes} (opt-in {@code --arithmetic fma}): the same loop with
 * every a·b + c rounded once, mirroring {@link ScalarVectorFactorization}'s fused reference:
 * r = fma(x, y, −t); gx = fma(r, y, λ·x); gy = fma(r, x, λ·y); ‖g‖² = fma(gx, gx, gy·gy); ‖θ‖² = fma(x, x, y·y);
 * L = fma(λ/2, ‖θ‖², 0.5·(r·r)); x ← fma(−η, gx, x). A separate class rather than a flag in the exact kernel, so
 * the exact kernel's loop stays as it is measured (the mask logic stays inline for the reason given in
 * {@link LaneBook}).
 */
final class FusedScalarFactorizationLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;
    private static final int L = S.length();

    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;

    FusedScalarFactorizationLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2, rule);
        assert problem.d() == 1 && problem.fused();
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
        final DoubleVector negT = DoubleVector.broadcast(S, -target);
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
            DoubleVector ha = DoubleVector.fromArray(S, eta, 0).neg(), hb = DoubleVector.fromArray(S, eta, L).neg(); // −η
            DoubleVector ia = DoubleVector.fromArray(S, iterations, 0), ib = DoubleVector.fromArray(S, iterations, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector ra = xa.fma(ya, negT), rb = xb.fma(yb, negT);
                    DoubleVector gxa = ra.fma(ya, lam.mul(xa)), gxb = rb.fma(yb, lam.mul(xb));
                    DoubleVector gya = ra.fma(xa, lam.mul(ya)), gyb = rb.fma(xb, lam.mul(yb));
                    DoubleVector g2a = gxa.fma(gxa, gya.mul(gya)), g2b = gxb.fma(gxb, gyb.mul(gyb));
                    DoubleVector n2a = xa.fma(xa, ya.mul(ya)), n2b = xb.fma(xb, yb.mul(yb));
                    DoubleVector ca = lossCriterion ? halfLam.fma(n2a, half.mul(ra.mul(ra))) : g2a;
                    DoubleVector cb = lossCriterion ? halfLam.fma(n2b, half.mul(rb.mul(rb))) : g2b;
                    VectorMask<Double> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Double> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Double> activeA = doneA.not(), activeB = doneB.not();
                    xa = xa.blend(ha.fma(gxa, xa), activeA);
                    ya = ya.blend(ha.fma(gya, ya), activeA);
                    ia = ia.add(one, activeA);
                    xb = xb.blend(hb.fma(gxb, xb), activeB);
                    yb = yb.blend(hb.fma(gyb, yb), activeB);
                    ib = ib.add(one, activeB);
                    // Masks never cross the loop's back edge (that would box them); read them once per block.
                    if (c == CHECK_EVERY - 1) {
                        doneBits = (doneA.toLong() | doneB.toLong() << L) & liveBits;
                        if (doneBits != 0) {
                            g2a.intoArray(finalG2, 0);
                            g2b.intoArray(finalG2, L);
                            n2a.intoArray(finalN2, 0);
                            n2b.intoArray(finalN2, L);
                            convergedBits = convA.toLong() | convB.toLong() << L;
                            divergedBits = divA.toLong() | divB.toLong() << L;
                        }
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
