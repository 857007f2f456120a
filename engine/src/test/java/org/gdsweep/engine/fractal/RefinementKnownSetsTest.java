package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdsweep.engine.start.Slice;
import org.junit.jupiter.api.Test;

/**
 * Adaptive refinement on label functions of known boundary dimension. On a smooth boundary (a circle, dimension 1)
 * and on a Sierpinski gasket aligned with the cells (log₂ 3) corner refinement finds every boundary cell: the probes
 * find nothing more and the dimension is right. On the region under a Weierstrass graph (dimension 2 + ln a / ln b =
 * 1.369, the set the box-counting and uncertainty-exponent tests use) the graph's spikes, thinner than a cell, cross
 * cells between their corners: corner refinement drops those cells, its counts grow too slowly with the level and its
 * own dimension is far too low (1.05–1.08 here). The probes' weighted counts are unbiased estimates of the uniform
 * grid's, and their dimension agrees with the uniform grid's within its stated error; refined 10 levels deep, where the
 * graph's fine scales show, it recovers the graph's dimension.
 */
class RefinementKnownSetsTest {
    @Test
    void aSmoothBoundaryIsFoundWholeAndItsDimensionIsOne() {
        AdaptiveRefinement.Result r = AdaptiveRefinement.ofLabelFunction(
                (x, y) -> (x - 0.03) * (x - 0.03) + (y + 0.02) * (y + 0.02) < 0.49 ? 0 : 1, -1, 1, -1, 1, 32, 6, 4096,
                AdaptiveRefinement.DEFAULT_PROBE_FRACTION);
        assertEquals(1, r.dimension(), Math.max(2 * r.error(), 0.01), "circle: " + r.dimension());
        for (int l = 0; l <= 6; l++) assertEquals(r.boundaryCells()[l], r.estimatedCells()[l], "level " + l + ": the probes find nothing more");
        assertEquals(1, r.lowestFoundFraction());
        assertEquals(0, r.samplingError(), 1e-12);
        for (int l = 0; l < 6; l++) assertTrue(r.probes()[l] > 0, "level " + l + " probed");
    }

    @Test
    void aGasketAlignedWithTheCellsIsFoundWhole() {
        int side = 32 << 6; // the gasket of the finest grid's indices: the corners of every level see a gasket too
        AdaptiveRefinement.Result r = AdaptiveRefinement.ofLabelFunction(
                (x, y) -> (Math.round(x * side) & Math.round(y * side)) == 0 ? 1 : 0, 0, 1, 0, 1, 32, 6, 4096,
                AdaptiveRefinement.DEFAULT_PROBE_FRACTION);
        double d = Math.log(3) / Math.log(2);
        assertEquals(d, r.dimension(), 2 * r.error(), "gasket: " + r.dimension() + " +- " + r.error());
        assertTrue(r.error() < 0.02, "error " + r.error());
        for (int l = 0; l <= 6; l++) assertEquals(r.boundaryCells()[l], r.estimatedCells()[l], "level " + l);
    }

    @Test
    void aFractalGraphsMissedBoundaryIsEstimatedWithoutBias() {
        double a = 0.5, b = 3;
        UncertaintyExponent.LabelFunction graph = (x, y) -> {
            double w = 0, amp = 1, freq = Math.PI;
            for (int k = 0; k <= 14; k++, amp *= a, freq *= b) w += amp * Math.cos(freq * x);
            return y < w ? 0 : 1;
        };
        int coarse = 32, levels = 6, side = (coarse << levels) + 1;
        AdaptiveRefinement.Result r = AdaptiveRefinement.ofLabelFunction(graph, 0, 1, -2.5, 2.5, coarse, levels, 4096,
                AdaptiveRefinement.DEFAULT_PROBE_FRACTION);
        // the uniform grid's count of cells whose corners disagree, level by level
        int[] labels = new int[side * side];
        for (int j = 0; j < side; j++)
            for (int i = 0; i < side; i++)
                labels[j * side + i] = graph.label(Slice.coordinate(0, 1, side, i), Slice.coordinate(-2.5, 2.5, side, j));
        long[] uniform = UniformGridCounts.cells(labels, side, levels, -1, -1);
        int[] range = r.levelRange();
        double uniformDimension = UniformGridCounts.dimension(uniform, range[0], range[1]);
        System.out.printf("refinement on the Weierstrass region: %.4f +- %.4f (fit %.4f, range %.4f, sampling %.4f, resolution %.4f), corner refinement alone %.4f, "
                        + "the uniform grid's counts %.4f over levels %d..%d (the graph's dimension %.4f); finest level %.0f +- %.0f of %d, %d found; %d runs of %d%n",
                r.dimension(), r.error(), r.fit().standardError(), r.rangeError(), r.samplingError(), r.resolutionError(), r.foundDimension(), uniformDimension,
                range[0], range[1], 2 + Math.log(a) / Math.log(b), r.estimatedCells()[levels], r.estimateErrors()[levels], uniform[levels],
                r.boundaryCells()[levels], r.runs(), (long) side * side);
        assertTrue(r.foundDimension() < uniformDimension - 0.1, "corner refinement alone undercounts this boundary: " + r.foundDimension());
        assertTrue(r.lowestFoundFraction() < 0.7, "and the probes say how much: " + r.lowestFoundFraction());
        assertEquals(uniformDimension, r.dimension(), 2 * r.error(), "the estimate agrees with the uniform grid");
        assertTrue(r.error() < 0.08, "with an error that says something: " + r.error());
        for (int k = 1; k <= levels; k++)
            assertEquals(uniform[k], r.estimatedCells()[k], 2.5 * r.estimateErrors()[k], "level " + k + " count, " + Arrays.toString(r.estimatedCells()));
        assertTrue(r.runs() < 0.05 * side * side, "at a fraction of the uniform grid's work");
        assertArrayEquals(r.boundaryCells(), AdaptiveRefinement.ofLabelFunction(graph, 0, 1, -2.5, 2.5, coarse, levels, 4096, 0).boundaryCells(),
                "the probes change nothing corner refinement finds");
        // at 2049^2 the uniform grid itself reads 1.27: the graph's 1.369 shows only at finer scales, which is what
        // refinement reaches cheaply: 10 levels (an effective 32,769^2 grid) recover it within the stated error
        AdaptiveRefinement.Result deep = AdaptiveRefinement.ofLabelFunction(graph, 0, 1, -2.5, 2.5, coarse, 10, 65536,
                AdaptiveRefinement.DEFAULT_PROBE_FRACTION);
        double d = 2 + Math.log(a) / Math.log(b);
        System.out.printf("refinement on the Weierstrass region, 10 levels: %.4f +- %.4f (the graph's %.4f), corner refinement alone %.4f; %d runs%n",
                deep.dimension(), deep.error(), d, deep.foundDimension(), deep.runs());
        assertEquals(d, deep.dimension(), 2 * deep.error(), "the graph's dimension, recovered");
        assertTrue(deep.foundDimension() < d - 0.2, "which corner refinement alone misses: " + deep.foundDimension());
    }
}
