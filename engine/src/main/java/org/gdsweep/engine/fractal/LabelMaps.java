package org.gdsweep.engine.fractal;

import org.gdsweep.engine.Status;
import org.gdsweep.engine.SweepResult;

/**
 * Label maps (int per pixel, row-major H×W) from sweep results, and their boundaries.
 */
public final class LabelMaps {
    /** Label: 0 converged, 1 not converged. */
    public static final String CONVERGENCE = "convergence";
    /**
     * Label: 0 nearest minimiser, 1 farthest minimiser, 2 converged elsewhere (other minimisers, the saddle),
     * 3 diverged, 4 undecided. Needs {@link SweepResult#minimiserSide} for the first two. Either way, points that are
     * not states (status &lt; 0, outside the quotient wedge) get label 5.
     */
    public static final String ATTRACTOR = "attractor";

    private LabelMaps() {}

    public static int[] labels(SweepResult r, String kind) {
        return labels(r.status, r.minimiserSide, kind);
    }

    public static int[] labels(byte[] status, byte[] side, String kind) {
        int[] l = new int[status.length];
        boolean attractor = ATTRACTOR.equals(kind);
        if (!attractor && !CONVERGENCE.equals(kind)) throw new IllegalArgumentException("labels must be convergence or attractor");
        for (int i = 0; i < l.length; i++) {
            if (status[i] < 0) {
                l[i] = 5; // not a state (quotient maps)
            } else if (!attractor) {
                l[i] = status[i] == Status.CONVERGED.code ? 0 : 1;
            } else if (status[i] == Status.CONVERGED.code) {
                l[i] = side != null && side[i] == 1 ? 0 : side != null && side[i] == -1 ? 1 : 2;
            } else {
                l[i] = status[i] == Status.DIVERGED.code ? 3 : 4;
            }
        }
        return l;
    }

    /**
     * Boundary pixels between classes a and b (a = b = −1: between any two classes): a pixel of one class with a
     * 4-neighbour of the other (science.md §5).
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

    private static boolean differ(int l, int k, int a, int b) {
        if (l == k) return false;
        if (a < 0) return true;
        return l == a && k == b || l == b && k == a;
    }
}
