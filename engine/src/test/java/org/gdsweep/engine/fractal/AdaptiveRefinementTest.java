package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.QuotientPlane;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

class AdaptiveRefinementTest {
    static final double[][] E = Slice.axes(2, 0, 1);
    static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);

    @Test
    void refinedLabelsEqualTheUniformGridsAtEveryComputedPointAndItsCountsAreEstimatedWithoutBias() {
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 0.5, 0.2);
        Slice window = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, 2, 2, 1.4);
        int coarse = 16, levels = 5, side = (coarse << levels) + 1;
        Slice uniform = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, side, side, 1.4);
        int[] ref = LabelMaps.labels(Sweep.run(p, uniform, RULE, Sweep.Options.defaults().withLimitFeatures(true),
                ProgressListener.NONE).result(), LabelMaps.ATTRACTOR);
        int[] checked = {0};
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(p, window, RULE, Sweep.Options.defaults(), LabelMaps.ATTRACTOR,
                coarse, levels, 7, 0, AdaptiveRefinement.DEFAULT_PROBE_FRACTION, (i, j, label) -> {
                    assertEquals(ref[(int) (j * side + i)], label, "point " + i + "," + j);
                    checked[0]++;
                }, ProgressListener.NONE);
        assertTrue(checked[0] > 1000, "points compared (probes included): " + checked[0]);
        assertTrue(r.runs() < 0.25 * side * side, "refinement computes far fewer points than the uniform grid: " + r.runs());
        // corner refinement finds a subset of the uniform grid's boundary cells: a cell whose corners agree is never
        // split, so filaments that cross a cell without changing its corner labels are missed (here ~20 % at the finest
        // level); the probes' weighted counts estimate the uniform grid's counts without that bias
        long[] uniformCells = UniformGridCounts.cells(ref, side, levels, -1, -1);
        for (int k = 0; k <= levels; k++) {
            assertTrue(r.boundaryCells()[k] <= uniformCells[k]);
            assertEquals(uniformCells[k], r.estimatedCells()[k], Math.max(2.5 * r.estimateErrors()[k], 1e-9),
                    "level " + k + ": " + Arrays.toString(r.estimatedCells()) + " +- " + Arrays.toString(r.estimateErrors()) + " vs " + Arrays.toString(uniformCells));
        }
        assertTrue(r.boundaryCells()[levels] < 0.9 * uniformCells[levels], r.boundaryCells()[levels] + " of " + uniformCells[levels]);
        int[] range = r.levelRange();
        double uniformDimension = UniformGridCounts.dimension(uniformCells, range[0], range[1]);
        BoxCounting boxes = BoxCounting.ofLabels(ref, side, side, -1, -1);
        System.out.printf("refinement on [LM] Fig. 3's planar boundary: %.4f +- %.4f (corner refinement alone %.4f), the uniform grid's cell counts %.4f, "
                + "its box counting %.4f +- %.4f%n", r.dimension(), r.error(), r.foundDimension(), uniformDimension, boxes.dimension(), boxes.error());
        assertEquals(uniformDimension, r.dimension(), 2 * r.error());
        assertEquals(boxes.dimension(), r.dimension(), 2 * Math.hypot(r.error(), boxes.error()), "refinement and box counting agree");
    }

    @Test
    void onTheQuotientPlaneOnlyTheConvergenceBoundaryInsideTheWedgeIsRefinedAndCountedWithoutBias() {
        // [LM] Fig. 3's projected boundary at eta = 1.0 (the plane of the paper's 1.249): points outside N >= 2|z| are not
        // states, the wedge's straight edge is no boundary, and only the boundary between converged-to-a-minimiser (0) and
        // not converged (1) is measured, as box counting of the uniform map measures it
        ScalarVectorFactorization p = new ScalarVectorFactorization(1, 0.5, 0.2);
        Problem plane = p.planarQuotient();
        int coarse = 16, levels = 5, side = (coarse << levels) + 1;
        Slice uniform = new Slice(new double[2], E[0], E[1], -2, 2, 0, 4, side, side, 1.0);
        QuotientPlane starts = new QuotientPlane(uniform);
        SweepResult res = Sweep.run(plane, starts, RULE, Sweep.Options.defaults().withLimitFeatures(true), ProgressListener.NONE).result();
        for (int q = 0; q < res.runs(); q++) if (!starts.inside(q)) res.status[q] = QuotientPlane.OUTSIDE;
        int[] ref = LabelMaps.labels(res, LabelMaps.CONVERGENCE);
        int[] checked = {0};
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(plane, new Slice(new double[2], E[0], E[1], -2, 2, 0, 4, 2, 2, 1.0),
                QuotientPlane.COORDINATES, RULE, Sweep.Options.defaults(), LabelMaps.CONVERGENCE, new int[] {0, 1}, coarse, levels, 64, 0,
                AdaptiveRefinement.DEFAULT_PROBE_FRACTION, (i, j, label) -> {
                    assertEquals(ref[(int) (j * side + i)], label, "point " + i + "," + j);
                    checked[0]++;
                }, ProgressListener.NONE);
        assertTrue(checked[0] > 1000);
        long[] uniformCells = UniformGridCounts.cells(ref, side, levels, 0, 1);
        for (int k = 0; k <= levels; k++) {
            assertTrue(r.boundaryCells()[k] <= uniformCells[k]);
            assertEquals(uniformCells[k], r.estimatedCells()[k], Math.max(2.5 * r.estimateErrors()[k], 1e-9),
                    "level " + k + ": " + Arrays.toString(r.estimatedCells()) + " +- " + Arrays.toString(r.estimateErrors()) + " vs " + Arrays.toString(uniformCells));
        }
        BoxCounting boxes = BoxCounting.ofLabels(ref, side, side, 0, 1);
        System.out.printf("refinement on [LM] Fig. 3's projected boundary (eta = 1.0): %.4f +- %.4f (corner refinement alone %.4f), box counting of the "
                + "uniform map %.4f +- %.4f%n", r.dimension(), r.error(), r.foundDimension(), boxes.dimension(), boxes.error());
        assertEquals(boxes.dimension(), r.dimension(), 2 * Math.hypot(r.error(), boxes.error()), "refinement and box counting agree");
    }

    @Test
    void smoothEllipseBoundaryHasDimensionOneAndMemoryStaysBounded() {
        Slice window = new Slice(new double[2], E[0], E[1], -3, 3, -3, 3, 2, 2, 0.9);
        int maxCells = 512, levels = 10;
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(new ScalarVectorFactorization(1, 1, 0), window, RULE,
                Sweep.Options.defaults(), LabelMaps.CONVERGENCE, 32, levels, maxCells, 64, AdaptiveRefinement.DEFAULT_PROBE_FRACTION, null,
                ProgressListener.NONE);
        assertEquals(32L * 1024 + 1, r.effectiveSide());
        assertEquals(1, r.dimension(), 0.05);
        // at most L + 1 batches of at most 4·maxCells cells are alive at once, however fine the effective grid
        assertTrue(r.peakCells() <= (long) (levels + 1) * 4 * maxCells, "peak " + r.peakCells());
        assertTrue(r.boundaryCells()[levels] > 50_000, "the finest level holds far more cells than the bound");
        assertTrue(r.workSaved() > 100, "work saved " + r.workSaved());
        assertEquals(256, r.recheckedPoints());
        // a smooth boundary hides nothing between the corners of a 32 x 32 coarse grid: the probes find no more
        assertTrue(r.probes()[0] > 0 && r.probes()[levels - 1] > 0);
        assertArrayEquals(r.boundaryCells(), Arrays.stream(r.estimatedCells()).mapToLong(c -> (long) c).toArray());
    }
}
