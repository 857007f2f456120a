package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

/** Writes a zoom sequence in the layout of docs/hdf5-layout.md ("Zoom"): one status map and its measures per frame. */
public final class Hdf5ZoomWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.ZOOM;

    private Hdf5ZoomWriter() {}

    /**
     * @param slice    the slice of frame 0 (the frames share its origin and directions)
     * @param status   [frame][β][α]
     * @param windows  [frame] = {α₀, α₁, β₀, β₁}
     * @param measures [frame]: the boundary's box counting, with its error components
     */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, Problem problem, Slice slice, byte[][][] status,
                             double[][] windows, BoxCounting[] measures, double[] sb, double[] sbb) throws IOException {
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            Hdf5Layout.put(K, f, "status", status);
            Hdf5Layout.put(K, f, "window", windows);
            Hdf5Layout.put(K, f, "box_dimension", perFrame(measures, BoxCounting::dimension));
            Hdf5Layout.put(K, f, "box_dimension_error", perFrame(measures, BoxCounting::error));
            Hdf5Layout.put(K, f, "box_dimension_standard_error", perFrame(measures, BoxCounting::standardError));
            Hdf5Layout.put(K, f, "box_dimension_error_range", perFrame(measures, BoxCounting::rangeError));
            Hdf5Layout.put(K, f, "box_dimension_error_offset", perFrame(measures, BoxCounting::offsetError));
            Hdf5Layout.put(K, f, "box_dimension_error_resolution", perFrame(measures, BoxCounting::resolutionError));
            Hdf5Layout.put(K, f, "basin_entropy", sb);
            Hdf5Layout.put(K, f, "boundary_basin_entropy", sbb);
            Hdf5Groups.slice(K, f, slice);
            Hdf5Groups.problem(K, f, problem);
        });
    }

    private static double[] perFrame(BoxCounting[] measures, ToDoubleFunction<BoxCounting> value) {
        double[] v = new double[measures.length];
        for (int k = 0; k < v.length; k++) v[k] = value.applyAsDouble(measures[k]);
        return v;
    }
}
