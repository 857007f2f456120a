package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Adaptive refinement on label functions of known boundary dimension. On a smooth boundary (a circle, dimension 1)
 * corner-based refinement finds every boundary cell and its dimension is right. On the region under a Weierstrass
 * graph (dimension 2 + ln a / ln b = 1.369, the set the box-counting and uncertainty-exponent tests use) the graph's
 * spikes, thinner than a cell, cross cells between their corners: refinement drops those cells, its counts grow too
 * slowly with the level and its dimension is far too low (1.06 here). It cannot see that from the counts; it sees it
 * by probing the cells it dropped at every level, and says so: the test holds it to that.
 */
class RefinementKnownSetsTest {
    @Test
    void aSmoothBoundaryIsFoundWholeAndItsDimensionIsOne() {
        AdaptiveRefinement.Result r = AdaptiveRefinement.ofLabelFunction(
                (x, y) -> (x - 0.03) * (x - 0.03) + (y + 0.02) * (y + 0.02) < 0.49 ? 0 : 1, -1, 1, -1, 1, 32, 6, 4096);
        assertEquals(1, r.dimension(), Math.max(2 * r.fit().standardError(), 0.01), "circle: " + r.dimension());
        assertEquals(0, r.worstMissedFraction(), "no dropped cell hides boundary");
        for (int l = 1; l < 6; l++) assertTrue(r.probedChildren()[l] > 0, "level " + l + " probed");
    }

    @Test
    void aFractalGraphsMissedBoundaryIsDetectedAtEveryLevel() {
        double a = 0.5, b = 3, d = 2 + Math.log(a) / Math.log(b);
        AdaptiveRefinement.Result r = AdaptiveRefinement.ofLabelFunction((x, y) -> {
            double w = 0, amp = 1, freq = Math.PI;
            for (int k = 0; k <= 14; k++, amp *= a, freq *= b) w += amp * Math.cos(freq * x);
            return y < w ? 0 : 1;
        }, 0, 1, -2.5, 2.5, 32, 6, 4096);
        System.out.printf("refinement on known sets: Weierstrass region %.4f +- %.4f (true %.4f); dropped cells hiding boundary per level %s of %s%n",
                r.dimension(), r.fit().standardError(), d, java.util.Arrays.toString(r.hidingChildren()), java.util.Arrays.toString(r.probedChildren()));
        assertTrue(r.dimension() < d - 0.1, "corner-based refinement undercounts this boundary: " + r.dimension());
        assertTrue(r.worstMissedFraction() >= 0.1, "and its probes say so: " + r.worstMissedFraction());
        int levelsHiding = 0;
        for (int l = 1; l < 6; l++) if (r.hidingChildren()[l] > 0) levelsHiding++;
        assertTrue(levelsHiding >= 3, "at level after level, not only on the coarse grid");
    }
}
