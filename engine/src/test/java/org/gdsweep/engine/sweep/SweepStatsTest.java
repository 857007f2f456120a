package org.gdsweep.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A tiled job's cost: the JIT warm-up spans tiles until the vector kernel takes over. */
class SweepStatsTest {

    @Test
    void tilesTheScalarCodeFinishesAloneAreAllWarmUp() {
        SweepStats.Total total = new SweepStats.Total();
        // two tiles, each too short to train: the scalar code did all of their work
        total.add(new SweepStats(0.4, 1000, 1000, 2, 8, 512, 0.4, 1000, 0));
        total.add(new SweepStats(0.3, 800, 800, 2, 8, 512, 0.3, 800, 0));
        SweepStats s = total.result(2);
        assertEquals(1800, s.laneIterations());
        assertTrue(s.warmupLaneIterations() >= s.laneIterations(), "scalar code throughout: " + s);
        assertEquals(0.7, s.warmupSeconds(), 1e-12);
    }

    @Test
    void aJobReportsTheWidestLanesAnyOfItsSweepsRan() {
        SweepStats.Total total = new SweepStats.Total();
        total.add(new SweepStats(0.4, 1000, 1000, 2, 1, 64, 0.4, 1000, 0)); // scalar loop throughout: one 64-bit lane
        total.add(new SweepStats(0.3, 1000, 1100, 2, 16, 512, 0.1, 200, 50)); // trained and handed over
        total.add(new SweepStats(0.2, 1000, 1000, 2, 1, 64, 0.2, 1000, 0)); // a tile run on the scalar loop after it
        SweepStats s = total.result(2);
        assertEquals(16, s.laneWidth());
        assertEquals(512, s.laneBits());
    }

    @Test
    void theWarmUpEndsInTheTileOfTheHandOver() {
        SweepStats.Total total = new SweepStats.Total();
        total.add(new SweepStats(0.4, 1000, 1000, 2, 8, 512, 0.4, 1000, 0)); // scalar throughout, training carried over
        total.add(new SweepStats(0.3, 1000, 1100, 2, 8, 512, 0.1, 200, 50)); // hand-over 0.1 s in
        total.add(new SweepStats(0.1, 1000, 1100, 2, 8, 512, 0, 0, 0)); // compiled: no warm start
        SweepStats s = total.result(2);
        assertEquals(0.8, s.kernelSeconds(), 1e-12);
        assertEquals(0.5, s.warmupSeconds(), 1e-12);
        assertEquals(1200, s.warmupLaneIterations());
        assertEquals(50, s.trainerLaneIterations());
        assertEquals((3000 - 1200 - 50) / 0.3, s.steadyLaneIterationsPerSecond(), 1e-6);
    }
}
