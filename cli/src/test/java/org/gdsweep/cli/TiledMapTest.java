package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.SliceRows;
import org.gdsweep.engine.start.StartSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tiled maps (issue 12): tiled, sharded-and-merged and resumed maps hold exactly the datasets, bit for bit, of a map
 * computed at once; tiles of another sweep are refused; a map too large to merge becomes an index of its tiles.
 */
class TiledMapTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A 5x4 matrix map with every field, limit features and all parameters: 90 x 70 runs. */
    private String[] map(String output, String... extra) {
        List<String> a = new ArrayList<>(List.of("map", "--loss", "matrix", "--k", "3", "--m", "2", "--n", "2", "--eta", "0.6",
                "--slice", "random", "--seed", "3", "--window=-2:2,-2:2", "--size", "90x70", "--max-iter", "300", "--limit-features",
                "--save-params", "-q", "--no-png", "-o", output));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    /** Every dataset of a file, by path. */
    static Map<String, Object> datasets(Path file) {
        Map<String, Object> all = new TreeMap<>();
        try (HdfFile f = new HdfFile(file)) {
            collect(f, all);
        }
        return all;
    }

    private static void collect(Group g, Map<String, Object> into) {
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group child) collect(child, into);
            else if (n instanceof Dataset d) into.put(d.getPath(), d.getData());
        }
    }

    private static void assertSameData(Path expected, Path actual) {
        Map<String, Object> e = datasets(expected), a = datasets(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertTrue(deepEquals(e.get(k), a.get(k)), k + " differs");
    }

    /** Arrays equal element by element, NaN equal to NaN bit pattern for bit pattern. */
    static boolean deepEquals(Object x, Object y) {
        if (x.getClass() != y.getClass()) return false;
        if (!x.getClass().isArray()) return x.equals(y);
        int n = Array.getLength(x);
        if (n != Array.getLength(y)) return false;
        for (int i = 0; i < n; i++) {
            Object u = Array.get(x, i), v = Array.get(y, i);
            if (u instanceof Double du && v instanceof Double dv) {
                if (Double.doubleToRawLongBits(du) != Double.doubleToRawLongBits(dv)) return false;
            } else if (!deepEquals(u, v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void tiledShardedAndResumedMapsEqualAMapComputedAtOnce() throws Exception {
        Path once = dir.resolve("once.h5");
        assertEquals(0, run(map(once.toString())).code());

        // tiled (7 tiles of 1024 runs = 11 rows, the last one shorter), merged at the end, tile directory removed
        Path tiled = dir.resolve("tiled.h5");
        CliRun r = run(map(tiled.toString(), "--tile-runs", "1024"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 7 (7 computed, 0 resumed"), r.out());
        assertSameData(once, tiled);
        assertFalse(Files.exists(dir.resolve("tiled.h5.tiles")), "merged tiles are removed");

        // three shards into one directory, then merged
        Path shards = dir.resolve("shards");
        for (int i = 0; i < 3; i++) assertEquals(0, run(map(shards.toString(), "--tile-runs", "1024", "--shard", i + "/3")).code());
        CliRun check = run("merge", "--check", shards.toString());
        assertEquals(0, check.code(), check.out());
        Path merged = dir.resolve("merged.h5");
        assertEquals(0, run("merge", shards.toString(), "-o", merged.toString()).code());
        assertSameData(once, merged);

        // an interrupted run: shard 1 of 2 already wrote its tiles into the map's tile directory; the full command resumes
        Path resumed = dir.resolve("resumed.h5");
        assertEquals(0, run(map(dir.resolve("resumed.h5.tiles").toString(), "--tile-runs", "1024", "--shard", "1/2")).code());
        r = run(map(resumed.toString(), "--tile-runs", "1024"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 7 (4 computed, 3 resumed"), r.out());
        assertSameData(once, resumed);
    }

    @Test
    void aMergedMapCompressedTileByTileEqualsAMapComputedAtOnce() throws Exception {
        // integer maps only and no figure: the tiles are compressed into the file's chunks as they come (StreamedMap);
        // 5000 wide (chunks of 16 rows, two per chunk row), tiles of 26 rows (chunk rows split between tiles), resumed
        String[] args = {"map", "--loss", "scalar", "--d", "1", "--eta", "0.9", "--size", "5000x60", "--max-iter", "80",
            "--fields", "iterations", "-q", "--no-png"};
        Path once = dir.resolve("once-i.h5");
        assertEquals(0, run(concat(args, "-o", once.toString())).code());
        Path tiled = dir.resolve("tiled-i.h5");
        CliRun r = run(concat(args, "-o", tiled.toString(), "--tile-runs", "131072"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 3 (3 computed, 0 resumed") && r.out().contains("compressed tile by tile"), r.out());
        assertSameData(once, tiled);
        try (HdfFile a = new HdfFile(once); HdfFile b = new HdfFile(tiled)) {
            for (String name : List.of("status", "limit", "iterations"))
                assertEquals(a.getDatasetByPath(name).getStorageInBytes(), b.getDatasetByPath(name).getStorageInBytes(), name + ": the same chunks");
        }

        Path resumed = dir.resolve("resumed-i.h5");
        assertEquals(0, run(concat(args, "-o", dir.resolve("resumed-i.h5.tiles").toString(), "--tile-runs", "131072", "--shard", "1/2")).code());
        r = run(concat(args, "-o", resumed.toString(), "--tile-runs", "131072"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 3 (2 computed, 1 resumed") && r.out().contains("compressed tile by tile"), r.out());
        assertSameData(once, resumed);
    }

    @Test
    void aTiledMapWarmsUpOnACoarseCopyOfItself() {
        Slice map = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1},
                -3, 2, -1, 4, 4096, 3000, 0.9);
        StartSource w = MapCommand.warmupSample(map, 1 << 21);
        assertTrue(w instanceof SliceRows, "the class a tile runs through");
        Slice coarse = ((SliceRows) w).slice();
        assertTrue(w.count() <= 1 << 21 && w.count() > (1 << 21) * 0.99, "about a tile's runs: " + w.count());
        assertEquals(4096.0 / 3000, (double) coarse.width() / coarse.height(), 0.01, "the map's aspect");
        assertEquals(List.of(-3.0, 2.0, -1.0, 4.0, 0.9), List.of(coarse.alpha0(), coarse.alpha1(), coarse.beta0(), coarse.beta1(), coarse.stepSize()));
        double[] corner = new double[2];
        w.start(w.count() - 1, corner, 0, 1);
        assertArrayEquals(new double[] {2, 4}, corner, "it reaches the far corner of the window");
    }

    @Test
    void warmUpSweepsOfATiledMapChangeNothingInIt() {
        // the warm-up sweeps of a tiled map run a coarse copy of it (MapCommand.warmupSample), not its first tile
        Path once = dir.resolve("once-w.h5");
        assertEquals(0, run(map(once.toString())).code());
        Path warmed = dir.resolve("warmed.h5");
        CliRun r = run(map(warmed.toString(), "--tile-runs", "1024", "--warmup", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 7 (7 computed, 0 resumed"), r.out());
        assertSameData(once, warmed);
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void dimensionOfATileDirectoryEqualsDimensionOfTheMergedMap() {
        Path shards = dir.resolve("lf.tiles");
        String[] base = {"map", "--eta", "1.2", "--lambda", "0.2", "--y", "0.5", "--size", "120x100", "--max-iter", "500",
            "--limit-features", "-q", "--no-png", "--tile-runs", "1024"};
        for (int i = 0; i < 2; i++) {
            List<String> a = new ArrayList<>(List.of(base));
            a.addAll(List.of("--shard", i + "/2", "-o", shards.toString()));
            assertEquals(0, run(a.toArray(String[]::new)).code());
        }
        Path merged = dir.resolve("lf.h5");
        assertEquals(0, run("merge", shards.toString(), "-o", merged.toString()).code());
        CliRun fromTiles = run("dimension", shards.toString(), "-o", dir.resolve("a.h5").toString());
        CliRun fromMap = run("dimension", merged.toString(), "-o", dir.resolve("b.h5").toString());
        assertEquals(0, fromTiles.code(), fromTiles.err());
        assertTrue(fromTiles.out().contains("out of core"), fromTiles.out());
        assertEquals(fromMap.out().lines().filter(l -> l.startsWith("box-counting") || l.startsWith("basin entropy")).toList(),
                fromTiles.out().lines().filter(l -> l.startsWith("box-counting") || l.startsWith("basin entropy")).toList());
        Map<String, Object> a = datasets(dir.resolve("a.h5")), b = datasets(dir.resolve("b.h5"));
        for (String k : a.keySet()) assertTrue(deepEquals(a.get(k), b.get(k)), k);
    }

    @Test
    void mergedShardsHoldTheFieldsAskedFor() {
        Path once = dir.resolve("once.h5"), shards = dir.resolve("f.tiles"), merged = dir.resolve("merged.h5");
        assertEquals(0, run(map(once.toString(), "--fields", "iterations,norm2")).code());
        for (int i = 0; i < 2; i++)
            assertEquals(0, run(map(shards.toString(), "--fields", "iterations,norm2", "--tile-runs", "1024", "--shard", i + "/2")).code());
        assertEquals(0, run("merge", shards.toString(), "-o", merged.toString()).code());
        assertSameData(once, merged);
    }

    @Test
    void mergeReportsMissingTilesAndTheirShards() {
        Path shards = dir.resolve("shards");
        assertEquals(0, run(map(shards.toString(), "--tile-runs", "1024", "--shard", "0/3")).code());
        CliRun check = run("merge", "--check", shards.toString());
        assertEquals(1, check.code());
        assertTrue(check.out().contains("3 of 7 tiles present") && check.out().contains("missing tiles: 1,2,4,5")
                && check.out().contains("owned by shards (of 3): 1,2"), check.out());
        CliRun merge = run("merge", shards.toString(), "-o", dir.resolve("m.h5").toString());
        assertEquals(2, merge.code());
        assertTrue(merge.err().contains("4 of 7 tiles are missing"), merge.err());
    }

    @Test
    void tilesOfAnotherSweepAreRefusedOrWithForceReplaced() {
        Path shards = dir.resolve("t");
        assertEquals(0, run(map(shards.toString(), "--tile-runs", "1024", "--shard", "0/2")).code());
        List<String> other = new ArrayList<>(List.of(map(shards.toString(), "--tile-runs", "1024", "--shard", "1/2")));
        other.set(other.indexOf("0.6"), "0.61");
        CliRun r = run(other.toArray(String[]::new));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("of another sweep"), r.err());
        other.add("--force");
        r = run(other.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("removed"), r.err());
    }

    @Test
    void shardsComeFromTheJobArrayOnlyWhenAsked() {
        assertEquals(new TiledMap.Shard(2, 4, "Slurm array task 3"),
                TiledMap.Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "4")));
        assertEquals(5, TiledMap.Shard.parse("auto/8", Map.of("JOB_COMPLETION_INDEX", "5")).index());
        assertEquals(7, TiledMap.Shard.parse("auto/8", Map.of("AWS_BATCH_JOB_ARRAY_INDEX", "7")).index());
        CliRun r = run(map(dir.resolve("x").toString(), "--shard", "3/3"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shard"), r.err());
        r = run(map(dir.resolve("x").toString(), "--shard", "auto"));
        assertEquals(2, r.code());
    }

    @Test
    void aTiledMapTooLargeToMergeIsAnIndexOfItsTiles() {
        // The index is written when the merged map would not fit in the heap (scripts/check-resume.sh runs that with a
        // small heap); here the writer itself is checked on tiles of a sharded map, and merge of the same tiles.
        Path shards = dir.resolve("s");
        for (int i = 0; i < 2; i++) assertEquals(0, run(map(shards.toString(), "--tile-runs", "1024", "--shard", i + "/2")).code());
        Path index = dir.resolve("index.h5");
        assertEquals(0, run("merge", shards.toString(), "-o", index.toString()).code());
        try (HdfFile f = new HdfFile(index)) {
            assertEquals("gdsweep basin map", f.getAttribute("layout").getData());
        }
        java.util.List<Path> tiles = new ArrayList<>();
        for (int t = 0; t < 7; t++) tiles.add(shards.resolve(org.gdsweep.io.Hdf5Tiles.tileName(t)));
        Path written = dir.resolve("written-index.h5");
        try {
            org.gdsweep.io.Hdf5Tiles.writeIndex(written, false, Map.of("layout_note", "test"), tiles, "s");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (HdfFile f = new HdfFile(written)) {
            assertEquals("gdsweep basin map index", f.getAttribute("layout").getData());
            assertEquals("s", f.getAttribute("tile_directory").getData());
            assertEquals(70, ((double[]) f.getDatasetByPath("beta").getData()).length);
            assertArrayEquals(new int[] {0, 11, 22, 33, 44, 55, 66}, (int[]) f.getDatasetByPath("tile_row0").getData());
        }
    }
}
