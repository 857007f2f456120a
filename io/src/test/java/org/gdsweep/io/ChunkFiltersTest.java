package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Random;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;
import io.jhdf.filter.ByteShuffleFilter;
import io.jhdf.filter.DeflatePipelineFilter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel shuffle + deflate filters write what HDF5 readers decode (here jhdf's own decoders, which follow the
 * HDF5 definitions; check-hdf5-python.sh reads such files with h5py), bit for bit, on awkward shapes: edge chunks,
 * rank 3, blocks of wide maps, nested and flat arrays, every element size gdsweep writes.
 */
class ChunkFiltersTest {
    @TempDir Path dir;

    @Test
    void shuffleMatchesTheHdf5DefinitionAndJhdfsDecoder() {
        Random random = new Random(3);
        for (int size : new int[] {1, 2, 4, 8})
            for (int length : new int[] {0, 1, 7, 64, 1001}) {
                byte[] raw = new byte[length];
                random.nextBytes(raw);
                byte[] shuffled = shuffle(raw, size);
                assertArrayEquals(raw, new ByteShuffleFilter().decode(shuffled, new int[] {size}), "size " + size + ", length " + length);
                assertArrayEquals(raw, unshuffle(shuffled, size));
                if (length > 0) // jhdf refuses an empty stream; chunks are never empty
                    assertArrayEquals(raw, new DeflatePipelineFilter().decode(ChunkFilters.deflate(raw, raw.length, 1), new int[] {1}));
                assertArrayEquals(raw, inflate(ChunkFilters.deflate(raw, raw.length, 6)));
            }
    }

    @Test
    void chunksCutShuffledEqualTheShuffleOfTheirPlainBytes() {
        Random random = new Random(11);
        int rows = 37, cols = 53;
        Object[] flats = {new byte[rows * cols], new short[rows * cols], new int[rows * cols], new float[rows * cols],
                new long[rows * cols], new double[rows * cols]};
        for (Object flat : flats)
            for (int i = 0; i < rows * cols; i++) {
                long bits = random.nextLong();
                if (flat instanceof byte[] a) a[i] = (byte) bits;
                else if (flat instanceof short[] a) a[i] = (short) bits;
                else if (flat instanceof int[] a) a[i] = (int) bits;
                else if (flat instanceof float[] a) a[i] = Float.intBitsToFloat((int) bits);
                else if (flat instanceof long[] a) a[i] = bits;
                else ((double[]) flat)[i] = Double.longBitsToDouble(bits);
            }
        for (Object flat : flats)
            // whole-row chunks ({37, 53}, {8, 53}: an edge chunk at the bottom) take a path of their own when flat: one
            // stretch of the array, also from an origin further down (the rows of a tile)
            for (int[] chunk : new int[][] {{8, 16}, {37, 53}, {8, 53}, {5, 60}, {1, 7}}) {
                Object nested = Hdf5Output.grid(flat, rows, cols).nested();
                for (ChunkFilters.ChunkSource source : new ChunkFilters.ChunkSource[] {
                        new ChunkFilters.RectangularChunks(flat, true, new int[] {rows, cols}, chunk),
                        new ChunkFilters.RectangularChunks(flat, true, 3 * cols, new int[] {rows - 3, cols}, chunk),
                        new ChunkFilters.RectangularChunks(nested, false, new int[] {rows, cols}, chunk)})
                    for (int k = 0; k < source.chunks(); k++)
                        assertArrayEquals(shuffle(source.chunk(k), source.elementSize()), source.shuffledChunk(k),
                                flat.getClass().getSimpleName() + " chunk " + java.util.Arrays.toString(chunk) + " #" + k);
            }
    }

    @Test
    void datasetsReadBackBitForBit() throws Exception {
        Random random = new Random(7);
        byte[][] status = new byte[301][517];
        int[] iterations = new int[301 * 517];
        long[][] counts = new long[3][700];
        double[][][] theta = new double[3][259][260];
        byte[] wide = new byte[5 * 5000];
        for (byte[] row : status) for (int i = 0; i < row.length; i++) row[i] = (byte) random.nextInt(3);
        for (int i = 0; i < iterations.length; i++) iterations[i] = i < 517 * 130 ? 0 : random.nextInt(1000) * (random.nextInt(5) == 0 ? 100_000 : 1);
        for (long[] row : counts) for (int i = 0; i < row.length; i++) row[i] = random.nextLong();
        for (double[][] plane : theta) for (double[] row : plane) for (int i = 0; i < row.length; i++) row[i] = random.nextGaussian();
        random.nextBytes(wide);
        Hdf5Output.Compression saved = Hdf5Output.compression();
        Path file = dir.resolve("f.h5");
        try {
            Hdf5Output.compression(Hdf5Output.Compression.SMALL);
            try (WritableHdfFile f = HdfFile.write(file)) {
                WritableGroup g = f;
                Hdf5Output.put(g, "status", status, "s");
                Hdf5Output.put(g, "iterations", Hdf5Output.grid(iterations, 301, 517), "n"); // a whole chunk of zeros first
                Hdf5Output.put(g, "counts", counts, "c");
                Hdf5Output.put(g, "theta", theta, "t");
                Hdf5Output.put(g, "wide", Hdf5Output.grid(wide, 5, 5000), "w");
            }
        } finally {
            Hdf5Output.compression(saved);
        }
        // chunks (Hdf5Output.chunk): whole rows up to 4096 wide, 64 Ki elements, blocks 4096 wide beyond (the second
        // block of "wide" an edge chunk, zero-padded); 3 chunks per 301x517 map, theta 1x252x260 chunks
        assertArrayEquals(new int[] {126, 517}, Hdf5Output.chunk(new int[] {301, 517}));
        assertArrayEquals(new int[] {5, 4096}, Hdf5Output.chunk(new int[] {5, 5000}));
        assertArrayEquals(new int[] {1, 252, 260}, Hdf5Output.chunk(new int[] {3, 259, 260}));
        try (HdfFile f = new HdfFile(file)) {
            Dataset s = f.getDatasetByPath("status");
            assertEquals(2, s.getFilters().size());
            assertArrayEquals(status, (byte[][]) s.getData());
            assertArrayEquals(Hdf5Output.rows(iterations, 301, 517), (int[][]) f.getDatasetByPath("iterations").getData());
            assertArrayEquals(counts, (long[][]) f.getDatasetByPath("counts").getData());
            assertArrayEquals(theta, (double[][][]) f.getDatasetByPath("theta").getData());
            assertArrayEquals(Hdf5Output.rows(wide, 5, 5000), (byte[][]) f.getDatasetByPath("wide").getData());
        }
    }

