package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.SweepResult;

/** Bitwise comparison of sweep results. */
final class Results {
    private Results() {}

    static void assertBitIdentical(SweepResult expected, SweepResult actual, String what) {
        assertArrayEquals(expected.status, actual.status, what + ": status");
        assertArrayEquals(expected.iterations, actual.iterations, what + ": iterations");
        assertBits(expected.loss, actual.loss, what + ": loss");
        assertBits(expected.gradNorm, actual.gradNorm, what + ": grad_norm");
        assertBits(expected.norm2, actual.norm2, what + ": norm2");
        assertBits(expected.imbalance, actual.imbalance, what + ": imbalance");
        for (int k = 0; expected.derived != null && k < expected.derived.length; k++) assertBits(expected.derived[k], actual.derived[k], what + ": " + expected.derivedQuantities.get(k).name());
        assertEquals(expected.theta.length, actual.theta.length);
        for (int q = 0; q < expected.theta.length; q++) assertBits(expected.theta[q], actual.theta[q], what + ": theta " + q);
    }

    static void assertBits(double[] e, double[] a, String what) {
        assertEquals(e.length, a.length, what + " length");
        for (int i = 0; i < e.length; i++) {
            if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i]))
                throw new AssertionError(what + " differs at run " + i + ": " + e[i] + " vs " + a[i]);
        }
    }

    static int[] allParameters(Problem p) {
        int[] idx = new int[p.parameterCount()];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return idx;
    }
}
