package org.gdsweep.engine.fractal;

import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Label maps (int per pixel, row-major H×W) from sweep results, and their boundaries.
 */
public final class LabelMaps {
    /**
     * Label: 0 converged to a global minimiser, 1 not converged, 2 converged elsewhere (the origin, another critical
     * point: {@link SweepResult#limit}). The convergence boundary is the one between classes 0 and 1; the saddle's
     * basin (a null set a grid can hit, e.g. the line u = −v) is class 2, not part of either region.
     */
    public static final String CONVERGENCE = "convergence";
    /**
     * Label: 0 nearest minimiser, 1 farthest minimiser, 2 converged elsewhere (other minimisers, the saddle),
     * 3 diverged, 4 undecided. Needs {@link SweepResult#minimiserSide} for the first two. Either way, points that are
     * not states (status &lt; 0, outside the quotient wedge) get label 5.
     */
    public static final String ATTRACTOR = "attractor";

    /**
     * Label: which attractor a run ended on, from the orbit period and the sign pattern of the final iterate
     * ({@link SweepResult#limitOrthant}). Converged runs (and undecided runs whose orbit has period 1) are labelled
     * by the orthant of their limit, a coordinate within √tol of 0 counting as 0 (so the origin is its own class);
     * undecided runs on a periodic orbit (period 2..32) by the orthant of the iterate at the cap, which all of them
     * reached at the same step, so these are the basins of the fixed points of the map applied p times; aperiodic or
     * unsettled runs share label 4, diverged runs (also those that diverge while the period is sought) label 3,
     * points that are not states label 5. Orthant labels are 8 + a code that is exact for up to 17 parameters and a
     * 31-bit fingerprint beyond, so labels from different sweeps of one problem compare equal exactly when the runs
     * ended on the same attractor. This is the labelling for problems with more than two attractors (deep chains
     * with weight decay: four minimisers, the origin and periodic orbits), where a boundary box can hold three or
     * more basins — the only setting in which Daza et al.'s S_bb &gt; ln 2 can fire (README: on the chains it hovers
     * around ln 2). Needs the limit features.
     */
    public static final String ORBIT = "orbit";

    /** The label of points that are not states of any GD (status &lt; 0: outside the quotient wedge N ≥ 2|z|). */
    public static final int NOT_A_STATE = 5;

    private LabelMaps() {}

    /** Whether a labelling needs {@code Sweep.Options.withLimitFeatures(true)}. */
    public static boolean needsLimitFeatures(String kind) {
        return ATTRACTOR.equals(kind) || ORBIT.equals(kind);
    }

    public static int[] labels(SweepResult r, String kind) {
        return labels(r.status, r.limit, r.minimiserSide, r.period, r.limitOrthant, kind);
    }

    /** The classes whose boundary a labelling measures by default: 0 and 1 for {@link #CONVERGENCE}, any two otherwise (−1, −1). */
    public static int[] defaultClasses(String kind) {
        return CONVERGENCE.equals(kind) ? new int[] {0, 1} : new int[] {-1, -1};
    }

    /**
     * @param limit   {@link org.gdsweep.engine.problem.LimitKind} codes ({@link #CONVERGENCE}); null (files written
     *                before limits were classified): every converged run counts as a minimiser
     * @param side    minimiser sides ({@link #ATTRACTOR}); may be null otherwise
     * @param period  orbit periods ({@link #ORBIT}); may be null otherwise
     * @param orthant final sign patterns ({@link #ORBIT}); may be null otherwise
     */
    public static int[] labels(byte[] status, byte[] limit, byte[] side, byte[] period, long[] orthant, String kind) {
        int[] l = new int[status.length];
        boolean attractor = ATTRACTOR.equals(kind), orbit = ORBIT.equals(kind);
        if (!attractor && !orbit && !CONVERGENCE.equals(kind))
            throw new IllegalArgumentException("labels must be convergence, attractor or orbit");
        if (orbit && (period == null || orthant == null)) throw new IllegalArgumentException("orbit labels need periods and final sign patterns");
        for (int i = 0; i < l.length; i++) {
            if (status[i] < 0) {
                l[i] = 5; // not a state (quotient maps)
            } else if (orbit) {
                l[i] = orbitLabel(status[i], period[i], orthant[i]);
            } else if (!attractor) {
                l[i] = status[i] != Status.CONVERGED.code ? 1
                        : limit == null || limit[i] == org.gdsweep.engine.problem.LimitKind.MINIMISER.code ? 0 : 2;
            } else if (status[i] == Status.CONVERGED.code) {
                l[i] = side != null && side[i] == 1 ? 0 : side != null && side[i] == -1 ? 1 : 2;
            } else {
                l[i] = status[i] == Status.DIVERGED.code ? 3 : 4;
            }
        }
        return l;
    }

    private static int orbitLabel(byte status, byte period, long orthant) {
        boolean fixedPoint = status == Status.CONVERGED.code || status == Status.UNDECIDED.code && period == 1;
        if (!fixedPoint && status == Status.UNDECIDED.code && period >= 2) return 8 + fold(2 * orthant + 1);
        if (fixedPoint) return 8 + fold(2 * orthant);
        return status == Status.DIVERGED.code || period == -1 ? 3 : 4;
    }

    /** Into [0, 2^31 − 9): injective below that, i.e. for the codes of up to 17 parameters (2·3^17 &lt; 2^31 − 9). */
    private static int fold(long code) {
        return (int) Long.remainderUnsigned(code, Integer.MAX_VALUE - 8);
    }

    /** The labels renumbered 0..K−1 in increasing order of value (K = number of distinct labels), for counting. */
    public static int[] dense(int[] labels) {
        int[] distinct = java.util.Arrays.stream(labels).distinct().sorted().toArray();
        int[] d = new int[labels.length];
        for (int i = 0; i < labels.length; i++) d[i] = java.util.Arrays.binarySearch(distinct, labels[i]);
        return d;
    }

    /**
     * Boundary pixels between classes a and b (a = b = −1: between any two classes): a pixel of one class with a
     * 4-neighbour of the other (science.md §5). {@link #NOT_A_STATE} is no class: a pixel next to it is not on a
     * boundary for that reason.
     */
    public static boolean[] boundary(int[] labels, int width, int height, int a, int b) {
        boolean[] m = new boolean[labels.length];
        for (int j = 0; j < height; j++) {
            for (int i = 0; i < width; i++) {
                int p = j * width + i, l = labels[p];
                if (i > 0 && differ(l, labels[p - 1], a, b)
                        || i < width - 1 && differ(l, labels[p + 1], a, b)
                        || j > 0 && differ(l, labels[p - width], a, b)
                        || j < height - 1 && differ(l, labels[p + width], a, b)) m[p] = true;
            }
        }
        return m;
    }

    /** Whether neighbours labelled l and k lie on the boundary between classes a and b (−1: any two). */
    static boolean differ(int l, int k, int a, int b) {
        // points that are not states (outside the quotient wedge, outside a data domain) are neither basin nor
        // boundary: the wedge's straight edge is not part of the convergence boundary
        if (l == k || l == NOT_A_STATE || k == NOT_A_STATE) return false;
        if (a < 0) return true;
        return l == a && k == b || l == b && k == a;
    }
}
