package org.gdsweep.engine.problem;

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

    /** a·b, rounded once (in float for float32). Scalar references written once for all modes use these. */
    public double mul(double a, double b) {
        return this == FLOAT32 ? (float) a * (float) b : a * b;
    }

    /** a − b, rounded once (in float for float32). */
    public double sub(double a, double b) {
        return this == FLOAT32 ? (float) a - (float) b : a - b;
    }

    /** a + b, rounded once (in float for float32). */
    public double add(double a, double b) {
        return this == FLOAT32 ? (float) a + (float) b : a + b;
    }

    /**
     * The heavy-ball velocity v' = β·v − η·g ({@link Problem#momentum()}): rounded separately (exact; float32, every
     * operand a float), or β·v rounded and then one fused fma(−η, g, β·v) (FMA). The step is then θ' = {@link #add}(θ, v').
     */
    public double velocity(double beta, double v, double eta, double g) {
        return switch (this) {
            case EXACT -> beta * v - eta * g;
            case FMA -> Math.fma(-eta, g, beta * v);
            case FLOAT32 -> (float) beta * (float) v - (float) eta * (float) g;
        };
    }

    /** c + a·b: the product and the sum rounded separately (exact, float32), or one fused multiply-add (FMA). */
    public double mulAdd(double a, double b, double c) {
        return switch (this) {
            case EXACT -> c + a * b;
            case FMA -> Math.fma(a, b, c);
            case FLOAT32 -> (float) c + (float) a * (float) b;
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

    /** The {@link #label()}: what the CLI accepts, lists in help and names in errors. */
    @Override
    public String toString() {
        return label();
    }
}
