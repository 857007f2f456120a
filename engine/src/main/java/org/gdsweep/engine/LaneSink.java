package org.gdsweep.engine;

/** Receives each run exactly once, when its lane retires. Called from the thread that ran the lane. */
public interface LaneSink {

    /**
     * @param index      run index in the {@link StartSource}
     * @param status     {@link Status#code}
     * @param iterations GD steps taken
     * @param theta      final iterate, θ_p at theta[offset + p·stride]; only valid during the call
     */
    void retire(long index, byte status, int iterations, double[] theta, int offset, int stride);
}
