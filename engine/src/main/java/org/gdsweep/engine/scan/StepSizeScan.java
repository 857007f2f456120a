package org.gdsweep.engine.scan;

import org.gdsweep.engine.start.StartSource;

/**
 * The same starts at several step sizes, as one job: run index = e·S + s runs start s of {@code base} with step size
 * etas[e]. Lanes carry their own η, so one vector mixes step sizes freely.
 */
public record StepSizeScan(StartSource base, double[] etas) implements StartSource {

    public StepSizeScan {
        if (etas.length < 1) throw new IllegalArgumentException("need at least one step size");
        for (double e : etas)
            if (!(e > 0) || Double.isInfinite(e)) throw new IllegalArgumentException("step sizes must be finite and > 0");
        etas = etas.clone();
    }

    /** S, starts per step size. */
    public long startsPerStep() { return base.count(); }

    @Override public long count() { return base.count() * etas.length; }

    @Override public int parameterCount() { return base.parameterCount(); }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        base.start(index % base.count(), dst, offset, stride);
    }

    @Override public double stepSize(long index) { return etas[(int) (index / base.count())]; }

    /** Linear spacing lo, …, hi (n ≥ 2 points; n = 1 gives lo). */
    public static double[] linear(double lo, double hi, int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        if (n > 1) e[n - 1] = hi;
        return e;
    }

    /** Geometric spacing lo, …, hi (lo, hi &gt; 0). */
    public static double[] geometric(double lo, double hi, int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = n == 1 ? lo : lo * Math.pow(hi / lo, (double) i / (n - 1));
        if (n > 1) e[n - 1] = hi;
        return e;
    }
}
