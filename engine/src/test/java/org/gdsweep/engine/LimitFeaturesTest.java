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
                Sweep.Options.defaults().withTrailingWindow(100).withLimitFeatures(true), ProgressListener.NONE).result();
    }

    @Test
    void balancedOrbitBeyondCriticalStepIsPeriodTwo() {
        // On the balanced line x = y of ½(xy − 1)², x⁺ = x(1 − η(x² − 1)): for η slightly above 1 the minimiser x = 1
        // (multiplier 1 − 2η < −1) is unstable and GD settles on a period-2 orbit around it.
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 1, 0);
        SweepResult r = run(p, new OneStart(1.1, 1.1, 1.05), 5000);
        assertEquals(Status.UNDECIDED.code, r.status[0]);
        assertEquals(2, r.period[0]);
        // the two orbit points x± satisfy x⁺ = x(1 − η(x² − 1)) twice: check the final iterate is on it
        assertTrue(r.asymptoticGradNorm[0] > 0.01, "a period-2 orbit has a positive gradient norm");
    }

    @Test
    void convergedRunsArePeriodOneAndDivergedMinusOne() {
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 1, 0);
        SweepResult conv = run(p, new OneStart(0.3, 1.2, 0.5), 5000);
        assertEquals(Status.CONVERGED.code, conv.status[0]);
        assertEquals(1, conv.period[0]);
        double dx = Math.sqrt(conv.norm2[0]); // distance is measured from the start
        assertTrue(conv.distance[0] > 0 && conv.distance[0] < dx + 1.3);
        SweepResult div = run(p, new OneStart(3, 3, 0.9), 5000);
        assertEquals(Status.DIVERGED.code, div.status[0]);
        assertEquals(-1, div.period[0]);
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
            if (r.minimiserSide[k] == 1) nearest++;
            if (r.minimiserSide[k] == -1) farthest++;
            assertTrue(r.minimiserSide[k] != 0);
        }
        assertTrue(nearest > 100 && farthest > 10, "both minimisers are reached: " + nearest + " nearest, " + farthest + " farthest");
    }
}
