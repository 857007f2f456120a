package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The command-line hint that readies the vector path at the process's start ({@link Main#asksForALongSweep}). */
class LongSweepHintTest {
    @Test
    void gridsOf4MRunsOrMore() {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "the hint is for machines with a core to spare");
        assertTrue(Main.asksForALongSweep(new String[] {"map", "--size", "4096"}));
        assertTrue(Main.asksForALongSweep(new String[] {"map", "--eta", "0.9", "--size=2048"}));
        assertTrue(Main.asksForALongSweep(new String[] {"zoom", "--size", "4096x1024"}));
        assertFalse(Main.asksForALongSweep(new String[] {"map", "--size", "2047"}));
        assertFalse(Main.asksForALongSweep(new String[] {"map", "--size", "1024"}));
        assertFalse(Main.asksForALongSweep(new String[] {}), "the default sweep, 1024²");
        assertFalse(Main.asksForALongSweep(new String[] {"map", "--size"}), "no value: picocli says so");
        assertFalse(Main.asksForALongSweep(new String[] {"map", "--size", "huge"}), "a bad value: the command says so");
    }
}
