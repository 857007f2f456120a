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
import org.gdsweep.engine.start.PlaneCoordinates;
import org.gdsweep.engine.start.QuotientPlane;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.fractal.AdaptiveRefinement;
import org.gdsweep.engine.fractal.UncertaintyExponent;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5Measures;
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
            "boundary and memory bounded by --max-cells. Cells whose corners agree can hide filaments; a random",
            "share of them (--probe-fraction) is split anyway and what it finds is weighted, so the boundary-cell",
            "counts per level are unbiased estimates of the uniform grid's, with errors, and so is the dimension",
            "fitted to them. Rechecks a sample of the finest boundary cells with a stricter tolerance and cap."},
        footer = {"", "Example:",
            "  gdsweep refine --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --coarse 256 --levels 8 --max-iter 20000 -o refine.h5"})
public final class RefineCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta", required = true, order = 15, description = "Step size > 0 (for the loss as written).")
    double eta;
    @Mixin SliceWindowOptions sliceOptions;
    @Option(names = "--quotient", order = 25,
            description = "scalar loss only: refine on the planar quotient (z, N) = (u'v, |u|^2+|v|^2) instead of a slice; --window gives z and N ranges (e.g. --window=-2:2,0:4). Points outside the wedge N >= 2|z| are not states: neither basin nor boundary.")
    boolean quotient;
    @Option(names = "--coarse", order = 30, defaultValue = "128", description = "Coarse cells per side C (1..65536). Default: ${DEFAULT-VALUE}.")
    int coarse;
    @Option(names = "--levels", order = 31, defaultValue = "8", description = "Refinement levels L (0..24); effective side C*2^L + 1 (< 2^31). Default: ${DEFAULT-VALUE}.")
    int levels;
    @Option(names = "--max-cells", order = 32, defaultValue = "16384", description = "Cells refined per batch; bounds memory (1..10000000). Default: ${DEFAULT-VALUE}.")
    int maxCells;
    @Option(names = "--recheck", order = 33, defaultValue = "256", description = "Finest boundary cells recomputed with tol/100 and 10x the cap (0 = none). Default: ${DEFAULT-VALUE}.")
    int recheck;
    @Option(names = "--probe-fraction", order = 34, defaultValue = "0.125", description = "p in [0, 1]: a cell whose corners agree, "
            + "child of a boundary cell k levels above the finest, is split anyway with probability min(1, p*2^(k-1)); "
            + "0 = corner refinement only (counts are then lower bounds). Default: ${DEFAULT-VALUE}.")
    double probeFraction;
    @Option(names = "--labels", order = 35, defaultValue = "attractor", description = "convergence, attractor (nearest / farthest / other / diverged / undecided) or orbit (fixed point or periodic orbit by its sign pattern). Default: ${DEFAULT-VALUE}.")
    String labels;
    @Option(names = "--classes", paramLabel = "A,B", order = 36, description = "Refine the boundary between label classes A and B only. Default: 0,1 (converged to a minimiser / not converged) for convergence labels, any two classes otherwise.")
    String classes;
    @Option(names = "--uncertainty", paramLabel = "N", order = 37,
            description = "Also estimate the dimension by the uncertainty exponent from N random starts in the window (each rerun at +-eps, eps = 1e-5 ... 1e-1 of the window width) and say whether the two estimates agree (100..100000000).")
    Integer uncertainty;
    @Mixin StopOptions stopOptions;
    @Mixin ExecOptions execOptions;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", order = 80, description = "HDF5 output. Default: gdsweep-out/refine.h5.")
    String output;
    @Option(names = "--force", order = 83, description = "Overwrite an existing output file.")
    boolean force;

    /** Share of a fitted level's boundary cells found by corner refinement alone below which the output says so. */
    static final double FOUND_NOTE_BELOW = 0.95;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double canonicalEta = built.canonical(eta, "--eta");
        if (quotient) problem = sliceOptions.planarQuotient(problem);
        // its own grid: --coarse cells per side, refined --levels times (the slice's W × H is not used)
        Slice window = sliceOptions.build(problem, problemOptions.seed, canonicalEta, 2, 2);
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
        if (!(probeFraction >= 0 && probeFraction <= 1)) throw new BadInputException("--probe-fraction must be in [0, 1], got " + probeFraction);
        MeasureOptions.checkUncertaintySamples(uncertainty);
        MeasureOptions.checkUncertaintyHeap(uncertainty);
        String kind = MeasureOptions.checkLabels("--labels", labels, true); // refinement computes the limit features it needs
        int[] cls = MeasureOptions.classes(classes, kind);
        Sweep.Options options = execOptions.build();
        OutputOptions outputs = new OutputOptions();
        outputs.output = output;
        outputs.force = force;
        outputs.noPng = true;
        Path h5 = outputs.h5("refine");
        OutputSet set = outputs.begin(err, List.of(h5));

        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "refine (coarse cells split and descended)",
                "cells");
        // null: the slice itself, its points computed as a uniform map computes them
        PlaneCoordinates plane = quotient ? QuotientPlane.COORDINATES : null;
        AdaptiveRefinement.Result r = AdaptiveRefinement.run(problem, window, plane, rule, options, kind, cls, coarse, levels, maxCells, recheck,
                probeFraction, null, execOptions.quiet ? (a, b) -> {} : progress);

        UncertaintyExponent ue = uncertainty == null ? null : UncertaintyExponent.measure(problem, window, plane != null ? plane : window, rule, options.withThetaIndex(),
                kind, uncertainty, MapCommand.UNCERTAINTY_EPSILONS, problemOptions.seed, ProgressListener.NONE);

        Map<String, Object> prov = Provenance.common(spec, "refine");
        prov.putAll(built.attributes());
        prov.put("eta", canonicalEta);
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("slice_kind", quotient ? "quotient: alpha = z = u'v, beta = N = |u|^2+|v|^2 (d = 1 representatives); points outside "
                + "N >= 2|z| are not states" : sliceOptions.kindDescription);
        prov.put("window", new double[] {window.alpha0(), window.alpha1(), window.beta0(), window.beta1()});
        prov.put("labels", kind);
        prov.put("boundary_classes", cls[0] < 0 ? "any two classes" : cls[0] + "," + cls[1]);
        prov.put("coarse", coarse);
        prov.put("levels", levels);
        prov.put("effective_side", r.effectiveSide());
        prov.put("max_cells", maxCells);
        prov.put("peak_cells", r.peakCells());
        prov.put("runs", r.runs());
        prov.put("uniform_runs", r.uniformRuns());
        prov.put("work_saved", r.workSaved());
        prov.put("probe_fraction", probeFraction);
        prov.put("dimension", r.dimension());
        prov.put("dimension_error", r.error());
        prov.put("dimension_standard_error", r.fit().standardError());
        prov.put("dimension_error_range", r.rangeError());
        prov.put("dimension_error_sampling", r.samplingError());
        prov.put("dimension_error_resolution", r.resolutionError());
        prov.put("dimension_levels", r.levelRange());
        prov.put("found_dimension", r.foundDimension());
        prov.put("recheck_points", r.recheckedPoints());
        prov.put("recheck_changed", r.changedLabels());
        prov.put("dropped_cells_per_level", r.droppedCells());
        prov.put("probes_per_level", r.probes());
        if (ue != null) prov.putAll(Hdf5Measures.uncertaintyAttributes(ue, r.dimension(), r.error()));
        Hdf5RefineWriter.write(h5, force, prov, problem, window, r.boundaryCells(), r.estimatedCells(), r.estimateErrors(), ue);
        boolean probed = probeFraction > 0;
        for (int l = 0; l <= levels; l++) {
            out.printf(Locale.ROOT, "level %2d: cell side %.4g, %,d boundary cells found", l, (window.alpha1() - window.alpha0()) / (coarse * Math.pow(2, l)),
                    r.boundaryCells()[l]);
            if (probed) out.printf(Locale.ROOT, ", estimated %,.0f +- %,.0f (%.0f%% found)", r.estimatedCells()[l], r.estimateErrors()[l], 100 * r.foundFraction(l));
            out.println();
        }
        int[] lv = r.levelRange();
        if (probed)
            out.printf(Locale.ROOT, "boundary dimension from refinement: %.4f +- %.4f (fit %.4f, range %.4f, sampling %.4f, resolution %.4f; "
                            + "levels %d..%d); from the found cells alone %.4f%n", r.dimension(), r.error(), r.fit().standardError(), r.rangeError(),
                    r.samplingError(), r.resolutionError(), lv[0], lv[1], r.foundDimension());
        else
            out.printf(Locale.ROOT, "boundary dimension from corner refinement: %.4f +- %.4f (fit %.4f, range %.4f, resolution %.4f; levels %d..%d); "
                    + "cells whose corners agree were not probed, so the counts are lower bounds and the dimension may be biased low%n", r.dimension(),
                    r.error(), r.fit().standardError(), r.rangeError(), r.resolutionError(), lv[0], lv[1]);
        out.printf(Locale.ROOT, "effective grid %,d x %,d: %,d GD runs instead of %.4g (%.1fx less work); peak %,d cells in memory%n",
                r.effectiveSide(), r.effectiveSide(), r.runs(), r.uniformRuns(), r.workSaved(), r.peakCells());
        if (ue != null) MeasureOptions.printUncertainty(out, ue, "refinement", r.dimension(), r.error());
        if (r.recheckedPoints() > 0)
            out.printf(Locale.ROOT, "precision check: %d of %d corner labels of %d finest boundary cells change with tol/100 and 10x the cap%n",
                    r.changedLabels(), r.recheckedPoints(), r.recheckedCells());
        else if (recheck > 0 && rule.fixedHorizon())
            out.printf(Locale.ROOT, "precision check: not run (at a fixed horizon a label is the state after %d steps by definition)%n", rule.maxIterations());
        double lowest = r.lowestFoundFraction();
        if (lowest < FOUND_NOTE_BELOW)
            out.printf(Locale.ROOT, "note: corner refinement alone found as little as %.0f%% of a fitted level's boundary cells (filaments thinner than a "
                    + "cell cross cells between their corners): its own dimension %.4f is biased low; the estimate %.4f corrects for that%n",
                    100 * lowest, r.foundDimension(), r.dimension());
        set.commit();
        out.printf(Locale.ROOT, "wall %.2f s; wrote %s%n", (System.nanoTime() - t0) * 1e-9, h5.toAbsolutePath());
        return Main.EXIT_OK;
    }
}