    @Test
    void aThreadsReusedBuffersLeaveNothingOfTheLastChunk() {
        // a full chunk of random bytes, then the edge chunks (zero-padded by HDF5), on one thread and its buffers
        Random random = new Random(5);
        int[] flat = new int[23 * 29];
        for (int i = 0; i < flat.length; i++) flat[i] = random.nextInt();
        ChunkFilters.RectangularChunks source = new ChunkFilters.RectangularChunks(flat, true, new int[] {23, 29}, new int[] {8, 16});
        for (int round = 0; round < 2; round++)
            for (int k = 0; k < source.chunks(); k++)
                assertArrayEquals(source.shuffledChunk(k), inflate(ChunkFilters.compress(source, k, 1 + 5 * round)), "chunk " + k);
    }

    @Test
    void aSingleChunkDatasetWithAttributesReadsBack() throws Exception {
        Path file = dir.resolve("one.h5");
        short[] values = {1, -2, 3, 30000, -30000, 0};
        try (WritableHdfFile f = HdfFile.write(file)) {
            Hdf5Output.put(f, "small", Hdf5Output.grid(values, 2, 3), "a 2x3 map", "beta", "alpha").putAttribute("units", "steps");
        }
        try (HdfFile f = new HdfFile(file)) {
            Dataset d = f.getDatasetByPath("small");
            assertEquals(2, d.getFilters().size());
            assertArrayEquals(new short[][] {{1, -2, 3}, {30000, -30000, 0}}, (short[][]) d.getData());
            assertEquals("a 2x3 map", d.getAttribute("description").getData());
            assertEquals("steps", d.getAttribute("units").getData());
            assertArrayEquals(new String[] {"beta", "alpha"}, (String[]) d.getAttribute("dims").getData());
        }
    }

    @Test
    void aWriterAskingForMoreChunksThanTheDatasetHasIsRefused() {
        byte[] data = new byte[10];
        ChunkFilters.Chunks chunks = new ChunkFilters.Chunks(new ChunkFilters.RectangularChunks(data, true, new int[] {2, 5}, new int[] {1, 5}), 1);
        assertArrayEquals(new byte[5], inflate(chunks.next()));
        chunks.next();
        assertThrows(IllegalStateException.class, chunks::next);
    }

    /** HDF5's byte shuffle, element by element (the definition the chunk cutter must match). */
    static byte[] shuffle(byte[] in, int elementSize) {
        if (elementSize <= 1) return in;
        int n = in.length / elementSize;
        byte[] out = new byte[in.length];
        for (int j = 0; j < elementSize; j++)
            for (int i = 0, k = j; i < n; i++, k += elementSize) out[j * n + i] = in[k];
        System.arraycopy(in, n * elementSize, out, n * elementSize, in.length - n * elementSize);
        return out;
    }

    static byte[] unshuffle(byte[] in, int elementSize) {
        if (elementSize <= 1) return in;
        int n = in.length / elementSize;
        byte[] out = new byte[in.length];
        for (int j = 0; j < elementSize; j++)
            for (int i = 0, k = j; i < n; i++, k += elementSize) out[k] = in[j * n + i];
        System.arraycopy(in, n * elementSize, out, n * elementSize, in.length - n * elementSize);
        return out;
    }

    static byte[] inflate(byte[] in) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            inflater.setInput(in);
            byte[] out = new byte[Math.max(64, 4 * in.length)];
            int length = 0;
            while (!inflater.finished()) {
                if (length == out.length) out = java.util.Arrays.copyOf(out, 2 * out.length);
                int n = inflater.inflate(out, length, out.length - length);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary()))
                    throw new IllegalStateException("truncated deflate stream");
                length += n;
            }
            return java.util.Arrays.copyOf(out, length);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException("corrupt deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
