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

/** Critical step sizes bisected tile by tile, and resumed, equal a job bisected at once, dataset for dataset. */
class TiledCriticalTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] critical(Path output, String... extra) {
        List<String> a = new ArrayList<>(List.of("critical", "--loss", "scalar", "--d", "1", "--y", "1", "--starts", "grid",
                "--window=-2:2,-2:2", "--size", "60x50", "--eta-range", "0.05:3", "--accuracy", "1e-3", "--max-iter", "2000",
                "-q", "-o", output.toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void tiledAndResumedEqualOnce() throws Exception {
        Path once = dir.resolve("once.h5"), tiled = dir.resolve("tiled.h5"), resumed = dir.resolve("resumed.h5");
        assertEquals(0, run(critical(once)).code());
        CliRun r = run(critical(tiled, "--tile-starts", "1024", "--keep-tiles"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 3 (3 computed, 0 resumed"), r.out());
        assertSameData(once, tiled);
        assertTrue(Files.exists(dir.resolve("tiled.h5.tiles/tile-000002.h5")), "--keep-tiles keeps them");

        // a killed job: its tile directory with tile 1 missing, under the name the rerun uses
        Files.move(dir.resolve("tiled.h5.tiles"), dir.resolve("resumed.h5.tiles"));
        Files.delete(dir.resolve("resumed.h5.tiles/tile-000001.h5"));
        r = run(critical(resumed, "--tile-starts", "1024"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("tiles: 3 (1 computed, 2 resumed"), r.out());
        assertSameData(once, resumed);
        assertFalse(Files.exists(dir.resolve("resumed.h5.tiles")), "joined tiles are removed");

        // tiles of another job (another bracket) are refused
        Files.createDirectories(dir.resolve("other.h5.tiles"));
        assertEquals(0, run(critical(dir.resolve("k.h5"), "--tile-starts", "1024", "--keep-tiles")).code());
        Files.move(dir.resolve("k.h5.tiles/tile-000000.h5"), dir.resolve("other.h5.tiles/tile-000000.h5"));
        List<String> other = new ArrayList<>(List.of(critical(dir.resolve("other.h5"), "--tile-starts", "1024")));
        other.set(other.indexOf("0.05:3"), "0.05:2.5");
        r = run(other.toArray(String[]::new));
        assertEquals(2, r.code());
        assertTrue(r.err().contains("of another sweep"), r.err());
    }

    @Test
    void shardsJoinedByMergeEqualOnce() throws Exception {
        Path once = dir.resolve("once.h5"), shards = dir.resolve("shards"), merged = dir.resolve("merged.h5");
        assertEquals(0, run(critical(once)).code());
        // -o names the tile directory all shards share; shard 1 of 2 is run late, as a requeued array task would be
        CliRun r = run(critical(shards, "--tile-starts", "1024", "--shard", "0/2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("shard 0 of 2"), r.out());
        assertEquals(2, org.gdsweep.io.Hdf5Tiles.list(shards).size(), "tiles 0 and 2 of 3");
        r = run("merge", "--check", shards.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("missing tiles: 1"), r.out());
        assertEquals(0, run(critical(shards, "--tile-starts", "1024", "--shard", "1/2")).code());
        r = run("merge", shards.toString(), "-o", merged.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("computes nothing"), r.err());
        assertSameData(once, merged);
        assertTrue(Files.exists(shards.resolve("tile-000001.h5")), "merge leaves the shards' tiles");
        r = run("merge", shards.toString(), "-o", merged.toString());
        assertEquals(2, r.code(), "an existing output is not overwritten without --force");
    }

    private static void assertSameData(Path expected, Path actual) {
        Map<String, Object> e = TiledMapTest.datasets(expected), a = TiledMapTest.datasets(actual);
        assertEquals(e.keySet(), a.keySet());
        for (String k : e.keySet()) assertTrue(TiledMapTest.deepEquals(e.get(k), a.get(k)), k + " differs");
    }
}
