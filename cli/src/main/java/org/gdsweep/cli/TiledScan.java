package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.ScanStatistics;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.io.Hdf5Tiles;

/**
 * Runs a step-size scan tile by tile: a tile is a block of whole step sizes (every start at each), written as a
 * complete scan file of its own into the tile directory, so an interrupted scan loses at most the tile in flight and a
 * rerun of the same command resumes. Every per-η statistic depends on that η's runs alone, and the histogram bins on
 * each field's range over all η, so the joined statistics ({@link ScanStatistics.Accumulator}) equal those of a scan run
 * at once, bit for bit, whether the per-run results are joined in memory or left in the tiles (the index form).
 */
final class TiledScan {
    /** Step sizes [eta0, eta0 + etas) per tile, the last block possibly shorter. */
    record Plan(int etasPerTile, int tiles, int etaCount, long startsPerStep) {
        static Plan of(int etaCount, long startsPerStep, long tileRuns) {
            int per = (int) Math.max(1, Math.min(etaCount, tileRuns / startsPerStep));
            return new Plan(per, (etaCount + per - 1) / per, etaCount, startsPerStep);
        }

        int eta0(int t) { return t * etasPerTile; }

        int etas(int t) { return Math.min(etasPerTile, etaCount - t * etasPerTile); }

        long runs(int t) { return etas(t) * startsPerStep; }
    }

    /** Writes one finished tile (a scan file of its step sizes) to {@code file}. */
    interface TileWriter {
        void write(Path file, int tile, int eta0, double[] etas, SweepResult runs, SweepStats stats) throws IOException;
    }

    /**
     * @param whole the per-run results of the whole scan, joined (null unless asked for)
     * @param stats the statistics of the whole scan (null for a shard, which holds part of it)
     */
    record Outcome(SweepResult whole, ScanStatistics stats, SweepStats kernel, int computed, int resumed, int[] eta0, int[] etas) {}

    private TiledScan() {}

    /**
     * @param shard    the tiles this process computes (null: all, then the whole scan's statistics)
     * @param joining  keep the whole scan's per-run results in memory (it fits), else statistics only
     */
    static Outcome run(Problem problem, StepSizeScan scan, StopRule rule, Sweep.Options options, int bins, Plan plan, TiledMap.Shard shard,
                       Path directory, String hash, boolean force, boolean joining, PrintWriter err, ProgressListener progress,
                       TileWriter writer) throws IOException {
        TileRunner.prepare(directory, hash, force, err);
        double[] etas = scan.etas();
        long toCompute = 0;
        for (int t = 0; t < plan.tiles(); t++) if (owns(shard, t) && !Files.exists(tile(directory, t))) toCompute += plan.runs(t);
        final long total = Math.max(1, toCompute);
        boolean statistics = shard == null;
        SweepResult whole = joining ? Sweep.emptyResult(problem, options, Math.toIntExact(scan.count())) : null;
        ScanStatistics.Accumulator acc = statistics
                ? new ScanStatistics.Accumulator(etas, plan.startsPerStep(), bins, options.sharpness(), options.limitFeatures(), rule.fixedHorizon()) : null;
        SweepStats.Total cost = new SweepStats.Total();
        long done = 0;
        int computed = 0, resumed = 0;
        for (int t = 0; t < plan.tiles(); t++) {
            if (!owns(shard, t)) continue;
            Path file = tile(directory, t);
            int e0 = plan.eta0(t), ne = plan.etas(t);
            SweepResult part;
            if (Files.exists(file)) { // verified by prepare: this scan's, complete (renamed into place whole)
                if (!statistics) {
                    resumed++;
                    continue;
                }
                part = read(problem, options, file, plan.runs(t));
                resumed++;
            } else {
                if (computed > 0) org.gdsweep.io.PhasePause.at("tile"); // test hook: a finished tile, then a pause
                double[] tileEtas = Arrays.copyOfRange(etas, e0, e0 + ne);
                final long before = done;
                // the tiles still to compute after this one: the JIT warms up once for them all
                Sweep.Outcome o = Sweep.run(problem, new StepSizeScan(scan.base(), tileEtas), rule, options.withRunsToCome(Math.max(0, toCompute - done - plan.runs(t))),
                        (d, n) -> progress.progress(before + d, total));
                done += plan.runs(t);
                part = o.result();
                writer.write(file, t, e0, tileEtas, part, o.stats());
                cost.add(o.stats());
                computed++;
            }
            if (acc != null) acc.summarise(e0, part);
            if (whole != null) part.copyTo(whole, Math.toIntExact(e0 * plan.startsPerStep()));
        }
        progress.progress(total, total);
        ScanStatistics stats = null;
        if (acc != null) {
            // Histograms span each field's range over every η, known only now: a second pass over the tiles.
            if (whole != null) acc.count(0, whole);
            else for (int t = 0; t < plan.tiles(); t++) acc.count(plan.eta0(t), read(problem, options, tile(directory, t), plan.runs(t)));
            stats = acc.result();
        }
        int[] eta0 = new int[plan.tiles()], counts = new int[plan.tiles()];
        for (int t = 0; t < plan.tiles(); t++) {
            eta0[t] = plan.eta0(t);
            counts[t] = plan.etas(t);
        }
        SweepStats kernelStats = cost.result(options.threads());
        return new Outcome(whole, stats, kernelStats, computed, resumed, eta0, counts);
    }

    private static boolean owns(TiledMap.Shard shard, int t) {
        return shard == null || shard.owns(t);
    }

    static Path tile(Path directory, int t) {
        return directory.resolve(Hdf5Tiles.tileName(t));
    }

    private static SweepResult read(Problem problem, Sweep.Options options, Path file, long runs) {
        SweepResult part = Sweep.emptyResult(problem, options, Math.toIntExact(runs));
        Hdf5Tiles.readScanTile(file, part);
        return part;
    }
}
