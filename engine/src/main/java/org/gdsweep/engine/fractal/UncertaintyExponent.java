package org.gdsweep.engine.fractal;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.start.PlaneCoordinates;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Uncertainty exponent α (Grebogi, McDonald, Ott, Yorke 1983), computed by running GD on perturbed starts: N points
 * (α, β) uniform in the window (SplitMix64 stream "uncertainty"), each with a random direction d in the plane; a point
 * is ε-uncertain if the label at (α, β) ± ε·w·d differs from the label at (α, β) for either sign, where w is the
 * window width along α (so ε is relative to the window). The fraction f(ε) of uncertain points scales like ε^α; α is
 * the slope of log f against log ε over a range chosen by {@link ScalingFit#best} among the ε with at least 10
 * uncertain points, and the boundary's dimension in the 2-D plane is 2 − α.
 *
 * <p>Points are mapped to starts by the picture's {@link PlaneCoordinates} (a slice, or the quotient plane's (z, N)
 * representatives), and a point or perturbed point that is not a state (outside the quotient wedge) leaves that
 * sample out at that ε: such points are neither basin nor boundary.
 *
 * <p><b>Error.</b> Two components, reported apart: sampling, the standard deviation of the slope over 200 bootstrap
 * resamples of the N points (fixed seed), refitted over the chosen range; and range, half the spread of the slopes
 * over every admissible range of ε. The error is their root sum of squares.
 *
 * @param epsilons    ε values (relative to the window width)
 * @param uncertain   fraction f(ε) of ε-uncertain points
 * @param fit         slope α of log f vs log ε
 * @param samples     N
 * @param runs        GD runs made (N·(1 + 2·#ε))
 * @param samplingError the bootstrap standard deviation of α
 * @param rangeError  half the spread of α over the admissible ranges of ε
 */
public record UncertaintyExponent(double[] epsilons, double[] uncertain, ScalingFit fit, int samples, long runs,
                                  double samplingError, double rangeError) {

    /** Bootstrap resamples of the sampling error. */
    static final int RESAMPLES = 200;

    public double alpha() { return fit.slope(); }

    /** 2 − α. */
    public double boundaryDimension() { return 2 - fit.slope(); }

    /** √(sampling² + range² + fit²) of α (and of 2 − α). */
    public double error() {
        double s = 0;
        for (double c : new double[] {samplingError, rangeError, fit.standardError()}) if (Double.isFinite(c)) s += c * c;
        return Math.sqrt(s);
    }

    /** On a slice: points θ₀ + α·e₁ + β·e₂. */
    public static UncertaintyExponent measure(Problem problem, Slice slice, StopRule rule, Sweep.Options options,
                                              String labels, int samples, double[] epsilons, long seed,
                                              ProgressListener progress) {
        return measure(problem, slice, slice, rule, options, labels, samples, epsilons, seed, progress);
    }

    /**
     * @param window the picture's window (α₀..α₁ × β₀..β₁) and step size
     * @param plane  how a point (α, β) becomes a start
     */
    public static UncertaintyExponent measure(Problem problem, Slice window, PlaneCoordinates plane, StopRule rule, Sweep.Options options,
                                              String labels, int samples, double[] epsilons, long seed,
                                              ProgressListener progress) {
        Points pts = Points.draw(seed, window.alpha0(), window.alpha1(), window.beta0(), window.beta1(), samples, epsilons);
        int per = pts.per();
        StartSource starts = new StartSource() {
            @Override public long count() { return (long) samples * per; }
            @Override public int parameterCount() { return plane.parameterCount(); }
            @Override public double stepSize(long index) { return window.stepSize(); }
            @Override public void start(long index, double[] dst, int offset, int stride) {
                int i = (int) (index / per), k = (int) (index % per);
                plane.point(pts.alpha(i, k), pts.beta(i, k), dst, offset, stride);
            }
        };
        boolean[] state = new boolean[samples * per];
        for (int i = 0; i < samples; i++) for (int k = 0; k < per; k++) state[i * per + k] = plane.isState(pts.alpha(i, k), pts.beta(i, k));
        Sweep.Options o = LabelMaps.needsLimitFeatures(labels) ? options.withLimitFeatures(true).withTrailingWindow(0) : options;
        SweepResult r = Sweep.run(problem, starts, rule, o, progress).result();
        int[] l = LabelMaps.labels(r, labels);
        return estimate(l, state, samples, epsilons, seed, r.runs());
    }

    /**
     * The N samples (α, β) uniform in the window with a random direction d each (SplitMix64 stream "uncertainty"), and
     * their perturbed points: point k of sample i is the sample itself (k = 0) or sample ± ε·w·d (k = 2e + 1, 2e + 2),
     * w the window width along α.
     */
    private record Points(double[] a, double[] b, double[] da, double[] db, double[] epsilons, double width) {
        static Points draw(long seed, double alpha0, double alpha1, double beta0, double beta1, int samples, double[] epsilons) {
            double[] a = new double[samples], b = new double[samples], da = new double[samples], db = new double[samples];
            Rng rng = Rng.stream(seed, "uncertainty");
            for (int i = 0; i < samples; i++) {
                a[i] = alpha0 + (alpha1 - alpha0) * rng.nextDouble();
                b[i] = beta0 + (beta1 - beta0) * rng.nextDouble();
                double phi = 2 * Math.PI * rng.nextDouble();
                da[i] = Math.cos(phi);
                db[i] = Math.sin(phi);
            }
            return new Points(a, b, da, db, epsilons, alpha1 - alpha0);
        }

        int per() { return 1 + 2 * epsilons.length; }

        /** The signed perturbation ±ε·w of point k. */
        private double offset(int k) { return epsilons[(k - 1) / 2] * width * ((k - 1) % 2 == 0 ? 1 : -1); }

        double alpha(int i, int k) { return k == 0 ? a[i] : a[i] + offset(k) * da[i]; }

        double beta(int i, int k) { return k == 0 ? b[i] : b[i] + offset(k) * db[i]; }
    }

    /** A label at a point of the plane, for {@link #ofLabelFunction}. */
    @FunctionalInterface
    public interface LabelFunction {
        int label(double alpha, double beta);
    }

    /**
     * The estimator on a label function instead of GD runs (the same samples, perturbations, fit and errors): for sets
     * of known dimension in the tests, and for pictures whose labels are known in closed form.
     */
    public static UncertaintyExponent ofLabelFunction(LabelFunction f, double alpha0, double alpha1, double beta0, double beta1,
                                                      int samples, double[] epsilons, long seed) {
        Points pts = Points.draw(seed, alpha0, alpha1, beta0, beta1, samples, epsilons);
        int per = pts.per();
        int[] l = new int[samples * per];
        boolean[] state = new boolean[samples * per];
        java.util.Arrays.fill(state, true);
        for (int i = 0; i < samples; i++) for (int k = 0; k < per; k++) l[i * per + k] = f.label(pts.alpha(i, k), pts.beta(i, k));
        return estimate(l, state, samples, epsilons, seed, 0);
    }

    /** f(ε), the fit and its errors from the labels of every sample and perturbation ([i·per + k], k = 0 the sample). */
    private static UncertaintyExponent estimate(int[] l, boolean[] state, int samples, double[] epsilons, long seed, long runs) {
        int ne = epsilons.length, per = 1 + 2 * ne;
        // per sample and ε: 1 uncertain, 0 certain, −1 left out (a point that is not a state)
        byte[][] outcome = new byte[ne][samples];
        for (int e = 0; e < ne; e++)
            for (int i = 0; i < samples; i++) {
                int p0 = i * per, p1 = p0 + 1 + 2 * e, p2 = p1 + 1;
                if (!state[p0] || !state[p1] || !state[p2]) outcome[e][i] = -1;
                else outcome[e][i] = (byte) (l[p1] != l[p0] || l[p2] != l[p0] ? 1 : 0);
            }
        double[] f = new double[ne];
        long[] counts = new long[ne];
        for (int e = 0; e < ne; e++) {
            long c = 0, n = 0;
            for (int i = 0; i < samples; i++) {
                if (outcome[e][i] < 0) continue;
                n++;
                c += outcome[e][i];
            }
            counts[e] = c;
            f[e] = n > 0 ? (double) c / n : Double.NaN;
        }
        // fit over ε (sorted ascending by the caller) with enough uncertain points to be meaningful
        int[] idx = java.util.stream.IntStream.range(0, ne).filter(e -> counts[e] >= 10).toArray();
        double[][] xy = logLog(epsilons, f, idx);
        ScalingFit fit = idx.length >= 2 ? ScalingFit.best(xy[0], xy[1]) : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        double sampling = Double.NaN, range = Double.NaN;
        if (idx.length >= 2) {
            range = ScalingFit.rangeSpread(xy[0], xy[1]);
            Rng boot = Rng.stream(seed, "uncertainty-bootstrap");
            double sum = 0, sum2 = 0;
            int ok = 0;
            int[] pick = new int[samples];
            for (int rep = 0; rep < RESAMPLES; rep++) {
                for (int i = 0; i < samples; i++) pick[i] = (int) (boot.nextDouble() * samples);
                double[] fb = new double[ne];
                for (int e : idx) {
                    long c = 0, n = 0;
                    for (int i : pick) {
                        if (outcome[e][i] < 0) continue;
                        n++;
                        c += outcome[e][i];
                    }
                    fb[e] = c > 0 && n > 0 ? (double) c / n : Double.NaN;
                }
                double[] x = new double[fit.to() - fit.from()], y = new double[x.length];
                boolean finite = true;
                for (int k = fit.from(); k < fit.to(); k++) {
                    x[k - fit.from()] = Math.log(epsilons[idx[k]]);
                    y[k - fit.from()] = Math.log(fb[idx[k]]);
                    finite &= Double.isFinite(y[k - fit.from()]);
                }
                if (!finite || x.length < 2) continue;
                double s = ScalingFit.fit(x, y, 0, x.length).slope();
                sum += s;
                sum2 += s * s;
                ok++;
            }
            if (ok > 1) sampling = Math.sqrt(Math.max(0, (sum2 - sum * sum / ok) / (ok - 1)));
        }
        return new UncertaintyExponent(epsilons.clone(), f, fit, samples, runs, sampling, range);
    }

    /** {ln ε, ln f(ε)} over the ε of {@code idx}. */
    private static double[][] logLog(double[] epsilons, double[] f, int[] idx) {
        double[] x = new double[idx.length], y = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            x[k] = Math.log(epsilons[idx[k]]);
            y[k] = Math.log(f[idx[k]]);
        }
        return new double[][] {x, y};
    }
}
