package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;

import org.gdsweep.engine.problem.LimitKind;
import org.junit.jupiter.api.Test;

/** Round ticks and the map figure: enlarged without smoothing, framed, with a colour bar and categorical legend. */
class FigureTest {
    @Test
    void ticksAreRoundAndLabelledWithTheStepsDecimals() {
        assertArrayEquals(new double[] {-3, -2, -1, 0, 1, 2, 3}, Ticks.linear(-3.06, 3.06, 6), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2}, Ticks.linear(0, 2.01, 4), 1e-12);
        assertEquals("0.3", Ticks.label(0.1 + 0.2, 0.1));
        assertEquals("2.25", Ticks.label(2.25, 0.25));
        assertEquals("-2", Ticks.label(-2, 1));
        assertEquals("1e-5", Ticks.logLabel(1e-5));
        assertEquals("0.1", Ticks.logLabel(0.1));
        assertEquals("1000", Ticks.logLabel(1000));
        // the lower edge is a tick (a missing 1e-5 on a scan's axis from 1e-5 was a reported defect)
        double[] log = Ticks.log(1e-5, 1);
        assertEquals(1e-5, log[0], 1e-20);
        assertEquals(6, log.length);
        assertArrayEquals(new double[] {1, 2, 5, 10}, Ticks.log(1, 10), 1e-12);
    }

    @Test
    void smallMapsAreEnlargedWithoutSmoothingInsideAxes() {
        byte[] status = new byte[16 * 8];
        byte[] limit = new byte[status.length];
        double[] values = new double[status.length];
        for (int r = 0; r < status.length; r++) {
            values[r] = r % 16;
            if (r % 5 == 0) status[r] = 1;
            limit[r] = status[r] == 0 ? LimitKind.MINIMISER.code : LimitKind.NONE.code;
        }
        limit[17] = LimitKind.ORIGIN.code;
        MapImage.Colouring c = new MapImage.Colouring("norm2", values, 0, 15);
        BufferedImage raster = MapImage.render(status, limit, 16, 8, c);
        assertEquals(MapImage.ORIGIN_RED, raster.getRGB(1, 8 - 1 - 1) & 0xffffff); // run 17 = (i 1, j 1)
        int k = MapFigure.scale(16, 8);
        assertEquals(40, k); // 640 / 16
        BufferedImage fig = MapFigure.render(new MapFigure.Spec("title", "subtitle", raster, "u", -1, 1, "v", -0.5, 0.5,
                new MapFigure.ColourBar("norm2", 0, 15, false), MapImage.legendEntries(status, limit, c, new MapImage.Frame("t", "", "u", -1, 1, "v", -0.5, 0.5))));
        assertTrue(fig.getWidth() > 16 * k && fig.getHeight() > 8 * k);
        // every enlarged cell is one flat colour (nearest neighbour): compare a k×k block with its raster pixel
        int left = 86, top = 64; // MapFigure's margins
        for (int j = 0; j < 8; j++)
            for (int i = 0; i < 16; i++) {
                int want = raster.getRGB(i, j);
                for (int dy = 0; dy < k; dy += k - 1)
                    for (int dx = 0; dx < k; dx += k - 1) assertEquals(want, fig.getRGB(left + i * k + dx, top + j * k + dy), "cell " + i + "," + j);
            }
        List<MapFigure.LegendEntry> legend = MapImage.legendEntries(status, limit, c, new MapImage.Frame("t", "", "u", 0, 1, "v", 0, 1));
        assertTrue(legend.stream().anyMatch(e -> e.rgb() == MapImage.ORIGIN_RED), "the saddle's basin is in the legend when present");
        assertTrue(legend.stream().noneMatch(e -> e.rgb() == MapImage.OTHER_CRITICAL_ORANGE), "absent kinds are not");
    }

    @Test
    void colourRangeLeavesOutRunsThatReachedTheSaddle() {
        byte[] status = {0, 0, 0};
        byte[] limit = {LimitKind.MINIMISER.code, LimitKind.ORIGIN.code, LimitKind.MINIMISER.code};
        double[] n2 = {2.0, 1e-20, 2.2};
        assertArrayEquals(new double[] {2.0, 2.2}, MapImage.convergedRange(status, limit, n2, false), 0);
    }
}
