package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.SliceRows;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A map assembled from its tiles' compressed chunks ({@link StreamedMap}) is the file the whole map makes: the same
 * datasets, values, chunk shapes and stored bytes, whatever the tiles' rows (chunk rows whole in a tile, split across
 * tiles, a tile inside one chunk row, the bottom edge).
 */
class StreamedMapTest {
    @TempDir Path dir;

    private static final Problem P = LossFamilies.problem("scalar", 0, Arithmetic.EXACT, 1, "--d", "1");
    private static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 60);
    private static final Sweep.Options OPTIONS = Sweep.Options.defaults().withThreads(2);

    @AfterEach
    void defaultCompression() {
        Hdf5Output.compression(Hdf5Output.Compression.FAST);
    }

    private static Slice slice(int width, int height) {
        return new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, -2, 2, -2, 2, width, height, 0.9);
    }

    /** Writes the whole map and the map assembled from tiles of {@code tileRows} rows (in turn), and compares them. */
    private void assertSameFile(Slice s, Set<String> fields, int... tileRows) throws Exception {
        SweepResult whole = Sweep.run(P, s, RULE, OPTIONS, ProgressListener.NONE).result();
        Path expected = dir.resolve("whole.h5"), actual = dir.resolve("streamed.h5");
        Map<String, Object> prov = Map.of("eta", 0.9);
        Hdf5MapWriter.write(new MapData(P, s, whole, prov, fields), expected, true);

        MapData template = new MapData(P, s, Sweep.emptyResult(P, OPTIONS, s.width()), Map.of(), fields, 0, 1);
        assertTrue(StreamedMap.supports(template));
        Path tiles = dir.resolve("tiles");
        try (StreamedMap streamed = new StreamedMap(template, tiles)) {
            int row0 = 0;
            for (int t = 0; row0 < s.height(); t++) {
                int rows = Math.min(tileRows[t % tileRows.length], s.height() - row0);
                streamed.add(Sweep.run(P, new SliceRows(s, row0, rows), RULE, OPTIONS, ProgressListener.NONE).result(), row0, rows);
                row0 += rows;
            }
            assertTrue(listing(tiles).size() <= 1, "the compressed chunks wait in one temporary file (unlinked at once on Linux): " + listing(tiles));
            Hdf5MapWriter.write(streamed, prov, actual, true, g -> {});
            assertArrayEquals(whole.statusCounts(), streamed.statusCounts());
            assertArrayEquals(whole.limitCounts(), streamed.limitCounts());
        }
        assertEquals(List.of(), listing(tiles), "and are deleted with the map written");

        try (HdfFile e = new HdfFile(expected); HdfFile a = new HdfFile(actual)) {
            Map<String, Dataset> de = datasets(e), da = datasets(a);
            assertEquals(de.keySet(), da.keySet());
            for (String k : de.keySet()) {
                Dataset x = de.get(k), y = da.get(k);
                assertTrue(java.util.Objects.deepEquals(x.getData(), y.getData()), k + " differs"); // and the stored bytes, below
                assertEquals(x instanceof ChunkedDataset, y instanceof ChunkedDataset, k);
                if (x instanceof ChunkedDataset cx) {
                    assertArrayEquals(cx.getChunkDimensions(), ((ChunkedDataset) y).getChunkDimensions(), k);
                    assertEquals(x.getStorageInBytes(), y.getStorageInBytes(), k + ": the same compressed chunks");
                }
            }
        }
    }

    @Test
    void tilesAcrossChunkRowsMakeTheWholeMapsFile() throws Exception {
        // 5000 wide: chunks of 16 rows x 4096 columns, two per chunk row (the second an edge); 45 rows: a last chunk
        // row of 13. Tiles of 20 rows split chunk rows; 40 rows hold whole ones and end inside one; 7 rows fall
        // inside a chunk row.
        Slice s = slice(5000, 45);
        assertSameFile(s, Set.of("iterations"), 20);
        assertSameFile(s, Set.of("iterations"), 40, 5);
        assertSameFile(s, Set.of("iterations"), 7, 16, 3);
        assertSameFile(s, Set.of("iterations"), 45);
    }

    @Test
    void everyMapIsStreamedWhenEveryMapIsFiltered() throws Exception {
        // narrow: one chunk row of 65536 / 30 = 2184 rows holds the whole map, so every tile goes through the band
        Hdf5Output.compression(Hdf5Output.Compression.SMALL);
        Slice s = slice(30, 50);
        assertSameFile(s, Set.copyOf(MapData.optionalFields(P)), 11);
    }

    @Test
    void saysWhatItCannotAssembleAndRefusesTilesOutOfOrder() {
        Slice s = slice(40, 40);
        // float64 maps are not filtered by default (contiguous datasets): they cannot come from compressed chunks
        MapData withLoss = new MapData(P, s, Sweep.emptyResult(P, OPTIONS, 40), Map.of(), Set.of("iterations", "loss"), 0, 1);
        assertFalse(StreamedMap.supports(withLoss));
        assertThrows(IllegalArgumentException.class, () -> new StreamedMap(withLoss, dir));
        MapData theta = new MapData(P, s, Sweep.emptyResult(P, OPTIONS.withThetaIndex(0, 1), 40), Map.of(), Set.of("iterations"), 0, 1);
        assertFalse(StreamedMap.supports(theta), "final parameters are a 3-D dataset");

        StreamedMap m = new StreamedMap(new MapData(P, s, Sweep.emptyResult(P, OPTIONS, 40), Map.of(), Set.of("iterations"), 0, 1), dir.resolve("t"));
        SweepResult rows = Sweep.run(P, new SliceRows(s, 10, 10), RULE, OPTIONS, ProgressListener.NONE).result();
        assertThrows(IllegalStateException.class, () -> m.add(rows, 10, 10), "rows 0-9 come first");
        assertThrows(IllegalStateException.class, () -> m.grid("status"), "a map with rows missing is not written");
    }

    private static List<String> listing(Path directory) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Dataset> datasets(Group g) {
        Map<String, Dataset> all = new TreeMap<>();
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group child) all.putAll(datasets(child));
            else if (n instanceof Dataset d) all.put(d.getPath(), d);
        }
        return all;
    }
}
