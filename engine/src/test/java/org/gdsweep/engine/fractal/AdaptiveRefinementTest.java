package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

class AdaptiveRefinementTest {
    static final double[][] E = Slice.axes(2, 0, 1);
    static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);

    @Test
    void refinedLabelsEqualTheUniformGridsAtEveryComputedPoint() {
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 0.5, 0.2);
        Slice window = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, 2, 2, 1.4);
        int coarse = 16, levels = 4, side = coarse * 16 + 1;
        Slice uniform = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, side, side, 1.4);
        int[] ref = LabelMaps.labels(Sweep.run(p, uniform, RULE, Sweep.Options.defaults().withLimitFeatures(true),
                ProgressListener.NONE).result(), LabelMaps.ATTRACTOR);
        int[] checked = {0};
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(p, window, RULE, Sweep.Options.defaults(), LabelMaps.ATTRACTOR,
                coarse, levels, 7, 0, (i, j, label) -> {
                    assertEquals(ref[(int) (j * side + i)], label, "point " + i + "," + j);
                    checked[0]++;
                }, ProgressListener.NONE);
        assertTrue(checked[0] > 1000, "points compared: " + checked[0]);
        assertTrue(r.runs() < (long) side * side, "refinement computes fewer points than the uniform grid");
        // refinement finds a subset of the uniform grid's finest boundary cells: a cell whose corners agree is never
        // split, so filaments that cross a coarse cell without changing its corner labels are missed (here ~25 %)
        long uniformBoundary = 0;
        for (int j = 0; j + 1 < side; j++)
            for (int i = 0; i + 1 < side; i++) {
                int a = ref[j * side + i];
                if (a != ref[j * side + i + 1] || a != ref[(j + 1) * side + i] || a != ref[(j + 1) * side + i + 1]) uniformBoundary++;
            }
        assertTrue(r.boundaryCells()[levels] <= uniformBoundary);
        assertTrue(r.boundaryCells()[levels] > 0.6 * uniformBoundary, r.boundaryCells()[levels] + " of " + uniformBoundary);
        // ... and it says so: probed quiet coarse cells hide boundary on a finer sub-grid
        assertEquals(Math.min(AdaptiveRefinement.MISS_PROBES, r.quietCells()), r.probedQuietCells());
        assertTrue(r.hidingQuietCells() > 0, "the missed filaments are detected: " + r.hidingQuietCells() + " of " + r.probedQuietCells());
    }

    @Test
    void smoothEllipseBoundaryHasDimensionOneAndMemoryStaysBounded() {
        Slice window = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, 2, 2, 0.9);
        int maxCells = 512, levels = 10;
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(new ScalarVectorFactorization(1, 1, 0), window, RULE,
                Sweep.Options.defaults(), LabelMaps.CONVERGENCE, 32, levels, maxCells, 64, null, ProgressListener.NONE);
        assertEquals(32L * 1024 + 1, r.effectiveSide());
        assertEquals(1, r.dimension(), 0.05);
        // at most L + 1 batches of at most 4·maxCells cells are alive at once, however fine the effective grid
        assertTrue(r.peakCells() <= (long) (levels + 1) * 4 * maxCells, "peak " + r.peakCells());
        assertTrue(r.boundaryCells()[levels] > 50_000, "the finest level holds far more cells than the bound");
        assertTrue(r.workSaved() > 100, "work saved " + r.workSaved());
        assertEquals(256, r.recheckedPoints());
        // a smooth boundary hides nothing between the corners of a 32 x 32 coarse grid
        assertTrue(r.probedQuietCells() == AdaptiveRefinement.MISS_PROBES && r.missedFraction() < 0.05, r.hidingQuietCells() + " of " + r.probedQuietCells());
    }
}
