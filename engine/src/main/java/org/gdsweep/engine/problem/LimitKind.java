package org.gdsweep.engine.problem;

/**
 * What a converged GD run reached ({@link Problem#classifyLimit}). "Converged" only says that the stop criterion
 * fired (‖∇L‖ ≤ tol, or L ≤ tol): the limit is a critical point, and not every critical point is a minimiser. On a
 * grid of starts GD reaches the saddle at the origin from the points of its (null-set) basin, e.g. the line u = −v
 * of ½(uv − 1)², and networks stop at other critical points (dead ReLU units). The fraction a user means by
 * "converged" is {@link #MINIMISER}. The codes are the on-disk values of the {@code limit} datasets.
 */
public enum LimitKind {
    /** The run did not converge (diverged or undecided): no limit. */
    NONE(0, "none"),
    /** A global minimiser: L(θ) − L* within the classification gap ({@link Problem#minimumLoss()}). */
    MINIMISER(1, "minimiser"),
    /** The critical point at the origin θ = 0, where it is not a global minimiser (a saddle for every family here). */
    ORIGIN(2, "origin"),
    /** Another critical point: neither a global minimiser nor the origin (a strict saddle or a spurious local minimum). */
    OTHER_CRITICAL_POINT(3, "other_critical_point"),
    /** A critical point away from the origin of a problem whose minimum loss is not known in closed form. */
    UNCLASSIFIED(4, "unclassified");

    /** Code stored in files (int8). */
    public final byte code;
    /** The name in files' {@code flag_meanings} and in summaries. */
    public final String label;

    LimitKind(int code, String label) {
        this.code = (byte) code;
        this.label = label;
    }

    /** The kind with code {@code code}. */
    public static LimitKind ofCode(int code) {
        for (LimitKind k : values()) if (k.code == code) return k;
        throw new IllegalArgumentException("no limit kind with code " + code);
    }

    /** {@code flag_values} of the CF conventions for the {@code limit} datasets: 0 … 4. */
    public static byte[] flagValues() {
        byte[] v = new byte[values().length];
        for (int i = 0; i < v.length; i++) v[i] = values()[i].code;
        return v;
    }

    /** {@code flag_meanings} of the CF conventions: the labels, space-separated, in code order. */
    public static String flagMeanings() {
        StringBuilder b = new StringBuilder();
        for (LimitKind k : values()) b.append(b.isEmpty() ? "" : " ").append(k.label);
        return b.toString();
    }

    /**
     * Relative width of the band around L* within which a converged run counts as a minimiser: with tol the stop
     * rule's tolerance, L − L* ≤ max(1e-6, tol)·max(1, |L*|). Near a minimiser L − L* ≈ ‖∇L‖²/(2μ) (μ the curvature
     * across the minimiser set), 1e-16/μ at the default tol = 1e-8; the critical values of other critical points lie
     * O(σ²) above L* (σ a singular value of the target), so the band separates them by many decades.
     */
    public static double minimiserGap(double minimumLoss, double tolerance) {
        return Math.max(1e-6, tolerance) * Math.max(1, Math.abs(minimumLoss));
    }
}
