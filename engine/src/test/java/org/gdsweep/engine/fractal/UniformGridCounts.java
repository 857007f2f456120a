package org.gdsweep.engine.fractal;

/**
 * What refinement estimates, counted on the uniform grid itself: for each level k, the cells of the level-k grid
 * (every 2^(L−k)-th point of a (C·2^L + 1)² label map) whose corners lie on the boundary between classes a and b
 * ({@link LabelMaps#differ}'s rule: −1, −1 for any two, points that are not states taking no part).
 */
final class UniformGridCounts {
    private UniformGridCounts() {}

    static long[] cells(int[] labels, int side, int levels, int classA, int classB) {
        long[] n = new long[levels + 1];
        for (int k = 0; k <= levels; k++) {
            int s = 1 << (levels - k);
            for (int j = 0; j + s < side; j += s)
                for (int i = 0; i + s < side; i += s) {
                    int[] c = {labels[j * side + i], labels[j * side + i + s], labels[(j + s) * side + i], labels[(j + s) * side + i + s]};
                    boolean boundary = false;
                    for (int x = 0; x < 4; x++)
                        for (int y = x + 1; y < 4; y++) boundary |= LabelMaps.differ(c[x], c[y], classA, classB);
                    if (boundary) n[k]++;
                }
        }
        return n;
    }

    /** The slope of ln N_k against k·ln 2 over levels from … to (inclusive). */
    static double dimension(long[] counts, int from, int to) {
        double[] x = new double[counts.length], y = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            x[k] = k * Math.log(2);
            y[k] = Math.log(counts[k]);
        }
        return ScalingFit.fit(x, y, from, to + 1).slope();
    }
}
