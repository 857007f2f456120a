package org.gdsweep.engine;

import org.gdsweep.engine.sweep.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * docs/science.md §3, [LM] Theorem 1: for λ = 0 and η|y| &lt; 1 the convergence region is the ellipse
 * (u+v)²/(2+ηy) + (u−v)²/(2−ηy) &lt; 4/η (d = 1). Every pixel whose cell does not touch the boundary must be
 * converged inside and not converged outside. (The saddle's basin, the segment u = −v inside the ellipse,
 * converges to the saddle, where ∇L = 0, so it is "converged" too and does not break the rule.) Grid points that
 * lie exactly on the minimiser set uv = y are excluded: GD does not move from there, stable or not — the null
 * set of Theorem 1 (e.g. (−0.4, −2.5) is on the 301-point grid).
 */
class EllipseRegionTest {

    @Test
    void convergedRegionIsTheEllipse() {
        double y = 1, eta = 0.9;
        int size = 301;
        Problem p = new ScalarVectorFactorization(1, y, 0);
        double[][] e = Slice.axes(2, 0, 1);
        Slice slice = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, size, size, eta);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);
        SweepResult r = Sweep.run(p, slice, rule, Sweep.Options.defaults(), ProgressListener.NONE).result();
        double[] a = slice.alphas(), b = slice.betas();
        double spacing = 6.0 / (size - 1);
        // |∇F| ≤ 2(|s|/(2+ηy) + |t|/(2−ηy))·√2 with |s|,|t| ≤ 6 on the window; the cell's half-diagonal is spacing/√2.
        double gradBound = 2 * (6 / (2 + eta * y) + 6 / (2 - eta * y)) * Math.sqrt(2);
        double margin = gradBound * spacing / Math.sqrt(2);
        int inside = 0, outside = 0, skipped = 0;
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double u = a[i], v = b[j], s = u + v, t = u - v;
                double f = s * s / (2 + eta * y) + t * t / (2 - eta * y) - 4 / eta;
                byte status = r.status[j * size + i];
                if (Math.abs(u * v - y) < 1e-9) {
                    skipped++;
                } else if (f < -margin) {
                    inside++;
                    assertEquals(Status.CONVERGED.code, status, "inside the ellipse at u=" + u + " v=" + v);
                } else if (f > margin) {
                    outside++;
                    assertTrue(status != Status.CONVERGED.code, "outside the ellipse at u=" + u + " v=" + v);
                } else {
                    skipped++;
                }
            }
        }
        assertTrue(inside > 10_000 && outside > 10_000, "both regions well sampled: " + inside + ", " + outside);
        assertTrue(skipped < size * size / 10, "boundary band is thin: " + skipped);
    }
}
