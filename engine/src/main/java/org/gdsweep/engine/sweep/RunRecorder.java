package org.gdsweep.engine.sweep;

import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.Sharpness;
import org.gdsweep.engine.start.StartSource;

/**
 * Records each retired run (one instance per worker thread): evaluates the final iterate with the scalar reference
 * (loss, ‖∇L‖, N, D, uᵀv, kept parameters), classifies what a converged run reached ({@link Problem#classifyLimit}:
 * a global minimiser, the origin, another critical point) and, on request, features of the limit:
 * <ul>
 *   <li>sharpness of converged runs, and of every bounded run with a fixed horizon ({@link Sharpness});</li>
 *   <li>asymptotic gradient norm of undecided runs: GD is continued from θ_cap with the scalar reference for T
 *       steps and ‖∇L‖ averaged over θ_cap … θ_{cap+T−1};</li>
 *   <li>orbit period: after that window, the smallest p ≤ {@link #MAX_PERIOD} with
 *       ‖θ_{t+p} − θ_t‖ ≤ 1e-8·max(1, ‖θ_t‖) is the period (1 for converged runs, 0 if none: aperiodic or not yet
 *       settled, −1 for runs that diverge, also within the window). Only the current and the reference iterate are
 *       kept: no trajectory is stored. Neither continuation runs for heavy-ball momentum ({@link Problem#momentum()}:
 *       the kernels do not hand over the velocity): the asymptotic norm of undecided runs is then NaN, their period 0;</li>
 *   <li>distance ‖θ_final − θ₀‖ (θ₀ regenerated from the start source), which minimiser a converged run reached
 *       ({@link Problem#minimiserSide}), and the sign pattern ({@link #orthant}) of θ_final.</li>
 * </ul>
 */
public final class RunRecorder implements LaneSink {
    /** Entry {@code code & 0xFF}: whether a status code is {@link Status#UNDECIDED}. */
    private static final boolean[] IS_UNDECIDED = new boolean[256];

    static {
        IS_UNDECIDED[Status.UNDECIDED.code & 0xFF] = true;
    }

    /** Largest orbit period looked for. */
    public static final int MAX_PERIOD = 32;
    private static final double PERIOD_TOLERANCE = 1e-8;

    private final Problem problem;
    private final StopRule rule;
    private final StartSource starts;
    private final int window;
    private final SweepResult out;
    private final double[] theta, gradient, scratch, start, reference;
    private final Sharpness sharpness;
    private final double zeroBand, minimumLoss;

    public RunRecorder(Problem problem, StopRule rule, StartSource starts, Sweep.Options options, SweepResult out) {
        this.problem = problem;
        this.rule = rule;
        this.starts = starts;
        this.window = options.trailingWindow();
        this.out = out;
        int p = problem.parameterCount();
        this.theta = new double[p];
        this.gradient = new double[p];
        this.scratch = new double[problem.scratchSize()];
        this.start = new double[p];
        this.reference = new double[p];
        this.sharpness = options.sharpness() ? new Sharpness(problem) : null;
        this.zeroBand = Math.sqrt(rule.tolerance());
        this.minimumLoss = problem.minimumLoss();
    }

