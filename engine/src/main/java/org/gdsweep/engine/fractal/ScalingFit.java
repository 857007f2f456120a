package org.gdsweep.engine.fractal;

/**
 * A least-squares line y = a + b·x through a contiguous range of scale points, with the slope's standard error,
 * and the automatic choice of that range.
 *
 * @param slope         b
 * @param standardError standard error of b (from the residual variance, n − 2 degrees of freedom; 0 for n = 2)
 * @param intercept     a
 * @param from          first point used (inclusive)
 * @param to            last point used (exclusive)
 */
public record ScalingFit(double slope, double standardError, double intercept, int from, int to) {

    /** Minimum number of scales in a fitted range. */
    public static final int MIN_POINTS = 4;

    public int points() { return to - from; }

    /** Least squares over points [from, to). */
    public static ScalingFit fit(double[] x, double[] y, int from, int to) {
        int n = to - from;
        double mx = 0, my = 0;
        for (int i = from; i < to; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0, sxy = 0;
        for (int i = from; i < to; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double b = sxy / sxx, a = my - b * mx, rss = 0;
        for (int i = from; i < to; i++) {
            double r = y[i] - (a + b * x[i]);
            rss += r * r;
        }
        double se = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
        return new ScalingFit(b, se, a, from, to);
    }

    /**
     * The scaling range, chosen automatically: among all contiguous ranges of at least {@link #MIN_POINTS} points
     * (all points if there are fewer), the one whose slope has the smallest standard error; ties go to the longer
     * range. A straight log-log plot therefore keeps all its points, and a curved one (e.g. saturation at large boxes,
     * pixel effects at small ones) is trimmed to its straightest part — the chosen range is always reported.
     */
    public static ScalingFit best(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) return new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, n);
        if (n <= MIN_POINTS) return fit(x, y, 0, n);
        ScalingFit best = null;
        for (int from = 0; from < n; from++) {
            for (int to = from + MIN_POINTS; to <= n; to++) {
                ScalingFit f = fit(x, y, from, to);
                if (best == null || f.standardError < best.standardError - 1e-12
                        || (Math.abs(f.standardError - best.standardError) <= 1e-12 && f.points() > best.points())) best = f;
            }
        }
        return best;
    }

    /**
     * Half the spread (max − min)/2 of the slopes over every contiguous range of at least {@link #MIN_POINTS} points
     * (all the points if there are fewer): how far the choice of scaling range moves the slope, the "range" component of
     * every dimension's error (science.md §5). NaN with fewer than 2 points.
     */
    public static double rangeSpread(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) return Double.NaN;
        int min = Math.min(MIN_POINTS, n);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < n; from++)
            for (int to = from + min; to <= n; to++) {
                double b = fit(x, y, from, to).slope();
                lo = Math.min(lo, b);
                hi = Math.max(hi, b);
            }
        return 0.5 * (hi - lo);
    }
}
