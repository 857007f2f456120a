package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step-size scans computed in tiles of whole step sizes, resumed, and in shards joined by merge, equal a scan run at
 * once, dataset for dataset (statistics, histograms over the common bins, per-run results); tiles of another scan are
 * refused. The index form (a scan too large to join) is checked end to end by scripts/check-resume.sh, with a small
 * heap, against a joined run in xarray.
 */
class TiledScanTest {
    @TempDir Path dir;

    private static String[] scan(Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("scan", "--loss", "scalar", "--d", "1", "--y", "1", "--lambda", "0.05", "--eta-range", "0.8:1.3:11",
                "--count", "700", "--max-iter", "2000", "-q", "--no-png", "-o", output.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void tiledResumedAndShardedEqualOnce() throws Exception {
        Path once = dir.resolve("once.h5"), tiled = dir.resolve("tiled.h5"), resumed = dir.resolve("resumed.h5");
        assertEquals(0, CliRun.of(scan(once)).code());
        // 2100 runs per tile = 3 step sizes of 700 starts: tiles of 3, 3, 3 and 2 step sizes
        CliRun r = CliRun.of(scan(tiled, "--tile-runs", "2100", "--keep-tiles"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 4 (4 computed, 0 resumed"), r.out());
        assertSameData(once, tiled);

        // a killed scan: tile 2 missing, under the name the rerun uses
        Files.move(dir.resolve("tiled.h5.tiles"), dir.resolve("resumed.h5.tiles"));
        Files.delete(dir.resolve("resumed.h5.tiles/tile-000002.h5"));
        r = CliRun.of(scan(resumed, "--tile-runs", "2100"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 4 (1 computed, 3 resumed"), r.out());
        assertSameData(once, resumed);
        assertFalse(Files.exists(dir.resolve("resumed.h5.tiles")), "joined tiles are removed");

        // shards into one directory, joined by merge
        Path shards = dir.resolve("shards"), merged = dir.resolve("merged.h5");
        for (String s : new String[] {"0/3", "2/3"}) assertEquals(0, CliRun.of(scan(shards, "--tile-runs", "2100", "--shard", s)).code());
        r = CliRun.of("merge", "--check", shards.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("missing tiles: 1") && r.out().contains("owned by shards (of 3): 1"), r.out());
        assertEquals(0, CliRun.of(scan(shards, "--tile-runs", "2100", "--shard", "1/3")).code());
        r = CliRun.of("merge", shards.toString(), "-o", merged.toString());
        assertEquals(0, r.code(), r.err());
        assertSameData(once, merged);
    }

    @Test
    void tilesOfAnotherScanAreRefused() throws Exception {
        Path a = dir.resolve("a.h5");
        assertEquals(0, CliRun.of(scan(a, "--tile-runs", "2100", "--keep-tiles")).code());
        Files.delete(dir.resolve("a.h5"));
        Files.delete(dir.resolve("a.h5.tiles/tile-000003.h5"));
        List<String> other = new ArrayList<>(List.of(scan(a, "--tile-runs", "2100")));
        other.set(other.indexOf("2000"), "2001"); // another iteration cap: other numbers
        CliRun r = CliRun.of(other.toArray(String[]::new));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("of another sweep"), r.err());
        assertFalse(Files.exists(a), "nothing written");
        r = CliRun.of(scan(a, "--tile-runs", "2100", "--shard", "0/2", "--keep-tiles"));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--keep-tiles"), r.err());
    }

    private static void assertSameData(Path expected, Path actual) {
        Map<String, Object> e = TiledMapTest.datasets(expected), a = TiledMapTest.datasets(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertTrue(TiledMapTest.deepEquals(e.get(k), a.get(k)), k + " differs");
    }
}
