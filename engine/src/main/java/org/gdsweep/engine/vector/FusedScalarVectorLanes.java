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
 * {@link ScalarVectorLanes} in FMA arithmetic, for any d (d = 1 has its own {@link FusedScalarFactorizationLanes}):
 * the operations of {@link ScalarVectorFactorization}'s FMA mode in its order — r = fma(u_{d−1}, v_{d−1}, …
 * fma(u₀, v₀, −y)), gᵢ = fma(r, ·, λ·), ‖g‖² and ‖θ‖² from fma(a₀, a₀, b₀·b₀) on as fma(bᵢ, bᵢ, fma(aᵢ, aᵢ, acc)),
 * L = fma(0.5·λ, ‖θ‖², 0.5·(r·r)), θ ← fma(−η, g, θ) — on the same two interleaved vectors and buffer layout.
 */
final class FusedScalarVectorLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;
    private static final int L = S.length();

    private final int d;
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad;

    FusedScalarVectorLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2 * problem.d(), rule);
        assert problem.fused();
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
        final int W = lanes, d = this.d, vOff = d * W; // W = 2L: stride of one parameter
        final double[] th = theta, g = grad;
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
            DoubleVector ha = DoubleVector.fromArray(S, eta, 0).neg(), hb = DoubleVector.fromArray(S, eta, L).neg(); // −η
            DoubleVector ia = DoubleVector.fromArray(S, iterations, 0), ib = DoubleVector.fromArray(S, iterations, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector ra = negT, rb = negT;
                    for (int i = 0; i < d; i++) {
                        int q = i * W;
                        ra = DoubleVector.fromArray(S, th, q).fma(DoubleVector.fromArray(S, th, vOff + q), ra);
                        rb = DoubleVector.fromArray(S, th, q + L).fma(DoubleVector.fromArray(S, th, vOff + q + L), rb);
                    }
                    DoubleVector u0a = DoubleVector.fromArray(S, th, 0), v0a = DoubleVector.fromArray(S, th, vOff);
                    DoubleVector u0b = DoubleVector.fromArray(S, th, L), v0b = DoubleVector.fromArray(S, th, vOff + L);
                    DoubleVector gua = ra.fma(v0a, lam.mul(u0a)), gva = ra.fma(u0a, lam.mul(v0a));
                    DoubleVector gub = rb.fma(v0b, lam.mul(u0b)), gvb = rb.fma(u0b, lam.mul(v0b));
                    gua.intoArray(g, 0);
                    gva.intoArray(g, vOff);
                    gub.intoArray(g, L);
                    gvb.intoArray(g, vOff + L);
                    DoubleVector g2a = gua.fma(gua, gva.mul(gva)), g2b = gub.fma(gub, gvb.mul(gvb));
                    DoubleVector n2a = u0a.fma(u0a, v0a.mul(v0a)), n2b = u0b.fma(u0b, v0b.mul(v0b));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        DoubleVector ua = DoubleVector.fromArray(S, th, q), va = DoubleVector.fromArray(S, th, vOff + q);
                        DoubleVector ub = DoubleVector.fromArray(S, th, q + L), vb = DoubleVector.fromArray(S, th, vOff + q + L);
                        DoubleVector xa = ra.fma(va, lam.mul(ua)), ya = ra.fma(ua, lam.mul(va));
                        DoubleVector xb = rb.fma(vb, lam.mul(ub)), yb = rb.fma(ub, lam.mul(vb));
                        xa.intoArray(g, q);
                        ya.intoArray(g, vOff + q);
                        xb.intoArray(g, q + L);
                        yb.intoArray(g, vOff + q + L);
                        g2a = ya.fma(ya, xa.fma(xa, g2a));
                        g2b = yb.fma(yb, xb.fma(xb, g2b));
                        n2a = va.fma(va, ua.fma(ua, n2a));
                        n2b = vb.fma(vb, ub.fma(ub, n2b));
                    }
                    DoubleVector ca = lossCriterion ? halfLam.fma(n2a, half.mul(ra.mul(ra))) : g2a;
                    DoubleVector cb = lossCriterion ? halfLam.fma(n2b, half.mul(rb.mul(rb))) : g2b;
                    VectorMask<Double> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Double> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Double> activeA = doneA.not(), activeB = doneB.not();
                    for (int q = 0; q < 2 * d * W; q += W) {
                        DoubleVector pa = DoubleVector.fromArray(S, th, q), pb = DoubleVector.fromArray(S, th, q + L);
                        pa.blend(ha.fma(DoubleVector.fromArray(S, g, q), pa), activeA).intoArray(th, q);
                        pb.blend(hb.fma(DoubleVector.fromArray(S, g, q + L), pb), activeB).intoArray(th, q + L);
                    }
                    ia = ia.add(one, activeA);
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
            ia.intoArray(iterations, 0);
            ib.intoArray(iterations, L);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * W;
    }
}
