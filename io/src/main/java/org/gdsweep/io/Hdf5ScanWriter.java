package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.SweepResult;

/** Writes a step-size scan in the layout of docs/hdf5-layout.md ("Step-size scan"). */
public final class Hdf5ScanWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.SCAN;

    private Hdf5ScanWriter() {}

    /**
     * @param stats       per-η summaries
     * @param runs        per-run results, index e·S + s
     * @param starts      the S start points, [P][S] (parameter axis first)
     * @param theoryPerStart per-start closed-form critical step size (S), or null
     * @param problem     the problem that ran (written to {@code problem/})
     * @param grid        the slice the starts were taken from ({@code --starts grid}), or null
     */
    public static void write(Path target, boolean overwrite, ScanStatistics stats, SweepResult runs, double[][] starts,
                             double[] theoryPerStart, double[] etaWritten, Map<String, Object> provenance,
                             Problem problem, Slice grid) throws IOException {
        write(K, target, overwrite, stats, runs, starts, theoryPerStart, etaWritten, provenance, problem, grid, f -> {});
    }

    /**
     * The index of a tiled scan too large to join (layout kind {@code SCAN_INDEX}): every per-η statistic of the whole
     * scan and the starts, as {@link #write} writes them, without the per-run results, which stay in the tiles of
     * {@code provenance}'s {@code tile_directory}; {@code tileEta0} and {@code tileEtas} say which step sizes each holds.
     */
    public static void writeIndex(Path target, boolean overwrite, ScanStatistics stats, double[][] starts, double[] theoryPerStart,
                                  double[] etaWritten, Map<String, Object> provenance, Problem problem, Slice grid,
                                  int[] tileEta0, int[] tileEtas) throws IOException {
        Hdf5Layout.Kind k = Hdf5Layout.Kind.SCAN_INDEX;
        write(k, target, overwrite, stats, null, starts, theoryPerStart, etaWritten, provenance, problem, grid, f -> {
            Hdf5Layout.put(k, f, "tile_eta0", tileEta0);
            Hdf5Layout.put(k, f, "tile_etas", tileEtas);
        });
    }

    private static void write(Hdf5Layout.Kind K, Path target, boolean overwrite, ScanStatistics stats, SweepResult runs, double[][] starts,
                              double[] theoryPerStart, double[] etaWritten, Map<String, Object> provenance,
                              Problem problem, Slice grid, java.util.function.Consumer<WritableGroup> extra) throws IOException {
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            int ne = stats.etas.length, s = starts[0].length;
            Hdf5Layout.put(K, f, "eta", stats.etas);
            if (etaWritten != null) Hdf5Layout.put(K, f, "eta_written", etaWritten);
            Hdf5Layout.put(K, f, "converged_fraction", stats.convergedFraction);
            Hdf5Layout.put(K, f, "diverged_fraction", stats.divergedFraction);
            Hdf5Layout.put(K, f, "undecided_fraction", stats.undecidedFraction);
            Hdf5Layout.put(K, f, "asymptotic_grad_norm", stats.asymptoticGradNorm);
            Hdf5Layout.put(K, f, "bounded_runs", stats.boundedRuns);
            Hdf5Layout.put(K, f, "minimiser_fraction", stats.minimiserFraction);
            Hdf5Layout.put(K, f, "limit_counts", stats.limitCounts);
            if (stats.periodCounts != null) {
                Hdf5Layout.put(K, f, "period_counts", stats.periodCounts);
                Hdf5Layout.put(K, f, "nearest_fraction", stats.nearestFraction);
                Hdf5Layout.put(K, f, "farthest_fraction", stats.farthestFraction);
            }
            Hdf5Layout.put(K, f, "quantile_levels", ScanStatistics.QUANTILES.clone());
            for (ScanStatistics.Field field : new ScanStatistics.Field[] {stats.norm2, stats.imbalance, stats.sharpness, stats.iterations}) {
                if (field == null) continue;
                WritableGroup g = f.putGroup(field.name());
                g.putAttribute("description", "distribution of " + field.name() + " over "
                        + (stats.overBoundedRuns ? "bounded runs (converged or undecided) at the fixed horizon" : "converged runs") + ", per eta");
                Hdf5Layout.put(K, g, field.name() + "/quantiles", field.quantiles());
                Hdf5Layout.put(K, g, field.name() + "/histogram", field.counts());
                Hdf5Layout.put(K, g, field.name() + "/edges", field.edges());
            }
            if (runs != null) writeRuns(K, f, runs, ne, s);
            Hdf5Layout.put(K, f, "starts", starts);
            if (theoryPerStart != null)
                Hdf5Layout.put(K, f, "critical_eta_theory", theoryPerStart);
            if (grid != null) {
                Hdf5Groups.slice(K, f, grid);
                Hdf5Layout.put(K, f, "alpha", grid.alphas());
                Hdf5Layout.put(K, f, "beta", grid.betas());
            }
            Hdf5Groups.problem(K, f, problem);
            extra.accept(f);
        });
    }

    private static void writeRuns(Hdf5Layout.Kind K, WritableGroup f, SweepResult runs, int ne, int s) {
        WritableGroup r = f.putGroup("runs");
        r.putAttribute("description", "per-run results, [eta][start]");
        Hdf5Layout.put(K, r, "runs/status", Hdf5Output.grid(runs.status, ne, s));
        Hdf5Layout.putLimit(K, r, "runs/limit", Hdf5Output.grid(runs.limit, ne, s));
        Hdf5Layout.put(K, r, "runs/iterations", Hdf5Output.grid(runs.iterations, ne, s));
        Hdf5Layout.put(K, r, "runs/loss", Hdf5Output.grid(runs.loss, ne, s));
        Hdf5Layout.put(K, r, "runs/grad_norm", Hdf5Output.grid(runs.gradNorm, ne, s));
        Hdf5Layout.put(K, r, "runs/norm2", Hdf5Output.grid(runs.norm2, ne, s));
        Hdf5Layout.put(K, r, "runs/imbalance", Hdf5Output.grid(runs.imbalance, ne, s));
        for (int k = 0; k < runs.derived.length; k++)
            Hdf5Layout.putFamilyDefined(K, r, "runs/" + runs.derivedQuantities.get(k).name(), Hdf5Output.grid(runs.derived[k], ne, s),
                    "final " + runs.derivedQuantities.get(k).symbol(), "");
        if (runs.sharpness != null)
            Hdf5Layout.put(K, r, "runs/sharpness", Hdf5Output.grid(runs.sharpness, ne, s));
        if (runs.asymptoticGradNorm != null)
            Hdf5Layout.put(K, r, "runs/asymptotic_grad_norm", Hdf5Output.grid(runs.asymptoticGradNorm, ne, s));
        if (runs.period != null) {
            Hdf5Layout.put(K, r, "runs/period", Hdf5Output.grid(runs.period, ne, s));
            Hdf5Layout.put(K, r, "runs/distance", Hdf5Output.grid(runs.distance, ne, s));
            Hdf5Layout.put(K, r, "runs/minimiser_side", Hdf5Output.grid(runs.minimiserSide, ne, s));
        }
    }
}
