package org.gdsweep.engine;

import java.util.Locale;

/**
 * How a problem's GD step is computed. The opt-in modes change results (statuses and iteration counts near
 * boundaries), so they are off by default and recorded in every output file; each has its own lane kernels that
 * match the problem's scalar reference in that mode bit for bit.
 */
public enum Arithmetic {
    /** float64, every product and sum rounded separately (the default). */
    EXACT,
    /** float64, every a·b + c of the step fused into one multiply-add rounded once. */
    FMA,
    /** float32, every product and sum rounded separately. */
    FLOAT32;

    /** Largest iteration cap in float32 arithmetic: its kernels count iterations in floats, exact up to 2^24. */
    public static final int FLOAT32_MAX_ITERATIONS = 1 << 24;

    /** Lower-case name, as the CLI and the output files spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
