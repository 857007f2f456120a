package org.gdsweep.engine.start;

/**
 * Starts on the planar quotient of the scalar-vector family (science.md §2): a grid over (z, N) = (uᵀv, ‖u‖²+‖v‖²),
 * α = z along columns and β = N along rows of {@code grid}. The pair (z, N) evolves by itself for every d, so each
 * valid point (N ≥ 2|z|) is run with the d = 1 representative u = (√(N+2z) + √(N−2z))/2, v = (√(N+2z) − √(N−2z))/2
 * (uv = z, u² + v² = N). Points outside the wedge are not states of any GD; they get the start (0, 0) and callers
 * mark them with {@link #OUTSIDE}.
 */
public record QuotientPlane(Slice grid) implements StartSource {
    /** Status code used for points outside the wedge N ≥ 2|z|. */
    public static final byte OUTSIDE = -1;

    public QuotientPlane {
        if (grid.parameterCount() != 2) throw new IllegalArgumentException("the quotient grid is 2-D");
    }

    @Override public long count() { return grid.count(); }

    /** The plane's coordinates (α, β) = (z, N) as starts: the d = 1 representative, defined on the wedge N ≥ 2|z|. */
    public static final PlaneCoordinates COORDINATES = new PlaneCoordinates() {
        @Override public int parameterCount() { return 2; }

        @Override public boolean isState(double z, double n) { return n >= 2 * Math.abs(z); }

        @Override public void point(double z, double n, double[] dst, int offset, int stride) {
            representative(z, n, dst, offset, stride);
        }
    };

    /** u = (√(N+2z) + √(N−2z))/2, v = (√(N+2z) − √(N−2z))/2, or (0, 0) outside the wedge. */
    static void representative(double z, double n, double[] dst, int offset, int stride) {
        if (!(n >= 2 * Math.abs(z))) {
            dst[offset] = 0;
            dst[offset + stride] = 0;
            return;
        }
        double s = Math.sqrt(n + 2 * z), t = Math.sqrt(n - 2 * z);
        dst[offset] = 0.5 * (s + t);
        dst[offset + stride] = 0.5 * (s - t);
    }

    @Override public int parameterCount() { return 2; }

    @Override public double stepSize(long index) { return grid.stepSize(); }

    /** (z, N) of a grid point. */
    public double[] zn(long index) {
        double[] p = new double[2];
        grid.start(index, p, 0, 1);
        return p;
    }

    public boolean inside(long index) {
        double[] p = zn(index);
        return p[1] >= 2 * Math.abs(p[0]);
    }

    @Override
    public void start(long index, double[] dst, int offset, int stride) {
        double[] p = zn(index);
        representative(p[0], p[1], dst, offset, stride);
    }
}
