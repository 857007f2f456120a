package org.gdsweep.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at round numbers, and their labels: steps of 1, 2, 2.5 or 5 × 10^k on linear axes (Heckbert's "nice
 * numbers"), powers of ten (with 2 and 5 between them when the axis spans fewer than three decades) on log axes.
 * Labels carry as many decimals as the step needs and no more, so 0.1 + 0.2 is written 0.3.
 */
public final class Ticks {
    private Ticks() {}

    /** About {@code target} round ticks within [lo, hi] (inclusive); empty for an empty or non-finite range. */
    public static double[] linear(double lo, double hi, int target) {
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) return Double.isFinite(lo) ? new double[] {lo} : new double[0];
        double step = step(lo, hi, target);
        List<Double> t = new ArrayList<>();
        long first = (long) Math.ceil(lo / step - 1e-9), last = (long) Math.floor(hi / step + 1e-9);
        for (long k = first; k <= last; k++) t.add(k * step == 0 ? 0.0 : k * step); // no −0
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The round step of {@link #linear}. */
    public static double step(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        double nice = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
        return nice * mag;
    }

    /** Ticks of a log10 axis over [lo, hi] (both &gt; 0): the powers of ten within it, plus 2·10^k and 5·10^k on short axes. */
    public static double[] log(double lo, double hi) {
        if (!(lo > 0) || !(hi >= lo)) return new double[0];
        int k0 = (int) Math.floor(Math.log10(lo) + 1e-9), k1 = (int) Math.ceil(Math.log10(hi) - 1e-9);
        boolean fine = k1 - k0 < 3;
        List<Double> t = new ArrayList<>();
        for (int k = k0; k <= k1; k++)
            for (double m : fine ? new double[] {1, 2, 5} : new double[] {1}) {
                double v = m * Math.pow(10, k);
                // a tick on the axis' edge counts: 1e-5 on an axis from 1e-5 must be drawn (relative slack)
                if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) t.add(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v)));
            }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The label of tick v of a linear axis with step {@code step}: fixed point with the step's decimals, or 1.5e+06 style when very large or small. */
    public static String label(double v, double step) {
        if (v == 0) return "0";
        double a = Math.max(Math.abs(v), step);
        if (a >= 1e5 || a < 1e-3) return String.format(Locale.ROOT, "%.3g", v).replace("e-0", "e-").replace("e+0", "e");
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (step * Math.pow(10, decimals) % 1 > 1e-6) decimals++; // 2.5 × 10^k needs one more
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The label of a tick of a log axis: 0.01 … 1000 written out, powers of ten beyond as 1e-05. */
    public static String logLabel(double v) {
        double a = Math.abs(v);
        if (a >= 0.01 && a < 1e4) {
            String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
        // 1e-05 → 1e-5, 2e+06 → 2e6
        return String.format(Locale.ROOT, "%.0e", v).replaceAll("e([+-])0*(\\d)", "e$1$2").replace("e+", "e");
    }
}
