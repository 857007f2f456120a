package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.ScanStatistics;
import org.gdsweep.engine.SweepResult;

/** Writes a step-size scan in the layout of docs/hdf5-layout.md ("Step-size scan"). */
public final class Hdf5ScanWriter {
    public static final int LAYOUT_VERSION = 1;

    private Hdf5ScanWriter() {}

    /**
     * @param stats       per-η summaries
     * @param runs        per-run results, index e·S + s
     * @param starts      the S start points, [P][S] (parameter axis first)
     * @param theoryPerStart per-start closed-form critical step size (S), or null
     * @param extra       writes the description of the starts (slice or random) into the file
     */
    public static void write(Path target, boolean overwrite, ScanStatistics stats, SweepResult runs, double[][] starts,
                             double[] theoryPerStart, double[] etaWritten, Map<String, Object> provenance,
                             java.util.function.Consumer<WritableGroup> extra) throws IOException {
        AtomicFile.write(target, overwrite, tmp -> {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putAttribute("layout", "gdsweep step-size scan");
                f.putAttribute("layout_version", LAYOUT_VERSION);
                Hdf5Output.attributes(f, provenance);
                int ne = stats.etas.length, s = runs.runs() / ne;
                Hdf5Output.put(f, "eta", stats.etas, "canonical step size of each scan point", "eta");
                if (etaWritten != null) Hdf5Output.put(f, "eta_written", etaWritten, "step size for the loss as written (paper form)", "eta");
                Hdf5Output.put(f, "converged_fraction", stats.convergedFraction, "fraction of starts that converged", "eta");
                Hdf5Output.put(f, "diverged_fraction", stats.divergedFraction, "fraction of starts that diverged", "eta");
                Hdf5Output.put(f, "undecided_fraction", stats.undecidedFraction, "fraction of starts still running at the cap", "eta");
                Hdf5Output.put(f, "asymptotic_grad_norm", stats.asymptoticGradNorm,
                        "mean over bounded runs of the asymptotic |grad L| (see runs/asymptotic_grad_norm)", "eta");
                Hdf5Output.put(f, "bounded_runs", stats.boundedRuns, "number of runs behind asymptotic_grad_norm", "eta");
                if (stats.periodCounts != null) {
                    Hdf5Output.put(f, "period_counts", stats.periodCounts,
                            "runs per orbit period p at column p + 1: p = -1 diverged, 0 aperiodic/unknown, 1 converged, 2.. periodic", "eta", "period");
                    Hdf5Output.put(f, "nearest_fraction", stats.nearestFraction, "regularised scalar problem: fraction of minimiser-reaching runs at the nearest minimiser", "eta");
                    Hdf5Output.put(f, "farthest_fraction", stats.farthestFraction, "... at the farthest minimiser", "eta");
                }
                Hdf5Output.put(f, "quantile_levels", ScanStatistics.QUANTILES.clone(), "probabilities of the quantiles", "quantile");
                for (ScanStatistics.Field field : new ScanStatistics.Field[] {stats.norm2, stats.imbalance, stats.sharpness, stats.iterations}) {
                    if (field == null) continue;
                    WritableGroup g = f.putGroup(field.name());
                    g.putAttribute("description", "distribution of " + field.name() + " over converged runs, per eta");
                    Hdf5Output.put(g, "quantiles", field.quantiles(), "quantiles[e][q] at quantile_levels[q] (NaN: no converged run)", "eta", "quantile");
                    Hdf5Output.put(g, "histogram", field.counts(), "counts[e][b] of converged runs in [edges[b], edges[b+1])", "eta", "bin");
                    Hdf5Output.put(g, "edges", field.edges(), "histogram bin edges, shared by all eta", "edge");
                }
                WritableGroup r = f.putGroup("runs");
                r.putAttribute("description", "per-run results, [eta][start]");
                Hdf5Output.put(r, "status", Hdf5Output.rows(runs.status, ne, s), "0 converged, 1 diverged, 2 undecided", "eta", "start");
                Hdf5Output.put(r, "iterations", Hdf5Output.rows(runs.iterations, ne, s), "GD steps taken", "eta", "start");
                Hdf5Output.put(r, "loss", Hdf5Output.rows(runs.loss, ne, s), "final loss", "eta", "start");
                Hdf5Output.put(r, "grad_norm", Hdf5Output.rows(runs.gradNorm, ne, s), "final |grad L|", "eta", "start");
                Hdf5Output.put(r, "norm2", Hdf5Output.rows(runs.norm2, ne, s), "final N = |theta|^2", "eta", "start");
                Hdf5Output.put(r, "imbalance", Hdf5Output.rows(runs.imbalance, ne, s), "final imbalance D", "eta", "start");
                if (runs.product != null) Hdf5Output.put(r, "product", Hdf5Output.rows(runs.product, ne, s), "final u'v", "eta", "start");
                if (runs.sharpness != null)
                    Hdf5Output.put(r, "sharpness", Hdf5Output.rows(runs.sharpness, ne, s), "top Hessian eigenvalue at the limit (converged runs; NaN otherwise)", "eta", "start");
                if (runs.asymptoticGradNorm != null)
                    Hdf5Output.put(r, "asymptotic_grad_norm", Hdf5Output.rows(runs.asymptoticGradNorm, ne, s),
                            "undecided: mean |grad L| over the trailing window after the cap; converged: final |grad L|; diverged: NaN", "eta", "start");
                if (runs.period != null) {
                    Hdf5Output.put(r, "period", Hdf5Output.rows(runs.period, ne, s), "1 converged, p >= 2 periodic orbit, 0 aperiodic/unknown, -1 diverged", "eta", "start");
                    Hdf5Output.put(r, "distance", Hdf5Output.rows(runs.distance, ne, s), "|theta_final - theta_0|", "eta", "start");
                    Hdf5Output.put(r, "minimiser_side", Hdf5Output.rows(runs.minimiserSide, ne, s),
                            "+1 nearest, -1 farthest minimiser (regularised scalar problem), 0 otherwise", "eta", "start");
                }
                Hdf5Output.put(f, "starts", starts, "start points theta_0, parameter axis first", "parameter", "start");
                if (theoryPerStart != null)
                    Hdf5Output.put(f, "critical_eta_theory", theoryPerStart, "closed-form per-start critical step size ([LM] Theorem 1)", "start");
                extra.accept(f);
            }
        });
    }
}
