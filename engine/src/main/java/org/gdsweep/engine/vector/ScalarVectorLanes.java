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
 * Lane kernel for the scalar-vector factorization with any d, state in an L1-resident structure-of-arrays
 * buffer (u_i of lane l at theta[i·2L + l], v_i at theta[(d+i)·2L + l]). Each step: z = Σ uᵢvᵢ; gradient, ‖g‖²
 * and ‖θ‖² in the interleaved order of {@link ScalarVectorFactorization}; masks; masked update.
 *
 * <p>Two independent vectors (lanes 0…L−1 and L…2L−1) advance in the same loop: the sums over i are dependent
 * chains, and a second chain keeps the floating-point units busy. Each lane's arithmetic is unchanged.
 */
final class ScalarVectorLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;
    private static final int L = S.length();

    private final int d;
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad;

    ScalarVectorLanes(ScalarVectorFactorization problem, StopRule rule) {
        super(2 * L, 2 * problem.d(), rule);
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
            DoubleVector ha = DoubleVector.fromArray(S, eta, 0), hb = DoubleVector.fromArray(S, eta, L);
            DoubleVector ia = DoubleVector.fromArray(S, iterations, 0), ib = DoubleVector.fromArray(S, iterations, L);
            long doneBits = 0, convergedBits = 0, divergedBits = 0;
            do {
                for (int c = 0; c < CHECK_EVERY; c++) {
                    DoubleVector za = DoubleVector.fromArray(S, th, 0).mul(DoubleVector.fromArray(S, th, vOff));
                    DoubleVector zb = DoubleVector.fromArray(S, th, L).mul(DoubleVector.fromArray(S, th, vOff + L));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        za = za.add(DoubleVector.fromArray(S, th, q).mul(DoubleVector.fromArray(S, th, vOff + q)));
                        zb = zb.add(DoubleVector.fromArray(S, th, q + L).mul(DoubleVector.fromArray(S, th, vOff + q + L)));
                    }
                    DoubleVector ra = za.sub(t), rb = zb.sub(t);
                    DoubleVector u0a = DoubleVector.fromArray(S, th, 0), v0a = DoubleVector.fromArray(S, th, vOff);
                    DoubleVector u0b = DoubleVector.fromArray(S, th, L), v0b = DoubleVector.fromArray(S, th, vOff + L);
                    DoubleVector gua = ra.mul(v0a).add(lam.mul(u0a)), gva = ra.mul(u0a).add(lam.mul(v0a));
                    DoubleVector gub = rb.mul(v0b).add(lam.mul(u0b)), gvb = rb.mul(u0b).add(lam.mul(v0b));
                    gua.intoArray(g, 0);
                    gva.intoArray(g, vOff);
                    gub.intoArray(g, L);
                    gvb.intoArray(g, vOff + L);
                    DoubleVector g2a = gua.mul(gua).add(gva.mul(gva)), g2b = gub.mul(gub).add(gvb.mul(gvb));
                    DoubleVector n2a = u0a.mul(u0a).add(v0a.mul(v0a)), n2b = u0b.mul(u0b).add(v0b.mul(v0b));
                    for (int i = 1; i < d; i++) {
                        int q = i * W;
                        DoubleVector ua = DoubleVector.fromArray(S, th, q), va = DoubleVector.fromArray(S, th, vOff + q);
                        DoubleVector ub = DoubleVector.fromArray(S, th, q + L), vb = DoubleVector.fromArray(S, th, vOff + q + L);
                        DoubleVector xa = ra.mul(va).add(lam.mul(ua)), ya = ra.mul(ua).add(lam.mul(va));
                        DoubleVector xb = rb.mul(vb).add(lam.mul(ub)), yb = rb.mul(ub).add(lam.mul(vb));
                        xa.intoArray(g, q);
                        ya.intoArray(g, vOff + q);
                        xb.intoArray(g, q + L);
                        yb.intoArray(g, vOff + q + L);
                        g2a = g2a.add(xa.mul(xa)).add(ya.mul(ya));
                        g2b = g2b.add(xb.mul(xb)).add(yb.mul(yb));
                        n2a = n2a.add(ua.mul(ua)).add(va.mul(va));
                        n2b = n2b.add(ub.mul(ub)).add(vb.mul(vb));
                    }
                    DoubleVector ca = lossCriterion ? half.mul(ra.mul(ra)).add(halfLam.mul(n2a)) : g2a;
                    DoubleVector cb = lossCriterion ? half.mul(rb.mul(rb)).add(halfLam.mul(n2b)) : g2b;
                    VectorMask<Double> convA = ca.compare(VectorOperators.LE, threshold), convB = cb.compare(VectorOperators.LE, threshold);
                    VectorMask<Double> divA = n2a.compare(VectorOperators.LE, radius2).not().or(g2a.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> divB = n2b.compare(VectorOperators.LE, radius2).not().or(g2b.compare(VectorOperators.LT, infinity).not());
                    VectorMask<Double> doneA = convA.or(divA).or(ia.compare(VectorOperators.GE, cap));
                    VectorMask<Double> doneB = convB.or(divB).or(ib.compare(VectorOperators.GE, cap));
                    VectorMask<Double> activeA = doneA.not(), activeB = doneB.not();
                    for (int q = 0; q < 2 * d * W; q += W) {
                        DoubleVector.fromArray(S, th, q).sub(ha.mul(DoubleVector.fromArray(S, g, q)), activeA).intoArray(th, q);
                        DoubleVector.fromArray(S, th, q + L).sub(hb.mul(DoubleVector.fromArray(S, g, q + L)), activeB).intoArray(th, q + L);
                    }
                    ia = ia.add(one, activeA);
                    ib = ib.add(one, activeB);
                    // Masks never cross the loop's back edge (that would box them); read them once per block.
                    if (c == CHECK_EVERY - 1) {
                        doneBits = (doneA.toLong() | doneB.toLong() << L) & liveBits;
                        // stored every block, as in ScalarFactorizationLanes (why: there)
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
            ia.intoArray(iterations, 0);
            ib.intoArray(iterations, L);
            retireAndRefill(doneBits, convergedBits, divergedBits, sink);
        }
        slotSteps += steps * W;
    }
}
