package org.gdsweep.engine.scan;

import java.util.Arrays;
import org.gdsweep.engine.problem.Rng;

/**
 * Where the converged fraction of a population of starts collapses, from per-start critical step sizes η_c:
 * the converged fraction at η is f(η) = #{η_c &gt; η}/n (under the interval assumption of {@link CriticalStepSize}),
 * and the collapse point is the η at which f falls to 1% of the bracketed starts, i.e. the 99th percentile of η_c.
 * A percentile rather than the maximum, because the maximum is set by null sets (e.g. the saddle's basin, where GD
 * converges up to much larger η), which a grid of starts can hit exactly. Its uncertainty is the standard deviation
 * over 200 bootstrap resamples (SplitMix64, fixed seed), which is reported together with the bisection accuracy.
 */
public final class PopulationCollapse {
    public static final double LEVEL = 0.99;
    private static final int RESAMPLES = 200;

    /** @param eta collapse point, @param standardError bootstrap standard deviation, @param count bracketed starts */
    public record Estimate(double eta, double standardError, int count) {}

    private PopulationCollapse() {}

    public static Estimate of(double[] perStart) {
        double[] v = Arrays.stream(perStart).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) return new Estimate(Double.NaN, Double.NaN, 0);
        double eta = ScanStatistics.quantile(v, v.length, LEVEL);
        Rng rng = new Rng(0xC011AB5EL);
        double[] sample = new double[v.length];
        double sum = 0, sum2 = 0;
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < v.length; i++) sample[i] = v[(int) (rng.nextDouble() * v.length)];
            Arrays.sort(sample);
            double q = ScanStatistics.quantile(sample, sample.length, LEVEL);
            sum += q;
            sum2 += q * q;
        }
        double mean = sum / RESAMPLES;
        return new Estimate(eta, Math.sqrt(Math.max(0, sum2 / RESAMPLES - mean * mean)), v.length);
    }
}
