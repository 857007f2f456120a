package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Lane kernel for the matrix factorization ½‖UᵀV − Y‖²_F + (λ/2)(‖U‖²_F + ‖V‖²_F), state in an L1-resident
 * structure-of-arrays buffer (parameter p of lane l at theta[p·L + l], parameters ordered as in
 * {@link MatrixFactorization}). Each step forms R = UᵀV − Y, then the gradient, ‖g‖², ‖θ‖² (and ΣR² for the loss
 * criterion) in exactly the reference order, then the masked update.
 */
final class MatrixLanes extends LaneBook {
    private static final VectorSpecies<Double> S = LaneSpecies.SPECIES;

    private final int k, m, n;
    private final double[] target;
    private final double lambda, halfLambda;
    private final boolean lossCriterion;
    private final double[] grad, residual;
    /** Which of the lanes finished by the last {@link #block()} converged, and which diverged. */
    private long blockConverged, blockDiverged;

    MatrixLanes(MatrixFactorization problem, StopRule rule) {
        super(S.length(), problem.parameterCount(), rule);
        this.k = problem.k();
        this.m = problem.m();
        this.n = problem.n();
        this.target = problem.targetCopy();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.grad = new double[parameters * lanes];
        this.residual = new double[m * n * lanes];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        begin(starts, first, count);
        while (liveBits != 0) {
            long doneBits = block();
            retireAndRefill(doneBits, blockConverged, blockDiverged, sink);
        }
    }

    /**
     * Advances every lane in blocks of CHECK_EVERY steps until one finishes and returns the finished lanes' bits. A
     * method of its own that returns at every block exit: the JIT then compiles it by invocation count, with its
     * exits profiled, instead of replacing one long run() on the stack several times and deoptimising at exits it had
     * not seen yet: a cold 10×10×10 map at 128² took 5.3–5.7 s instead of 13–38 s (BENCHMARKS.md, "register-blocked").
     */
    private long block() {
        final int L = lanes, k = this.k, m = this.m, n = this.n, vOff = k * m * L, P = parameters;
        final double[] th = theta, g = grad, res = residual, y = target;
        final DoubleVector lam = DoubleVector.broadcast(S, lambda);
        final DoubleVector halfLam = DoubleVector.broadcast(S, halfLambda);
        final DoubleVector half = DoubleVector.broadcast(S, 0.5);
        final DoubleVector threshold = DoubleVector.broadcast(S, rule.threshold());
        final DoubleVector radius2 = DoubleVector.broadcast(S, rule.divergenceNorm2());
        final DoubleVector infinity = DoubleVector.broadcast(S, Double.POSITIVE_INFINITY);
        final DoubleVector cap = DoubleVector.broadcast(S, rule.maxIterations());
        final DoubleVector one = DoubleVector.broadcast(S, 1.0);
        final DoubleVector zero = DoubleVector.zero(S);
        long steps = 0;
        DoubleVector h = DoubleVector.fromArray(S, eta, 0);
        DoubleVector it = DoubleVector.fromArray(S, iterations, 0);
        long doneBits = 0, convergedBits = 0, divergedBits = 0;
        do {
            for (int c = 0; c < CHECK_EVERY; c++) {
                // R[i,j] = Σ_a U[a,i] V[a,j] − Y[i,j]
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        DoubleVector s = DoubleVector.fromArray(S, th, i * L).mul(DoubleVector.fromArray(S, th, vOff + j * L));
                        for (int a = 1; a < k; a++)
                            s = s.add(DoubleVector.fromArray(S, th, (a * m + i) * L)
                                    .mul(DoubleVector.fromArray(S, th, vOff + (a * n + j) * L)));
                        s.sub(y[i * n + j]).intoArray(res, (i * n + j) * L);
                    }
                }
                // ∂U[a,i] = Σ_j V[a,j] R[i,j] + λU[a,i]; ‖g‖² and ‖θ‖² accumulate on the way, in parameter order (U
                // then V, each row-major as stored), from +0 (bit-identical to starting from the first term: a
                // square is never −0) so that g and θ are not read a second time.
                DoubleVector g2 = zero, n2 = zero;
                for (int a = 0; a < k; a++) {
                    for (int i = 0; i < m; i++) {
                        DoubleVector s = DoubleVector.fromArray(S, th, vOff + a * n * L).mul(DoubleVector.fromArray(S, res, i * n * L));
                        for (int j = 1; j < n; j++)
                            s = s.add(DoubleVector.fromArray(S, th, vOff + (a * n + j) * L)
                                    .mul(DoubleVector.fromArray(S, res, (i * n + j) * L)));
                        int q = (a * m + i) * L;
                        DoubleVector w = DoubleVector.fromArray(S, th, q), gq = s.add(lam.mul(w));
                        gq.intoArray(g, q);
                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(w.mul(w));
                    }
                }
                // ∂V[a,j] = Σ_i U[a,i] R[i,j] + λV[a,j]
                for (int a = 0; a < k; a++) {
                    for (int j = 0; j < n; j++) {
                        DoubleVector s = DoubleVector.fromArray(S, th, a * m * L).mul(DoubleVector.fromArray(S, res, j * L));
                        for (int i = 1; i < m; i++)
                            s = s.add(DoubleVector.fromArray(S, th, (a * m + i) * L)
                                    .mul(DoubleVector.fromArray(S, res, (i * n + j) * L)));
                        int q = vOff + (a * n + j) * L;
                        DoubleVector w = DoubleVector.fromArray(S, th, q), gq = s.add(lam.mul(w));
                        gq.intoArray(g, q);
                        g2 = g2.add(gq.mul(gq));
                        n2 = n2.add(w.mul(w));
                    }
                }
                DoubleVector crit = g2;
                if (lossCriterion) {
                    DoubleVector rr = DoubleVector.fromArray(S, res, 0);
                    rr = rr.mul(rr);
                    for (int q = L; q < m * n * L; q += L) {
                        DoubleVector rq = DoubleVector.fromArray(S, res, q);
                        rr = rr.add(rq.mul(rq));
                    }
                    crit = half.mul(rr).add(halfLam.mul(n2));
                }
                VectorMask<Double> converged = crit.compare(VectorOperators.LE, threshold);
                VectorMask<Double> diverged = n2.compare(VectorOperators.LE, radius2).not()
                        .or(g2.compare(VectorOperators.LT, infinity).not());
                VectorMask<Double> done = converged.or(diverged).or(it.compare(VectorOperators.GE, cap));
                VectorMask<Double> active = done.not();
                for (int q = 0; q < P * L; q += L)
                    DoubleVector.fromArray(S, th, q).sub(h.mul(DoubleVector.fromArray(S, g, q)), active).intoArray(th, q);
                it = it.add(one, active);
                // Masks never cross the loop's back edge (that would box them); read them once per block.
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
        blockConverged = convergedBits;
        blockDiverged = divergedBits;
        slotSteps += steps * L;
        return doneBits;
    }
}
