package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.scan.CriticalStepSize;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;

/** Bisected per-start critical step sizes against [LM] Theorem 1 and [CG]'s 1/σ_max(Y). */
class CriticalStepSizeTest {

    static void theorem1(int d, long seed) {
        ScalarVectorFactorization p = new ScalarVectorFactorization(d, 1, 0);
        GaussianStarts starts = new GaussianStarts(48, 2 * d, d == 1 ? 0.8 : 0.45, seed, 1);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 200_000);
        CriticalStepSize.Result r = CriticalStepSize.bisect(p, starts, rule, Sweep.Options.defaults(), 0.05, 3, 2e-5,
                ProgressListener.NONE);
        double[] th = new double[2 * d];
        int checkedSecond = 0, checkedFirst = 0;
        for (int i = 0; i < 48; i++) {
            starts.start(i, th, 0, 1);
            double n0 = p.norm2(th), z0 = p.product(th);
            double second = 8 / (n0 + Math.sqrt(n0 * n0 - 16 * (z0 - 1)));
            double theory = p.criticalStepSize(th);
            assertEquals(CriticalStepSize.FOUND, r.flag()[i], "bracketed");
            double rel = Math.abs(r.estimate()[i] / theory - 1);
            if (second < 1) {
                checkedSecond++;
                assertTrue(rel < 1e-4, "start " + i + ": bisected " + r.estimate()[i] + " vs Theorem 1 " + theory + " (second term)");
            } else {
                checkedFirst++;
                assertTrue(rel < 1e-3, "start " + i + ": bisected " + r.estimate()[i] + " vs Theorem 1 " + theory + " (1/|y|)");
            }
        }
        assertTrue(checkedSecond > 5 && checkedFirst > 5, "both regimes sampled: " + checkedSecond + ", " + checkedFirst);
    }

    @Test
    void theorem1InOneDimension() {
        theorem1(1, 3);
    }

    @Test
    void theorem1InTenDimensions() {
        theorem1(10, 4);
    }
}
