package org.gdsweep.engine.fractal;

/**
 * Box-counting dimension of a set of pixels (science.md §5): N(s) = number of boxes of side s = 2^k pixels that
 * contain a pixel of the set, for k = 0 … while there are at least 4 boxes per side; the dimension is the slope of
 * log N(s) against log(1/s) over a scaling range chosen by {@link ScalingFit#best} among the scales with N ≥ 8 and
 * at least 16 boxes per side.
 * Each N(s) is the smallest count over the 4 box grids offset by (0 or s/2, 0 or s/2) pixels: a fixed grid
 * over-counts boxes that a curve merely grazes, which biased a Koch curve's estimate upwards by 0.04.
 *
 * @param boxSizes s, in pixels
 * @param counts   N(s)
 * @param fit      the fit; {@code fit.from()/to()} index into boxSizes
 */
public record BoxCounting(int[] boxSizes, long[] counts, ScalingFit fit) {

    public double dimension() { return fit.slope(); }

    public double standardError() { return fit.standardError(); }

    /** Smallest and largest box size of the scaling range, in pixels. */
    public int[] range() {
        return fit.points() > 0 ? new int[] {boxSizes[fit.from()], boxSizes[fit.to() - 1]} : new int[] {0, 0};
    }

    public static BoxCounting of(boolean[] set, int width, int height) {
        int levels = 0;
        while ((Math.min(width, height) >> (levels + 1)) >= 4) levels++;
        levels++; // k = 0 … levels−1
        int[] sizes = new int[levels];
        long[] counts = new long[levels];
        int points = 0;
        for (boolean b : set) if (b) points++;
        int[] xs = new int[points], ys = new int[points];
        for (int p = 0, q = 0; p < set.length; p++) {
            if (!set[p]) continue;
            xs[q] = p % width;
            ys[q++] = p / width;
        }
        for (int k = 0; k < levels; k++) {
            int s = 1 << k;
            sizes[k] = s;
            long best = Long.MAX_VALUE;
            int[] offsets = s == 1 ? new int[] {0} : new int[] {0, s / 2};
            for (int ox : offsets) {
                for (int oy : offsets) {
                    int bw = (width + ox) / s + 1, bh = (height + oy) / s + 1;
                    java.util.BitSet occ = new java.util.BitSet(bw * bh);
                    for (int q = 0; q < points; q++) occ.set(((ys[q] + oy) >> k) * bw + ((xs[q] + ox) >> k));
                    best = Math.min(best, occ.cardinality());
                }
            }
            counts[k] = best;
        }
        return fit(sizes, counts, width, height);
    }

    /** The scaling fit of counts N(s) over box sizes s of a width × height map (also for {@link StreamingMeasures}). */
    static BoxCounting fit(int[] sizes, long[] counts, int width, int height) {
        int levels = sizes.length;
        // Fit only scales with N ≥ 8 and at least 16 boxes per side: larger boxes measure the object's size, not
        // its boundary's scaling.
        int usable = 0;
        while (usable < levels && counts[usable] >= 8 && sizes[usable] * 16 <= Math.min(width, height)) usable++;
        double[] x = new double[usable], y = new double[usable];
        for (int k = 0; k < usable; k++) {
            x[k] = -Math.log(sizes[k]);
            y[k] = Math.log(counts[k]);
        }
        ScalingFit fit = usable >= 2 ? ScalingFit.best(x, y) : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        return new BoxCounting(sizes, counts, fit);
    }
}
