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

    /**
     * One coordinate of a GD step, θ − η·g in this arithmetic: rounded twice (exact), once (fma(−η, g, θ)), or with
     * every operand and result a float (float32).
     */
    public double descend(double theta, double eta, double g) {
        return switch (this) {
            case EXACT -> theta - eta * g;
            case FMA -> Math.fma(-eta, g, theta);
            case FLOAT32 -> (float) theta - (float) eta * (float) g;
        };
    }

    /** Rounds a start θ₀ in place to this arithmetic's working precision (float32 rounds it to float). */
    public void roundStart(double[] theta) {
        if (this == FLOAT32) for (int p = 0; p < theta.length; p++) theta[p] = (float) theta[p];
    }

    /** Lower-case name, as the CLI and the output files spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
