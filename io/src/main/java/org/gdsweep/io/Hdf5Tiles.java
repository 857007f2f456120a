package org.gdsweep.io;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;


/**
 * Tiled basin maps: a map cut into bands of rows (β), each band a complete map file of its own (a "tile") in a tile
 * directory, so that a sweep of any size runs in bounded memory, survives interruption (finished tiles are kept and
 * verified) and spreads over the shards of a job array. See docs/hdf5-layout.md, "Tiled maps".
 *
 * <p>Every tile carries the sweep hash (what defines the whole sweep: problem, slice, step, stopping rule, fields,
 * tiling) and its place (tile index, first row, rows, tile count). Tiles of one sweep are merged into one map file
 * ({@link #merge}) when it fits in memory, or described by an index file ({@link #writeIndex}) that readers follow.
 */
public final class Hdf5Tiles {
    /** Root attribute names a tile adds to its map's provenance. */
    public static final String SWEEP_HASH = "sweep_hash", TILE = "tile", TILES = "tiles", ROW0 = "tile_row0", ROWS = "tile_rows";
    /** Root attribute of a tile: the per-run maps it holds (every field its sweep computed), comma-separated. */
    public static final String TILE_FIELDS = "tile_fields";

    private Hdf5Tiles() {}

    /** The file name of tile {@code t}. */
    public static String tileName(int t) {
        return String.format(java.util.Locale.ROOT, "tile-%06d.h5", t);
    }

    /** The identity a tile file records. */
    public record TileInfo(Path file, String sweepHash, int tile, int tiles, int row0, int rows) {}

