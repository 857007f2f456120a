package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;


import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.CriticalStepSize;
import org.gdsweep.engine.start.Slice;

/** Writes per-start critical step sizes in the layout of docs/hdf5-layout.md ("Critical step sizes"). */
public final class Hdf5CriticalWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.CRITICAL;

    private Hdf5CriticalWriter() {}

    /**
     * @param r          the bisection's result, one value per start
     * @param grid       the slice of the starts ({@code --starts grid}: maps H×W), or null (vectors over the starts)
     * @param theory     per-start closed form (NaN where none), or null when the family has none
     * @param relative   critical_eta / theory − 1, or null with {@code theory}
     * @param starts     θ₀ of every start, [P][S]
     * @param levels     probabilities of the population quantiles
     * @param quantiles  the quantiles of the bracketed values
     */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, Problem problem, CriticalStepSize.Result r,
                             Slice grid, double[] theory, double[] relative, double[][] starts, double[] levels, double[] quantiles)
            throws IOException {
        int n = r.estimate().length, h = grid != null ? grid.height() : 1, w = grid != null ? grid.width() : n;
        String[] dims = grid != null ? new String[] {"beta", "alpha"} : new String[] {"start"};
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            Hdf5Layout.put(K, f, "critical_eta", shape(r.estimate(), grid, h, w), dims);
            Hdf5Layout.put(K, f, "eta_lo", shape(r.lo(), grid, h, w), dims);
            Hdf5Layout.put(K, f, "eta_hi", shape(r.hi(), grid, h, w), dims);
            Hdf5Layout.put(K, f, "flag", grid != null ? Hdf5Output.grid(r.flag(), h, w) : r.flag(), dims);
            if (theory != null) {
                Hdf5Layout.put(K, f, "critical_eta_theory", shape(theory, grid, h, w), dims);
                Hdf5Layout.put(K, f, "relative_difference", shape(relative, grid, h, w), dims);
            }
            Hdf5Layout.put(K, f, "starts", starts);
            if (grid != null) {
                Hdf5Layout.put(K, f, "alpha", grid.alphas());
                Hdf5Layout.put(K, f, "beta", grid.betas());
                Hdf5Groups.slice(K, f, grid);
            }
            Hdf5Groups.problem(K, f, problem);
            Hdf5Layout.put(K, f, "population_quantile_levels", levels);
            Hdf5Layout.put(K, f, "population_quantiles", quantiles);
        });
    }

    private static Object shape(double[] v, Slice grid, int h, int w) {
        return grid != null ? Hdf5Output.grid(v, h, w) : v;
    }
}
