package org.gdsweep.io;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Deflater;


/**
 * The chunks of gdsweep's filtered datasets, shuffled and deflated on every core. The file keeps HDF5's standard
 * shuffle and deflate filters (ids 2 and 1), so every HDF5 reader decodes it; only who computes the chunks changes.
 *
 * <p>jhdf 0.13 filters one chunk after the other on the thread that closes the file, with a byte-by-byte shuffle and a
 * log message built per chunk, after encoding the whole dataset into one buffer: a 4096² map's status, limit and
 * iteration maps (100 MB) took it 0.9-1.4 s after the sweep, on one core. Here the chunks of a dataset are cut from the
 * data, shuffled and deflated on a pool of one thread per core, in HDF5's chunk order (row-major over the chunk grid),
 * from the moment the dataset is handed to the file and at most {@link #AHEAD} chunks ahead of the thread that writes
 * them ({@link FilteredDataset}), which bounds the memory in flight. Each pool thread cuts and compresses into
 * buffers of its own, reused from chunk to chunk, so the only memory a chunk takes is its compressed bytes: fresh
 * memory costs here (~7 µs of system time per 4 KiB page first touched, BENCHMARKS.md session 12), and a 4096² map's
 * chunks were 96 MB cut plus 96 MB of deflate output buffers.
 */
final class ChunkFilters {
    /** Chunks per dataset compressed ahead of the thread that writes them ({@link FilteredDataset}). */
    static final int AHEAD = 4 * Math.max(2, Runtime.getRuntime().availableProcessors());
    private static volatile ExecutorService pool;

    private ChunkFilters() {}

    /** The bytes of chunk {@code k} of a dataset as HDF5 stores them before filtering. */
    interface ChunkSource {
        int chunks();

        int elementSize();

        /** Bytes of one chunk before filtering (edge chunks are padded to it). */
        int chunkBytes();

        byte[] chunk(int k);

        /**
         * {@link #chunk} after HDF5's byte shuffle (byte j of element i at j·n + i, n elements per chunk), into the first {@link #chunkBytes}
         * bytes of {@code into} (whatever they held before).
         */
        void shuffledChunk(int k, byte[] into);

