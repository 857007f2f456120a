package org.gdsweep.engine;

import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.start.StartSource;

/** Test starts: θ₀ uniform in [−halfWidth, halfWidth]ᴾ, step sizes cycling through {@code etas}. */
record BoxStarts(int runs, int parameterCount, double halfWidth, long seed, double... etas) implements StartSource {

    @Override public long count() { return runs; }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        Rng rng = new Rng(seed * 0x632BE59BD9B4E019L + index);
        for (int p = 0; p < parameterCount; p++) dst[offset + p * stride] = halfWidth * (2 * rng.nextDouble() - 1);
    }

    @Override public double stepSize(long index) { return etas[(int) (index % etas.length)]; }
}
