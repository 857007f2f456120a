package org.gdsweep.engine.start;

/**
 * {@code count} runs of {@code base} spread evenly over all of it: run i is run ⌊i·N/count⌋ of base (N = base.count()),
 * with its start and step size. A sample that looks like the whole job, for sweeps whose only purpose is to let the JIT
 * compile a kernel (a tiled map's {@code --warmup}): a kernel compiled from the runs of one band of a map can be much
 * slower on the rest of it (a ½(xy − 1)² map's first rows diverge within a few steps; BENCHMARKS.md, session 18).
 *
 * @param base  the whole job
 * @param count sample size, 1 … base.count()
 */
public record SpreadSample(StartSource base, long count) implements StartSource {

    public SpreadSample {
        if (count < 1 || count > base.count())
            throw new IllegalArgumentException("sample of " + count + " runs from " + base.count());
    }

    /** Run of base that sample run {@code index} is (exact for N·count &lt; 2^63, i.e. any sweep gdsweep can hold). */
    public long baseRun(long index) {
        return Math.multiplyHigh(index, base.count()) == 0 ? index * base.count() / count
                : (long) ((double) index / count * base.count());
    }

    @Override public int parameterCount() { return base.parameterCount(); }

    @Override public void start(long index, double[] dst, int offset, int stride) { base.start(baseRun(index), dst, offset, stride); }

    @Override public double stepSize(long index) { return base.stepSize(baseRun(index)); }
}
