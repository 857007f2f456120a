package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;


import org.gdsweep.engine.fractal.UncertaintyExponent;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

/** Writes an adaptive refinement in the layout of docs/hdf5-layout.md ("Adaptive refinement"). */
public final class Hdf5RefineWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.REFINE;

    private Hdf5RefineWriter() {}

    /**
     * @param boundaryCells  boundary cells found per level 0 … L
     * @param estimatedCells the uniform grid's boundary cells estimated per level
     * @param estimateErrors their standard errors
     * @param uncertainty    the uncertainty exponent measured in the same window ({@code --uncertainty}), or null
     */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, Problem problem, Slice window,
                             long[] boundaryCells, double[] estimatedCells, double[] estimateErrors, UncertaintyExponent uncertainty)
            throws IOException {
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            int[] lv = new int[boundaryCells.length];
            for (int l = 0; l < lv.length; l++) lv[l] = l;
            Hdf5Layout.put(K, f, "level", lv);
            Hdf5Layout.put(K, f, "boundary_cells", boundaryCells);
            Hdf5Layout.put(K, f, "estimated_boundary_cells", estimatedCells);
            Hdf5Layout.put(K, f, "estimated_boundary_cells_error", estimateErrors);
            if (uncertainty != null) {
                Hdf5Layout.put(K, f, "uncertainty_epsilon", uncertainty.epsilons());
                Hdf5Layout.put(K, f, "uncertain_fraction", uncertainty.uncertain());
            }
            Hdf5Groups.slice(K, f, window);
            Hdf5Groups.problem(K, f, problem);
        });
    }
}