    /** The attributes that identify tile {@code tile} of a sweep, to add to its provenance. */
    public static Map<String, Object> tileAttributes(String sweepHash, int tile, int tiles, int row0, int rows) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put(SWEEP_HASH, sweepHash);
        a.put(TILE, tile);
        a.put(TILES, tiles);
        a.put(ROW0, row0);
        a.put(ROWS, rows);
        return a;
    }

    /**
     * The identity of a tile file, or null if the file is not a readable gdsweep tile (a torn or foreign file: tiles
     * are renamed into place complete, so this means another program wrote it).
     */
    public static TileInfo info(Path file) {
        try (HdfFile f = new HdfFile(file)) {
            Map<String, Attribute> a = f.getAttributes();
            if (!a.containsKey(SWEEP_HASH) || !a.containsKey(TILE)) return null;
            return new TileInfo(file, a.get(SWEEP_HASH).getData().toString(), number(a.get(TILE)), number(a.get(TILES)),
                    number(a.get(ROW0)), number(a.get(ROWS)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int number(Attribute a) {
        return ((Number) a.getData()).intValue();
    }

    /**
     * Merges the tiles of one sweep, in row order, into one map file: datasets along β are concatenated, the rest
     * (α, the slice and problem groups, θ's index) taken from the first tile; the root attributes are {@code provenance}.
     * The data are bit for bit those of the tiles, so a merged map equals one computed at once.
     *
     * @param extra adds groups after the datasets (fractal measures)
     */
    public static void merge(List<Path> tiles, Path target, boolean overwrite, Map<String, Object> provenance,
                             Consumer<WritableGroup> extra) throws IOException {
        List<HdfFile> files = new ArrayList<>();
        try {
            for (Path t : tiles) files.add(new HdfFile(t));
            // Tiles hold every field their sweep computed; the merged map holds the fields the user asked for.
            java.util.Set<String> skip = new java.util.HashSet<>(fieldList(files.get(0), TILE_FIELDS));
            skip.removeAll(fieldList(files.get(0), "fields"));
            Map<String, Object> attributes = new LinkedHashMap<>(provenance);
            attributes.remove(TILE_FIELDS);
            Hdf5Layout.write(Hdf5Layout.Kind.MAP, target, overwrite, attributes, out -> {
                copy(files, "", out, true, skip);
                extra.accept(out);
            });
        } finally {
            for (HdfFile f : files) f.close();
        }
    }

    private static List<String> fieldList(HdfFile f, String attribute) {
        Attribute a = f.getAttributes().get(attribute);
        return a == null ? List.of() : List.of(a.getData().toString().split(","));
    }

    private static void copy(List<HdfFile> files, String path, WritableGroup out, boolean root) {
        copy(files, path, out, root, java.util.Set.of());
    }

    /** Copies group {@code path} of the tiles into {@code out}: its datasets (concatenated along β, except those in
     * {@code skip}) and subgroups. */
    private static void copy(List<HdfFile> files, String path, WritableGroup out, boolean root, java.util.Set<String> skip) {
        Group first = path.isEmpty() ? files.get(0) : (Group) files.get(0).getByPath(path);
        if (!root) for (Map.Entry<String, Attribute> a : first.getAttributes().entrySet()) Hdf5Output.attribute(out, a.getKey(), a.getValue().getData());
        for (Map.Entry<String, Node> c : first.getChildren().entrySet()) {
            String child = path.isEmpty() ? c.getKey() : path + "/" + c.getKey();
            if (c.getValue() instanceof Group) {
                copy(files, child, out.putGroup(c.getKey()), false);
            } else if (c.getValue() instanceof Dataset d) {
                if (skip.contains(child)) continue;
                Object data;
                String[] dims = d.getAttributes().containsKey("dims") ? (String[]) d.getAttribute("dims").getData() : new String[0];
                int axis = java.util.Arrays.asList(dims).indexOf("beta");
                if (axis < 0 || files.size() == 1) {
                    data = d.getData();
                } else {
                    List<Object> parts = new ArrayList<>();
                    for (HdfFile f : files) parts.add(f.getDatasetByPath(child).getData());
                    data = concatenate(parts, axis);
                }
                String description = d.getAttributes().containsKey("description") ? d.getAttribute("description").getData().toString() : "";
                WritableDataset w = Hdf5Output.put(out, c.getKey(), data, description, dims);
                for (Map.Entry<String, Attribute> a : d.getAttributes().entrySet())
                    if (!a.getKey().equals("description") && !a.getKey().equals("dims")) w.putAttribute(a.getKey(), a.getValue().getData());
            }
        }
    }

    /** Nested Java arrays joined along {@code axis} (rows are shared, not copied, where the axis is the outer one). */
    static Object concatenate(List<Object> parts, int axis) {
        if (axis == 0) {
            int total = 0;
            for (Object p : parts) total += Array.getLength(p);
            Object out = Array.newInstance(parts.get(0).getClass().getComponentType(), total);
            int at = 0;
            for (Object p : parts) {
                int n = Array.getLength(p);
                System.arraycopy(p, 0, out, at, n);
                at += n;
            }
            return out;
        }
        int outer = Array.getLength(parts.get(0));
        Object out = Array.newInstance(parts.get(0).getClass().getComponentType(), outer);
        for (int i = 0; i < outer; i++) {
            List<Object> inner = new ArrayList<>();
            for (Object p : parts) inner.add(Array.get(p, i));
            Array.set(out, i, concatenate(inner, axis - 1));
        }
        return out;
    }

    /**
     * Writes the index of a tiled map too large to merge: the provenance with the sweep hash, the coordinates of the
     * whole map, the slice and problem (from the first tile), where the tiles lie ({@code tile_directory}, relative to
     * the index) and which rows each holds. Readers (the Python backend, {@code gdsweep dimension}) follow it.
     *
     * @param tiles every tile of the sweep, in row order
     */
    public static void writeIndex(Path target, boolean overwrite, Map<String, Object> provenance, List<Path> tiles,
                                  String tileDirectory) throws IOException {
        writeIndex(target, overwrite, provenance, tiles, tileDirectory, g -> {});
    }

    /** As {@link #writeIndex(Path, boolean, Map, List, String)}, letting {@code extra} add groups (fractal measures). */
    public static void writeIndex(Path target, boolean overwrite, Map<String, Object> provenance, List<Path> tiles,
                                  String tileDirectory, Consumer<WritableGroup> extra) throws IOException {
        Map<String, Object> attributes = new LinkedHashMap<>(provenance);
        attributes.put("tile_directory", tileDirectory);
        int[] row0 = new int[tiles.size()], rows = new int[tiles.size()];
        List<Object> betas = new ArrayList<>();
        for (int t = 0; t < tiles.size(); t++) {
            TileInfo info = info(tiles.get(t));
            if (info == null) throw new IOException(tiles.get(t) + " is not a gdsweep tile");
            row0[t] = info.row0();
            rows[t] = info.rows();
            try (HdfFile f = new HdfFile(tiles.get(t))) {
                betas.add(f.getDatasetByPath("beta").getData());
            }
        }
        Hdf5Layout.Kind k = Hdf5Layout.Kind.MAP_INDEX;
        try (HdfFile first = new HdfFile(tiles.get(0))) {
            Hdf5Layout.write(k, target, overwrite, attributes, f -> {
                Hdf5Layout.put(k, f, "alpha", first.getDatasetByPath("alpha").getData());
                Hdf5Layout.put(k, f, "beta", concatenate(betas, 0));
                Hdf5Layout.put(k, f, "tile_row0", row0);
                Hdf5Layout.put(k, f, "tile_rows", rows);
                for (String group : new String[] {"slice", "problem"})
                    copy(List.of(first), group, f.putGroup(group), false);
                extra.accept(f);
            });
        }
    }

    /**
     * Reads a tile written by a map into {@code into} (a result with the tile's fields, sized to the tile): every field
     * the tile's sweep computed is in its file (see the map command), so a resumed map loses nothing.
     *
     * @throws IllegalStateException if the tile lacks a field {@code into} has
     */
    public static void read(Path tile, org.gdsweep.engine.sweep.SweepResult into) {
        read(tile, "", into);
    }

    /**
     * Reads the per-run results of a tile of a step-size scan ({@code runs/}, [η][start], row after row) into
     * {@code into}, sized to the tile's step sizes times the starts.
     */
    public static void readScanTile(Path tile, org.gdsweep.engine.sweep.SweepResult into) {
        read(tile, "runs/", into);
    }

    private static void read(Path tile, String group, org.gdsweep.engine.sweep.SweepResult into) {
        try (HdfFile f = new HdfFile(tile)) {
            fill(f, group + "status", into.status);
            fill(f, group + "limit", into.limit);
            fill(f, group + "iterations", into.iterations);
            fill(f, group + "loss", into.loss);
            fill(f, group + "grad_norm", into.gradNorm);
            fill(f, group + "norm2", into.norm2);
            fill(f, group + "imbalance", into.imbalance);
            for (int k = 0; into.derived != null && k < into.derived.length; k++) fill(f, group + into.derivedQuantities.get(k).name(), into.derived[k]);
            fill(f, group + "sharpness", into.sharpness);
            fill(f, group + "asymptotic_grad_norm", into.asymptoticGradNorm);
            fill(f, group + "period", into.period);
            fill(f, group + "distance", into.distance);
            fill(f, group + "minimiser_side", into.minimiserSide);
            if (group.isEmpty()) fill(f, "limit_orthant", into.limitOrthant); // scans do not store it
            if (into.theta.length > 0) {
                Object theta = f.getDatasetByPath(group + "theta").getData();
                for (int q = 0; q < into.theta.length; q++) flatten(Array.get(theta, q), into.theta[q]);
            }
        }
    }

    private static void fill(HdfFile f, String path, Object into) {
        if (into == null) return;
        Node node;
        try {
            node = f.getByPath(path);
        } catch (RuntimeException e) { // jhdf: no such path
            node = null;
        }
        if (!(node instanceof Dataset d)) throw new IllegalStateException(f.getFile() + " has no '" + path + "'");
        flatten(d.getData(), into);
    }

    /** Rows of a 2-D array, one after another, into a flat array of the same element type. */
    private static void flatten(Object rows, Object into) {
        int at = 0;
        for (int j = 0; j < Array.getLength(rows); j++) {
            Object row = Array.get(rows, j);
            int n = Array.getLength(row);
            System.arraycopy(row, 0, into, at, n);
            at += n;
        }
        if (at != Array.getLength(into)) throw new IllegalStateException("tile size " + at + " differs from " + Array.getLength(into));
    }

    /**
     * The root attributes of a tile as the provenance of the map it belongs to: without the layout header (the writer
     * adds it) and without what names this tile (its index, rows, shard).
     */
    public static Map<String, Object> sweepProvenance(Path tile) {
        Map<String, Object> a = new LinkedHashMap<>();
        java.util.Set<String> skip = java.util.Set.of("layout", "layout_version", TILE, ROW0, ROWS, "shard_index", "shard_count");
        try (HdfFile f = new HdfFile(tile)) {
            for (Map.Entry<String, Attribute> e : f.getAttributes().entrySet())
                if (!skip.contains(e.getKey())) a.put(e.getKey(), e.getValue().getData());
            // an attribute too large for the header was stored as a dataset of the same name: restore the full text
            for (Map.Entry<String, Object> e : a.entrySet())
                if (e.getValue() instanceof String text && text.contains("stored as the dataset")
                        && f.getChildren().get(e.getKey()) instanceof Dataset d) e.setValue(d.getData());
        }
        return a;
    }

    /** One root attribute of a tile, or null. */
    public static Object sweepProvenanceRaw(Path tile, String name) {
        try (HdfFile f = new HdfFile(tile)) {
            Attribute a = f.getAttributes().get(name);
            return a == null ? null : a.getData();
        }
    }

    /** Bytes per run of the maps in a tile (the sum of their element sizes): what merging costs in memory. */
    public static long bytesPerRun(Path tile) {
        long bytes = 0;
        try (HdfFile f = new HdfFile(tile)) {
            for (Node n : f.getChildren().values()) {
                if (n instanceof Dataset d && d.getAttributes().containsKey("dims")
                        && java.util.Arrays.asList((String[]) d.getAttribute("dims").getData()).contains("alpha") && d.getDimensions().length >= 2) {
                    long perRun = d.getDataType().getSize();
                    for (int i = 0; i < d.getDimensions().length - 2; i++) perRun *= d.getDimensions()[i];
                    bytes += perRun;
                }
            }
        }
        return bytes;
    }

    /**
     * The tiles of a tiled map, in row order, from its index file or its tile directory, checked: all present, one
     * sweep, rows contiguous from 0 to H.
     *
     * @throws Hdf5Reader.UnexpectedContentException naming what is wrong
     */
    public static List<Path> ordered(Path indexOrDirectory) throws IOException {
        Path directory = indexOrDirectory;
        if (!Files.isDirectory(indexOrDirectory)) {
            try (HdfFile f = new HdfFile(indexOrDirectory)) {
                Attribute dir = f.getAttributes().get("tile_directory");
                if (dir == null) throw new Hdf5Reader.UnexpectedContentException(indexOrDirectory + " is not an index of tiles");
                directory = indexOrDirectory.toAbsolutePath().getParent().resolve(dir.getData().toString());
            }
        }
        List<Path> files = list(directory);
        if (files.isEmpty()) throw new Hdf5Reader.UnexpectedContentException(directory + " holds no tiles");
        TileInfo first = info(files.get(0));
        if (first == null) throw new Hdf5Reader.UnexpectedContentException(files.get(0) + " is not a gdsweep tile");
        List<Path> ordered = new ArrayList<>();
        int row = 0;
        for (int t = 0; t < first.tiles(); t++) {
            Path file = directory.resolve(tileName(t));
            TileInfo info = Files.exists(file) ? info(file) : null;
            if (info == null) throw new Hdf5Reader.UnexpectedContentException(directory + " lacks tile " + t + " of " + first.tiles()
                    + " (gdsweep merge --check " + directory + " lists the missing ones)");
            if (!info.sweepHash().equals(first.sweepHash()) || info.row0() != row)
                throw new Hdf5Reader.UnexpectedContentException(file + " does not continue the sweep of " + files.get(0).getFileName());
            row += info.rows();
            ordered.add(file);
        }
        return ordered;
    }

    /**
     * Writes a tile of a critical-step-size job: starts [first, first + count) of the job, their brackets and flags, and
     * the attributes that identify the tile ({@link #tileAttributes} with row0 = first start, rows = count) plus its
     * bisection rounds and kernel work. Atomic, like every file.
     */
    public static void writeCriticalTile(Path target, Map<String, Object> attributes, org.gdsweep.engine.scan.CriticalStepSize.Result r)
            throws IOException {
        Hdf5Layout.Kind k = Hdf5Layout.Kind.CRITICAL_TILE;
        Map<String, Object> a = new LinkedHashMap<>(attributes);
        a.put("rounds", r.rounds());
        a.put("lane_iterations", r.laneIterations());
        a.put("kernel_seconds", r.kernelSeconds());
        Hdf5Layout.write(k, target, false, a, f -> {
            Hdf5Layout.put(k, f, "critical_eta", r.estimate());
            Hdf5Layout.put(k, f, "eta_lo", r.lo());
            Hdf5Layout.put(k, f, "eta_hi", r.hi());
            Hdf5Layout.put(k, f, "flag", r.flag());
        });
    }

    /** Reads a tile written by {@link #writeCriticalTile}. */
    public static org.gdsweep.engine.scan.CriticalStepSize.Result readCriticalTile(Path tile) {
        try (HdfFile f = new HdfFile(tile)) {
            Map<String, Attribute> a = f.getAttributes();
            return new org.gdsweep.engine.scan.CriticalStepSize.Result((double[]) f.getDatasetByPath("critical_eta").getData(),
                    (double[]) f.getDatasetByPath("eta_lo").getData(), (double[]) f.getDatasetByPath("eta_hi").getData(),
                    (byte[]) f.getDatasetByPath("flag").getData(), number(a.get("rounds")),
                    ((Number) a.get("lane_iterations").getData()).longValue(), ((Number) a.get("kernel_seconds").getData()).doubleValue());
        }
    }

    /** The tile files of a directory, by name. */
    public static List<Path> list(Path directory) throws IOException {
        try (var s = Files.list(directory)) {
            return s.filter(p -> p.getFileName().toString().matches("tile-\\d{6}\\.h5")).sorted().toList();
        }
    }
}
