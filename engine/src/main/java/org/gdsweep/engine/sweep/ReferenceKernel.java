package org.gdsweep.engine.sweep;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.StartSource;

/**
 * The scalar reference: one run at a time, plain Java, using {@link Problem}'s reference evaluation and
 * {@link StopRule#classify}. Every vector kernel is checked bit for bit against this.
 */
public final class ReferenceKernel implements LaneKernel {
    private final Problem problem;
    private final StopRule rule;
    private final double[] theta, gradient, scratch, velocity;
    private long slotSteps;
    /** Status of the run that {@link #runOne} finished last. */
    private int lastStatus;
    /** ‖∇L‖² and ‖θ‖² at the final iterate of the last run. */
    private double lastG2, lastN2;

    public ReferenceKernel(Problem problem, StopRule rule) {
        this.problem = problem;
        this.rule = rule;
        this.theta = new double[problem.parameterCount()];
        this.gradient = new double[problem.parameterCount()];
        this.scratch = new double[problem.scratchSize()];
        this.velocity = new double[problem.parameterCount()];
    }

    @Override
    public void run(StartSource starts, long first, int count, LaneSink sink) {
        for (long index = first; index < first + count; index++) {
            starts.start(index, theta, 0, 1);
            problem.roundStart(theta);
            double eta = starts.stepSize(index);
            int it = runOne(eta);
            slotSteps += it;
            sink.retire(index, (byte) lastStatus, it, lastG2, lastN2, theta, 0, 1);
        }
    }

    /** Runs GD from {@link #theta} in place; returns the iteration count and leaves the status in lastStatus. */
    private int runOne(double eta) {
        boolean lossCriterion = rule.criterion() == StopRule.Criterion.LOSS;
        java.util.Arrays.fill(velocity, 0.0);
        for (int it = 0; ; it++) {
            double g2 = problem.gradient(theta, gradient, scratch);
            double n2 = problem.norm2(theta);
            double crit = lossCriterion ? problem.loss(theta, scratch) : g2;
            int status = rule.classify(crit, n2, g2, it);
            if (status >= 0) {
                lastStatus = status;
                lastG2 = g2;
                lastN2 = n2;
                return it;
            }
            problem.step(theta, gradient, velocity, eta);
        }
    }

    @Override public int laneWidth() { return 1; }

    @Override public long laneSlotSteps() { return slotSteps; }
}
