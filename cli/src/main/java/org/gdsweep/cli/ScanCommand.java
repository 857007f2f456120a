package org.gdsweep.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.RunRecorder;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5ScanWriter;
import org.gdsweep.io.Hdf5Tiles;
import org.gdsweep.io.LinePlot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep scan}: the same starts at many step sizes, one job. */
@Command(name = "scan", header = "Step-size scan: the same starts at many step sizes, per-eta statistics and plot.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs the same starts at every step size of a list or range (all eta x starts in one lockstep job) and",
            "reports per eta: fractions converged / diverged / undecided, quantiles and histograms of N, imbalance,",
            "sharpness and iterations of converged runs, and the asymptotic gradient norm of bounded runs.",
            "Writes HDF5 (eta as the coordinate) and a PNG plot with the theoretical critical step drawn in."},
        footer = {"", "Example:",
            "  gdsweep scan --loss scalar --d 1 --y 1 --eta-range 0.8:1.2:41 --count 4096 --max-iter 20000 -o scan.h5"})
public final class ScanCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--etas", paramLabel = "E1,E2,...", order = 15, description = "Step sizes (for the loss as written), comma-separated.")
    String etaList;
    @Option(names = "--eta-range", paramLabel = "LO:HI:N", order = 16, description = "N step sizes from LO to HI (for the loss as written).")
    String etaRange;
    @Option(names = "--spacing", order = 17, defaultValue = "linear", description = "Spacing of --eta-range: linear or geometric. Default: ${DEFAULT-VALUE}.")
    String spacing;
    @Mixin StartOptions startOptions;
    @Mixin StopOptions stopOptions;
    @Option(names = "--trailing-window", order = 50, defaultValue = "200",
            description = "Steps T after the cap over which the asymptotic |grad L| of undecided runs is averaged (>= 1). Default: ${DEFAULT-VALUE}.")
    int trailingWindow;
    @Option(names = "--no-sharpness", order = 51, description = "Skip the sharpness (top Hessian eigenvalue) of converged runs.")
    boolean noSharpness;
    @Option(names = "--bins", order = 52, defaultValue = "64", description = "Histogram bins per field (1..100000). Default: ${DEFAULT-VALUE}.")
    int bins;
    @Option(names = "--tile-runs", paramLabel = "N", order = 53,
            description = "Runs per tile (1024..2^30). Scans of more runs are computed in blocks of whole step sizes into FILE.h5.tiles/, one block in memory at a time: a rerun of the same command resumes the finished tiles; a scan too large to join in memory becomes an index (every per-eta statistic) beside its tiles. Default: 2^21 for problems of 2 parameters, 2^21 / (P/2) rounded down to a power of two for P parameters (at least 2^14).")
    Long tileRuns;
    @Mixin TileOptions tileOptions;
    @Mixin ExecOptions execOptions;
    @Mixin OutputOptions outputOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double[] written = stepSizes();
        double[] etas = new double[written.length];
        for (int e = 0; e < etas.length; e++) etas[e] = built.canonical(written[e], etaList != null ? "--etas" : "--eta-range");
        StartSource base = startOptions.build(spec, problem, problemOptions.seed, x -> built.canonical(x, "--boundary-eta"));
        StopRule rule = stopOptions.build(problem);
        if (trailingWindow < 1 || trailingWindow > 10_000_000) throw new BadInputException("--trailing-window must be in [1, 10000000], got " + trailingWindow);
        if (bins < 1 || bins > 100_000) throw new BadInputException("--bins must be in [1, 100000], got " + bins);
        Sweep.Options options = execOptions.build().withSharpness(!noSharpness).withTrailingWindow(trailingWindow).withLimitFeatures(true);
        int p = problem.parameterCount();
        long s = base.count(), total = s * etas.length;
        if (tileRuns != null && (tileRuns < 1024 || tileRuns > 1L << 30)) throw new BadInputException("--tile-runs must be in [1024, 2^30], got " + tileRuns);
        TiledScan.Plan plan = TiledScan.Plan.of(etas.length, s, tileRuns != null ? tileRuns : TiledMap.defaultTileRuns(p));
        TiledMap.Shard shardOf = tileOptions.shard();
        boolean tiled = shardOf != null || plan.tiles() > 1;
        // Per run the results (twice: the sweep's and the joined copy); per start its P coordinates, stored in the file
        // ([P][S]) and copied once by jhdf.
        long perRun = 2 * (1 + 4 + 8 * 6 + 8 + 8 + 10), startBytes = 8L * p * s;
        ExecOptions.checkDataset("--count", "starts", startBytes);
        boolean fitsWhole = total <= Integer.MAX_VALUE && ExecOptions.fitsInHeap(total * perRun + 2 * startBytes)
                && 8 * total <= ExecOptions.MAX_DATASET_BYTES;
        if (!tiled) {
            ExecOptions.checkDataset("--count", "runs/loss", 8 * total);
            ExecOptions.checkHeap("--count", String.format(Locale.ROOT, "%,d runs of %,d parameters", total, p), total * perRun + 2 * startBytes);
        } else {
            if (total > 1L << 40) throw new BadInputException("--count x step sizes must be at most 2^40 runs, got " + total);
            // a tile at a time (its runs, and its statistics' sort buffer); the whole scan only if it is joined
            ExecOptions.checkHeap(tileRuns != null ? "--tile-runs" : "--count", String.format(Locale.ROOT, "tiles of %,d runs", plan.runs(0)),
                    plan.runs(0) * perRun + 3 * startBytes + (fitsWhole && shardOf == null ? total * perRun : 0));
        }
        boolean joining = tiled && shardOf == null && fitsWhole, indexOnly = tiled && shardOf == null && !fitsWhole;
        Path h5 = null, png = null, tileDir = null;
        OutputSet outputs = null;
        if (shardOf != null) {
            tileDir = tileOptions.shardDirectory(outputOptions, "scan");
        } else {
            h5 = outputOptions.h5("scan");
            png = outputOptions.png(h5);
            if (tiled) tileDir = tileOptions.directory(h5);
            outputs = outputOptions.begin(spec.commandLine().getErr(), OutputOptions.files(h5, png));
        }

        StepSizeScan scan = new StepSizeScan(base, etas);
        int n = (int) s;
        double[][] starts = new double[p][n];
        double[] theta = new double[p];
        double[] theory = new double[n];
        boolean anyTheory = false;
        for (int i = 0; i < n; i++) {
            base.start(i, theta, 0, 1);
            for (int q = 0; q < p; q++) starts[q][i] = theta[q];
            theory[i] = problem.criticalStepSize(theta);
            anyTheory |= Double.isFinite(theory[i]);
        }
        final double[] theoryOrNull = anyTheory ? theory : null; // null: the family has no per-start closed form here
        double globalCritical = problem.globalCriticalStep();
        Slice grid = startOptions.grid(base);
        double[] writtenOrNull = built.paperForm() ? written : null;

        Map<String, Object> prov = Provenance.common(spec, "scan");
        prov.putAll(built.attributes());
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("starts", startOptions.describe());
        prov.put("starts_count", s);
        prov.put("trailing_window", trailingWindow);
        prov.put("max_period", RunRecorder.MAX_PERIOD);
        prov.put("spacing", etaList != null ? "list" : spacing);
        prov.put("bins", bins);

        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "scan");
        ProgressListener listener = execOptions.quiet ? (a, b) -> {} : progress;
        SweepResult r;
        ScanStatistics stats;
        SweepStats kernel;
        TiledScan.Outcome tiles = null;
        if (tiled) {
            String hash = TiledMap.scanHash(problem, scan, rule, "trailing " + trailingWindow + " sharpness " + !noSharpness + " bins " + bins, plan.etasPerTile());
            prov.put(Hdf5Tiles.SWEEP_HASH, hash);
            List<String> arguments = spec.commandLine().getParseResult().originalArgs();
            tiles = TiledScan.run(problem, scan, rule, options, bins, plan, shardOf, tileDir, hash, outputOptions.force, joining, err, listener,
                    (file, t, e0, tileEtas, runs, st) -> {
                        Map<String, Object> a = new java.util.LinkedHashMap<>(prov);
                        a.putAll(Hdf5Tiles.tileAttributes(hash, t, plan.tiles(), e0, tileEtas.length));
                        a.put("arguments", arguments.toArray(String[]::new));
                        if (shardOf != null) shardOf.describe(a);
                        execOptions.describe(a, st);
                        Hdf5ScanWriter.write(file, false, new ScanStatistics(new StepSizeScan(base, tileEtas), runs, bins, rule.fixedHorizon()), runs, starts, theoryOrNull,
                                writtenOrNull == null ? null : Arrays.copyOfRange(writtenOrNull, e0, e0 + tileEtas.length), a, problem, grid);
                    });
            out.printf(Locale.ROOT, "tiles: %d (%d computed, %d %s) in %s, %d step sizes each%n", plan.tiles(), tiles.computed(), tiles.resumed(),
                    shardOf != null ? "resumed or another shard's" : "resumed", tileDir, plan.etasPerTile());
            if (shardOf != null) {
                out.println(TileOptions.shardDone(shardOf, tileDir));
                return Main.EXIT_OK;
            }
            r = tiles.whole();
            stats = tiles.stats();
            kernel = tiles.kernel();
        } else {
            Sweep.Outcome outcome = Sweep.run(problem, scan, rule, options, listener);
            r = outcome.result();
            stats = new ScanStatistics(scan, r, bins, rule.fixedHorizon());
            kernel = outcome.stats();
        }
        execOptions.describe(prov, kernel);
        long t1 = System.nanoTime();
        if (indexOnly) {
            prov.put("tile_directory", h5.toAbsolutePath().getParent().relativize(tileDir.toAbsolutePath()).toString());
            Hdf5ScanWriter.writeIndex(h5, outputOptions.force, stats, starts, theoryOrNull, writtenOrNull, prov, problem, grid,
                    tiles.eta0(), tiles.etas());
        } else {
            Hdf5ScanWriter.write(h5, outputOptions.force, stats, r, starts, theoryOrNull, writtenOrNull, prov, problem, grid);
        }
        double hdf5Seconds = (System.nanoTime() - t1) * 1e-9;
        if (png != null) {
            List<LinePlot.Panel> panels = new ArrayList<>();
            panels.add(new LinePlot.Panel("fraction of starts", false, LinePlot.list(
                    new LinePlot.Series("converged to a minimiser", stats.minimiserFraction, new Color(0x21918C)),
                    new LinePlot.Series("diverged", stats.divergedFraction, new Color(0x999999)),
                    new LinePlot.Series("undecided", stats.undecidedFraction, new Color(0x440154)))));
            double[] elsewhere = new double[etas.length];
            boolean anyElsewhere = false;
            for (int e = 0; e < etas.length; e++) {
                elsewhere[e] = stats.convergedFraction[e] - stats.minimiserFraction[e];
                anyElsewhere |= elsewhere[e] > 0;
            }
            // runs that reached the origin or another critical point: a null set in theory, a grid can hit it
            if (anyElsewhere) panels.get(0).series().add(new LinePlot.Series("converged elsewhere (saddle, other)", elsewhere, new Color(0xD62728)));
            panels.add(new LinePlot.Panel("asymptotic |grad L| of bounded runs (log)", true, LinePlot.list(
                    new LinePlot.Series("mean over bounded runs", stats.asymptoticGradNorm, new Color(0xD95F02)))));
            if (stats.sharpness != null) {
                // [LM]'s sweeps: final sharpness against eta with the stability line 2/eta, and the final weight norm
                String who = stats.overBoundedRuns ? "bounded runs at the horizon" : "converged runs";
                double[] twoOverEta = new double[etas.length], sharp = new double[etas.length], norm = new double[etas.length];
                for (int e = 0; e < etas.length; e++) {
                    twoOverEta[e] = 2 / etas[e];
                    sharp[e] = stats.sharpness.quantiles()[e][3];
                    norm[e] = stats.norm2.quantiles()[e][3];
                }
                double top = 0;
                for (double v : sharp) if (Double.isFinite(v)) top = Math.max(top, v);
                panels.add(new LinePlot.Panel("sharpness (median, " + who + ")", false, LinePlot.list(
                        new LinePlot.Series("sharpness", sharp, new Color(0x3B528B)),
                        new LinePlot.Series("2/\u03b7 (stability limit)", twoOverEta, new Color(0xC00000))), 1.5 * Math.max(top, 1e-300)));
                panels.add(new LinePlot.Panel("|theta|^2 (median, " + who + ", log)", true, LinePlot.list(
                        new LinePlot.Series("|theta|^2", norm, new Color(0x5DC863)))));
            }
            List<LinePlot.Marker> markers = new ArrayList<>();
            if (Double.isFinite(globalCritical))
                markers.add(new LinePlot.Marker(String.format(Locale.ROOT, "theory eta_crit = %.4g", globalCritical), globalCritical, new Color(0xC00000)));
            LinePlot.write(png, outputOptions.force, LinePlot.render(
                    String.format(Locale.ROOT, "%s, lambda = %s: %,d starts per step size", problem.kind(), problem.lambda(), s),
                    "canonical step size eta", etas, panels, markers));
        }

        out.printf(Locale.ROOT, "%10s %9s %9s %9s %9s %12s %12s %14s %8s%n", "eta", "conv", "minimiser", "div", "undec", "median N", "median sharp",
                "asym |grad|", "period 2");
        for (int e = 0; e < etas.length; e++) {
            out.printf(Locale.ROOT, "%10.6g %8.2f%% %8.2f%% %8.2f%% %8.2f%% %12.5g %12.5g %14.4g %7.2f%%%n", etas[e], 100 * stats.convergedFraction[e],
                    100 * stats.minimiserFraction[e],
                    100 * stats.divergedFraction[e], 100 * stats.undecidedFraction[e], stats.norm2.quantiles()[e][3],
                    stats.sharpness == null ? Double.NaN : stats.sharpness.quantiles()[e][3], stats.asymptoticGradNorm[e],
                    100.0 * stats.periodCounts[e][3] / s);
        }
        if (Double.isFinite(globalCritical)) out.printf(Locale.ROOT, "theory: eta_crit = %.6g ([CG]: 2 / smallest sharpness of global minimisers)%n", globalCritical);
        out.println(ExecOptions.summary((System.nanoTime() - t0) * 1e-9,
                String.format(Locale.ROOT, "kernel %.2f, hdf5 %.2f", kernel.kernelSeconds(), hdf5Seconds), kernel));
        outputs.commit();
        // joined into the file, the tiles have served (merge's tile directory and an index's tiles stay)
        if (tiled && !indexOnly && tileOptions.removeAfterJoin()) TileRunner.delete(tileDir);
        out.printf("wrote %s%s%n", h5.toAbsolutePath(), indexOnly ? String.format(Locale.ROOT,
                " (statistics of every step size; the per-run results stay in %s: the scan needs %s to join in memory, more than this JVM may use)",
                tileDir, ExecOptions.size(total * perRun)) : "");
        if (png != null) out.printf("wrote %s (fractions and asymptotic gradient norm against eta, theory dashed)%n", png.toAbsolutePath());
        return Main.EXIT_OK;
    }

    private double[] stepSizes() {
        if ((etaList == null) == (etaRange == null)) throw new BadInputException("give exactly one of --etas or --eta-range");
        Parse.refuseIgnored(spec, "--spacing", etaList != null, "with --etas (it spaces --eta-range)");
        if (etaList != null) {
            double[] e = Parse.numbers("--etas", etaList, ",");
            for (double v : e) if (!(v > 0)) throw new BadInputException("--etas must all be > 0, got " + v);
            return e;
        }
        double[] r = Parse.numbers("--eta-range", etaRange, ":");
        if (r.length != 3 || !(r[0] > 0) || !(r[1] > r[0]) || r[2] != Math.rint(r[2]) || r[2] < 2 || r[2] > 1_000_000)
            throw new BadInputException("--eta-range must be LO:HI:N with 0 < LO < HI and an integer N in [2, 1000000], got '" + etaRange + "'");
        return switch (spacing.trim()) {
            case "linear" -> StepSizeScan.linear(r[0], r[1], (int) r[2]);
            case "geometric" -> StepSizeScan.geometric(r[0], r[1], (int) r[2]);
            default -> throw new BadInputException("--spacing must be linear or geometric, got '" + spacing + "'");
        };
    }
}
