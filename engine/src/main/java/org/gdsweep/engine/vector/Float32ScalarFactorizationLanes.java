package org.gdsweep.engine.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.Arithmetic;
import org.gdsweep.engine.LaneSink;
import org.gdsweep.engine.ScalarVectorFactorization;
import org.gdsweep.engine.StartSource;
import org.gdsweep.engine.StopRule;

/**
 * float32 twin of {@link ScalarFactorizationLanes} (opt-in {@code --arithmetic float32}): the same loop over
 * {@code FloatVector}s, twice the lanes per vector, mirroring {@link ScalarVectorFactorization}'s float32 reference:
 * r = x·y − t; gx = r·y + λ·x; gy = r·x + λ·y; ‖g‖² = gx·gx + gy·gy; ‖θ‖² = x·x + y·y; x ← x − η·gx, every value a
 * float (θ₀, η, t, λ rounded once; λ/2 as 0.5f·λ).
 *
 * <p>{@link LaneBook} keeps its double arrays (the retirement and refill path is shared); this kernel works on float
 * mirrors of them and converts only the lanes that retire or refill, so the hot loop never converts. The stop rule's
 * thresholds become the largest floats at or below them, which makes "float ≤ float threshold" the same decision
 * as the reference's "float, widened, ≤ double threshold". Iteration counts are floats: exact up to 2^24, the largest
 * cap this kernel accepts.
 */
final class Float32ScalarFactorizationLanes extends LaneBook {
    private static final VectorSpecies<Float> S = LaneSpecies.FLOAT_SPECIES;
    private static final int L = S.length();

    private final float target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final float[] th, h, it, g2f, n2f;

    Float32ScalarFactorizationLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2, rule);
        assert problem.d() == 1 && problem.single();
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS) throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");
        this.target = (float) problem.y();
        this.lambda = (float) problem.lambda();
        this.halfLambda = 0.5f * lambda;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.th = new float[2 * lanes];
        this.h = new float[lanes];
        this.it = new float[lanes];
        this.g2f = new float[lanes];
        this.n2f = new float[lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        final int n = lanes; // 2L
        mirrorToFloat(-1L, th, h, it);
        final FloatVector t = FloatVector.broadcast(S, target);
        final FloatVector lam = FloatVector.broadcast(S, lambda);
        final FloatVector halfLam = FloatVector.broadcast(S, halfLambda);
        final FloatVector half = FloatVector.broadcast(S, 0.5f);
        final FloatVector threshold = FloatVector.broadcast(S, floatAtMost(rule.threshold()));
        final FloatVector radius2 = FloatVector.broadcast(S, floatAtMost(rule.divergenceNorm2()));
        final FloatVector infinity = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        final FloatVector cap = FloatVector.broadcast(S, (float) rule.maxIterations());
        final FloatVector one = FloatVector.broadcast(S, 1f);
        long steps = 0;
        while (liveBits != 0) {
            FloatVector xa = FloatVector.fromArray(S, th, 0), xb = FloatVector.fromArray(S, th, L);
            FloatVector ya = FloatVector.fromArray(S, th, n), yb = FloatVector.fromArray(S, th, n + L);
            FloatVector ha = FloatVector.fromArray(S, h, 0), hb = FloatVector.fromArray(S, h, L);
            FloatVector ia = FloatVector.fromArray(S, it, 0), ib = FloatVector.fromArray(S, it, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    FloatVector ra = xa.mul(ya).sub(t), rb = xb.mul(yb).sub(t);
                    FloatVector gxa = ra.mul(ya).add(lam.mul(xa)), gxb = rb.mul(yb).add(lam.mul(xb));
                    FloatVector gya = ra.mul(xa).add(lam.mul(ya)), gyb = rb.mul(xb).add(lam.mul(yb));
                    FloatVector g2a = gxa.mul(gxa).add(gya.mul(gya)), g2b = gxb.mul(gxb).add(gyb.mul(gyb));
                    FloatVector n2a = xa.mul(xa).add(ya.mul(ya)), n2b = xb.mul(xb).add(yb.mul(yb));
                    FloatVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    FloatVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;
                    VectorMask<Float> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Float> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Float> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Float> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Float> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Float> activeA = doneA.not(), activeB = doneB.not();
                    xa = xa.sub(ha.mul(gxa), activeA);
                    ya = ya.sub(ha.mul(gya), activeA);
                    ia = ia.add(one, activeA);
                    xb = xb.sub(hb.mul(gxb), activeB);
                    yb = yb.sub(hb.mul(gyb), activeB);
                    ib = ib.add(one, activeB);
                    // Masks never cross the loop's back edge (that would box them); read them once per block.
                    if (c == CHECK_EVERY - 1) {
                        doneBits = (doneA.toLong() | doneB.toLong() << L) & liveBits;
                        if (doneBits != 0) {
                            g2a.intoArray(g2f, 0);
                            g2b.intoArray(g2f, L);
                            n2a.intoArray(n2f, 0);
                            n2b.intoArray(n2f, L);
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
            ia.intoArray(it, 0);
            ib.intoArray(it, L);
            copyBackFromFloat(doneBits, th, it, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(LOCKSTEP ? -1L : doneBits, th, h, it); // lockstep refills every lane at once
        }
        slotSteps += steps * n;
    }
}
