package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.scan.CriticalStepSize;
import org.gdsweep.engine.scan.PopulationCollapse;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartBlock;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5CriticalWriter;
import org.gdsweep.io.Hdf5Tiles;
import org.gdsweep.io.MapImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep critical}: per-start critical step sizes by lockstep bisection, with theory alongside. */
@Command(name = "critical", header = "Per-start critical step sizes by lockstep bisection, with theory alongside.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "For every start, the largest step size for which GD converges, by bracketing [LO, HI] and bisecting",
            "(geometric midpoints) to a relative accuracy; all starts advance in lockstep, each lane with its own",
            "trial eta. As a map over a slice (--starts grid, HDF5 + PNG) or for random starts (--starts gaussian).",
            "Stores the closed form alongside where theory gives one ([LM] Theorem 1 per start for the unregularised",
            "scalar problem; [CG]'s population threshold for the others) and the population's collapse point."},
        footer = {"", "Example:",
            "  gdsweep critical --loss scalar --d 1 --y 1 --starts grid --window=-2:2,-2:2 --size 128 --eta-range 0.05:3 --accuracy 1e-4 --max-iter 200000 -o crit.h5"})
public final class CriticalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta-range", paramLabel = "LO:HI", order = 15, defaultValue = "0.01:4",
            description = "Bracket for the critical step size (for the loss as written), 0 < LO < HI. Default: ${DEFAULT-VALUE}.")
    String etaRange;
    @Option(names = "--accuracy", order = 16, defaultValue = "1e-4", description = "Relative accuracy of each per-start value, in (0, 0.5]. Default: ${DEFAULT-VALUE}.")
    double accuracy;
    @Option(names = "--tile-starts", paramLabel = "N", order = 17,
            description = "Starts per tile (1024..2^30). Jobs of more starts are bisected tile by tile into FILE.h5.tiles/: a rerun of the same command resumes the finished tiles, and the per-round sweeps hold one tile. Default: 2^18 for problems of 2 parameters, 2^18 / (P/2) rounded down to a power of two for P parameters (at least 2^12).")
    Long tileStarts;
    @Mixin TileOptions tileOptions;
    @Mixin StartOptions startOptions;
    @Mixin StopOptions stopOptions;
    @Mixin ExecOptions execOptions;
    @Mixin OutputOptions outputOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double[] range = Parse.numbers("--eta-range", etaRange, ":");
        if (range.length != 2 || !(range[0] > 0) || !(range[1] > range[0]))
            throw new BadInputException("--eta-range must be LO:HI with 0 < LO < HI, got '" + etaRange + "'");
        double lo = built.canonical(range[0], "--eta-range"), hi = built.canonical(range[1], "--eta-range");
        if (!(accuracy > 0) || accuracy > 0.5) throw new BadInputException("--accuracy must be in (0, 0.5], got " + accuracy);
        StartSource starts = startOptions.build(spec, problem, problemOptions.seed, x -> built.canonical(x, "--boundary-eta"));
        StopRule rule = stopOptions.build(problem);
        Sweep.Options options = execOptions.build();
        if (tileStarts != null && (tileStarts < 1024 || tileStarts > 1L << 30))
            throw new BadInputException("--tile-starts must be in [1024, 2^30], got " + tileStarts);
        long perTile = tileStarts != null ? tileStarts : TiledMap.defaultTileStarts(problem.parameterCount());
        TiledMap.Shard shardOf = tileOptions.shard();
        boolean tiled = shardOf != null || starts.count() > perTile;
        // Per start: the bracket and trial step (3 doubles), flag and estimate, the sweep result of each bisection
        // round (status, iterations, final values), the HDF5 copies and, for a grid, the PNG's pixels and colours.
        // Tiled, the bisection holds one tile and the whole job keeps its results, theory and start points (8 B each).
        String sizeOption = startOptions.kind == StartOptions.Kind.grid ? "--size" : "--count";
        ExecOptions.checkHeap(sizeOption, String.format(java.util.Locale.ROOT, "%,d starts", starts.count()), tiled
                ? perTile * 200 + starts.count() * (2 * 25 + 16 + 12 + 8L * problem.parameterCount()) : starts.count() * 200);
        ExecOptions.checkDataset(startOptions.kind == StartOptions.Kind.grid ? "--size" : "--count", "critical_eta", 8 * starts.count());
        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "critical");
        ProgressListener listener = execOptions.quiet ? (a, b) -> {} : progress;
        if (shardOf != null) {
            Path tileDir = tileOptions.shardDirectory(outputOptions, "critical");
            bisectTiles(problem, starts, rule, options, lo, hi, perTile, shardOf, tileDir, out, err, listener);
            out.println(TileOptions.shardDone(shardOf, tileDir));
            return Main.EXIT_OK;
        }
        Path h5 = outputOptions.h5("critical");
        Path png = startOptions.kind == StartOptions.Kind.grid ? outputOptions.pngWithLegend(h5) : null;
        OutputSet outputs = outputOptions.begin(spec.commandLine().getErr(),
                OutputOptions.files(h5, png, png == null ? null : OutputOptions.legend(png)));

        Path tileDir = tiled ? tileOptions.directory(h5) : null;
        CriticalStepSize.Result r = tiled ? bisectTiles(problem, starts, rule, options, lo, hi, perTile, null, tileDir, out, err, listener)
                : CriticalStepSize.bisect(problem, starts, rule, options, lo, hi, accuracy, listener);

        int n = (int) starts.count(), p = problem.parameterCount();
        double[] theory = new double[n], theta = new double[p];
        double[][] startPoints = new double[p][n];
        boolean anyTheory = false;
        for (int i = 0; i < n; i++) {
            starts.start(i, theta, 0, 1);
            for (int q = 0; q < p; q++) startPoints[q][i] = theta[q];
            theory[i] = problem.criticalStepSize(theta);
            anyTheory |= Double.isFinite(theory[i]);
        }
        double[] found = Arrays.stream(r.estimate()).filter(Double::isFinite).sorted().toArray();
        PopulationCollapse.Estimate collapse = PopulationCollapse.of(r.estimate());
        long below = 0, above = 0;
        for (byte f : r.flag()) {
            if (f == CriticalStepSize.BELOW) below++;
            if (f == CriticalStepSize.ABOVE) above++;
        }
        double[] relative = new double[n];
        int compared = 0, within3 = 0, within4 = 0;
        for (int i = 0; i < n; i++) {
            relative[i] = Double.NaN;
            if (Double.isFinite(theory[i]) && Double.isFinite(r.estimate()[i])) {
                relative[i] = r.estimate()[i] / theory[i] - 1;
                compared++;
                if (Math.abs(relative[i]) <= 1e-3) within3++;
                if (Math.abs(relative[i]) <= 1e-4) within4++;
            }
        }

        Map<String, Object> prov = Provenance.common(spec, "critical");
        prov.putAll(built.attributes());
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("starts", startOptions.describe());
        prov.put("eta_lo", lo);
        prov.put("eta_hi", hi);
        prov.put("relative_accuracy", accuracy);
        prov.put("bisection", "bracket [eta_lo, eta_hi]; geometric midpoints; converged -> lo, else hi; estimate sqrt(lo*hi)");
        prov.put("rounds", r.rounds());
        prov.put("collapse_eta", collapse.eta());
        prov.put("collapse_eta_standard_error", collapse.standardError());
        prov.put("collapse_definition", "99th percentile of the bracketed per-start critical eta (converged fraction down to 1%); "
                + "standard error by bootstrap (200 resamples); per-start values carry the relative accuracy on top");
        SweepStats stats = new SweepStats(r.kernelSeconds(), r.laneIterations(), 0, options.threads(), 0, 0);
        prov.put("kernel_seconds", stats.kernelSeconds());
        prov.put("lane_iterations", stats.laneIterations());
        prov.put("lane_iterations_per_second", stats.laneIterationsPerSecond());
        prov.put("threads", options.threads());
        prov.put("engine", execOptions.engineKind().name().toLowerCase(Locale.ROOT));

        Slice grid = startOptions.grid(starts);
        int h = grid != null ? grid.height() : 1, w = grid != null ? grid.width() : n;
        double[] levels = {0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1};
        double[] q = new double[levels.length];
        for (int k = 0; k < levels.length; k++) q[k] = ScanStatistics.quantile(found, found.length, levels[k]);
        Hdf5CriticalWriter.write(h5, outputOptions.force, prov, problem, r, grid, anyTheory ? theory : null, anyTheory ? relative : null,
                startPoints, levels, q);
        if (png != null) {
            byte[] status = new byte[n];
            for (int i = 0; i < n; i++) status[i] = r.flag()[i] == CriticalStepSize.FOUND ? 0 : r.flag()[i] == CriticalStepSize.BELOW ? (byte) 1 : (byte) 2;
            // 0.5%..99.5% percentiles, so that null sets with extreme values (the saddle's basin) do not flatten the map
            double[] lohi = {ScanStatistics.quantile(found, found.length, 0.005), ScanStatistics.quantile(found, found.length, 0.995)};
            String[] axes = grid != null ? SliceOptions.axisLabels(problem, grid) : new String[] {"start", ""};
            MapImage.write(png, outputOptions.force, status, null, w, h, new MapImage.Colouring("critical step size \u03b7*", r.estimate(), lohi[0], lohi[1]),
                    new MapImage.Frame(problem.kind() + ": per-start critical step size",
                            String.format(Locale.ROOT, "canonical \u03b7 bisected in [%.4g, %.4g]; colours span the 0.5%%..99.5%% percentiles", lo, hi),
                            axes[0], grid != null ? grid.alpha0() : 0, grid != null ? grid.alpha1() : n - 1,
                            axes[1], grid != null ? grid.beta0() : 0, grid != null ? grid.beta1() : 0,
                            "not converging at the lowest \u03b7", "converging at the highest \u03b7"), outputOptions.pngRaw);
        }
        out.printf(Locale.ROOT, "starts: %,d  bracketed %,d  below range %,d  above range %,d  (%d sweeps)%n", n, found.length, below, above, r.rounds());
        if (found.length > 0) {
            out.printf(Locale.ROOT, "per-start critical eta: min %.6g  median %.6g  max %.6g%n", found[0], ScanStatistics.quantile(found, found.length, 0.5), found[found.length - 1]);
            out.printf(Locale.ROOT, "population collapse (99th percentile): eta = %.6g +- %.2g (bootstrap) +- %.1g relative (bisection)%n",
                    collapse.eta(), collapse.standardError(), accuracy);
        }
        if (anyTheory)
            out.printf(Locale.ROOT, "theory alongside: %,d of %,d starts within 1e-4 relative of the closed form, %,d within 1e-3%n",
                    within4, compared, within3);
        double global = problem.globalCriticalStep();
        if (Double.isFinite(global)) out.printf(Locale.ROOT, "theory: eta_crit = %.6g ([CG]: 2 / smallest sharpness of global minimisers)%n", global);
        out.printf(Locale.ROOT, "summary: wall %.2f s (kernel %.2f), %.4g lane-iterations, %.3g lane-iterations/s, %d threads%n",
                (System.nanoTime() - t0) * 1e-9, r.kernelSeconds(), (double) r.laneIterations(), stats.laneIterationsPerSecond(), options.threads());
        outputs.commit();
        if (tiled && tileOptions.removeAfterJoin()) TileRunner.delete(tileDir); // joined into the file: the tiles have served
        out.printf("wrote %s%n", h5.toAbsolutePath());
        if (png != null) out.printf("wrote %s (critical eta in viridis; legend in %s.txt)%n", png.toAbsolutePath(), png.getFileName());
        return Main.EXIT_OK;
    }

    /**
     * Bisects tile by tile: blocks of {@code perTile} consecutive starts, each written to the tile directory when done
     * (a critical tile file), so a killed job loses at most the tile in flight and a rerun resumes; tiles of another
     * job are refused (or removed with --force). Each start's bracket depends on that start alone, so the joined result
     * equals a job bisected at once; the rounds are the most any tile needed. A shard bisects its own tiles only and
     * returns null.
     */
    private CriticalStepSize.Result bisectTiles(Problem problem, StartSource starts, StopRule rule, Sweep.Options options, double lo, double hi,
                                                long perTile, TiledMap.Shard shard, Path directory, PrintWriter out, PrintWriter err,
                                                ProgressListener progress) throws IOException {
        String hash = TiledMap.criticalHash(problem, starts, lo, hi, accuracy, rule, perTile);
        TileRunner.prepare(directory, hash, outputOptions.force, err);
        int n = Math.toIntExact(starts.count()), tiles = (int) ((n + perTile - 1) / perTile);
        double[] estimate = new double[n], bracketLo = new double[n], bracketHi = new double[n];
        byte[] flag = new byte[n];
        int rounds = 0, computed = 0, resumed = 0;
        long laneIterations = 0, toCompute = 0, done = 0;
        double kernel = 0;
        for (int t = 0; t < tiles; t++)
            if ((shard == null || shard.owns(t)) && !java.nio.file.Files.exists(directory.resolve(Hdf5Tiles.tileName(t))))
                toCompute += Math.min(perTile, n - t * perTile);
        final long total = Math.max(1, toCompute);
        Map<String, Object> base = Provenance.common(spec, "critical");
        base.put("arguments", spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        if (shard != null) shard.describe(base);
        for (int t = 0; t < tiles; t++) {
            if (shard != null && !shard.owns(t)) continue;
            int first = (int) (t * perTile), count = (int) Math.min(perTile, n - (long) first);
            Path file = directory.resolve(Hdf5Tiles.tileName(t));
            CriticalStepSize.Result part;
            if (java.nio.file.Files.exists(file)) { // verified above: this job's, complete (renamed into place whole)
                resumed++;
                if (shard != null) continue;
                part = Hdf5Tiles.readCriticalTile(file);
            } else {
                final long before = done;
                // the tiles still to bisect after this one (each about as many sweeps as this): the JIT warms up once
                Sweep.Options tileOptions = options.withRunsToCome(Math.max(0, toCompute - done - count) * 20);
                part = CriticalStepSize.bisect(problem, new StartBlock(starts, first, count), rule, tileOptions, lo, hi, accuracy,
                        (d, tot) -> progress.progress(before + (tot > 0 ? d * count / tot : 0), total));
                Map<String, Object> attributes = new java.util.LinkedHashMap<>(base);
                attributes.putAll(Hdf5Tiles.tileAttributes(hash, t, tiles, first, count));
                Hdf5Tiles.writeCriticalTile(file, attributes, part);
                done += count;
                computed++;
                kernel += part.kernelSeconds();
                laneIterations += part.laneIterations();
                if (shard != null) continue;
            }
            System.arraycopy(part.estimate(), 0, estimate, first, count);
            System.arraycopy(part.lo(), 0, bracketLo, first, count);
            System.arraycopy(part.hi(), 0, bracketHi, first, count);
            System.arraycopy(part.flag(), 0, flag, first, count);
            rounds = Math.max(rounds, part.rounds());
        }
        progress.progress(total, total);
        out.printf(Locale.ROOT, "tiles: %d (%d computed, %d resumed from %s), %,d starts each%n", tiles, computed, resumed, directory, perTile);
        if (shard != null) return null;
        return new CriticalStepSize.Result(estimate, bracketLo, bracketHi, flag, rounds, laneIterations, kernel);
    }
}
