package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.problem.LinearNetwork;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

/**
 * What a converged run reached (science.md §3, §5): the minimum losses in closed form against long GD runs, and the
 * classification of limits that are not minimisers — the saddle at the origin, rank-deficient saddles of matrix
 * factorization, dead ReLU networks.
 */
class LimitClassificationTest {
    private static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 200_000);

    /** Explicit starts, all at one step size. */
    record Starts(double[][] points, double eta) implements StartSource {
        @Override public long count() { return points.length; }
        @Override public int parameterCount() { return points[0].length; }
        @Override public void start(long i, double[] dst, int off, int stride) {
            for (int p = 0; p < points[0].length; p++) dst[off + p * stride] = points[(int) i][p];
        }
        @Override public double stepSize(long i) { return eta; }
    }

    private static SweepResult run(Problem p, StartSource s) {
        return Sweep.run(p, s, RULE, Sweep.Options.defaults(), ProgressListener.NONE).result();
    }

    @Test
    void saddleBasinOfTheScalarProblemIsTheOriginNotAMinimiser() {
        // ½(uv − 1)² on a symmetric grid: the points of u = −v go straight to the origin (s = u + v = 0 stays 0 and
        // t = u − v shrinks while |t| is small enough). Beyond η = 1 no minimiser is stable: "converged" is all saddle.
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        for (double eta : new double[] {0.5, 1.01}) {
            Slice grid = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, -2, 2, -2, 2, 41, 41, eta);
            SweepResult r = run(p, grid);
            long origin = r.count(LimitKind.ORIGIN), minimiser = r.count(LimitKind.MINIMISER);
            assertEquals(r.count(Status.CONVERGED), origin + minimiser, "every converged scalar run is a minimiser or the origin");
            for (int j = 0; j < 41; j++) {
                int onAntiDiagonal = j * 41 + (40 - j); // u = −v
                if (r.status[onAntiDiagonal] == Status.CONVERGED.code) assertEquals(LimitKind.ORIGIN.code, r.limit[onAntiDiagonal]);
            }
            assertTrue(origin > 0, "the grid hits the saddle's basin at eta " + eta);
            // beyond η = 1/|y| no minimiser is stable: only starts that are minimisers (uv = 1 exactly: fixed points,
            // converged at step 0) end at one
            double[] a = grid.alphas(), b = grid.betas();
            long fixedPoints = 0;
            for (int j = 0; j < 41; j++)
                for (int i = 0; i < 41; i++)
                    if (a[i] * b[j] == 1) {
                        fixedPoints++;
                        assertEquals(0, r.iterations[j * 41 + i]);
                    }
            if (eta > 1) assertEquals(fixedPoints, minimiser, "no minimiser is stable beyond eta = 1/|y|");
            else assertTrue(minimiser > 0.3 * r.runs());
            for (int i = 0; i < r.runs(); i++) if (r.status[i] != Status.CONVERGED.code) assertEquals(LimitKind.NONE.code, r.limit[i]);
        }
    }

    @Test
    void regularisedOriginIsTheMinimiserWhenLambdaExceedsY() {
        // λ ≥ |y|: the origin is the global minimiser, L* = y²/2
        Problem p = new ScalarVectorFactorization(2, 0.3, 0.5);
        assertEquals(0.045, p.minimumLoss(), 1e-15);
        SweepResult r = run(p, new Starts(new double[][] {{0.3, -0.2, 0.1, 0.4}}, 0.5));
        assertEquals(Status.CONVERGED.code, r.status[0]);
        assertEquals(LimitKind.MINIMISER.code, r.limit[0]);
    }

    @Test
    void minimumLossesMatchLongGradientDescent() {
        // scalar: λ|y| − λ²/2 below λ = |y|
        assertEquals(0.2 * 0.5 - 0.02, new ScalarVectorFactorization(3, 0.5, 0.2).minimumLoss(), 1e-15);
        assertEquals(0.2 * 0.5 - 0.02, new ScalarVectorFactorization(3, -0.5, 0.2).minimumLoss(), 1e-15);
        // matrix with weight decay and a rank constraint: GD from a generic start reaches L*
        double[] y = {0.9, 0, 0, 0, 0.5, 0, 0, 0, 0.05};
        MatrixFactorization m = new MatrixFactorization(2, 3, 3, y, 0.1);
        double expected = (0.1 * 0.9 - 0.005) + (0.1 * 0.5 - 0.005) + 0.5 * 0.05 * 0.05; // rank 2: the third value is dropped
        assertEquals(expected, m.minimumLoss(), 1e-14);
        double[] start = new double[m.parameterCount()];
        org.gdsweep.engine.problem.Rng rng = new org.gdsweep.engine.problem.Rng(5);
        for (int q = 0; q < start.length; q++) start[q] = 0.5 * rng.nextGaussian();
        SweepResult r = Sweep.run(m, new Starts(new double[][] {start}, 0.3), RULE, Sweep.Options.defaults(), ProgressListener.NONE).result();
        assertEquals(Status.CONVERGED.code, r.status[0]);
        assertEquals(expected, r.loss[0], 1e-12);
        assertEquals(LimitKind.MINIMISER.code, r.limit[0]);
        // a dense target: singular values from the Jacobi eigen-solver, against the rank-1 bound ½(‖Y‖² − σ₁²) reached by GD
        double[] dense = {1, 2, 0.5, -1, 0.3, 0.7};
        MatrixFactorization d = new MatrixFactorization(1, 2, 3, dense, 0);
        double[] s0 = {0.3, -0.2, 0.4, 0.1, -0.5};
        SweepResult rd = Sweep.run(d, new Starts(new double[][] {s0}, 0.05), RULE, Sweep.Options.defaults(), ProgressListener.NONE).result();
        assertEquals(Status.CONVERGED.code, rd.status[0]);
        assertEquals(d.minimumLoss(), rd.loss[0], 1e-12);
        assertEquals(LimitKind.MINIMISER.code, rd.limit[0]);
        // deep chain with weight decay: the balanced minimiser found by GD
        DeepChain c = new DeepChain(3, 1.5, 0.1);
        SweepResult rc = Sweep.run(c, new Starts(new double[][] {{0.9, 1.1, 1.3}}, 0.05), RULE, Sweep.Options.defaults(), ProgressListener.NONE).result();
        assertEquals(Status.CONVERGED.code, rc.status[0]);
        assertEquals(c.minimumLoss(), rc.loss[0], 1e-12);
        assertEquals(LimitKind.MINIMISER.code, rc.limit[0]);
        // linear network with a bottleneck of width 1: Eckart–Young
        LinearNetwork n = new LinearNetwork(new int[] {2, 1, 2}, new double[] {1, 0, 0, 0.4}, 0);
        assertEquals(0.5 * 0.16, n.minimumLoss(), 1e-15);
    }

    @Test
    void rankDeficientSaddleOfMatrixFactorizationIsAnotherCriticalPoint() {
        // Y = diag(1, 0.5), U, V 2×2 with the second column pair zero: GD keeps it zero (decoupling, science.md §2), so the
        // run converges to UᵀV = diag(1, 0), a saddle with loss 0.5²/2 = 0.125 — converged, not a minimiser.
        MatrixFactorization m = new MatrixFactorization(2, 2, 2, new double[] {1, 0, 0, 0.5}, 0);
        // θ = (U row-major, V row-major): U = [[0.8, 0], [0.1, 0]], V = [[0.9, 0], [-0.2, 0]]
        SweepResult r = run(m, new Starts(new double[][] {{0.8, 0, 0.1, 0, 0.9, 0, -0.2, 0}}, 0.2));
        assertEquals(Status.CONVERGED.code, r.status[0]);
        assertEquals(0.125, r.loss[0], 1e-12);
        assertEquals(LimitKind.OTHER_CRITICAL_POINT.code, r.limit[0]);
        assertEquals(0.0, m.minimumLoss(), 1e-15);
    }

    @Test
    void deadReluNetworkIsAnotherCriticalPoint() {
        // every hidden unit dead (all pre-activations < 0 on the data): the gradient of the weights is exactly 0 and the
        // output is the bias alone — GD stops at once at a critical point that is not a minimiser of the data loss.
        Problem p = LossFamilies.problem("mlp", 0, org.gdsweep.engine.problem.Arithmetic.EXACT, 1, "--widths", "2,2,1", "--activation", "relu",
                "--bias", "off", "--samples", "16");
        // weights W1 (2×2) = 0 except nothing: all zeros is the origin; use W1 = 0, W2 = (1, 1): h = relu(0) = 0, output 0
        double[] theta = new double[p.parameterCount()];
        theta[4] = 1;
        theta[5] = 1;
        SweepResult r = run(p, new Starts(new double[][] {theta}, 0.1));
        assertEquals(Status.CONVERGED.code, r.status[0]);
        assertTrue(r.loss[0] > 1e-3, "the data are not fitted");
        assertEquals(LimitKind.OTHER_CRITICAL_POINT.code, r.limit[0]);
    }

    @Test
    void scanStatisticsCountLimits() {
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        Slice grid = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, -2, 2, -2, 2, 21, 21, 1);
        StepSizeScan scan = new StepSizeScan(grid, new double[] {0.5, 1.01});
        SweepResult r = run(p, scan);
        ScanStatistics st = new ScanStatistics(scan, r, 8);
        for (int e = 0; e < 2; e++) {
            long total = 0;
            for (long c : st.limitCounts[e]) total += c;
            assertEquals(441, total);
            assertEquals(st.convergedFraction[e] * 441, st.limitCounts[e][LimitKind.MINIMISER.code] + st.limitCounts[e][LimitKind.ORIGIN.code], 1e-9);
            assertEquals(st.limitCounts[e][LimitKind.MINIMISER.code] / 441.0, st.minimiserFraction[e], 1e-15);
        }
        assertTrue(st.minimiserFraction[1] < 0.01, "only starts on uv = 1 itself end at a minimiser beyond eta = 1");
        assertTrue(st.convergedFraction[1] > 0, "the saddle's basin converges at eta = 1.01");
    }
}
