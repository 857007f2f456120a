package org.gdsweep.engine.scan;

import java.util.Arrays;
import org.gdsweep.engine.sweep.RunRecorder;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Per-step-size summaries of a {@link StepSizeScan} sweep (pure functions of the per-run results).
 *
 * <p>For each η: fractions converged / diverged / undecided; quantiles ({@link #QUANTILES}) and histograms of
 * N = ‖θ∞‖², imbalance D, sharpness and iterations over the converged runs; the mean asymptotic gradient norm over
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
    /** Mean asymptotic ‖∇L‖ over bounded runs, NaN if not computed or none. */
    public final double[] asymptoticGradNorm;
    /** Number of bounded runs behind each mean. */
    public final long[] boundedRuns;
    public final Field norm2, imbalance, sharpness, iterations;
    /** periodCounts[e][p + 1] = runs with period p, p = −1 (diverged) … {@link RunRecorder#MAX_PERIOD}; null if not computed. */
    public final long[][] periodCounts;
    /** Among converged runs reaching a nonzero minimiser of the regularised problem: fraction at the nearest / farthest one. */
    public final double[] nearestFraction, farthestFraction;

    public ScanStatistics(StepSizeScan scan, SweepResult r, int bins) {
        int ne = scan.etas().length, s = (int) scan.startsPerStep();
        etas = scan.etas();
        convergedFraction = new double[ne];
        divergedFraction = new double[ne];
        undecidedFraction = new double[ne];
        asymptoticGradNorm = new double[ne];
        boundedRuns = new long[ne];
        double[] its = new double[r.runs()];
        for (int i = 0; i < its.length; i++) its[i] = r.iterations[i];
        for (int e = 0; e < ne; e++) {
            long c = 0, d = 0, u = 0, bounded = 0;
            double sum = 0;
            for (int k = e * s; k < (e + 1) * s; k++) {
                byte st = r.status[k];
                if (st == Status.CONVERGED.code) c++;
                else if (st == Status.DIVERGED.code) d++;
                else u++;
                if (r.asymptoticGradNorm != null && !Double.isNaN(r.asymptoticGradNorm[k])) {
                    bounded++;
                    sum += r.asymptoticGradNorm[k];
                }
            }
            convergedFraction[e] = (double) c / s;
            divergedFraction[e] = (double) d / s;
            undecidedFraction[e] = (double) u / s;
            boundedRuns[e] = bounded;
            asymptoticGradNorm[e] = bounded > 0 ? sum / bounded : Double.NaN;
        }
        periodCounts = r.period == null ? null : new long[ne][RunRecorder.MAX_PERIOD + 2];
        nearestFraction = new double[ne];
        farthestFraction = new double[ne];
        for (int e = 0; e < ne; e++) {
            long near = 0, far = 0;
            for (int k = e * s; k < (e + 1) * s; k++) {
                if (periodCounts != null) periodCounts[e][r.period[k] + 1]++;
                if (r.minimiserSide != null) {
                    if (r.minimiserSide[k] == 1) near++;
                    else if (r.minimiserSide[k] == -1) far++;
                }
            }
            nearestFraction[e] = near + far > 0 ? (double) near / (near + far) : Double.NaN;
            farthestFraction[e] = near + far > 0 ? (double) far / (near + far) : Double.NaN;
        }
        norm2 = field("norm2", r.norm2, r.status, ne, s, bins);
        imbalance = field("imbalance", r.imbalance, r.status, ne, s, bins);
        sharpness = r.sharpness == null ? null : field("sharpness", r.sharpness, r.status, ne, s, bins);
        iterations = field("iterations", its, r.status, ne, s, bins);
    }

    private static Field field(String name, double[] v, byte[] status, int ne, int s, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < v.length; k++) {
            if (status[k] != Status.CONVERGED.code || !Double.isFinite(v[k])) continue;
            lo = Math.min(lo, v[k]);
            hi = Math.max(hi, v[k]);
        }
        if (!(lo <= hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi == lo) hi = lo + Math.max(1e-12, Math.abs(lo) * 1e-12);
        double[] edges = new double[bins + 1];
        for (int b = 0; b <= bins; b++) edges[b] = lo + (hi - lo) * b / bins;
        double[][] q = new double[ne][QUANTILES.length];
        long[][] counts = new long[ne][bins];
        double[] buf = new double[s];
        for (int e = 0; e < ne; e++) {
            int n = 0;
            for (int k = e * s; k < (e + 1) * s; k++) {
                if (status[k] != Status.CONVERGED.code || !Double.isFinite(v[k])) continue;
                buf[n++] = v[k];
                int b = (int) ((v[k] - lo) / (hi - lo) * bins);
                counts[e][Math.min(bins - 1, Math.max(0, b))]++;
            }
            Arrays.sort(buf, 0, n);
            for (int j = 0; j < QUANTILES.length; j++) q[e][j] = quantile(buf, n, QUANTILES[j]);
        }
        return new Field(name, q, counts, edges);
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
