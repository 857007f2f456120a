package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Measures fed tile by tile equal the in-memory measures of the whole map, number for number. */
class StreamingMeasuresTest {
    private static final int W = 203, H = 157; // awkward sizes: odd, not multiples of the tiles or boxes

    private static int[] labels() {
        // the regularised scalar problem's fractal basins of the nearest and farthest minimiser ([LM] Fig. 1 style)
        double[][] e = Slice.axes(2, 0, 1);
        Slice s = new Slice(new double[2], e[0], e[1], -2.5, 2.5, -2.5, 2.5, W, H, 1.2);
        SweepResult r = Sweep.run(new ScalarVectorFactorization(1, 0.5, 0.2), s, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 2000),
                Sweep.Options.defaults().withLimitFeatures(true).withTrailingWindow(100), ProgressListener.NONE).result();
        return LabelMaps.labels(r, LabelMaps.ATTRACTOR);
    }

    @ParameterizedTest
    @CsvSource({"1, -1, -1, 4", "7, -1, -1, 5", "64, 0, 1, 3", "157, -1, -1, 8", "10, 0, 1, 1"})
    void tileByTileEqualsTheWholeMap(int tileRows, int classA, int classB, int box) {
        int[] l = labels();
        BoxCounting whole = BoxCounting.of(LabelMaps.boundary(l, W, H, classA, classB), W, H);
        BasinEntropy wholeEntropy = BasinEntropy.of(l, W, H, box);
        StreamingMeasures m = new StreamingMeasures(W, H, classA, classB, box);
        for (int r0 = 0; r0 < H; r0 += tileRows) {
            int rows = Math.min(tileRows, H - r0);
            m.addRows(Arrays.copyOfRange(l, r0 * W, (r0 + rows) * W), rows);
        }
        BoxCounting streamed = m.boxCounting();
        assertArrayEquals(whole.boxSizes(), streamed.boxSizes());
        assertArrayEquals(whole.counts(), streamed.counts());
        for (int g = 0; g < 4; g++) assertArrayEquals(whole.gridCounts()[g], streamed.gridCounts()[g], "offset grid " + g);
        assertEquals(whole.offsetError(), streamed.offsetError(), 0.0);
        assertEquals(whole.rangeError(), streamed.rangeError(), 0.0);
        // the half-resolution estimate: the same labels, every second row and column, as BoxCounting.ofLabels takes them
        assertEquals(BoxCounting.ofLabels(l, W, H, classA, classB).halfResolutionDimension(), streamed.halfResolutionDimension(), 0.0);
        assertEquals(whole.dimension(), streamed.dimension(), 0.0);
        assertTrue(whole.counts()[0] > 100, "a real boundary: " + whole.counts()[0]);
        BasinEntropy e = m.entropy();
        assertEquals(wholeEntropy, e);
    }
}
