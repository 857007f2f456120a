package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.object.message.DataLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unfiltered maps handed over flat are written contiguous straight from their arrays ({@link ContiguousDataset}): they
 * read back (jhdf's reader; check-hdf5-python.sh reads such files with h5py) with their values, shape, layout and
 * attributes, for every element type, sizes that are not multiples of the 1 MiB write buffer, and stacks of maps.
 */
class ContiguousDatasetTest {
    @TempDir Path dir;

    @Test
    void flatMapsAndStacksReadBackBitForBit() throws Exception {
        Random random = new Random(23);
        int rows = 301, cols = 517; // 155,617 values: a float64 map fills the 1 MiB buffer once and part of it again
        double[] d = new double[rows * cols];
        float[] f = new float[rows * cols];
        long[] l = new long[rows * cols];
        int[] n = new int[rows * cols];
        short[] s = new short[rows * cols];
        byte[] b = new byte[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = i % 7 == 0 ? Double.NaN : random.nextGaussian();
            f[i] = (float) random.nextGaussian();
            l[i] = random.nextLong();
            n[i] = random.nextInt();
            s[i] = (short) random.nextInt();
            b[i] = (byte) random.nextInt();
        }
        double[][] planes = {d, java.util.Arrays.copyOf(d, d.length), new double[rows * cols]};
        planes[1][5] = -0.0;
        Path file = dir.resolve("c.h5");
        Hdf5Output.Compression saved = Hdf5Output.compression();
        try {
            Hdf5Output.compression(Hdf5Output.Compression.NONE); // integer maps unfiltered too
            try (WritableHdfFile w = HdfFile.write(file)) {
                Hdf5Output.put(w, "d", Hdf5Output.grid(d, rows, cols), "doubles", "y", "x");
                Hdf5Output.put(w, "f", Hdf5Output.grid(f, rows, cols), "floats");
                Hdf5Output.put(w, "l", Hdf5Output.grid(l, rows, cols), "longs");
                Hdf5Output.put(w, "n", Hdf5Output.grid(n, rows, cols), "ints");
                Hdf5Output.put(w, "s", Hdf5Output.grid(s, rows, cols), "shorts");
                Hdf5Output.put(w, "b", Hdf5Output.grid(b, rows, cols), "bytes");
                Hdf5Output.put(w, "one", Hdf5Output.grid(new double[] {4.5}, 1, 1), "one value");
                Hdf5Output.put(w, "stack", new Hdf5Output.Stack(planes, rows, cols), "three planes");
            }
        } finally {
            Hdf5Output.compression(saved);
        }
        try (HdfFile h = new HdfFile(file)) {
            for (String name : new String[] {"d", "f", "l", "n", "s", "b", "one", "stack"}) {
                Dataset ds = h.getDatasetByPath(name);
                assertEquals(DataLayout.CONTIGUOUS, ds.getDataLayout(), name);
                assertEquals(0, ds.getFilters().size(), name);
            }
            assertArrayEquals(new int[] {rows, cols}, h.getDatasetByPath("d").getDimensions());
            assertArrayEquals(Hdf5Output.rows(d, rows, cols), (double[][]) h.getDatasetByPath("d").getData());
            assertEquals("doubles", h.getDatasetByPath("d").getAttribute("description").getData());
            assertArrayEquals(new String[] {"y", "x"}, (String[]) h.getDatasetByPath("d").getAttribute("dims").getData());
            float[][] fr = (float[][]) h.getDatasetByPath("f").getData();
            for (int j = 0; j < rows; j++) assertArrayEquals(java.util.Arrays.copyOfRange(f, j * cols, (j + 1) * cols), fr[j]);
            assertArrayEquals(Hdf5Output.rows(l, rows, cols), (long[][]) h.getDatasetByPath("l").getData());
            assertArrayEquals(Hdf5Output.rows(n, rows, cols), (int[][]) h.getDatasetByPath("n").getData());
            short[][] sr = (short[][]) h.getDatasetByPath("s").getData();
            for (int j = 0; j < rows; j++) assertArrayEquals(java.util.Arrays.copyOfRange(s, j * cols, (j + 1) * cols), sr[j]);
            assertArrayEquals(Hdf5Output.rows(b, rows, cols), (byte[][]) h.getDatasetByPath("b").getData());
            assertArrayEquals(new double[][] {{4.5}}, (double[][]) h.getDatasetByPath("one").getData());
            double[][][] st = (double[][][]) h.getDatasetByPath("stack").getData();
            assertArrayEquals(new int[] {3, rows, cols}, h.getDatasetByPath("stack").getDimensions());
            for (int q = 0; q < 3; q++) {
                double[][] expected = Hdf5Output.rows(planes[q], rows, cols);
                for (int j = 0; j < rows; j++)
                    for (int i = 0; i < cols; i++)
                        assertEquals(Double.doubleToRawLongBits(expected[j][i]), Double.doubleToRawLongBits(st[q][j][i]), "plane " + q);
            }
        }
    }

    @Test
    void aStackNeedsPlanesOfItsShapeAndOneType() {
        assertThrows(IllegalArgumentException.class, () -> new Hdf5Output.Stack(new Object[] {new double[6], new double[5]}, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Hdf5Output.Stack(new Object[] {new double[6], new float[6]}, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new Hdf5Output.Stack(new Object[0], 2, 3));
    }
}