    @Override
    public void retire(long index, byte status, int iterations, double gradNorm2, double norm2, double[] buf, int offset, int stride) {
        for (int p = 0; p < theta.length; p++) theta[p] = buf[offset + p * stride];
        int r = (int) index;
        double loss = Double.NaN;
        if (rule.fixedHorizon()) {
            // the one place a fixed-horizon run is classified (StopRule.atHorizon): kernels only ran it to T steps
            if (rule.needsLoss() && status == Status.UNDECIDED.code) loss = problem.loss(theta, scratch);
            status = rule.atHorizon(status, rule.criterionValue(gradNorm2, loss, problem.lambda(), norm2));
        }
        out.status[r] = status;
        out.iterations[r] = iterations;
        // ‖∇L‖² and ‖θ‖² come from the kernel's stop test (the same bits the reference computes): without recomputing
        // the gradient here the 5x4 matrix sweep ran 13-32 % faster (BENCHMARKS.md)
        if (out.loss != null) {
            out.gradNorm[r] = Math.sqrt(gradNorm2);
            out.loss[r] = Double.isNaN(loss) ? problem.loss(theta, scratch) : loss;
            out.norm2[r] = norm2;
            out.imbalance[r] = problem.imbalance(theta);
            for (int k = 0; k < out.derived.length; k++) out.derived[k][r] = problem.derived(k, theta);
        }
        for (int q = 0; q < out.thetaIndex.length; q++) out.theta[q][r] = theta[out.thetaIndex[q]];
        // looked up, not compared: a comparison is a branch, and C2 compiled this method from first tiles in which no run
        // was undecided (runs that reach the cap are rare and clustered), then trapped at the first one (unstable_if,
        // -Xlog:deoptimization) and recompiled, two or three times per cold 4096² map (BENCHMARKS.md, session 17)
        boolean converged = status == Status.CONVERGED.code, undecided = IS_UNDECIDED[status & 0xFF];
        out.limit[r] = converged ? problem.classifyLimit(theta, norm2, out.loss != null ? out.loss[r] : loss, minimumLoss, rule.tolerance(), scratch).code
                : LimitKind.NONE.code;
        // with a fixed horizon every bounded run's final state is data ([LM] plots sharpness after T steps, converged or not)
        boolean sharpnessWanted = converged | (undecided & rule.fixedHorizon()); // no branch on undecided either
        if (out.sharpness != null) out.sharpness[r] = sharpnessWanted ? sharpness.at(theta) : Double.NaN;
        if (out.distance != null) {
            starts.start(index, start, 0, 1);
            double d2 = 0;
            for (int p = 0; p < theta.length; p++) d2 += (theta[p] - start[p]) * (theta[p] - start[p]);
            out.distance[r] = Math.sqrt(d2);
            out.minimiserSide[r] = converged ? problem.minimiserSide(start, theta) : 0;
            out.limitOrthant[r] = orthant(theta, zeroBand);
        }
        // Continuations below move theta forward; everything about the final iterate is recorded above.
        double eta = starts.stepSize(index);
        // continuing a heavy-ball run needs its velocity, which kernels do not hand over: no continuation features then
        boolean continuable = problem.momentum() == 0;
        boolean bounded = undecided;
        if (out.asymptoticGradNorm != null) {
            double mean = undecided && continuable ? trailingMean(eta) : Double.NaN;
            bounded = undecided && (!continuable || !Double.isNaN(mean));
            out.asymptoticGradNorm[r] = converged ? Math.sqrt(gradNorm2) : mean;
        }
        if (out.period != null) {
            out.period[r] = converged ? 1 : !bounded ? -1 : continuable ? period(eta) : 0;
        }
    }

    /**
     * Ternary sign pattern of θ: Σ_q 3^(P−1−q)·(s_q + 1) with s_q = sign(θ_q), and s_q = 0 when |θ_q| ≤ zero. The
     * band is √tol (tol of the stop rule): a run that converged to a point with a zero coordinate, such as the
     * origin (‖∇L‖ ≈ λ‖θ‖ there), lands within it, while the minimisers' coordinates are O(1). Exact for P ≤ 39
     * parameters; beyond, the accumulation wraps modulo 2^64 and the code is a fingerprint.
     */
    public static long orthant(double[] theta, double zero) {
        long code = 0;
        for (double t : theta) code = 3 * code + (t > zero ? 2 : t < -zero ? 0 : 1);
        return code;
    }

    /** Mean ‖∇L‖ over the next {@code window} iterates; NaN if the run leaves the radius. */
    private double trailingMean(double eta) {
        double sum = 0;
        for (int t = 0; t < window; t++) {
            double g2 = problem.gradient(theta, gradient, scratch);
            if (!(problem.norm2(theta) <= rule.divergenceNorm2()) || !(g2 < Double.POSITIVE_INFINITY)) return Double.NaN;
            sum += Math.sqrt(g2);
            descend(eta);
        }
        return sum / window;
    }

    private byte period(double eta) {
        System.arraycopy(theta, 0, reference, 0, theta.length);
        double scale = Math.max(1, problem.norm2(reference));
        for (int p = 1; p <= MAX_PERIOD; p++) {
            double g2 = problem.gradient(theta, gradient, scratch);
            if (!(g2 < Double.POSITIVE_INFINITY)) return -1;
            descend(eta);
            if (!(problem.norm2(theta) <= rule.divergenceNorm2())) return -1;
            double d2 = 0;
            for (int q = 0; q < theta.length; q++) d2 += (theta[q] - reference[q]) * (theta[q] - reference[q]);
            if (d2 <= PERIOD_TOLERANCE * PERIOD_TOLERANCE * scale) return (byte) p;
        }
        return 0;
    }

    /** θ ← θ − η·g with the gradient just computed into {@link #gradient}. */
    private void descend(double eta) {
        for (int p = 0; p < theta.length; p++) theta[p] = problem.descend(theta[p], eta, gradient[p]);
    }
}
