package org.gdsweep.engine.scan;

import java.util.Arrays;
import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.sweep.RunRecorder;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Per-step-size summaries of a {@link StepSizeScan} sweep (pure functions of the per-run results).
 *
 * <p>For each η: fractions converged / diverged / undecided, the fraction that converged to a global minimiser and the
 * counts per {@link LimitKind}; quantiles ({@link #QUANTILES}) and histograms of
 * N = ‖θ∞‖², imbalance D, sharpness and iterations over the converged runs (over every bounded run, converged or
 * undecided, with a fixed horizon: [LM] reports the state after T steps whether or not it converged); the mean asymptotic gradient norm over
 * the runs that stayed bounded (converged or undecided, see {@link SweepResult#asymptoticGradNorm}).
 * Quantiles use linear interpolation between order statistics (NumPy's default); NaN where no run qualifies.
 * Histograms share one set of {@code bins} equal-width bins per field over the field's range across all η.
 */
public final class ScanStatistics {
    public static final double[] QUANTILES = {0, 0.05, 0.25, 0.5, 0.75, 0.95, 1};

    /** One summarised field: quantiles[e][q], histogram counts[e][b] over edges[b..b+1]. */
    public record Field(String name, double[][] quantiles, long[][] counts, double[] edges) {}

    public final double[] etas;
    public final double[] convergedFraction, divergedFraction, undecidedFraction;
    /** Fraction of all starts that converged to a global minimiser ({@link LimitKind#MINIMISER}): what "converges" means. */
    public final double[] minimiserFraction;
    /** limitCounts[e][k] = runs whose limit has {@link LimitKind#code} k (k = 0: did not converge). */
    public final long[][] limitCounts;
    /** Mean asymptotic ‖∇L‖ over bounded runs, NaN if not computed or none. */
    public final double[] asymptoticGradNorm;
    /** Number of bounded runs behind each mean. */
    public final long[] boundedRuns;
    public final Field norm2, imbalance, sharpness, iterations;
    /** periodCounts[e][p + 1] = runs with period p, p = −1 (diverged) … {@link RunRecorder#MAX_PERIOD}; null if not computed. */
    public final long[][] periodCounts;
    /** Among converged runs reaching a nonzero minimiser of the regularised problem: fraction at the nearest / farthest one. */
    public final double[] nearestFraction, farthestFraction;
    /** Whether the fields summarise every bounded run (fixed horizon) rather than the converged ones. */
    public final boolean overBoundedRuns;

    public ScanStatistics(StepSizeScan scan, SweepResult r, int bins) {
        this(scan, r, bins, false);
    }

    /**
     * @param overBoundedRuns summarise the fields over every bounded run (converged or undecided), as for a fixed
     *                        horizon ({@link org.gdsweep.engine.sweep.StopRule#fixedHorizon()}), instead of the converged ones
     */
    public ScanStatistics(StepSizeScan scan, SweepResult r, int bins, boolean overBoundedRuns) {
        this(accumulate(scan.etas(), scan.startsPerStep(), bins, r, overBoundedRuns));
    }

    private static Accumulator accumulate(double[] etas, long startsPerStep, int bins, SweepResult r, boolean overBoundedRuns) {
        Accumulator a = new Accumulator(etas, startsPerStep, bins, r.sharpness != null, r.period != null, overBoundedRuns);
        a.summarise(0, r);
        a.count(0, r);
        return a;
    }

    private ScanStatistics(Accumulator a) {
        etas = a.etas;
        convergedFraction = a.convergedFraction;
        divergedFraction = a.divergedFraction;
        undecidedFraction = a.undecidedFraction;
        minimiserFraction = a.minimiserFraction;
        limitCounts = a.limitCounts;
        asymptoticGradNorm = a.asymptoticGradNorm;
        boundedRuns = a.boundedRuns;
        periodCounts = a.periodCounts;
        nearestFraction = a.nearestFraction;
        farthestFraction = a.farthestFraction;
        overBoundedRuns = a.overBoundedRuns;
        norm2 = a.fields[0].field();
        imbalance = a.fields[1].field();
        sharpness = a.fields[2] == null ? null : a.fields[2].field();
        iterations = a.fields[3].field();
    }

    /**
     * Builds the statistics of a scan from blocks of whole step sizes (the tiles of a tiled scan), holding one block at
     * a time: every per-η figure depends on that η's runs alone, except the histogram bins, which span each field's
     * range over all η. So: {@link #summarise} every block (fractions, means, quantiles, ranges), then {@link #count}
     * every block again (histograms over the common bins), then {@link #result}. Blocks may come in any order; the
     * result equals {@link ScanStatistics#ScanStatistics(StepSizeScan, SweepResult, int)} on the whole scan bit for bit.
     */
    public static final class Accumulator {
        private final double[] etas;
        private final int s, bins;
        private final double[] convergedFraction, divergedFraction, undecidedFraction, asymptoticGradNorm, nearestFraction, farthestFraction;
        private final double[] minimiserFraction;
        private final long[][] limitCounts;
        private final long[] boundedRuns;
        private final long[][] periodCounts;
        /** norm2, imbalance, sharpness (null without), iterations */
        private final FieldAccumulator[] fields;
        private final boolean overBoundedRuns;

        public Accumulator(double[] etas, long startsPerStep, int bins, boolean sharpness, boolean period) {
            this(etas, startsPerStep, bins, sharpness, period, false);
        }

        /** @param overBoundedRuns fields over every bounded run (fixed horizon), not only the converged ones */
        public Accumulator(double[] etas, long startsPerStep, int bins, boolean sharpness, boolean period, boolean overBoundedRuns) {
            this.overBoundedRuns = overBoundedRuns;
            int ne = etas.length;
            this.etas = etas.clone();
            this.s = Math.toIntExact(startsPerStep);
            this.bins = bins;
            convergedFraction = new double[ne];
            divergedFraction = new double[ne];
            undecidedFraction = new double[ne];
            minimiserFraction = new double[ne];
            limitCounts = new long[ne][LimitKind.values().length];
            asymptoticGradNorm = new double[ne];
            boundedRuns = new long[ne];
            nearestFraction = new double[ne];
            farthestFraction = new double[ne];
            periodCounts = period ? new long[ne][RunRecorder.MAX_PERIOD + 2] : null;
            fields = new FieldAccumulator[] {new FieldAccumulator("norm2", ne, bins, overBoundedRuns), new FieldAccumulator("imbalance", ne, bins, overBoundedRuns),
                    sharpness ? new FieldAccumulator("sharpness", ne, bins, overBoundedRuns) : null, new FieldAccumulator("iterations", ne, bins, overBoundedRuns)};
        }

        /** First pass over the block of step sizes e0, e0 + 1, ... that {@code r} holds ([e][s], S runs per η). */
        public void summarise(int e0, SweepResult r) {
            int ne = r.runs() / s;
            for (int e = 0; e < ne; e++) {
                long c = 0, d = 0, u = 0, bounded = 0;
                double sum = 0;
                for (int k = e * s; k < (e + 1) * s; k++) {
                    byte st = r.status[k];
                    if (st == Status.CONVERGED.code) c++;
                    else if (st == Status.DIVERGED.code) d++;
                    else u++;
                    limitCounts[e0 + e][r.limit[k]]++;
                    if (r.asymptoticGradNorm != null && !Double.isNaN(r.asymptoticGradNorm[k])) {
                        bounded++;
                        sum += r.asymptoticGradNorm[k];
                    }
                }
                convergedFraction[e0 + e] = (double) c / s;
                divergedFraction[e0 + e] = (double) d / s;
                undecidedFraction[e0 + e] = (double) u / s;
                minimiserFraction[e0 + e] = (double) limitCounts[e0 + e][LimitKind.MINIMISER.code] / s;
                boundedRuns[e0 + e] = bounded;
                asymptoticGradNorm[e0 + e] = bounded > 0 ? sum / bounded : Double.NaN;
                long near = 0, far = 0;
                for (int k = e * s; k < (e + 1) * s; k++) {
                    if (periodCounts != null) periodCounts[e0 + e][r.period[k] + 1]++;
                    if (r.minimiserSide != null) {
                        if (r.minimiserSide[k] == 1) near++;
                        else if (r.minimiserSide[k] == -1) far++;
                    }
                }
                nearestFraction[e0 + e] = near + far > 0 ? (double) near / (near + far) : Double.NaN;
                farthestFraction[e0 + e] = near + far > 0 ? (double) far / (near + far) : Double.NaN;
            }
            double[] its = iterations(r);
            fields[0].summarise(e0, r.norm2, r.status, s);
            fields[1].summarise(e0, r.imbalance, r.status, s);
            if (fields[2] != null) fields[2].summarise(e0, r.sharpness, r.status, s);
            fields[3].summarise(e0, its, r.status, s);
        }

        /** Second pass, after every block was summarised: the histograms of this block's step sizes. */
        public void count(int e0, SweepResult r) {
            fields[0].count(e0, r.norm2, r.status, s);
            fields[1].count(e0, r.imbalance, r.status, s);
            if (fields[2] != null) fields[2].count(e0, r.sharpness, r.status, s);
            fields[3].count(e0, iterations(r), r.status, s);
        }

        public ScanStatistics result() {
            return new ScanStatistics(this);
        }

        private static double[] iterations(SweepResult r) {
            double[] its = new double[r.runs()];
            for (int i = 0; i < its.length; i++) its[i] = r.iterations[i];
            return its;
        }
    }

    /** One field's quantiles per η and its range over all η (first pass), then its histogram (second pass). */
    private static final class FieldAccumulator {
        private final String name;
        private final int bins;
        private final double[][] quantiles;
        private final long[][] counts;
        private double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        private double[] edges;
        /** The range the bins span, fixed by {@link #edges()} */
        private double binLo, binHi;

        /** Whether undecided runs count too (fixed horizon). */
        private final boolean bounded;

        FieldAccumulator(String name, int ne, int bins, boolean bounded) {
            this.name = name;
            this.bounded = bounded;
            this.bins = bins;
            quantiles = new double[ne][QUANTILES.length];
            counts = new long[ne][bins];
        }

        void summarise(int e0, double[] v, byte[] status, int s) {
            double[] buf = new double[s];
            for (int e = 0; e < v.length / s; e++) {
                int n = 0;
                for (int k = e * s; k < (e + 1) * s; k++) {
                    if (!(status[k] == Status.CONVERGED.code || bounded && status[k] == Status.UNDECIDED.code) || !Double.isFinite(v[k])) continue;
                    buf[n++] = v[k];
                    lo = Math.min(lo, v[k]);
                    hi = Math.max(hi, v[k]);
                }
                Arrays.sort(buf, 0, n);
                for (int j = 0; j < QUANTILES.length; j++) quantiles[e0 + e][j] = quantile(buf, n, QUANTILES[j]);
            }
        }

        /** Equal-width bins over [lo, hi] of every η's converged runs ([0, 1] if none; widened if lo = hi). */
        private double[] edges() {
            if (edges != null) return edges;
            double a = lo, b = hi;
            if (!(a <= b)) {
                a = 0;
                b = 1;
            }
            if (b == a) b = a + Math.max(1e-12, Math.abs(a) * 1e-12);
            binLo = a;
            binHi = b;
            edges = new double[bins + 1];
            for (int k = 0; k <= bins; k++) edges[k] = a + (b - a) * k / bins;
            return edges;
        }

        void count(int e0, double[] v, byte[] status, int s) {
            edges();
            double a = binLo, b = binHi;
            for (int e = 0; e < v.length / s; e++) {
                for (int k = e * s; k < (e + 1) * s; k++) {
                    if (!(status[k] == Status.CONVERGED.code || bounded && status[k] == Status.UNDECIDED.code) || !Double.isFinite(v[k])) continue;
                    int bin = (int) ((v[k] - a) / (b - a) * bins);
                    counts[e0 + e][Math.min(bins - 1, Math.max(0, bin))]++;
                }
            }
        }

        Field field() {
            return new Field(name, quantiles, counts, edges());
        }
    }

    /** Linear interpolation between order statistics of sorted[0..n) (NumPy's default); NaN when n = 0. */
    public static double quantile(double[] sorted, int n, double p) {
        if (n == 0) return Double.NaN;
        double pos = p * (n - 1);
        int i = (int) Math.floor(pos);
        if (i >= n - 1) return sorted[n - 1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
