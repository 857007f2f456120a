package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.SliceRows;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.io.Hdf5MapWriter;
import org.gdsweep.io.Hdf5Output;
import org.gdsweep.io.Hdf5Tiles;
import org.gdsweep.io.MapData;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.StreamedMap;

/**
 * Runs a map tile by tile into a tile directory: each finished tile is one map file, renamed into place complete, so
 * an interrupted sweep loses at most the tile in flight and a rerun of the same command resumes (tiles with the
 * sweep's hash are kept; tiles of another sweep are refused, or removed with --force). Memory holds two tiles (one
 * computing, one being written), plus, for a map merged into one file, either the whole map (when a figure or measures
 * need it, or the file has unfiltered maps) or only its compressed chunks ({@link StreamedMap}).
 */
final class TileRunner {
    private final Problem problem;
    private final Slice slice;
    private final StopRule rule;
    private final Sweep.Options options;
    private final TiledMap.Plan plan;
    private final TiledMap.Shard shard;
    private final Path directory;
    private final String hash;
    private final Set<String> fields;
    private final Map<String, Object> provenance;
    private final boolean force;
    private final PrintWriter err;
    /** Seconds after which finished tiles are written (before: kept in memory only; see map --checkpoint-after). */
    private final double checkpointAfter;

    /**
     * Tiles of a streamed map held back, at most, while the vector kernel is still being trained: compressing them then
     * made the JIT's compilation of the 5×4 kernel late (a cold 5×4 2048² map's hand-over 1.19 → 1.63 s, BENCHMARKS.md,
     * session 17). Each is a tile's results kept alive: the heap check counts them.
     */
    static final int HOLD_WHILE_TRAINING = 2;

    /** A computed tile of a streamed map waiting to be compressed. */
    private record Held(SweepResult result, int row0, int rows) {}

    /** The whole map (null unless merging), the kernel statistics of the tiles computed, and the tiles. */
    record Outcome(SweepResult whole, SweepStats stats, int computed, int resumed, List<Path> tiles) {}

    TileRunner(Problem problem, Slice slice, StopRule rule, Sweep.Options options, TiledMap.Plan plan, TiledMap.Shard shard,
               Path directory, String hash, Set<String> fields, Map<String, Object> provenance, boolean force, PrintWriter err,
               double checkpointAfter) {
        this.problem = problem;
        this.slice = slice;
        this.rule = rule;
        this.options = options;
        this.plan = plan;
        this.shard = shard;
        this.directory = directory;
        this.hash = hash;
        this.fields = fields;
        this.provenance = provenance;
        this.force = force;
        this.err = err;
        this.checkpointAfter = checkpointAfter;
    }

    /** Something that looks at each tile's results once (a preview of the map), computed or resumed. */
    interface TileConsumer {
        void accept(SweepResult tile, int row0, int rows);
    }

