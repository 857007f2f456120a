package org.gdsweep.engine.fractal;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Uncertainty exponent α (Grebogi, McDonald, Ott, Yorke 1983), computed by running GD on perturbed starts: N points
 * (α, β) uniform in the slice window (SplitMix64 stream "uncertainty"), each with a random direction d in the slice
 * plane; a point is ε-uncertain if the label at (α, β) ± ε·w·d differs from the label at (α, β) for either sign,
 * where w is the window width along α (so ε is relative to the window). The fraction f(ε) of uncertain points
 * scales like ε^α; α is the slope of log f against log ε over a range chosen by {@link ScalingFit#best} among the ε
 * with at least 10 uncertain points, and the boundary's dimension in the 2-D slice is 2 − α.
 *
 * @param epsilons    ε values (relative to the window width)
 * @param uncertain   fraction f(ε) of ε-uncertain points
 * @param fit         slope α of log f vs log ε
 * @param samples     N
 * @param runs        GD runs made (N·(1 + 2·#ε))
 */
public record UncertaintyExponent(double[] epsilons, double[] uncertain, ScalingFit fit, int samples, long runs) {

    public double alpha() { return fit.slope(); }

    /** 2 − α. */
    public double boundaryDimension() { return 2 - fit.slope(); }

    public static UncertaintyExponent measure(Problem problem, Slice slice, StopRule rule, Sweep.Options options,
                                              String labels, int samples, double[] epsilons, long seed,
                                              ProgressListener progress) {
        int ne = epsilons.length, per = 1 + 2 * ne;
        double width = slice.alpha1() - slice.alpha0();
        double[] a = new double[samples], b = new double[samples], da = new double[samples], db = new double[samples];
        Rng rng = Rng.stream(seed, "uncertainty");
        for (int i = 0; i < samples; i++) {
            a[i] = slice.alpha0() + (slice.alpha1() - slice.alpha0()) * rng.nextDouble();
            b[i] = slice.beta0() + (slice.beta1() - slice.beta0()) * rng.nextDouble();
            double phi = 2 * Math.PI * rng.nextDouble();
            da[i] = Math.cos(phi);
            db[i] = Math.sin(phi);
        }
        double[] origin = slice.origin(), e1 = slice.e1(), e2 = slice.e2();
        StartSource starts = new StartSource() {
            @Override public long count() { return (long) samples * per; }
            @Override public int parameterCount() { return origin.length; }
            @Override public double stepSize(long index) { return slice.stepSize(); }
            @Override public void start(long index, double[] dst, int offset, int stride) {
                int i = (int) (index / per), k = (int) (index % per);
                double al = a[i], be = b[i];
                if (k > 0) {
                    double eps = epsilons[(k - 1) / 2] * width * ((k - 1) % 2 == 0 ? 1 : -1);
                    al += eps * da[i];
                    be += eps * db[i];
                }
                for (int p = 0; p < origin.length; p++) dst[offset + p * stride] = (origin[p] + al * e1[p]) + be * e2[p];
            }
        };
        Sweep.Options o = LabelMaps.needsLimitFeatures(labels) ? options.withLimitFeatures(true).withTrailingWindow(0) : options;
        SweepResult r = Sweep.run(problem, starts, rule, o, progress).result();
        int[] l = LabelMaps.labels(r, labels);
        double[] f = new double[ne];
        long[] counts = new long[ne];
        for (int e = 0; e < ne; e++) {
            long c = 0;
            for (int i = 0; i < samples; i++) {
                int base = l[i * per];
                if (l[i * per + 1 + 2 * e] != base || l[i * per + 2 + 2 * e] != base) c++;
            }
            counts[e] = c;
            f[e] = (double) c / samples;
        }
        // fit over ε (sorted ascending by the caller) with enough uncertain points to be meaningful
        int[] idx = java.util.stream.IntStream.range(0, ne).filter(e -> counts[e] >= 10).toArray();
        double[] x = new double[idx.length], y = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            x[k] = Math.log(epsilons[idx[k]]);
            y[k] = Math.log(f[idx[k]]);
        }
        ScalingFit fit = idx.length >= 2 ? ScalingFit.best(x, y) : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        return new UncertaintyExponent(epsilons.clone(), f, fit, samples, r.runs());
    }
}