        default byte[] shuffledChunk(int k) {
            byte[] b = new byte[chunkBytes()];
            shuffledChunk(k, b);
            return b;
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (ChunkFilters.class) {
                if (pool == null) pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                        Thread.ofPlatform().name("gdsweep-hdf5-deflate-", 0).daemon(true).factory());
                p = pool;
            }
        }
        return p;
    }

    /** One pool thread's reusable buffers: a cut chunk, the deflate output, and the deflater itself. */
    private static final class Scratch {
        byte[] chunk = new byte[0], compressed = new byte[0];
        final Deflater deflater = new Deflater(1);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Chunk {@code k} of {@code source}, shuffled and deflated at {@code level} in the calling thread's buffers; only
     * the returned compressed bytes are new.
     */
    static byte[] compress(ChunkSource source, int k, int level) {
        Scratch s = SCRATCH.get();
        int length = source.chunkBytes();
        if (s.chunk.length < length) s.chunk = new byte[length];
        source.shuffledChunk(k, s.chunk);
        return deflate(s.chunk, length, level);
    }

    /**
     * zlib stream (HDF5's deflate filter) of {@code in[0, length)} at {@code level}, made with the calling thread's
     * deflater and output buffer.
     */
    static byte[] deflate(byte[] in, int length, int level) {
        Scratch s = SCRATCH.get();
        Deflater d = s.deflater;
        d.reset();
        d.setLevel(level);
        d.setInput(in, 0, length);
        d.finish();
        if (s.compressed.length < 64 + length / 8) s.compressed = new byte[64 + length / 8];
        int n = 0;
        while (!d.finished()) {
            if (n == s.compressed.length) s.compressed = Arrays.copyOf(s.compressed, 2 * s.compressed.length);
            n += d.deflate(s.compressed, n, s.compressed.length - n);
        }
        return Arrays.copyOf(s.compressed, n);
    }

    /** A dataset's chunks, shuffled and deflated, handed to the thread that writes them in chunk-index order. */
    interface Compressed {
        int count();

        /** The next chunk's stored bytes (the first call returns chunk 0). */
        byte[] next();
    }

    /** {@code count} chunks compressed before the file was opened ({@link StreamedMap}), chunk k from {@code chunk}, in order. */
    static Compressed precompressed(int count, java.util.function.IntFunction<byte[]> chunk) {
        return new Compressed() {
            private int collected;

            @Override public int count() { return count; }

            @Override public byte[] next() {
                if (collected >= count) throw new IllegalStateException("chunk " + collected + " asked of a dataset of " + count + " chunks");
                return chunk.apply(collected++);
            }
        };
    }

    /**
     * Every chunk of {@code source}, shuffled and deflated on the pool (all at once: a tile's chunks of a map being
     * assembled, {@link StreamedMap}); returns when all are done.
     */
    static byte[][] compressAll(ChunkSource source, int level) {
        CompletableFuture<?>[] ready = new CompletableFuture<?>[source.chunks()];
        for (int k = 0; k < ready.length; k++) {
            int chunk = k;
            ready[k] = CompletableFuture.supplyAsync(() -> compress(source, chunk, level), pool());
        }
        byte[][] out = new byte[ready.length][];
        for (int k = 0; k < ready.length; k++) out[k] = (byte[]) ready[k].join();
        return out;
    }

    /** One dataset's chunks in flight: compressed on the shared pool, collected in order by the writing thread. */
    static final class Chunks implements Compressed {
        private final ChunkSource source;
        private final int level;
        private final CompletableFuture<?>[] ready;
        /** Chunks collected so far (one thread collects them, in order). */
        private int collected;

        Chunks(ChunkSource source, int level) {
            this.source = source;
            this.level = level;
            this.ready = new CompletableFuture<?>[source.chunks()];
            for (int k = 0; k < Math.min(AHEAD, ready.length); k++) schedule(k);
        }

        @Override public int count() { return ready.length; }

        private void schedule(int k) {
            ready[k] = CompletableFuture.supplyAsync(() -> compress(source, k, level), pool());
        }

        /** The next chunk, shuffled and deflated (waiting for it if needed). */
        @Override public byte[] next() {
            int k = collected++;
            if (k >= ready.length)
                throw new IllegalStateException("chunk " + k + " asked of a dataset of " + ready.length + " chunks");
            if (k + AHEAD < ready.length) schedule(k + AHEAD);
            byte[] compressed = (byte[]) ready[k].join();
            ready[k] = null;
            return compressed;
        }
    }

    /**
     * The chunks of a rectangular array, as HDF5 lays them out: little-endian elements, row-major within the chunk,
     * edge chunks padded with zeros to the full chunk size. The array is either nested ({@code double[][]},
     * {@code int[][][]}, ...) or flat and row-major with a stated shape.
     */
    static final class RectangularChunks implements ChunkSource {
        private final Object data;
        private final boolean flat;
        /** Index in a flat {@code data} of the element at the origin of {@code shape} (rows of a tile further down). */
        private final int origin;
        private final int[] shape, chunk, grid;
        private final int elementSize;
        private final Class<?> element;

        RectangularChunks(Object data, boolean flat, int[] shape, int[] chunk) {
            this(data, flat, 0, shape, chunk);
        }

        /** A flat array's elements from {@code origin} on, as an array of {@code shape} ({@code flat} must be true if origin > 0). */
        RectangularChunks(Object data, boolean flat, int origin, int[] shape, int[] chunk) {
            if (origin != 0 && !flat) throw new IllegalArgumentException("an origin applies to flat arrays only");
            this.data = data;
            this.flat = flat;
            this.origin = origin;
            this.shape = shape.clone();
            this.chunk = chunk.clone();
            this.element = Hdf5Output.elementType(data);
            this.elementSize = Hdf5Output.elementBytes(element);
            grid = new int[shape.length];
            for (int r = 0; r < shape.length; r++) grid[r] = (shape[r] + chunk[r] - 1) / chunk[r];
        }

        @Override public int elementSize() { return elementSize; }

        @Override public int chunks() {
            long n = 1;
            for (int g : grid) n *= g;
            return Math.toIntExact(n);
        }

        @Override public int chunkBytes() {
            long n = elementSize;
            for (int c : chunk) n *= c;
            return Math.toIntExact(n);
        }

        @Override public byte[] chunk(int k) {
            byte[] b = new byte[chunkBytes()];
            cut(k, false, b);
            return b;
        }

        /**
         * Cut and shuffled in one pass, straight from the array: the plain chunk of an int map was written through a
         * ByteBuffer view and read back through a VarHandle, and both run interpreted in a cold process (a 1024² map's
         * chunks are each one long loop, compiled only by on-stack replacement partway through).
         */
        @Override public void shuffledChunk(int k, byte[] into) {
            cut(k, true, into);
        }

        private void cut(int k, boolean shuffled, byte[] into) {
            int rank = shape.length, last = rank - 1;
            int[] offset = new int[rank];
            for (int r = last, rest = k; r >= 0; r--) {
                offset[r] = (rest % grid[r]) * chunk[r];
                rest /= grid[r];
            }
            long chunkElements = 1;
            for (int c : chunk) chunkElements *= c;
            int bytes = Math.toIntExact(chunkElements * elementSize);
            boolean edge = false;
            for (int r = 0; r < rank; r++) edge |= offset[r] + chunk[r] > shape[r];
            if (edge) Arrays.fill(into, 0, bytes, (byte) 0); // HDF5 pads edge chunks (a reused buffer holds the last chunk)
            if (shuffled && flat && rank == 2 && chunk[1] == shape[1]) {
                // Whole rows (a map's usual chunk): the chunk is one stretch of the array, shuffled in one call. Row by
                // row, these methods ran often enough for C2 to compile the shuffle loop again inlined into each caller
                // (tens of ms each, on a core the sweep needed in a cold map; BENCHMARKS.md, session 19).
                int rowsInside = Math.min(chunk[0], shape[0] - offset[0]);
                putShuffled(into, Math.toIntExact(chunkElements), 0, data, Math.toIntExact(origin + (long) offset[0] * shape[1]), rowsInside * shape[1]);
                return;
            }
            ByteBuffer out = ByteBuffer.wrap(into, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
            int columns = Math.min(chunk[last], shape[last] - offset[last]);
            int rows = 1;
            for (int r = 0; r < last; r++) rows *= chunk[r];
            int[] index = new int[last]; // the row's index within the chunk along the outer axes, odometer style
            for (int row = 0; row < rows; row++) {
                boolean inside = true;
                long flatRow = 0;
                Object o = data;
                for (int r = 0; r < last && inside; r++) {
                    int at = offset[r] + index[r];
                    if (at >= shape[r]) inside = false;
                    else if (flat) flatRow = flatRow * shape[r] + at;
                    else o = Array.get(o, at);
                }
                if (inside) {
                    Object from = flat ? data : o;
                    int at = flat ? Math.toIntExact(origin + flatRow * shape[last] + offset[last]) : offset[last];
                    if (shuffled) putShuffled(out.array(), Math.toIntExact(chunkElements), row * chunk[last], from, at, columns);
                    else {
                        out.position(row * chunk[last] * elementSize);
                        put(out, from, at, columns);
                    }
                }
                for (int r = last - 1; r >= 0; r--) {
                    if (++index[r] < chunk[r]) break;
                    index[r] = 0;
                }
            }
        }

        /**
         * Elements {@code from … from+count−1} of {@code row} into a shuffled chunk of {@code n} elements at element
         * position {@code p}: byte j of element p goes to {@code out[j·n + p]}, little-endian (HDF5's byte shuffle).
         */
        private void putShuffled(byte[] out, int n, int p, Object row, int from, int count) {
            if (element == byte.class) System.arraycopy((byte[]) row, from, out, p, count);
            else if (element == int.class) shuffleInts(out, n, p, (int[]) row, from, count);
            else if (element == float.class) shuffleFloats(out, n, p, (float[]) row, from, count);
            else if (element == long.class) shuffleLongs(out, n, p, (long[]) row, from, count);
            else if (element == double.class) shuffleDoubles(out, n, p, (double[]) row, from, count);
            else if (element == short.class) shuffleShorts(out, n, p, (short[]) row, from, count);
            else throw new IllegalArgumentException("gdsweep writes no filtered dataset of " + element);
        }

        // One small method per element type, each filling the chunk one byte plane at a time (a plain loop that C2
        // vectorises): the element-major version, all types in one method, took C2 184 ms to compile in a cold 4096²
        // map, on a core the sweep needed (JFR jdk.Compilation; BENCHMARKS.md, session 19).
        private static void shuffleInts(byte[] out, int n, int p, int[] a, int from, int count) {
            for (int j = 0; j < 4; j++) {
                int at = j * n + p, shift = 8 * j;
                for (int c = 0; c < count; c++) out[at + c] = (byte) (a[from + c] >>> shift);
            }
        }

        private static void shuffleFloats(byte[] out, int n, int p, float[] a, int from, int count) {
            for (int j = 0; j < 4; j++) {
                int at = j * n + p, shift = 8 * j;
                for (int c = 0; c < count; c++) out[at + c] = (byte) (Float.floatToRawIntBits(a[from + c]) >>> shift);
            }
        }

        private static void shuffleLongs(byte[] out, int n, int p, long[] a, int from, int count) {
            for (int j = 0; j < 8; j++) {
                int at = j * n + p, shift = 8 * j;
                for (int c = 0; c < count; c++) out[at + c] = (byte) (a[from + c] >>> shift);
            }
        }

        private static void shuffleDoubles(byte[] out, int n, int p, double[] a, int from, int count) {
            for (int j = 0; j < 8; j++) {
                int at = j * n + p, shift = 8 * j;
                for (int c = 0; c < count; c++) out[at + c] = (byte) (Double.doubleToRawLongBits(a[from + c]) >>> shift);
            }
        }

        private static void shuffleShorts(byte[] out, int n, int p, short[] a, int from, int count) {
            for (int j = 0; j < 2; j++) {
                int at = j * n + p, shift = 8 * j;
                for (int c = 0; c < count; c++) out[at + c] = (byte) (a[from + c] >>> shift);
            }
        }

        private void put(ByteBuffer out, Object row, int from, int count) {
            if (element == byte.class) out.put((byte[]) row, from, count);
            else if (element == int.class) out.asIntBuffer().put((int[]) row, from, count);
            else if (element == long.class) out.asLongBuffer().put((long[]) row, from, count);
            else if (element == double.class) out.asDoubleBuffer().put((double[]) row, from, count);
            else if (element == float.class) out.asFloatBuffer().put((float[]) row, from, count);
            else if (element == short.class) out.asShortBuffer().put((short[]) row, from, count);
            else throw new IllegalArgumentException("gdsweep writes no filtered dataset of " + element);
        }
    }
}
