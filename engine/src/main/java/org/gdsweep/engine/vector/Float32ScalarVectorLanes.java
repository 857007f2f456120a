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
 * float32 twin of {@link ScalarVectorLanes} (opt-in {@code --arithmetic float32}, any d; d = 1 has its own
 * {@link Float32ScalarFactorizationLanes}): the same loop over {@code FloatVector}s, twice the lanes per vector,
 * mirroring {@link ScalarVectorFactorization}'s float32 reference. Like the other float32 kernels it works on float
 * mirrors of LaneBook's double arrays, converted only for lanes that retire or refill, with thresholds the largest
 * floats at or below the double ones and float iteration counts (exact up to 2^24, the largest cap accepted).
 */
final class Float32ScalarVectorLanes extends LaneBook {
    private static final VectorSpecies<Float> S = LaneSpecies.FLOAT_SPECIES;
    private static final int L = S.length();

    private final int d;
    private final float target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final float[] grad, thf, hf, itf, g2f, n2f;

    Float32ScalarVectorLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2 * problem.d(), rule);
        assert problem.single();
        if (rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new IllegalArgumentException("float32 arithmetic counts at most 2^24 iterations");
        this.d = problem.d();
        this.target = (float) problem.y();
        this.lambda = (float) problem.lambda();
        this.halfLambda = 0.5f * lambda;
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new float[2 * d * lanes];
        this.thf = new float[2 * d * lanes];
        this.hf = new float[lanes];
        this.itf = new float[lanes];
        this.g2f = new float[lanes];
        this.n2f = new float[lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        mirrorToFloat(-1L, thf, hf, itf);
        final int W = lanes, d = this.d, vOff = d * W; // W = 2L: stride of one parameter
        final float[] th = thf, g = grad;
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
            FloatVector ha = FloatVector.fromArray(S, hf, 0), hb = FloatVector.fromArray(S, hf, L);
            FloatVector ia = FloatVector.fromArray(S, itf, 0), ib = FloatVector.fromArray(S, itf, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    FloatVector za = FloatVector.fromArray(S, th, 0).mul(FloatVector.fromArray(S, th, vOff));
                    FloatVector zb = FloatVector.fromArray(S, th, L).mul(FloatVector.fromArray(S, th, vOff + L));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        za = za.add(FloatVector.fromArray(S, th, q).mul(FloatVector.fromArray(S, th, vOff + q)));
                        zb = zb.add(FloatVector.fromArray(S, th, q + L).mul(FloatVector.fromArray(S, th, vOff + q + L)));
                    }
                    FloatVector ra = za.sub(t), rb = zb.sub(t);
                    FloatVector u0a = FloatVector.fromArray(S, th, 0), v0a = FloatVector.fromArray(S, th, vOff);
                    FloatVector u0b = FloatVector.fromArray(S, th, L), v0b = FloatVector.fromArray(S, th, vOff + L);
                    FloatVector gua = ra.mul(v0a).add(lam.mul(u0a)), gva = ra.mul(u0a).add(lam.mul(v0a));
                    FloatVector gub = rb.mul(v0b).add(lam.mul(u0b)), gvb = rb.mul(u0b).add(lam.mul(v0b));
                    gua.intoArray(g, 0);
                    gva.intoArray(g, vOff);
                    gub.intoArray(g, L);
                    gvb.intoArray(g, vOff + L);
                    FloatVector g2a = gua.mul(gua).add(gva.mul(gva)), g2b = gub.mul(gub).add(gvb.mul(gvb));
                    FloatVector n2a = u0a.mul(u0a).add(v0a.mul(v0a)), n2b = u0b.mul(u0b).add(v0b.mul(v0b));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        FloatVector ua = FloatVector.fromArray(S, th, q), va = FloatVector.fromArray(S, th, vOff + q);
                        FloatVector ub = FloatVector.fromArray(S, th, q + L), vb = FloatVector.fromArray(S, th, vOff + q + L);
                        FloatVector xa = ra.mul(va).add(lam.mul(ua)), ya = ra.mul(ua).add(lam.mul(va));
                        FloatVector xb = rb.mul(vb).add(lam.mul(ub)), yb = rb.mul(ub).add(lam.mul(vb));
                        xa.intoArray(g, q);
                        ya.intoArray(g, vOff + q);
                        xb.intoArray(g, q + L);
                        yb.intoArray(g, vOff + q + L);
                        g2a = g2a.add(xa.mul(xa)).add(ya.mul(ya));
                        g2b = g2b.add(xb.mul(xb)).add(yb.mul(yb));
                        n2a = n2a.add(ua.mul(ua)).add(va.mul(va));
                        n2b = n2b.add(ub.mul(ub)).add(vb.mul(vb));
                    }
                    FloatVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    FloatVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;
                    VectorMask<Float> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Float> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Float> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Float> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Float> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Float> activeA = doneA.not(), activeB = doneB.not();
                    for (int q = 0; q < 2 * d * W; q += W) {
                        FloatVector.fromArray(S, th, q).sub(ha.mul(FloatVector.fromArray(S, g, q)), activeA).intoArray(th, q);
                        FloatVector.fromArray(S, th, q + L).sub(hb.mul(FloatVector.fromArray(S, g, q + L)), activeB).intoArray(th, q + L);
                    }
                    ia = ia.add(one, activeA);
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
            ia.intoArray(itf, 0);
            ib.intoArray(itf, L);
            copyBackFromFloat(doneBits, thf, itf, g2f, n2f);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
            mirrorToFloat(LOCKSTEP ? -1L : doneBits, thf, hf, itf); // lockstep refills every lane at once
        }
        slotSteps += steps * W;
    }
}
