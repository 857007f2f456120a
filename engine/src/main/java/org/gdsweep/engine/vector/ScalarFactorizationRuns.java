package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;

/**
 * The d = 1 scalar factorization L(x,y) = ½(xy − t)² + (λ/2)(x² + y²), one run at a time in plain Java: one lane of
 * {@link ScalarFactorizationLanes}, whose order is the reference's ({@link ScalarVectorFactorization} for d = 1):
 * r = x·y − t; gx = r·y + λ·x; gy = r·x + λ·y; ‖g‖² = gx·gx + gy·gy; ‖θ‖² = x·x + y·y; L = ½·r² + (λ/2)·‖θ‖²;
 * converged if the criterion ≤ threshold, else diverged if ‖θ‖² is not ≤ R² or ‖g‖² not finite, else undecided at the
 * cap; otherwise x ← x − η·gx, y ← y − η·gy. Results are bit-identical to the reference's
 * (KernelBitIdentityTest).
 *
 * <p>Why it exists: a cold sweep starts on scalar code while the JIT compiles the vector kernel (the warm start), and
 * most maps of up to ~1024² finish there. The reference's problem-generic loop (gradient, norm, classification and step
 * through arrays and interfaces) took 0.35 s of a cold 1024² ½(xy − 1)² map on two threads; this loop, which C2
 * compiles in milliseconds, does the same runs in about half that (BENCHMARKS.md, session 12).
 */
final class ScalarFactorizationRuns implements LaneKernel {
    private final double target, lambda, halfLambda;
    private final boolean lossCriterion;
    private final StopRule rule;
    private final double[] theta = new double[2];
    private long slotSteps;

    ScalarFactorizationRuns(ScalarVectorFactorization problem, StopRule rule) {
        if (problem.d() != 1) throw new IllegalArgumentException("d = 1 only, got d = " + problem.d());
        this.target = problem.y();
        this.lambda = problem.lambda();
        this.halfLambda = 0.5 * problem.lambda();
        this.lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        this.rule = rule;
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        for (long index = first; index < first + count; index++) {
            starts.start(index, theta, 0, 1);
            double h = starts.stepSize(index), x = theta[0], y = theta[1], g2, n2;
            int it = 0;
            int status;
            while (true) {
                double r = x * y - target;
                double gx = r * y + lambda * x, gy = r * x + lambda * y;
                g2 = gx * gx + gy * gy;
                n2 = x * x + y * y;
                double criterion = lossCriterion ? 0.5 * (r * r) + halfLambda * n2 : g2;
                // the stop rule's own tests (StopRule.classify, what the reference calls): the JIT inlines them
                status = rule.classify(criterion, n2, g2, it);
                if (status >= 0) break;
                x -= h * gx;
                y -= h * gy;
                it++;
            }
            theta[0] = x;
            theta[1] = y;
            slotSteps += it;
            sink.retire(index, (byte) status, it, g2, n2, theta, 0, 1);
        }
    }

    @Override public int laneWidth() { return 1; }

    @Override public long laneSlotSteps() { return slotSteps; }
}
