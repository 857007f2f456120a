package org.gdsweep.engine.scan;

import org.gdsweep.engine.problem.Sharpness;
import java.util.Arrays;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.StopRule;

/**
 * One GD run with its path recorded every k steps, computed with the scalar reference (so its classification and
 * final iterate are bit-identical to the same start in a sweep). Records, at steps 0, k, 2k, … and at the final step:
 * loss, ‖∇L‖, N = ‖θ‖², imbalance, parameters, and the sharpness every {@code sharpnessEvery} recorded points.
 */
public final class Trajectory {
    /** Step numbers of the recorded points. */
    public final int[] steps;
    public final double[] loss, gradNorm, norm2, imbalance, sharpness;
    /** theta[p][t]. */
    public final double[][] theta;
    public final byte status;
    public final int iterations;

    private Trajectory(int n, int p, byte status, int iterations) {
        steps = new int[n];
        loss = new double[n];
        gradNorm = new double[n];
        norm2 = new double[n];
        imbalance = new double[n];
        sharpness = new double[n];
        Arrays.fill(sharpness, Double.NaN);
        theta = new double[p][n];
        this.status = status;
        this.iterations = iterations;
    }

    public int points() { return steps.length; }

    /**
     * @param every          record every k-th step (≥ 1)
     * @param sharpnessEvery compute the sharpness at every j-th recorded point (0 = never)
     */
    public static Trajectory run(Problem problem, double[] start, double eta, StopRule rule, int every, int sharpnessEvery) {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1");
        int p = problem.parameterCount();
        double[] th = start.clone(), g = new double[p], v = new double[p], scratch = new double[problem.scratchSize()];
        problem.roundStart(th);
        // the loss criterion is tested at every step; the notebook's data term only at the horizon (its threshold is −∞ before)
        boolean lossEveryStep = rule.criterion() == StopRule.Criterion.LOSS;
        // first pass: classify, to size the arrays exactly
        int it = 0, status;
        for (; ; it++) {
            double g2 = problem.gradient(th, g, scratch);
            double n2 = problem.norm2(th), loss = lossEveryStep ? problem.loss(th, scratch) : Double.NaN;
            status = rule.classify(rule.criterionValue(g2, loss, problem.lambda(), n2), n2, g2, it);
            if (status >= 0) {
                if (rule.needsLoss() && Double.isNaN(loss)) loss = problem.loss(th, scratch);
                status = rule.atHorizon((byte) status, rule.criterionValue(g2, loss, problem.lambda(), n2));
                break;
            }
            problem.step(th, g, v, eta);
        }
        int n = it / every + 1 + (it % every == 0 ? 0 : 1);
        Trajectory t = new Trajectory(n, p, (byte) status, it);
        Sharpness sharp = sharpnessEvery > 0 ? new Sharpness(problem) : null;
        th = start.clone();
        problem.roundStart(th);
        java.util.Arrays.fill(v, 0.0);
        int rec = 0;
        for (int s = 0; s <= it; s++) {
            double g2 = problem.gradient(th, g, scratch);
            if (s % every == 0 || s == it) {
                t.steps[rec] = s;
                t.loss[rec] = problem.loss(th, scratch);
                t.gradNorm[rec] = Math.sqrt(g2);
                t.norm2[rec] = problem.norm2(th);
                t.imbalance[rec] = problem.imbalance(th);
                for (int q = 0; q < p; q++) t.theta[q][rec] = th[q];
                if (sharp != null && (rec % sharpnessEvery == 0 || s == it) && Double.isFinite(t.norm2[rec]))
                    t.sharpness[rec] = sharp.at(th);
                rec++;
            }
            if (s < it) problem.step(th, g, v, eta);
        }
        assert rec == n;
        return t;
    }
}
