package org.gdsweep.engine.sweep;

/** Receives each run exactly once, when its lane retires. Called from the thread that ran the lane. */
public interface LaneSink {

    /**
     * @param index      run index in the {@link StartSource}
     * @param status     {@link Status#code}
     * @param iterations GD steps taken
     * @param gradNorm2  ‖∇L(θ_final)‖² as the kernel computed it for its stop test (bit-identical to
     *                   {@link Problem#gradient}'s return value: every kernel mirrors the reference's order)
     * @param norm2      ‖θ_final‖² likewise ({@link Problem#norm2})
     * @param theta      final iterate, θ_p at theta[offset + p·stride]; only valid during the call
     */
    void retire(long index, byte status, int iterations, double gradNorm2, double norm2, double[] theta, int offset, int stride);
}
