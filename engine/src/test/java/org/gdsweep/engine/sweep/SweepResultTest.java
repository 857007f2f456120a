package org.gdsweep.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.gdsweep.engine.problem.LimitKind;
import org.junit.jupiter.api.Test;

/** The one-pass counts of a result's statuses and limits agree with counting each code on its own. */
class SweepResultTest {

    @Test
    void countsEveryCodeIncludingNegativeOnesWhateverTheLengthModFour() {
        Random random = new Random(7);
        for (int runs : new int[] {0, 1, 3, 4, 5, 7, 1001, 4099}) {
            SweepResult r = new SweepResult(runs, List.of(), new int[0]);
            for (int i = 0; i < runs; i++) {
                r.status[i] = (byte) (random.nextInt(5) - 1); // -1 (outside the quotient wedge) … 3
                r.limit[i] = (byte) random.nextInt(LimitKind.values().length);
            }
            long[] byStatus = r.statusCounts(), byLimit = r.limitCounts();
            assertEquals(256, byStatus.length);
            long[] expectedStatus = new long[256], expectedLimit = new long[256];
            for (int i = 0; i < runs; i++) {
                expectedStatus[r.status[i] & 0xFF]++;
                expectedLimit[r.limit[i] & 0xFF]++;
            }
            assertArrayEquals(expectedStatus, byStatus, "statuses, " + runs + " runs");
            assertArrayEquals(expectedLimit, byLimit, "limits, " + runs + " runs");
            assertEquals(expectedStatus[0xFF], byStatus[(byte) -1 & 0xFF], "code -1");
            for (Status s : Status.values()) assertEquals(expectedStatus[s.code], r.count(s), s + ", " + runs + " runs");
            for (LimitKind k : LimitKind.values()) assertEquals(expectedLimit[k.code], r.count(k), k + ", " + runs + " runs");
        }
    }
}
