package org.gdsweep.engine;

import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.start.QuotientPlane;
import org.gdsweep.engine.start.Slice;

/** The quotient map makes the d-dimensional basin the preimage of the planar one (science.md §2). */
class QuotientPlaneTest {

    @Test
    void representativesHaveTheRequestedProductAndNorm() {
        double[][] e = Slice.axes(2, 0, 1);
        QuotientPlane q = new QuotientPlane(new Slice(new double[2], e[0], e[1], -2, 2, 0, 4, 41, 41, 1));
        double[] uv = new double[2];
        for (long i = 0; i < q.count(); i++) {
            if (!q.inside(i)) continue;
            double[] zn = q.zn(i);
            q.start(i, uv, 0, 1);
            assertEquals(zn[0], uv[0] * uv[1], 1e-12);
            assertEquals(zn[1], uv[0] * uv[0] + uv[1] * uv[1], 1e-12);
        }
    }

    @Test
    void higherDimensionalStartsWithTheSameQuotientHaveTheSameFate() {
        // y = 0.5, λ = 0.2, η = 1.4 ([LM] Fig. 3): status and final (z, N) depend on the start only through (z₀, N₀)
        double y = 0.5, lambda = 0.2, eta = 1.4;
        ScalarVectorFactorization p1 = new ScalarVectorFactorization(1, y, lambda), p4 = new ScalarVectorFactorization(4, y, lambda);
        GaussianStarts g = new GaussianStarts(300, 8, 0.6, 5, eta);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-10, 1e8, 20_000);
        SweepResult high = Sweep.run(p4, g, rule, Sweep.Options.defaults(), ProgressListener.NONE).result();
        StartSource reps = new StartSource() {
            @Override public long count() { return 300; }
            @Override public int parameterCount() { return 2; }
            @Override public double stepSize(long i) { return eta; }
            @Override public void start(long i, double[] dst, int off, int stride) {
                double[] th = new double[8];
                g.start(i, th, 0, 1);
                double z = p4.product(th), n = p4.norm2(th), s = Math.sqrt(n + 2 * z), t = Math.sqrt(n - 2 * z);
                dst[off] = 0.5 * (s + t);
                dst[off + stride] = 0.5 * (s - t);
            }
        };
        SweepResult low = Sweep.run(p1, reps, rule, Sweep.Options.defaults(), ProgressListener.NONE).result();
        int agree = 0;
        for (int i = 0; i < 300; i++) {
            if (high.status[i] == low.status[i]) agree++;
            if (high.status[i] == Status.CONVERGED.code && low.status[i] == Status.CONVERGED.code) {
                assertEquals(high.norm2[i], low.norm2[i], 1e-6);
                assertEquals(high.derived("product")[i], low.derived("product")[i], 1e-6);
            }
        }
        // rounding differs between the two representations, so starts within ~1e-15 of the fractal boundary may differ
        assertEquals(300, agree, 3);
    }
}
