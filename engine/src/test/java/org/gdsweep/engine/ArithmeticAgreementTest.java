package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

/**
 * How far FMA and float32 results may be from exact ones, away from the convergence boundary.
 *
 * <p>Every start below converges in all three arithmetics. A GD run that converges contracts the directions across
 * the minimiser set and is neutral along it, so rounding errors made along the way are forgotten across the set and
 * accumulate (at worst linearly) along it: after n steps the limit may move by about n·u·|θ| with u the unit
 * roundoff (2⁻⁵³ exact and FMA, 2⁻²⁴ float32). Each run also stops somewhere within ‖∇L‖ ≤ tol of its limit, that
 * is within tol/μ of it, μ the smallest curvature across the minimiser set; two runs may stop on either side, so
 * their last iterates differ by up to 2·tol/μ more. The test asserts 4·n·u·(1 + |θ|) + 2·tol/μ, that the outcome
 * (status) is the same, and that the step count differs by at most a few steps plus 2 % (the last steps cross the
 * threshold at slightly different values).
 */
class ArithmeticAgreementTest {

    private static final double TOL = 1e-5;
    private static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, TOL, 1e8, 20_000);

    private static SweepResult run(Problem p, Slice s) {
        return Sweep.run(p, s, RULE, Sweep.Options.defaults().withThetaIndex(0, 1), ProgressListener.NONE).result();
    }

    /** @param curvature μ, a lower bound of the curvature across the minimiser set at the limits (∞: no stopping term) */
    private static void assertAgree(Problem exact, Problem other, double unitRoundoff, double curvature, Slice s) {
        SweepResult e = run(exact, s), o = run(other, s);
        int compared = 0;
        double worst = 0;
        for (int k = 0; k < e.runs(); k++) {
            if (e.status[k] != Status.CONVERGED.code) continue;
            assertEquals(e.status[k], o.status[k], "run " + k + ": " + other.arithmetic() + " outcome");
            int n = e.iterations[k];
            assertTrue(Math.abs(o.iterations[k] - n) <= 3 + 0.02 * n,
                    "run " + k + ": " + o.iterations[k] + " vs " + n + " steps");
            for (int q = 0; q < 2; q++) {
                double scale = 1 + Math.abs(e.theta[q][k]);
                double bound = 4 * n * unitRoundoff * scale + 2 * TOL / curvature;
                double diff = Math.abs(o.theta[q][k] - e.theta[q][k]);
                worst = Math.max(worst, diff / bound);
                assertTrue(diff <= bound, "run " + k + " θ" + q + ": " + other.arithmetic() + " " + o.theta[q][k]
                        + " vs exact " + e.theta[q][k] + " after " + n + " steps (bound " + bound + ")");
            }
            compared++;
        }
        assertTrue(compared > s.count() / 3, "enough converged runs compared: " + compared);
        System.out.printf("%s vs exact: worst |Δθ| / bound = %.3g over %d runs%n", other.arithmetic(), worst, compared);
    }

    @Test
    void scalarVectorWellInsideTheEllipse() {
        double[][] ax = Slice.axes(2, 0, 1);
        Slice s = new Slice(new double[2], ax[0], ax[1], -2, 2, -2, 2, 48, 48, 0.5);
        Problem exact = new ScalarVectorFactorization(1, 1, 0);
        // μ: the Hessian of ½(uv − y)² at a minimiser has the single non-zero eigenvalue N = u² + v² ≥ 2|y| (§3)
        assertAgree(exact, new ScalarVectorFactorization(1, 1, 0, Arithmetic.FMA), 0x1p-53, 2, s);
        assertAgree(exact, new ScalarVectorFactorization(1, 1, 0, Arithmetic.FLOAT32), 0x1p-24, 2, s);
    }

    @Test
    void regularisedDeepChain() {
        double[][] ax = Slice.axes(3, 0, 1);
        Slice s = new Slice(new double[] {0, 0, 0.8}, ax[0], ax[1], -1.5, 1.5, -1.5, 1.5, 32, 32, 0.2);
        Problem exact = new DeepChain(3, 1, 0.05, Arithmetic.EXACT);
        // With weight decay the minimisers are isolated and attract in every direction, so the runs agree within the
        // roundoff term alone (no stopping term: μ = ∞).
        assertAgree(exact, new DeepChain(3, 1, 0.05, Arithmetic.FMA), 0x1p-53, Double.POSITIVE_INFINITY, s);
        assertAgree(exact, new DeepChain(3, 1, 0.05, Arithmetic.FLOAT32), 0x1p-24, Double.POSITIVE_INFINITY, s);
    }
}
