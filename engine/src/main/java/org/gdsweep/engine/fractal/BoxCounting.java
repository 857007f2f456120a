package org.gdsweep.engine.fractal;

/**
 * Box-counting dimension of a set of pixels (science.md §5): N(s) = number of boxes of side s = 2^k pixels that
 * contain a pixel of the set, for k = 0 … while there are at least 4 boxes per side; the dimension is the slope of
 * log N(s) against log(1/s) over a scaling range chosen by {@link ScalingFit#best} among the scales with N ≥ 8 and
 * at least 16 boxes per side.
 * Each N(s) is the smallest count over the 4 box grids offset by (0 or s/2, 0 or s/2) pixels: a fixed grid
 * over-counts boxes that a curve merely grazes, which biased a Koch curve's estimate upwards by 0.04.
 *
 * <p><b>Error.</b> The regression's standard error alone understates what the analyst's choices move (science.md §5),
 * so the error is the root sum of squares of four components, each reported:
 * <ul>
 *   <li>fit: the slope's standard error over the chosen range;</li>
 *   <li>range: half the spread (max − min)/2 of the slopes over every admissible range (every contiguous run of at
 *       least {@link ScalingFit#MIN_POINTS} usable scales, all of them if fewer);</li>
 *   <li>offset: half the spread of the slopes over the chosen range when each of the 4 offset grids is counted alone;</li>
 *   <li>resolution: |D − D½|, D½ the estimate from the labels at half the resolution (every second row and column),
 *       where the labels are known ({@link #ofLabels}); NaN (left out) otherwise.</li>
 * </ul>
 *
 * @param boxSizes   s, in pixels
 * @param counts     N(s), the minimum over the grids
 * @param fit        the fit; {@code fit.from()/to()} index into boxSizes
 * @param gridCounts N(s) of each offset grid g = 2·(y offset ≠ 0) + (x offset ≠ 0), [g][k]
 * @param halfResolutionDimension D½, or NaN when not computed
 */
public record BoxCounting(int[] boxSizes, long[] counts, ScalingFit fit, long[][] gridCounts, double halfResolutionDimension) {

    /** Counts of one grid only (no offset information), no half-resolution estimate. */
    public BoxCounting(int[] boxSizes, long[] counts, ScalingFit fit) {
        this(boxSizes, counts, fit, new long[][] {counts, counts, counts, counts}, Double.NaN);
    }

    public double dimension() { return fit.slope(); }

    /** The fit component: the regression's standard error. */
    public double standardError() { return fit.standardError(); }

    /** Half the spread of the slopes over every admissible scaling range. */
    public double rangeError() {
        int usable = usable(boxSizes, counts);
        double[] x = new double[usable], y = new double[usable];
        for (int k = 0; k < usable; k++) {
            x[k] = -Math.log(boxSizes[k]);
            y[k] = Math.log(counts[k]);
        }
        return ScalingFit.rangeSpread(x, y);
    }

    /** Half the spread of the slopes of the 4 offset grids over the chosen range. */
    public double offsetError() {
        if (fit.points() < 2) return Double.NaN;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (long[] g : gridCounts) {
            boolean positive = true;
            for (int k = fit.from(); k < fit.to(); k++) positive &= g[k] > 0;
            if (!positive) continue;
            double b = slope(g, fit.from(), fit.to());
            lo = Math.min(lo, b);
            hi = Math.max(hi, b);
        }
        return lo <= hi ? 0.5 * (hi - lo) : Double.NaN;
    }

    /** |D − D½|, NaN without a half-resolution estimate. */
    public double resolutionError() {
        return Math.abs(dimension() - halfResolutionDimension);
    }

    /** √(fit² + range² + offset² + resolution²) over the components that are known. */
    public double error() {
        double s = 0;
        for (double c : new double[] {standardError(), rangeError(), offsetError(), resolutionError()}) if (Double.isFinite(c)) s += c * c;
        return Math.sqrt(s);
    }

    /** This result with D½ from the same boundary at half resolution. */
    public BoxCounting withHalfResolution(double dimension) {
        return new BoxCounting(boxSizes, counts, fit, gridCounts, dimension);
    }

    /** Smallest and largest box size of the scaling range, in pixels. */
    public int[] range() {
        return fit.points() > 0 ? new int[] {boxSizes[fit.from()], boxSizes[fit.to() - 1]} : new int[] {0, 0};
    }

    /**
     * The boundary between classes a and b of a label map ({@link LabelMaps#boundary}), box-counted, with the
     * resolution component from the labels at half the resolution (every second row and column).
     */
    public static BoxCounting ofLabels(int[] labels, int width, int height, int a, int b) {
        BoxCounting full = of(LabelMaps.boundary(labels, width, height, a, b), width, height);
        int w2 = (width + 1) / 2, h2 = (height + 1) / 2;
        if (Math.min(w2, h2) < 64) return full;
        int[] half = new int[w2 * h2];
        for (int j = 0; j < h2; j++) for (int i = 0; i < w2; i++) half[j * w2 + i] = labels[2 * j * width + 2 * i];
        return full.withHalfResolution(of(LabelMaps.boundary(half, w2, h2, a, b), w2, h2).dimension());
    }

    public static BoxCounting of(boolean[] set, int width, int height) {
        int levels = 0;
        while ((Math.min(width, height) >> (levels + 1)) >= 4) levels++;
        levels++; // k = 0 … levels−1
        int[] sizes = new int[levels];
        long[] counts = new long[levels];
        long[][] grids = new long[4][levels];
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
                    long c = occ.cardinality();
                    best = Math.min(best, c);
                    grids[(oy != 0 ? 2 : 0) + (ox != 0 ? 1 : 0)][k] = c;
                }
            }
            if (s == 1) for (int g = 1; g < 4; g++) grids[g][k] = grids[0][k];
            counts[k] = best;
        }
        return fit(sizes, counts, grids, width, height);
    }

    /** The scaling fit of counts N(s) over box sizes s of a width × height map (also for {@link StreamingMeasures}). */
    static BoxCounting fit(int[] sizes, long[] counts, long[][] grids, int width, int height) {
        // Fit only scales with N ≥ 8 and at least 16 boxes per side: larger boxes measure the object's size, not
        // its boundary's scaling.
        int usable = usable(sizes, counts);
        double[] x = new double[usable], y = new double[usable];
        for (int k = 0; k < usable; k++) {
            x[k] = -Math.log(sizes[k]);
            y[k] = Math.log(counts[k]);
        }
        ScalingFit fit = usable >= 2 ? ScalingFit.best(x, y) : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        return new BoxCounting(sizes, counts, fit, grids, Double.NaN);
    }

    /**
     * Number of leading scales with N ≥ 8 and at least 16 boxes per side. Levels stop at the largest s_max with 4 boxes
     * per side, so the shorter side lies in [4·s_max, 8·s_max) and "16 boxes per side" is s ≤ s_max/4 (also for a
     * result without its map's size, such as {@link #rangeError()}).
     */
    private static int usable(int[] sizes, long[] counts) {
        int usable = 0;
        while (usable < sizes.length && counts[usable] >= 8 && sizes[usable] * 4L <= sizes[sizes.length - 1]) usable++;
        return usable;
    }

    private double slope(long[] n, int from, int to) {
        double[] x = new double[to], y = new double[to];
        for (int k = from; k < to; k++) {
            x[k] = -Math.log(boxSizes[k]);
            y[k] = Math.log(n[k]);
        }
        return ScalingFit.fit(x, y, from, to).slope();
    }
}
