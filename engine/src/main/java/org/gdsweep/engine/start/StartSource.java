package org.gdsweep.engine.start;

/**
 * Where lanes get their work: start point θ₀ and step size η of run number {@code index}.
 * Implementations must be thread-safe for concurrent reads and deterministic.
 */
public interface StartSource {

    /** Number of runs, indices 0 … count−1. */
    long count();

    /** P, the dimension of θ. */
    int parameterCount();

    /**
     * Writes θ₀ of run {@code index} as dst[offset + p·stride], p = 0 … P−1 (stride lets lane kernels fill a
     * structure-of-arrays buffer directly).
     */
    void start(long index, double[] dst, int offset, int stride);

    /** Step size η of run {@code index}, in the canonical normalisation; finite and &gt; 0. */
    double stepSize(long index);
}
