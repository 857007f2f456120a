package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Networks on data (--loss mlp) through every command: data files, fixed horizons, slices of weight space, traces. */
class NetworkCommandsTest {
    @TempDir Path dir;

    static final String[] NET = {"--loss", "mlp", "--widths", "2,6,1", "--teacher-widths", "2,2,1", "--activation", "tanh", "--samples", "8"};

    static String[] args(String command, String... rest) {
        List<String> a = new java.util.ArrayList<>(List.of(command));
        a.addAll(List.of(NET));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @Test
    void fixedHorizonScanReportsEveryBoundedRunsSharpnessAndNorm() throws Exception {
        Path out = dir.resolve("s.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep(args("scan", "--etas", "0.2,0.8,3", "--count", "16", "--max-iter", "300", "--fixed-horizon",
                "-q", "-o", out.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("s.png")));
        try (HdfFile f = new HdfFile(out)) {
            assertEquals("on", f.getAttribute("fixed_horizon").getData());
            assertEquals("mlp", f.getAttribute("problem").getData());
            byte[][] status = (byte[][]) f.getDatasetByPath("runs/status").getData();
            int[][] its = (int[][]) f.getDatasetByPath("runs/iterations").getData();
            double[][] sharp = (double[][]) f.getDatasetByPath("runs/sharpness").getData();
            double[][] loss = (double[][]) f.getDatasetByPath("runs/loss").getData();
            for (int e = 0; e < 2; e++)
                for (int k = 0; k < 16; k++) {
                    // every bounded run took exactly the horizon and has its final sharpness and loss
                    assertEquals(300, its[e][k], "eta index " + e + " run " + k);
                    assertTrue(Double.isFinite(sharp[e][k]) && Double.isFinite(loss[e][k]));
                }
            for (int k = 0; k < 16; k++) assertEquals(1, status[2][k], "eta 3 diverges");
            double[][] q = (double[][]) f.getDatasetByPath("sharpness/quantiles").getData();
            assertTrue(Double.isFinite(q[0][3]) && Double.isFinite(q[1][3]), "quantiles over bounded runs");
            assertTrue(f.getDatasetByPath("problem/X") != null && f.getDatasetByPath("problem/Y") != null, "the data are in the file");
            String description = f.getByPath("sharpness").getAttribute("description").getData().toString();
            assertTrue(description.contains("bounded runs"), description);
        }
    }

    @Test
    void dataFileIsReadAndBadFilesAreOneLine() throws Exception {
        Path data = dir.resolve("d.h5");
        try (WritableHdfFile f = io.jhdf.HdfFile.write(data)) {
            f.putDataset("X", new double[][] {{0, 1}, {1, 0}, {1, 1}, {0.5, -1}});
            f.putDataset("Y", new double[] {1, -1, 0.5, 0});
        }
        Path out = dir.resolve("m.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep("map", "--loss", "mlp", "--widths", "2,3,1", "--data", data.toString(), "--eta", "0.5",
                "--slice", "random", "--size", "12", "--max-iter", "200", "--tol", "1e-4", "-q", "--no-png", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        try (HdfFile f = new HdfFile(out)) {
            assertEquals(4, ((double[][]) f.getDatasetByPath("problem/X").getData()).length);
            assertEquals(data.toString(), f.getAttribute("data_spec").getData());
        }
        Map<String, String[]> bad = Map.of(
                "no such file", new String[] {"--data", dir.resolve("missing.h5").toString()},
                "input columns but --widths starts with 3", new String[] {"--data", data.toString(), "--widths", "3,1"},
                "needs a dataset 'X'", new String[] {"--data", out.toString(), "--widths", "2,1"});
        for (var e : bad.entrySet()) {
            List<String> a = new java.util.ArrayList<>(List.of("scan", "--loss", "mlp", "--etas", "0.1", "-q", "-o", dir.resolve("x.h5").toString()));
            a.addAll(List.of(e.getValue()));
            MapCommandTest.Run b = MapCommandTest.gdsweep(a.toArray(String[]::new));
            assertEquals(2, b.code(), e.getKey());
            assertTrue(b.err().contains(e.getKey()) && b.err().strip().lines().count() == 1, b.err());
            assertFalse(Files.exists(dir.resolve("x.h5")));
        }
    }

    @Test
    void traceFollowsSharpnessAgainstTwoOverEtaWithMomentum() throws Exception {
        Path out = dir.resolve("t.h5");
        MapCommandTest.Run r = MapCommandTest.gdsweep(args("trace", "--momentum", "0.5", "--eta", "0.4", "--count", "2",
                "--max-iter", "200", "--sharpness-every", "10", "-q", "--no-png", "-o", out.toString()));
        assertEquals(0, r.code(), r.err());
        try (HdfFile f = new HdfFile(out)) {
            assertEquals(0.5, ((Number) f.getAttribute("problem_momentum").getData()).doubleValue());
        }
    }

    /** A fixed-horizon network scan in tiles, and in two shards merged, equals the scan in one piece (statistics included). */
    @Test
    void tiledAndShardedFixedHorizonScansEqualOnePiece() throws Exception {
        String[] common = args("scan", "--etas", "0.05,0.3,0.9,2", "--count", "512", "--max-iter", "60", "--fixed-horizon", "--no-png", "-q");
        Path whole = dir.resolve("whole.h5"), tiled = dir.resolve("tiled.h5"), merged = dir.resolve("merged.h5"), shards = dir.resolve("sh.h5");
        assertEquals(0, MapCommandTest.gdsweep(concat(common, "-o", whole.toString())).code());
        assertEquals(0, MapCommandTest.gdsweep(concat(common, "--tile-runs", "1024", "-o", tiled.toString())).code());
        for (String shard : new String[] {"0/2", "1/2"})
            assertEquals(0, MapCommandTest.gdsweep(concat(common, "--tile-runs", "1024", "--shard", shard, "-o", shards.toString())).code());
        MapCommandTest.Run m = MapCommandTest.gdsweep("merge", shards.toString(), "-o", merged.toString());
        assertEquals(0, m.code(), m.err());
        try (HdfFile a = new HdfFile(whole)) {
            for (Path other : new Path[] {tiled, merged})
                try (HdfFile b = new HdfFile(other)) {
                    for (String d : new String[] {"runs/status", "runs/loss", "runs/sharpness", "runs/norm2", "sharpness/quantiles", "norm2/histogram",
                            "converged_fraction", "problem/X", "problem/Y"})
                        assertTrue(java.util.Objects.deepEquals(a.getDatasetByPath(d).getData(), b.getDatasetByPath(d).getData()), other + ": " + d);
                }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
