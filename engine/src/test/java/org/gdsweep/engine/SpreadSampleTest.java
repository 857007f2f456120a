package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.SpreadSample;
import org.junit.jupiter.api.Test;

/** A spread sample hands out its base's own starts, spread from the first run to near the last. */
class SpreadSampleTest {
    private static final Slice MAP = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, -3, 3, -3, 3, 97, 61, 0.9);

    @Test
    void theWholeJobIsTheJobItself() {
        SpreadSample all = new SpreadSample(MAP, MAP.count());
        for (long i = 0; i < MAP.count(); i++) assertEquals(i, all.baseRun(i));
    }

    @Test
    void aSampleCoversTheWholeJobWithItsOwnStarts() {
        SpreadSample s = new SpreadSample(MAP, 100);
        assertEquals(100, s.count());
        assertEquals(0, s.baseRun(0));
        assertTrue(s.baseRun(99) >= MAP.count() - MAP.count() / 100 - 1, "the last sample run lies in the last hundredth");
        double[] mine = new double[2], base = new double[2];
        for (long i = 0; i < s.count(); i++) {
            if (i > 0) assertTrue(s.baseRun(i) > s.baseRun(i - 1), "distinct runs, in order");
            s.start(i, mine, 0, 1);
            MAP.start(s.baseRun(i), base, 0, 1);
            assertArrayEquals(base, mine);
            assertEquals(MAP.stepSize(s.baseRun(i)), s.stepSize(i));
        }
    }

    @Test
    void refusesEmptyAndOversizedSamples() {
        assertThrows(IllegalArgumentException.class, () -> new SpreadSample(MAP, 0));
        assertThrows(IllegalArgumentException.class, () -> new SpreadSample(MAP, MAP.count() + 1));
    }
}
