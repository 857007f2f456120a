package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;

/**
 * The scalar-vector factorization L(u,v) = ½(uᵀv − y)² + (λ/2)(‖u‖² + ‖v‖²), u, v ∈ ℝᵈ, one run at a time in plain
 * Java with the reference's operation order ({@link ScalarVectorFactorization}, exact arithmetic):
 * r = (u₀v₀ + u₁v₁ + …) − y, summed from the first product; for i = 0 … d−1: gᵤᵢ = r·vᵢ + λ·uᵢ, gᵥᵢ = r·uᵢ + λ·vᵢ,
 * ‖g‖² = gᵤ₀² + gᵥ₀² then gᵥᵢ² + (gᵤᵢ² + ‖g‖²), ‖θ‖² likewise; L = (λ/2)·‖θ‖² + ½·r²; the stop rule's tests in its
 * order; θ ← θ − η·g. Bit-identical to the reference (KernelBitIdentityTest).
 *
 * <p>Why it exists: a cold sweep starts on scalar code while the JIT compiles the vector kernel (the warm start), and
 * most maps of up to ~1024² finish there. The reference goes through the problem's interface and dispatches every
 * operation on the arithmetic; this loop, which the JIT compiles in milliseconds, does the same runs faster
 * (BENCHMARKS.md, session 12). d = 1 and d = 5 have copies of this loop with θ in registers ({@link ScalarVectorRuns1},
 * {@link ScalarVectorRuns5}, generated): this loop on d = 1 took a cold 1024² ½(xy − 1)² map's kernel phase 0.34-0.39 s
 * against their 0.24-0.30 s.
 */
final class ScalarVectorRuns implements LaneKernel {
    private final int d;
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final StopRule rule;
    private final double[] theta, g;
    private long slotSteps;

    ScalarVectorRuns(ScalarVectorFactorization problem, StopRule rule) {
        this.d = problem.d();
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.rule = rule;
        this.theta = new double[2 * d];
        this.g = new double[2 * d];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        final int d = this.d;
        final double[] th = theta, gr = g;
        for (long index = first; index < first + count; index++) {
            starts.start(index, th, 0, 1);
            double h = starts.stepSize(index), g2, n2;
            int it = 0;
            int status;
            while (true) {
                double z = th[0] * th[d];
                for (int i = 1; i < d; i++) z = th[i] * th[d + i] + z;
                double r = z - target;
                double u = th[0], v = th[d], gu = r * v + lambda * u, gv = r * u + lambda * v;
                gr[0] = gu;
                gr[d] = gv;
                g2 = gu * gu + gv * gv;
                n2 = u * u + v * v;
                for (int i = 1; i < d; i++) {
                    u = th[i];
                    v = th[d + i];
                    gu = r * v + lambda * u;
                    gv = r * u + lambda * v;
                    gr[i] = gu;
                    gr[d + i] = gv;
                    g2 = gv * gv + (gu * gu + g2);
                    n2 = v * v + (u * u + n2);
                }
                double criterion = lossCriterion ? halfLambda * n2 + 0.5 * (r * r) : g2;
                // the stop rule's own tests (StopRule.classify, what the reference calls): the JIT inlines them
                status = rule.classify(criterion, n2, g2, it);
                if (status >= 0) break;
                for (int p = 0; p < 2 * d; p++) th[p] = th[p] - h * gr[p];
                it++;
            }
            slotSteps += it;
            sink.retire(index, (byte) status, it, g2, n2, th, 0, 1);
        }
    }

    @Override public int laneWidth() { return 1; }

    @Override public long laneSlotSteps() { return slotSteps; }
}