    /**
     * @param merging  the tiles are to make one file (resumed tiles are read back): kept in memory as the whole map, or
     *                 handed to {@code streamed}
     * @param streamed where a merged map's tiles go, in row order, compressed while the next tile computes (the whole
     *                 map is then never in memory: {@link Outcome#whole} is null), or null
     * @param each     sees every tile's results in row order (resumed tiles are read back for it), or null
     */
    Outcome run(boolean merging, StreamedMap streamed, ProgressListener progress, TileConsumer each) throws IOException {
        if (streamed != null && !merging) throw new IllegalArgumentException("only a merged map is streamed");
        prepare(directory, hash, force, err);
        List<Integer> mine = new ArrayList<>();
        long toCompute = 0;
        for (int t = 0; t < plan.tiles(); t++) {
            if (shard != null && !shard.owns(t)) continue;
            mine.add(t);
            if (!Files.exists(tile(t))) toCompute += plan.runs(t);
        }
        SweepResult whole = null;
        SweepStats.Total cost = new SweepStats.Total();
        int computed = 0, resumed = 0;
        long done = 0;
        final long total = Math.max(1, toCompute);
        List<Path> tiles = new ArrayList<>();
        long started = System.nanoTime();
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "gdsweep-tile-writer");
            th.setDaemon(true);
            return th;
        });
        java.util.concurrent.Future<Void> pending = null;
        // Computed tiles alternate between two results: while one is written in the background (at most one write
        // waits), the next tile fills the other, and neither is garbage for the collector (Sweep.run's `into`).
        SweepResult[] buffers = new SweepResult[2];
        int buffer = 0;
        List<Held> held = new ArrayList<>();
        for (int t : mine) {
            Path file = tile(t);
            tiles.add(file);
            int row0 = plan.row0(t), rows = plan.rows(t);
            int offset = merging ? Math.toIntExact((long) row0 * slice.width()) : 0; // a merged map fits one array
            if (Files.exists(file)) { // verified up front: this sweep's, complete (tiles are renamed into place whole)
                if (merging || each != null) {
                    SweepResult part = Sweep.emptyResult(problem, options, (int) plan.runs(t));
                    Hdf5Tiles.read(file, part);
                    if (each != null) each.accept(part, row0, rows);
                    if (streamed != null) { // after the tiles before it, on the thread that takes them in order
                        awaitWrite(pending);
                        List<Held> now = release(held, new Held(part, row0, rows));
                        pending = writer.submit(() -> addAll(streamed, now));
                    } else if (merging) {
                        if (whole == null) whole = part.emptyLike((int) slice.count());
                        part.copyTo(whole, offset);
                    }
                }
                resumed++;
                continue;
            }
            if (computed > 0 && org.gdsweep.io.PhasePause.active("tile")) { // test hook: a finished tile, then a pause
                awaitWrite(pending);
                pending = null;
                org.gdsweep.io.PhasePause.at("tile");
            }
            final long before = done;
            // the tiles still to compute after this one: the JIT warms up once for them all
            int tileRuns = (int) plan.runs(t);
            if (buffers[buffer] == null || buffers[buffer].runs() != tileRuns) buffers[buffer] = Sweep.emptyResult(problem, options, tileRuns);
            // free to fill: this buffer's last write (two tiles ago) was awaited before the last tile's was submitted
            Sweep.Outcome o = Sweep.run(problem, new SliceRows(slice, row0, rows), rule, options.withRunsToCome(Math.max(0, toCompute - done - plan.runs(t))),
                    (d, n) -> progress.progress(before + d, total), buffers[buffer]);
            // a streamed tile that ended with its kernel still in training waits (its buffer with it) until the hand-over
            boolean hold = streamed != null && held.size() < HOLD_WHILE_TRAINING && o.stats().endedInTraining();
            if (hold) buffers[buffer] = null;
            buffer ^= 1;
            done += plan.runs(t);
            Map<String, Object> attributes = new LinkedHashMap<>(provenance);
            attributes.putAll(Hdf5Tiles.tileAttributes(hash, t, plan.tiles(), row0, rows));
            if (shard != null) shard.describe(attributes);
            // A map merged in memory writes its tiles only once it has run checkpointAfter seconds: a short map is
            // spared the writing (it would redo little if killed), a long one is resumable tile by tile.
            boolean persist = !merging || (System.nanoTime() - started) * 1e-9 >= checkpointAfter || org.gdsweep.io.PhasePause.active("tile");
            // Written (and, for a streamed map, compressed) by one background thread while the next tile computes (at
            // most one tile waits, so memory holds two tiles). Tiles that will be merged and removed are written
            // unfiltered: faster, and the disk they take is given back at the end.
            awaitWrite(pending);
            pending = null;
            MapData data = new MapData(problem, slice, o.result(), attributes, fields, row0, rows);
            Held computedTile = new Held(o.result(), row0, rows);
            if (hold) held.add(computedTile);
            List<Held> toAdd = streamed != null && !hold ? release(held, computedTile) : List.of();
            if (persist || !toAdd.isEmpty()) pending = writer.submit(() -> {
                if (persist) {
                    Hdf5Output.Compression saved = Hdf5Output.compression();
                    if (merging) Hdf5Output.compression(Hdf5Output.Compression.NONE);
                    try {
                        Hdf5MapWriter.write(data, file, false);
                    } catch (java.nio.file.FileAlreadyExistsException e) {
                        // Another process of this sweep wrote the same tile meanwhile (a requeued job-array task whose
                        // first run was still ending): identical by construction if its hash is ours.
                        Hdf5Tiles.TileInfo other = Hdf5Tiles.info(file);
                        if (other == null || !other.sweepHash().equals(hash)) throw e;
                    } finally {
                        Hdf5Output.compression(saved);
                    }
                }
                return addAll(streamed, toAdd);
            });
            if (each != null) each.accept(o.result(), row0, rows);
            if (merging && streamed == null) {
                if (whole == null) whole = o.result().emptyLike((int) slice.count());
                o.result().copyTo(whole, offset);
            }
            cost.add(o.stats());
            computed++;
        }
        if (!held.isEmpty()) { // the sweep ended still training: what was held back goes now
            awaitWrite(pending);
            List<Held> now = release(held, null);
            pending = writer.submit(() -> addAll(streamed, now));
        }
        awaitWrite(pending);
        writer.shutdown();
        progress.progress(total, total);
        SweepStats stats = cost.result(options.threads());
        return new Outcome(whole, stats, computed, resumed, tiles);
    }

    /** The tiles held back, then {@code next} (if any), in row order; the held list is emptied. */
    private static List<Held> release(List<Held> held, Held next) {
        List<Held> tiles = new ArrayList<>(held);
        held.clear();
        if (next != null) tiles.add(next);
        return tiles;
    }

    /** Hands {@code tiles} to the streamed map, in order (on the writer thread). */
    private static Void addAll(StreamedMap streamed, List<Held> tiles) {
        for (Held h : tiles) streamed.add(h.result(), h.row0(), h.rows());
        return null;
    }

    /** Waits for a tile write, rethrowing its failure as the I/O error it was. */
    private static void awaitWrite(java.util.concurrent.Future<Void> write) throws IOException {
        if (write == null) return;
        try {
            write.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing a tile");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(e.getCause());
        }
    }

    private Path tile(int t) {
        return directory.resolve(Hdf5Tiles.tileName(t));
    }

    /**
     * Makes a tile directory ready for a job with {@code hash}: creates it, checks the tiles already there and removes
     * temporaries that killed runs left (saying so on {@code err}).
     */
    static void prepare(Path directory, String hash, boolean force, PrintWriter err) throws IOException {
        Files.createDirectories(directory);
        checkExistingTiles(directory, hash, force, err);
        for (String note : OutputSet.removeStaleTemporaries(directory)) err.println("gdsweep: " + note);
    }

    /** Every tile already in {@code directory} must have {@code hash}: refuse (or, with {@code force}, remove) any other. */
    static void checkExistingTiles(Path directory, String hash, boolean force, PrintWriter err) throws IOException {
        for (Path p : Hdf5Tiles.list(directory)) {
            Hdf5Tiles.TileInfo info = Hdf5Tiles.info(p);
            if (info != null && info.sweepHash().equals(hash)) continue;
            if (!force)
                throw new BadInputException("--output: " + directory + " holds " + p.getFileName() + (info == null ? ", which is not a gdsweep tile"
                        : " of another sweep (hash " + info.sweepHash().substring(0, 12) + "..., this one " + hash.substring(0, 12) + "...)")
                        + "; use another -o, or --force to replace those tiles");
            Files.delete(p);
            err.println("gdsweep: removed " + p + " (a tile of another sweep; --force)");
        }
    }

    /** Removes a tile directory after its tiles were merged (only tile files and stale temporaries; then the directory). */
    static void delete(Path directory) throws IOException {
        for (Path p : Hdf5Tiles.list(directory)) Files.deleteIfExists(p);
        try {
            Files.deleteIfExists(directory);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // something else lives there: leave it
        }
    }
}
