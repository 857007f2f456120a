package org.gdsweep.engine.start;

/** The starts of {@code base} with a step size of their own, etas[i] for run i (used by bisection). */
public record PerRunStepSizes(StartSource base, double[] etas) implements StartSource {

    public PerRunStepSizes {
        if (etas.length != base.count()) throw new IllegalArgumentException("one step size per start");
    }

    @Override public long count() { return base.count(); }

    @Override public int parameterCount() { return base.parameterCount(); }

    @Override public void start(long index, double[] dst, int offset, int stride) { base.start(index, dst, offset, stride); }

    @Override public double stepSize(long index) { return etas[(int) index]; }
}
