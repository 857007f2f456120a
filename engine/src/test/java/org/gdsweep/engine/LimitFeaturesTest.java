package org.gdsweep.engine;

import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/** Orbit periods, distance from the start and nearest/farthest minimiser. */
class LimitFeaturesTest {

    /** One start (x, y) of ½(xy − 1)² at step η. */
    record OneStart(double x, double y, double eta) implements StartSource {
        @Override public long count() { return 1; }
        @Override public int parameterCount() { return 2; }
        @Override public void start(long i, double[] dst, int off, int stride) {
            dst[off] = x;
            dst[off + stride] = y;
        }
        @Override public double stepSize(long i) { return eta; }
    }

    private static SweepResult run(Problem p, StartSource s, int maxIter) {
        return Sweep.run(p, s, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, maxIter),
                Sweep.Options.defaults().withTrailingWindow(100).withLimitFeatures(true).withThetaIndex(0, 1),
                ProgressListener.NONE).result();
    }

    /** GD on the balanced line x = y of ½(xy − 1)²: x⁺ = x − η(x² − 1)x. */
    private static double balancedStep(double x, double eta) {
        return x - eta * (x * x - 1) * x;
    }

    @Test
    void balancedOrbitBeyondCriticalStepIsPeriodTwo() {
        // On the balanced line x = y of ½(xy − 1)², x⁺ = x(1 − η(x² − 1)): for η slightly above 1 the minimiser x = 1
        // (multiplier 1 − 2η < −1) is unstable and GD settles on a period-2 orbit around it.
        double eta = 1.05;
        SweepResult r = run(new ScalarVectorFactorization(1, 1, 0), new OneStart(1.1, 1.1, eta), 5000);
        assertEquals(Status.UNDECIDED.code, r.status[0]);
        assertEquals(2, r.period[0]);
        double a = r.theta[0][0];
        assertEquals(a, r.theta[1][0], 0.0, "x and y take identical steps, so the run never leaves the balanced line");
        // The final iterate lies on a 2-cycle of the balanced map, not on its fixed point x = 1 ...
        double b = balancedStep(a, eta);
        assertEquals(a, balancedStep(b, eta), 1e-9, "x is a fixed point of the map applied twice");
        assertTrue(Math.abs(b - a) > 0.05, "and not of the map itself: a = " + a + ", b = " + b);
        // ... which straddles the minimiser (one point on each side of x = 1).
        assertTrue((a - 1) * (b - 1) < 0, "the 2-cycle straddles x = 1: " + a + ", " + b);
        // The asymptotic gradient norm is the mean of ‖∇L‖ = √2·|x² − 1|·|x| over the two orbit points.
        double mean = 0.5 * Math.sqrt(2) * (Math.abs((a * a - 1) * a) + Math.abs((b * b - 1) * b));
        assertEquals(mean, r.asymptoticGradNorm[0], 1e-6 * mean);
    }

    @Test
    void convergedRunsArePeriodOneAndDivergedMinusOne() {
        double u0 = 0.3, v0 = 1.2;
        SweepResult conv = run(new ScalarVectorFactorization(1, 1, 0), new OneStart(u0, v0, 0.5), 5000);
        assertEquals(Status.CONVERGED.code, conv.status[0]);
        assertEquals(1, conv.period[0]);
        double u = conv.theta[0][0], v = conv.theta[1][0];
        assertEquals(1, u * v, 1e-7, "converged onto the minimiser manifold uv = 1");
        assertEquals(Math.hypot(u - u0, v - v0), conv.distance[0], 1e-12, "distance is ‖θ_final − θ₀‖");
        SweepResult div = run(new ScalarVectorFactorization(1, 1, 0), new OneStart(3, 3, 0.9), 5000);
        assertEquals(Status.DIVERGED.code, div.status[0]);
        assertEquals(-1, div.period[0]);
    }

    @Test
    void smallStepsAlwaysReachTheNearestMinimiser() {
        // With s = u + v, GD gives s⁺ = s·(1 − η(uv − y + λ)): while η(uv − y + λ) < 1 the sign of s never changes, so
        // the run ends at +√(y − λ)·sign(s₀), the nearest minimiser. On [−3, 3]², uv − y + λ ≤ 8.7, so η = 0.1 keeps
        // every run on its side (science.md §3).
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 0.5, 0.2);
        double[][] e = Slice.axes(2, 0, 1);
        Slice s = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 32, 32, 0.1);
        SweepResult r = run(p, s, 50_000);
        double[] th0 = new double[2];
        int checked = 0;
        for (int k = 0; k < r.runs(); k++) {
            s.start(k, th0, 0, 1);
            assertEquals(Status.CONVERGED.code, r.status[k], "run " + k);
            if (Math.abs(th0[0] + th0[1]) < 1e-12) continue; // s₀ = 0 (up to rounding): s stays ≈ 0, the saddle at 0
            assertEquals(1, r.minimiserSide[k], "run " + k + " from " + th0[0] + ", " + th0[1]);
            assertEquals(Math.signum(th0[0] + th0[1]) * Math.sqrt(0.3), r.theta[0][k], 1e-6);
            checked++;
        }
        assertTrue(checked > 900, "runs off the anti-diagonal: " + checked);
    }

    @Test
    void regularisedRunsReachNearestOrFarthestMinimiser() {
        // (uv − 0.5)²/2 + 0.1(u² + v²): canonical y = 0.5, λ = 0.2; minimisers ±√(y − λ)·sign(u₀ + v₀) (science.md §3)
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 0.5, 0.2);
        double[][] e = Slice.axes(2, 0, 1);
        Slice s = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 64, 64, 1.2);
        SweepResult r = run(p, s, 20_000);
        int nearest = 0, farthest = 0;
        double[] th0 = new double[2];
        for (int k = 0; k < r.runs(); k++) {
            if (r.status[k] != Status.CONVERGED.code || r.norm2[k] < 1e-6) continue;
            s.start(k, th0, 0, 1);
            assertEquals(2 * (0.5 - 0.2), r.norm2[k], 1e-7, "minimiser u = v with u² = y − λ");
            // [LM] Theorem 3: the limit is ±√(y − λ)·sign(u₀ + v₀) in both coordinates; the reported side says which
            double reached = r.minimiserSide[k] * Math.signum(th0[0] + th0[1]) * Math.sqrt(0.5 - 0.2);
            assertEquals(reached, r.theta[0][k], 1e-6, "u∞ of run " + k);
            assertEquals(reached, r.theta[1][k], 1e-6, "v∞ of run " + k);
            if (r.minimiserSide[k] == 1) nearest++;
            if (r.minimiserSide[k] == -1) farthest++;
            assertTrue(r.minimiserSide[k] != 0);
        }
        assertTrue(nearest > 100 && farthest > 10, "both minimisers are reached: " + nearest + " nearest, " + farthest + " farthest");
    }
}
