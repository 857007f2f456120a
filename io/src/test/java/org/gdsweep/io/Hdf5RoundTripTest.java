package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.HdfFile;

import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5RoundTripTest {
    @TempDir Path dir;

    @Test
    void writesAndReadsBackEveryDataset() throws Exception {
        MatrixFactorization p = new MatrixFactorization(3, 2, 2, MatrixFactorization.drawDiagonalTarget(2, 2, 5), 0);
        double[][] e = Slice.randomOrthonormal(p.parameterCount(), 5);
        Slice s = new Slice(new double[p.parameterCount()], e[0], e[1], -2, 2, -1, 1, 17, 11, 0.8);
        int[] all = new int[p.parameterCount()];
        for (int q = 0; q < all.length; q++) all[q] = q;
        SweepResult r = Sweep.run(p, s, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 500),
                Sweep.Options.defaults().withThetaIndex(all), ProgressListener.NONE).result();
        Path file = dir.resolve("m.h5");
        Hdf5MapWriter.write(new MapData(p, s, r, Map.of("eta", 0.8, "seed", 5L, "command_line", "test")), file, false);

        try (HdfFile f = new HdfFile(file)) {
            byte[][] status = (byte[][]) f.getDatasetByPath("status").getData();
            int[][] iterations = (int[][]) f.getDatasetByPath("iterations").getData();
            double[][] loss = (double[][]) f.getDatasetByPath("loss").getData();
            double[][][] theta = (double[][][]) f.getDatasetByPath("theta").getData();
            assertEquals(11, status.length);
            assertEquals(17, status[0].length);
            for (int j = 0; j < 11; j++)
                for (int i = 0; i < 17; i++) {
                    int run = j * 17 + i;
                    assertEquals(r.status[run], status[j][i]);
                    assertEquals(r.iterations[run], iterations[j][i]);
                    assertEquals(r.loss[run], loss[j][i], 0);
                    for (int q = 0; q < all.length; q++) assertEquals(r.theta[q][run], theta[q][j][i], 0);
                }
            assertArrayEquals(s.alphas(), (double[]) f.getDatasetByPath("alpha").getData(), 0);
            assertArrayEquals(s.betas(), (double[]) f.getDatasetByPath("beta").getData(), 0);
            assertArrayEquals(s.e1(), (double[]) f.getDatasetByPath("slice/e1").getData(), 0);
            double[][] y = (double[][]) f.getDatasetByPath("problem/Y").getData();
            assertEquals(p.targetCopy()[3], y[1][1], 0);
            assertEquals(0.8, (double) f.getAttribute("eta").getData(), 0);
            assertEquals("test", f.getAttribute("command_line").getData());
            assertTrue(f.getDatasetByPath("status") instanceof io.jhdf.api.dataset.ChunkedDataset, "maps are chunked");
        }
        assertThrows(FileAlreadyExistsException.class,
                () -> Hdf5MapWriter.write(new MapData(p, s, r, Map.of()), file, false), "no overwrite without force");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void failedWriteLeavesTheOldFile() throws Exception {
        Path file = dir.resolve("keep.txt");
        Files.writeString(file, "old");
        assertThrows(java.io.IOException.class, () -> AtomicFile.write(file, true, tmp -> {
            Files.writeString(tmp, "partial");
            throw new java.io.IOException("simulated crash");
        }));
        assertEquals("old", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary removed");
        }
    }

    @Test
    void viridisEndsAndPngGreys() {
        assertEquals(0x47, Colormap.viridis(0) >> 16 & 0xff, 2); // viridis(0) ≈ #440154
        assertEquals(0xfd, Colormap.viridis(1) >> 16 & 0xff, 4); // viridis(1) ≈ #FDE725
        var img = MapImage.render(new byte[] {0, 1, 2, 0}, 2, 2, new MapImage.Colouring("x", new double[] {0, 0, 0, 1}, 0, 1));
        assertEquals(MapImage.UNDECIDED_GREY, img.getRGB(0, 0) & 0xffffff); // run 2 = (i 0, j 1) is the top-left pixel
        assertEquals(MapImage.DIVERGED_GREY, img.getRGB(1, 1) & 0xffffff);
        assertEquals(Colormap.viridis(1), img.getRGB(1, 0) & 0xffffff);
        for (int k = 0; k <= 4095; k++) assertEquals(Colormap.viridis(k / 4095.0), Colormap.viridisFast(k / 4095.0));
        assertEquals(Colormap.viridis(0), Colormap.viridisFast(Double.NaN));
    }
}
