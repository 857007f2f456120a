package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;


import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

/** Writes a zoom sequence in the layout of docs/hdf5-layout.md ("Zoom"): one status map and its measures per frame. */
public final class Hdf5ZoomWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.ZOOM;

    private Hdf5ZoomWriter() {}

    /**
     * @param slice   the slice of frame 0 (the frames share its origin and directions)
     * @param status  [frame][β][α]
     * @param windows [frame] = {α₀, α₁, β₀, β₁}
     */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, Problem problem, Slice slice, byte[][][] status,
                             double[][] windows, double[] dimension, double[] standardError, double[] sb, double[] sbb) throws IOException {
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            Hdf5Layout.put(K, f, "status", status);
            Hdf5Layout.put(K, f, "window", windows);
            Hdf5Layout.put(K, f, "box_dimension", dimension);
            Hdf5Layout.put(K, f, "box_dimension_standard_error", standardError);
            Hdf5Layout.put(K, f, "basin_entropy", sb);
            Hdf5Layout.put(K, f, "boundary_basin_entropy", sbb);
            Hdf5Groups.slice(K, f, slice);
            Hdf5Groups.problem(K, f, problem);
        });
    }
}
