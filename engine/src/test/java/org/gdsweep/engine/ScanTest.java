package org.gdsweep.engine;

import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.problem.LinearNetwork;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.sweep.Status;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/** Step-size scans against docs/science.md §3. */
class ScanTest {

    static ScanStatistics scan(Problem p, StartSource base, double[] etas, int maxIter, boolean sharpness, int window) {
        StepSizeScan scan = new StepSizeScan(base, etas);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, maxIter);
        SweepResult r = Sweep.run(p, scan, rule, Sweep.Options.defaults().withSharpness(sharpness).withTrailingWindow(window),
                ProgressListener.NONE).result();
        return new ScanStatistics(scan, r, 16);
    }

    /**
     * Statistics accumulated from blocks of step sizes (a tiled scan's tiles, in any order, each read once per pass)
     * equal those of the whole scan bit for bit, histograms included (their bins span every step size's runs).
     */
    @Test
    void blocksOfStepSizesAccumulateToTheWholeScan() {
        Problem p = new ScalarVectorFactorization(1, 1, 0.05);
        StartSource base = new GaussianStarts(300, 2, 1, 3, 1);
        double[] etas = {0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.2};
        Sweep.Options options = Sweep.Options.defaults().withSharpness(true).withTrailingWindow(50).withLimitFeatures(true);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 3000);
        StepSizeScan whole = new StepSizeScan(base, etas);
        ScanStatistics expected = new ScanStatistics(whole, Sweep.run(p, whole, rule, options, ProgressListener.NONE).result(), 16);
        int[][] blocks = {{4, 3}, {0, 2}, {2, 2}}; // (first step size, step sizes), out of order
        SweepResult[] parts = new SweepResult[blocks.length];
        ScanStatistics.Accumulator acc = new ScanStatistics.Accumulator(etas, base.count(), 16, true, true);
        for (int b = 0; b < blocks.length; b++) {
            StepSizeScan block = new StepSizeScan(base, java.util.Arrays.copyOfRange(etas, blocks[b][0], blocks[b][0] + blocks[b][1]));
            parts[b] = Sweep.run(p, block, rule, options, ProgressListener.NONE).result();
            acc.summarise(blocks[b][0], parts[b]);
        }
        for (int b = blocks.length - 1; b >= 0; b--) acc.count(blocks[b][0], parts[b]);
        ScanStatistics actual = acc.result();
        assertArrayEquals(expected.convergedFraction, actual.convergedFraction);
        assertArrayEquals(expected.undecidedFraction, actual.undecidedFraction);
        assertArrayEquals(expected.asymptoticGradNorm, actual.asymptoticGradNorm);
        assertArrayEquals(expected.nearestFraction, actual.nearestFraction);
        for (int e = 0; e < etas.length; e++) assertArrayEquals(expected.periodCounts[e], actual.periodCounts[e]);
        ScanStatistics.Field[][] fields = {{expected.norm2, actual.norm2}, {expected.imbalance, actual.imbalance},
                {expected.sharpness, actual.sharpness}, {expected.iterations, actual.iterations}};
        for (ScanStatistics.Field[] f : fields) {
            assertArrayEquals(f[0].edges(), f[1].edges(), f[0].name());
            for (int e = 0; e < etas.length; e++) {
                assertArrayEquals(f[0].quantiles()[e], f[1].quantiles()[e], f[0].name());
                assertArrayEquals(f[0].counts()[e], f[1].counts()[e], f[0].name());
            }
        }
        assertTrue(expected.convergedFraction[0] > 0.5 && expected.convergedFraction[6] < 0.5, "the scan crosses the transition");
    }

    @Test
    void convergedFractionCollapsesAtOneForUnitTarget() {
        // ½(uv − 1)²: η_crit = 1/|y| = 1; the fraction drops from clearly positive to ~0 (Theorem 1, [CG]).
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        ScanStatistics s = scan(p, new GaussianStarts(4000, 2, 1, 7, 1), new double[] {0.97, 0.99, 1.01, 1.03}, 20_000, false, 200);
        assertTrue(s.convergedFraction[0] > 0.2 && s.convergedFraction[1] > 0.2, "below 1: " + s.convergedFraction[1]);
        assertTrue(s.convergedFraction[2] < 0.01 && s.convergedFraction[3] < 0.01, "above 1: " + s.convergedFraction[2]);
        // beyond η_crit bounded runs settle on orbits with a positive asymptotic gradient norm, growing with η
        assertTrue(s.asymptoticGradNorm[1] < 1e-6, "below: " + s.asymptoticGradNorm[1]);
        assertTrue(s.asymptoticGradNorm[3] > s.asymptoticGradNorm[2] && s.asymptoticGradNorm[2] > 1e-3,
                "above: " + s.asymptoticGradNorm[2] + ", " + s.asymptoticGradNorm[3]);
    }

    @Test
    void matrixTransitionAtInverseLargestSingularValue() {
        double[] y = {1.0, 0, 0, 0, 0.5, 0, 0, 0, 0.25};
        MatrixFactorization p = new MatrixFactorization(3, 3, 3, y, 0);
        double crit = p.globalCriticalStep();
        assertEquals(1.0, crit, 1e-12);
        ScanStatistics s = scan(p, new GaussianStarts(600, p.parameterCount(), 0.3, 9, 1),
                new double[] {0.95 * crit, 1.05 * crit}, 20_000, false, 0);
        assertTrue(s.convergedFraction[0] > 0.5, "below: " + s.convergedFraction[0]);
        assertEquals(0, s.convergedFraction[1], 0.002, "above");
    }

    @Test
    void deepChainTransitionAtClosedFormCriticalStep() {
        // [CG]: η_crit = 2 / (H·|y|^{2−2/H}); H = 3, y = 1 gives 2/3. The flattest minimiser is balanced.
        DeepChain p = new DeepChain(3, 1, 0);
        double crit = p.globalCriticalStep();
        assertEquals(2.0 / 3, crit, 1e-15);
        StepSizeScan scan = new StepSizeScan(new GaussianStarts(2000, 3, 0.9, 4, 1), new double[] {0.95 * crit, 1.05 * crit});
        SweepResult r = Sweep.run(p, scan, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 50_000),
                Sweep.Options.defaults().withSharpness(true), ProgressListener.NONE).result();
        ScanStatistics s = new ScanStatistics(scan, r, 8);
        assertTrue(s.convergedFraction[0] > 0.2, "below: " + s.convergedFraction[0]);
        assertTrue(s.convergedFraction[1] < 0.002, "above: " + s.convergedFraction[1]);
        // every converged limit is at least as sharp as the balanced minimiser (sharpness H|y|^{2-2/H} = 3) and stable
        for (int k = 0; k < 2000; k++) {
            if (r.status[k] != Status.CONVERGED.code || r.iterations[k] == 0) continue;
            assertTrue(r.sharpness[k] >= 3 - 1e-6 && r.sharpness[k] < 2 / (0.95 * crit) + 1e-6, "sharpness " + r.sharpness[k]);
        }
    }

    @Test
    void linearNetworkTransitionAtClosedFormCriticalStep() {
        // [CG]: η_crit = 2/(H·σ_max(Φ)^{2−2/H}); widths 2,2,2,2 (H = 3), Φ = diag(1, 0.4): 2/3
        LinearNetwork p = new LinearNetwork(new int[] {2, 2, 2, 2}, new double[] {1, 0, 0, 0.4}, 0);
        double crit = p.globalCriticalStep();
        assertEquals(2.0 / 3, crit, 1e-12);
        ScanStatistics s = scan(p, new GaussianStarts(400, p.parameterCount(), 0.3, 8, 1), new double[] {0.95 * crit, 1.05 * crit},
                20_000, false, 0);
        assertTrue(s.convergedFraction[0] > 0.9, "below: " + s.convergedFraction[0]);
        assertTrue(s.convergedFraction[1] < 0.01, "above: " + s.convergedFraction[1]);
    }

    @Test
    void sharpnessOfUnregularisedMinimiserIsItsNorm() {
        // λ = 0: sharpness at a minimiser equals N; stable limits have N < 2/η ([LM], docs/science.md §3)
        ScalarVectorFactorization p = new ScalarVectorFactorization(3, 1, 0);
        StepSizeScan scan = new StepSizeScan(new GaussianStarts(500, 6, 0.7, 2, 1), new double[] {0.3, 0.6, 0.9});
        SweepResult r = Sweep.run(p, scan, StopRule.defaults(), Sweep.Options.defaults().withSharpness(true), ProgressListener.NONE).result();
        int checked = 0;
        for (int k = 0; k < r.runs(); k++) {
            if (r.status[k] != Status.CONVERGED.code || r.norm2[k] < 1e-3 || r.iterations[k] == 0) continue;
            assertEquals(r.norm2[k], r.sharpness[k], 1e-7 * r.norm2[k], "run " + k);
            assertTrue(r.norm2[k] < 2 / scan.stepSize(k) + 1e-6, "stable limit");
            checked++;
        }
        assertTrue(checked > 500);
    }

    @Test
    void regularisedSharpnessMatchesClosedForm() {
        // y > λ: minimisers u = v, ‖u‖² = y − λ, sharpness max(2(y − λ), 2λ)
        double y = 1, lambda = 0.2;
        ScalarVectorFactorization p = new ScalarVectorFactorization(2, y, lambda);
        StepSizeScan scan = new StepSizeScan(new GaussianStarts(200, 4, 0.5, 5, 1), new double[] {0.5});
        SweepResult r = Sweep.run(p, scan, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-10, 1e8, 10_000),
                Sweep.Options.defaults().withSharpness(true), ProgressListener.NONE).result();
        int checked = 0;
        for (int k = 0; k < r.runs(); k++) {
            if (r.status[k] != Status.CONVERGED.code || r.norm2[k] < 1e-3) continue;
            assertEquals(2 * (y - lambda), r.sharpness[k], 1e-7, "run " + k);
            checked++;
        }
        assertTrue(checked > 100);
    }

    @Test
    void balancingBoundHoldsForEveryConvergedRun() {
        // [WCZT]: ½(µ − xᵀy)² with step h: a converged (stable) limit has ‖x∞ − y∞‖² ≤ 2/h − 2µ, even from very
        // unbalanced starts.
        double mu = 1;
        int d = 4;
        ScalarVectorFactorization p = new ScalarVectorFactorization(d, mu, 0);
        StartSource unbalanced = new StartSource() {
            final GaussianStarts g = new GaussianStarts(800, 2 * d, 1, 3, 1);
            @Override public long count() { return g.count(); }
            @Override public int parameterCount() { return 2 * d; }
            @Override public double stepSize(long i) { return 1; }
            @Override public void start(long i, double[] dst, int off, int stride) {
                g.start(i, dst, off, stride);
                for (int q = 0; q < d; q++) dst[off + q * stride] *= 2.0;           // x large
                for (int q = d; q < 2 * d; q++) dst[off + q * stride] *= 0.1;       // y small
            }
        };
        double[] etas = StepSizeScan.linear(0.05, 0.9, 18);
        StepSizeScan scan = new StepSizeScan(unbalanced, etas);
        SweepResult r = Sweep.run(p, scan, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 50_000),
                Sweep.Options.defaults().withThetaIndex(Results.allParameters(p)), ProgressListener.NONE).result();
        int checked = 0;
        for (int k = 0; k < r.runs(); k++) {
            if (r.status[k] != Status.CONVERGED.code) continue;
            double gap = 0;
            for (int q = 0; q < d; q++) {
                double diff = r.theta[q][k] - r.theta[d + q][k];
                gap += diff * diff;
            }
            double h = scan.stepSize(k);
            assertTrue(gap <= 2 / h - 2 * mu + 1e-6, "run " + k + " at h=" + h + ": " + gap + " > " + (2 / h - 2 * mu));
            checked++;
        }
        assertTrue(checked > 1000, "converged runs: " + checked);
    }
}
