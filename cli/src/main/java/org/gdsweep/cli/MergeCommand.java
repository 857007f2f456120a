package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.gdsweep.io.Hdf5Tiles;
import org.gdsweep.io.OutputSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gdsweep merge}: the tiles of a sharded (or interrupted) map, checked and joined into one file. */
@Command(name = "merge", header = "Check the tiles of a sharded map, scan or critical job and join them into one file (or an index).",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Reads the tile directory that the shards of one sweep (map --shard I/N) wrote, checks that every tile is",
            "there and of the same sweep (sweep hash), and writes one map file bit-identical to a one-process run when",
            "it fits in memory, or else an index of the tiles that readers (Python backend) follow. With --check it",
            "only reports coverage: the missing tiles and the shards that own them (exit 1 while any is missing).",
            "Tiles of a scan or critical job are joined by rerunning the command they record without its shard, on",
            "this directory: it finds every tile done, computes nothing and writes the file one process would."},
        footer = {"", "Examples:",
            "  gdsweep merge big.tiles -o big.h5",
            "  gdsweep merge --check big.tiles"})
public final class MergeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "DIR", description = "The tile directory (map --shard ... -o DIR).")
    Path directory;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", description = "The merged map (or index). Required unless --check.")
    String output;
    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;
    @Option(names = "--check", description = "Only report which tiles are present and which are missing.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(directory)) throw new BadInputException("DIR: " + directory + " is not a directory");
        if (check && output != null) throw new BadInputException("--check writes nothing; -o has no effect with it");
        if (!check && output == null) throw new BadInputException("-o FILE.h5 is required (or --check)");
        Path target = check ? null : OutputOptions.file("--output", output);
        if (target != null) OutputOptions.checkWritable("--output", target, force);

        List<Path> files = Hdf5Tiles.list(directory);
        if (files.isEmpty()) throw new BadInputException("DIR: " + directory + " holds no tiles (tile-NNNNNN.h5)");
        Map<Integer, Hdf5Tiles.TileInfo> byIndex = new TreeMap<>();
        Hdf5Tiles.TileInfo first = null;
        for (Path f : files) {
            Hdf5Tiles.TileInfo info = Hdf5Tiles.info(f);
            if (info == null) throw new BadInputException("DIR: " + f.getFileName() + " is not a gdsweep tile");
            if (!f.getFileName().toString().equals(Hdf5Tiles.tileName(info.tile())))
                throw new BadInputException("DIR: " + f.getFileName() + " says it is tile " + info.tile());
            if (first == null) first = info;
            if (!info.sweepHash().equals(first.sweepHash()) || info.tiles() != first.tiles())
                throw new BadInputException("DIR: " + f.getFileName() + " belongs to another sweep than " + first.file().getFileName()
                        + " (sweep hash " + info.sweepHash().substring(0, 12) + "... vs " + first.sweepHash().substring(0, 12) + "...)");
            byIndex.put(info.tile(), info);
        }
        int tiles = first.tiles();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int t = 0; t < tiles; t++) if (!byIndex.containsKey(t)) missing.add(t);
        Integer shards = shardCount(first.file());
        if (check) {
            out.printf(Locale.ROOT, "%s: %d of %d tiles present (sweep %s...)%n", directory, tiles - missing.size(), tiles, first.sweepHash().substring(0, 12));
            if (missing.isEmpty()) {
                out.println("complete: gdsweep merge " + directory + " -o FILE.h5");
                return Main.EXIT_OK;
            }
            out.println("missing tiles: " + join(missing));
            if (shards != null) {
                TreeSet<Integer> owners = new TreeSet<>();
                for (int t : missing) owners.add(t % shards);
                out.printf(Locale.ROOT, "owned by shards (of %d): %s  (shard I computes tiles t with t mod %d = I; with --shard auto, shard I is"
                        + " Slurm array task SLURM_ARRAY_TASK_MIN + I)%n", shards, join(owners), shards);
            }
            return Main.EXIT_FAILURE;
        }
        if (!missing.isEmpty())
            throw new BadInputException("DIR: " + missing.size() + " of " + tiles + " tiles are missing (" + abbreviate(missing)
                    + "); run their shards, then merge (gdsweep merge --check " + directory + " lists them)");
        Object layout = Hdf5Tiles.sweepProvenanceRaw(first.file(), "layout");
        if (!"gdsweep basin map".equals(layout)) return rerun(first.file(), String.valueOf(layout), target);
        List<Path> ordered; // in row order, rows contiguous (Hdf5Tiles.ordered checks what the coverage above does not)
        try {
            ordered = Hdf5Tiles.ordered(directory);
        } catch (org.gdsweep.io.Hdf5Reader.UnexpectedContentException e) {
            throw new BadInputException("DIR: " + e.getMessage());
        }
        long row = byIndex.values().stream().mapToLong(Hdf5Tiles.TileInfo::rows).sum();
        Map<String, Object> provenance = Hdf5Tiles.sweepProvenance(ordered.get(0));
        provenance.put("merged_by", Provenance.commandLine(spec.commandLine().getParseResult().originalArgs()));
        provenance.put("merged_tiles", tiles);
        long runs = (long) row * org.gdsweep.io.Hdf5Reader.mapShape(ordered.get(0))[1];
        long bytes = runs * Hdf5Tiles.bytesPerRun(ordered.get(0)) * 2;
        boolean fits = ExecOptions.fitsInHeap(bytes) && runs * 8 <= ExecOptions.MAX_DATASET_BYTES;
        try (OutputSet set = OutputOptions.open(spec.commandLine().getErr(), force, List.of(target))) {
            if (fits) {
                Hdf5Tiles.merge(ordered, target, force, provenance, g -> {});
            } else {
                Path rel = target.toAbsolutePath().getParent().relativize(directory.toAbsolutePath());
                Hdf5Tiles.writeIndex(target, force, provenance, ordered, rel.toString());
            }
            set.commit();
        }
        out.printf(Locale.ROOT, "merged %d tiles (%,d runs) of sweep %s...%n", tiles, runs, first.sweepHash().substring(0, 12));
        out.printf("wrote %s%s%n", target.toAbsolutePath(), fits ? "" : " (an index of the tiles: the map needs "
                + ExecOptions.size(bytes) + " to merge in memory, more than this JVM may use)");
        return Main.EXIT_OK;
    }

    /** Options of the recorded command that name its outputs or its shard: merge gives its own. */
    private static final java.util.Set<String> REPLACED = java.util.Set.of("--shard", "-o", "--output", "--png", "--tile-directory"),
            REPLACED_FLAGS = java.util.Set.of("--force", "--no-png", "--keep-tiles");

    /**
     * Joins the tiles of a scan or critical-step-size job by running the command that the tiles record (their
     * {@code arguments}) once more without its shard, into {@code target}, on this tile directory: every tile is
     * there and of this job (the command checks each tile's hash against its own), so it computes nothing, and the
     * result is the file that one process running the whole job writes, statistics and theory included.
     */
    private int rerun(Path tile, String layout, Path target) {
        if (!(Hdf5Tiles.sweepProvenanceRaw(tile, "arguments") instanceof String[] recorded) || recorded.length == 0)
            throw new BadInputException("DIR: " + tile.getFileName() + " (" + layout + ") does not record the command that wrote it; rerun that command without --shard");
        List<String> args = new java.util.ArrayList<>();
        for (int i = 0; i < recorded.length; i++) {
            String a = recorded[i], name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (REPLACED_FLAGS.contains(a)) continue;
            if (REPLACED.contains(name) || a.startsWith("-o") && !a.startsWith("--")) {
                if (!a.contains("=") && (a.equals("-o") || REPLACED.contains(a))) i++; // the value follows
                continue;
            }
            args.add(a);
        }
        args.addAll(List.of("-o", target.toString(), "--tile-directory", directory.toString(), "--no-png"));
        if (force) args.add("--force");
        spec.commandLine().getErr().println("gdsweep merge: joining the tiles by rerunning their command (it computes nothing): "
                + Provenance.commandLine(args));
        String[] argv = args.toArray(String[]::new);
        return Main.configure(Main.commandLine(argv), spec.commandLine().getOut(), spec.commandLine().getErr()).execute(argv);
    }

    private static Integer shardCount(Path tile) {
        Object n = Hdf5Tiles.sweepProvenanceRaw(tile, "shard_count");
        return n instanceof Number v ? v.intValue() : null;
    }

    private static String join(Iterable<Integer> v) {
        StringBuilder b = new StringBuilder();
        for (int x : v) b.append(b.length() == 0 ? "" : ",").append(x);
        return b.toString();
    }

    private static String abbreviate(TreeSet<Integer> v) {
        String all = join(v);
        return all.length() <= 60 ? "tiles " + all : "tiles " + all.substring(0, all.lastIndexOf(',', 60)) + ",...";
    }
}
