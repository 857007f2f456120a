package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.fractal.AdaptiveRefinement;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5RefineWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep refine}: adaptive refinement of a basin boundary and its dimension, in bounded memory. */
@Command(name = "refine", header = "Adaptive refinement of a basin boundary to very fine effective grids.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Starts from a coarse C x C grid of cells on the slice window and recursively splits only the cells whose",
            "corners disagree in label, L levels deep: an effective (C*2^L + 1)^2 grid with work proportional to the",
            "boundary and memory bounded by --max-cells. Estimates the boundary dimension from the boundary-cell",
            "counts per level and rechecks a sample of the finest boundary cells with a stricter tolerance and cap."},
        footer = {"", "Example:",
            "  gdsweep refine --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --coarse 256 --levels 8 --max-iter 20000 -o refine.h5"})
public final class RefineCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta", required = true, order = 15, description = "Step size > 0 (for the loss as written).")
    double eta;
    @Mixin SliceOptions sliceOptions;
    @Option(names = "--coarse", order = 30, defaultValue = "128", description = "Coarse cells per side C (1..65536). Default: ${DEFAULT-VALUE}.")
    int coarse;
    @Option(names = "--levels", order = 31, defaultValue = "8", description = "Refinement levels L (0..24); effective side C*2^L + 1 (< 2^31). Default: ${DEFAULT-VALUE}.")
    int levels;
    @Option(names = "--max-cells", order = 32, defaultValue = "16384", description = "Cells refined per batch; bounds memory (1..10000000). Default: ${DEFAULT-VALUE}.")
    int maxCells;
    @Option(names = "--recheck", order = 33, defaultValue = "256", description = "Finest boundary cells recomputed with tol/100 and 10x the cap (0 = none). Default: ${DEFAULT-VALUE}.")
    int recheck;
    @Option(names = "--labels", order = 34, defaultValue = "attractor", description = "convergence, attractor (nearest / farthest / other / diverged / undecided) or orbit (fixed point or periodic orbit by its sign pattern). Default: ${DEFAULT-VALUE}.")
    String labels;
    @Mixin StopOptions stopOptions;
    @Mixin ExecOptions execOptions;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", order = 80, description = "HDF5 output. Default: gdsweep-out/refine.h5.")
    String output;
    @Option(names = "--force", order = 83, description = "Overwrite an existing output file.")
    boolean force;

    /** Share of probed dropped cells hiding boundary from which the refinement's dimension is called a lower bound. */
    static final double MISSED_WARNING = 0.05;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double canonicalEta = built.canonical(eta, "--eta");
        sliceOptions.size = "2";
        Slice window = sliceOptions.build(problem, problemOptions.seed, canonicalEta);
        StopRule rule = stopOptions.build(problem, canonicalEta);
        if (coarse < 1 || coarse > 65536) throw new BadInputException("--coarse must be in [1, 65536], got " + coarse);
        if (levels < 0 || levels > 24) throw new BadInputException("--levels must be in [0, 24], got " + levels);
        if ((long) coarse * (1L << levels) + 1 >= Integer.MAX_VALUE) throw new BadInputException("--coarse x 2^--levels must be below 2^31");
        // Level 0 runs every corner of the coarse grid at once: its coordinates (16 B), sweep result with limit
        // features (~100 B) and labels (4 B) per corner.
        long corners = (long) (coarse + 1) * (coarse + 1);
        if (corners > Integer.MAX_VALUE - 8) throw new BadInputException("--coarse must be at most 46339 (the coarse grid's corners are one array)");
        ExecOptions.checkHeap("--coarse", String.format(Locale.ROOT, "%,d coarse-grid corners", corners), corners * 150);
        if (maxCells < 1 || maxCells > 10_000_000) throw new BadInputException("--max-cells must be in [1, 10000000], got " + maxCells);
        if (recheck < 0 || recheck > 1_000_000) throw new BadInputException("--recheck must be in [0, 1000000], got " + recheck);
        if (recheck > 0 && problem.arithmetic() == Arithmetic.FLOAT32 && 10L * rule.maxIterations() > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new BadInputException("--max-iter must be <= " + Arithmetic.FLOAT32_MAX_ITERATIONS / 10
                    + " for refine with --arithmetic float32 (the precision recheck runs 10x the cap), or use --recheck 0");
        String kind = MeasureOptions.checkLabels("--labels", labels, true); // refinement computes the limit features it needs
        Sweep.Options options = execOptions.build();
        OutputOptions outputs = new OutputOptions();
        outputs.output = output;
        outputs.force = force;
        outputs.noPng = true;
        Path h5 = outputs.h5("refine");
        OutputSet set = outputs.begin(err, List.of(h5));

        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "refine (coarse boundary cells)");
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(problem, window, rule, options, kind, coarse, levels, maxCells, recheck,
                null, execOptions.quiet ? (a, b) -> {} : progress);

        Map<String, Object> prov = Provenance.common(spec, "refine");
        prov.putAll(built.attributes());
        prov.put("eta", canonicalEta);
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("slice_kind", sliceOptions.kindDescription);
        prov.put("window", new double[] {window.alpha0(), window.alpha1(), window.beta0(), window.beta1()});
        prov.put("labels", kind);
        prov.put("coarse", coarse);
        prov.put("levels", levels);
        prov.put("effective_side", r.effectiveSide());
        prov.put("max_cells", maxCells);
        prov.put("peak_cells", r.peakCells());
        prov.put("runs", r.runs());
        prov.put("uniform_runs", r.uniformRuns());
        prov.put("work_saved", r.workSaved());
        prov.put("dimension", r.dimension());
        prov.put("dimension_standard_error", r.fit().standardError());
        prov.put("dimension_levels", new int[] {r.fit().from(), r.fit().to() - 1});
        prov.put("recheck_points", r.recheckedPoints());
        prov.put("recheck_changed", r.changedLabels());
        prov.put("quiet_coarse_cells", r.quietCells());
        prov.put("quiet_cells_probed", r.probedQuietCells());
        prov.put("quiet_cells_hiding_boundary", r.hidingQuietCells());
        prov.put("dropped_cells_per_level", r.quietChildren());
        prov.put("dropped_cells_probed_per_level", r.probedChildren());
        prov.put("dropped_cells_hiding_boundary_per_level", r.hidingChildren());
        Hdf5RefineWriter.write(h5, force, prov, problem, window, r.boundaryCells());
        for (int l = 0; l <= levels; l++)
            out.printf(Locale.ROOT, "level %2d: cell side %.4g, %,d boundary cells%n", l, (window.alpha1() - window.alpha0()) / (coarse * Math.pow(2, l)), r.boundaryCells()[l]);
        out.printf(Locale.ROOT, "boundary dimension from refinement: %.4f +- %.4f (levels %d..%d)%n", r.dimension(), r.fit().standardError(),
                r.fit().from(), r.fit().to() - 1);
        out.printf(Locale.ROOT, "effective grid %,d x %,d: %,d GD runs instead of %.4g (%.1fx less work); peak %,d cells in memory%n",
                r.effectiveSide(), r.effectiveSide(), r.runs(), r.uniformRuns(), r.workSaved(), r.peakCells());
        if (r.recheckedPoints() > 0)
            out.printf(Locale.ROOT, "precision check: %d of %d corner labels of %d finest boundary cells change with tol/100 and 10x the cap%n",
                    r.changedLabels(), r.recheckedPoints(), r.recheckedCells());
        if (r.probedQuietCells() > 0)
            out.printf(Locale.ROOT, "missed boundary: %d of %d probed coarse cells whose corners agree hide boundary on a finer sub-grid "
                            + "(about %.0f of %,d such cells): the counts above are lower bounds%s%n", r.hidingQuietCells(), r.probedQuietCells(),
                    r.missedFraction() * r.quietCells(), r.quietCells(),
                    r.hidingQuietCells() > 0 ? "; a finer --coarse grid finds more" : "");
        double worst = r.worstMissedFraction();
        if (Double.isFinite(worst)) {
            StringBuilder per = new StringBuilder();
            for (int l = 1; l < levels; l++)
                if (r.probedChildren()[l] > 0) per.append(String.format(Locale.ROOT, "%s%d: %d/%d", per.isEmpty() ? "" : ", ", l, r.hidingChildren()[l], r.probedChildren()[l]));
            if (!per.isEmpty())
                out.printf(Locale.ROOT, "dropped cells hiding boundary, probed per level (level: hiding/probed): %s%n", per);
            if (worst >= MISSED_WARNING)
                out.printf(Locale.ROOT, "warning: up to %.0f%% of the cells refinement dropped at a level hide boundary (spikes or filaments thinner "
                        + "than a cell): the counts grow too slowly and %.4f is a lower bound of the dimension; box counting on a "
                        + "uniform grid (map --measure) does not have this bias%n", 100 * worst, r.dimension());
        }
        set.commit();
        out.printf(Locale.ROOT, "wall %.2f s; wrote %s%n", (System.nanoTime() - t0) * 1e-9, h5.toAbsolutePath());
        return Main.EXIT_OK;
    }
}
