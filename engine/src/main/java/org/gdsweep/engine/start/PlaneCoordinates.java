package org.gdsweep.engine.start;

/**
 * The starts of a 2-D picture as a function of its coordinates (α, β): θ₀ + α·e₁ + β·e₂ for a {@link Slice}, the
 * d = 1 representative of (z, N) for the {@link QuotientPlane}. Measures that perturb points off the grid (the
 * uncertainty exponent) map them through this, so they run GD in the plane the picture shows.
 */
public interface PlaneCoordinates {
    /** P, the number of parameters of a start. */
    int parameterCount();

    /** Whether (α, β) is a state of GD at all (the quotient plane: N ≥ 2|z|); points that are not are left out. */
    default boolean isState(double alpha, double beta) {
        return true;
    }

    /** Writes the start of point (α, β) into dst[offset + p·stride]. */
    void point(double alpha, double beta, double[] dst, int offset, int stride);
}
