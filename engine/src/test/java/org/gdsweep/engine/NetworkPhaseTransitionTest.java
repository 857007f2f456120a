package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

/**
 * [CG]'s step-size phase transition on a non-linear network (issue 14): a two-layer tanh network (2-8-1, biases) fitted to
 * 8 samples of a random 2-2-1 tanh teacher, 64 starts at LeCun scale per η. The converged fraction falls from ≥ 0.9 to
 * ≤ 0.05 across the η grid, the asymptotic gradient norm jumps from ≤ tol (bounded, converged) to unbounded (every run
 * leaves the ball: NaN) at the same place, and every converged run sits at a stable limit: sharpness ≤ 2/η.
 */
class NetworkPhaseTransitionTest {

    @Test
    void convergedFractionAndAsymptoticGradientNormJumpTogetherAndLimitsAreStable() {
        Problem net = LossFamilies.problem("mlp", 0, Arithmetic.EXACT, 0, "--widths", "2,8,1", "--teacher-widths", "2,2,1",
                "--activation", "tanh", "--samples", "8");
        double[] etas = new double[12];
        for (int e = 0; e < etas.length; e++) etas[e] = 0.2 * (e + 1);
        StepSizeScan scan = new StepSizeScan(GaussianStarts.atInitialisationScale(64, net, 1, 0, 1), etas);
        double tol = 1e-4;
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, tol, 1e8, 20_000);
        SweepResult r = Sweep.run(net, scan, rule, Sweep.Options.defaults().withSharpness(true).withTrailingWindow(200), ProgressListener.NONE).result();
        ScanStatistics s = new ScanStatistics(scan, r, 16);
        int high = -1, low = -1;
        for (int e = 0; e < etas.length; e++) {
            if (s.convergedFraction[e] >= 0.9) high = e;
            if (low < 0 && s.convergedFraction[e] <= 0.05) low = e;
        }
        assertTrue(high >= 0 && low > high, "converged fraction should fall from >= 0.9 to <= 0.05: " + java.util.Arrays.toString(s.convergedFraction));
        for (int e = 0; e <= high; e++)
            assertTrue(s.asymptoticGradNorm[e] <= tol, "eta " + etas[e] + ": mean asymptotic |grad L| " + s.asymptoticGradNorm[e]);
        for (int e = low; e < etas.length; e++) {
            // past the transition no run stays bounded with a small gradient: the asymptotic norm is NaN (left the ball) or large
            for (int k = e * 64; k < (e + 1) * 64; k++)
                if (r.status[k] != Status.CONVERGED.code)
                    assertTrue(!(r.asymptoticGradNorm[k] <= 100 * tol), "eta " + etas[e] + " run " + k + ": " + r.asymptoticGradNorm[k]);
        }
        int converged = 0;
        for (int e = 0; e < etas.length; e++)
            for (int k = e * 64; k < (e + 1) * 64; k++)
                if (r.status[k] == Status.CONVERGED.code) {
                    converged++;
                    assertTrue(r.sharpness[k] <= 2 / etas[e], "eta " + etas[e] + ": converged run " + k + " has sharpness " + r.sharpness[k] + " > 2/eta");
                }
        assertTrue(converged > 300, "enough converged runs: " + converged);
        assertEquals(0, s.undecidedFraction[0]);
    }
}
