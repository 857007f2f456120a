package org.gdsweep.io;

import java.lang.reflect.Array;
import java.util.Map;

import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

/** Shared conventions for gdsweep HDF5 files: described datasets, chunked + compressed when 2-D or larger. */
public final class Hdf5Output {
    /** Elements per chunk of a filtered dataset (64 Ki, 64-512 KiB: large enough to compress well, small enough to read a part). */
    static final int CHUNK_ELEMENTS = 1 << 16;
    /** Widest chunk: maps up to this wide are chunked in whole rows. */
    static final int CHUNK_WIDTH = 4096;

    private Hdf5Output() {}

    /**
     * Puts a dataset with a {@code description} attribute (and {@code dims} when given). Arrays of rank ≥ 2 that
     * {@link #compression()} filters are chunked ({@link #chunk}) and filtered on every core ({@link ChunkFilters}); the
     * rest are contiguous.
     */
    public static WritableDataset put(WritableGroup g, String name, Object data, String description, String... dims) {
        WritableDataset d;
        if (data instanceof CompressedGrid c) {
            int[] chunk = chunk(new int[] {c.rows(), c.cols()});
            int size = elementBytes(c.element());
            d = g.putDataset(name, new FilteredDataset(placeholder(c.element(), c.rows(), c.cols()), name, g, chunk, size, c.chunkCount(),
                    c.chunk(), size * chunk[0] * chunk[1], c.level()));
        } else if (data instanceof Grid grid) {
            int[] chunk = chunk(grid.shape());
            if (grid.rows() == 0 || grid.cols() == 0) d = g.putDataset(name, grid.nested());
            else if (filtered(elementType(grid.flat())))
                d = g.putDataset(name, new FilteredDataset(grid.placeholder(), name, g, chunk, new ChunkFilters.RectangularChunks(grid.flat(), true, grid.shape(), chunk), level()));
            else d = g.putDataset(name, new ContiguousDataset(grid.placeholder(), name, g, grid.flat()));
        } else if (data instanceof Stack stack) {
            d = g.putDataset(name, new ContiguousDataset(stack.placeholder(), name, g, stack.planes()));
        } else {
            int rank = 0;
            for (Class<?> c = data.getClass(); c.isArray(); c = c.getComponentType()) rank++;
            if (rank >= 2 && Array.getLength(data) > 0 && filtered(elementType(data))) {
                int[] shape = new int[rank];
                Object o = data;
                for (int r = 0; r < rank; r++) {
                    shape[r] = Array.getLength(o);
                    if (r < rank - 1) o = Array.get(o, 0);
                }
                int[] chunk = chunk(shape);
                d = g.putDataset(name, new FilteredDataset(data, name, g, chunk, new ChunkFilters.RectangularChunks(data, false, shape, chunk), level()));
            } else {
                // Unfiltered data is written contiguous: jhdf copies every element into its chunk buffers otherwise
                // (2.6x slower measured), and readers gain nothing from chunks without filters on maps this size.
                d = g.putDataset(name, data);
            }
        }
        d.putAttribute("description", description);
        if (dims.length > 0) d.putAttribute("dims", dims);
        return d;
    }

    /**
     * A map handed over flat: {@code flat} (a primitive array) holds {@code rows × cols} values row by row. Written as
     * a {@code rows × cols} dataset; filtered, its chunks are cut from the flat array ({@link ChunkFilters}) and the
     * 2-D copy jhdf would otherwise need is never made.
     */
    public record Grid(Object flat, int rows, int cols) {
        public Grid {
            if (!flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive() || Array.getLength(flat) != (long) rows * cols)
                throw new IllegalArgumentException("a grid needs a primitive array of rows x cols = " + rows + " x " + cols + " values");
        }

        int[] shape() { return new int[] {rows, cols}; }

        /** A 2-D copy, for unfiltered datasets (written contiguous from it). */
        Object nested() {
            return split(flat, Array.newInstance(flat.getClass().getComponentType(), rows, cols), cols);
        }

        Object placeholder() {
            return Hdf5Output.placeholder(flat.getClass().getComponentType(), rows, cols);
        }
    }

    /**
     * A map assembled tile by tile ({@link StreamedMap}): the {@code chunkCount} chunks of a {@code rows × cols} dataset
     * of {@code element}s in the map's {@link #chunk} shape, shuffled and deflated at {@code level}; {@code chunk} reads
     * chunk k (chunk-index order: row-major over the chunk grid).
     */
    record CompressedGrid(Class<?> element, int rows, int cols, int level, int chunkCount, java.util.function.IntFunction<byte[]> chunk) {}

    /**
     * Maps of the same shape handed over flat, as one {@code planes.length × rows × cols} dataset, written unfiltered and
     * contiguous from the flat arrays ({@link ContiguousDataset}): the final parameters a map keeps, one plane each.
     */
    public record Stack(Object[] planes, int rows, int cols) {
        public Stack {
            if (planes.length == 0 || rows == 0 || cols == 0) throw new IllegalArgumentException("a stack needs planes of at least one value");
            for (Object p : planes) {
                new Grid(p, rows, cols); // checks that p is a primitive array of rows x cols values
                if (p.getClass() != planes[0].getClass()) throw new IllegalArgumentException("the planes of a stack share one element type");
            }
        }

        Object placeholder() {
            Object plane = Hdf5Output.placeholder(planes[0].getClass().getComponentType(), rows, cols);
            Object stack = Array.newInstance(plane.getClass(), planes.length);
            for (int q = 0; q < planes.length; q++) Array.set(stack, q, plane);
            return stack;
        }
    }

    /** Rows that all share one zero row: what jhdf needs of a filtered dataset (its type and shape, see FilteredDataset). */
    static Object placeholder(Class<?> element, int rows, int cols) {
        Object zero = Array.newInstance(element, cols);
        Object rowsOf = Array.newInstance(zero.getClass(), rows);
        for (int j = 0; j < rows; j++) Array.set(rowsOf, j, zero);
        return rowsOf;
    }

    /** A flat row-major map of {@code rows × cols} values as a dataset ({@link Grid}). */
    public static Grid grid(Object flat, int rows, int cols) {
        return new Grid(flat, rows, cols);
    }

    static int level() {
        return compression == Compression.SMALL ? 6 : 1;
    }

    /**
     * Chunk shape of a filtered dataset: 1 along all but the last two axes, and on those whole rows of maps up to
     * {@link #CHUNK_WIDTH} wide ({@link #CHUNK_ELEMENTS} elements per chunk), blocks that wide beyond. Whole rows because
     * jhdf cuts chunks row by row at a cost per row of a chunk (with 256×256 chunks a 4096² map cost it 65,536 such rows
     * per dataset, 0.1-0.2 s; with whole rows 4096).
     */
    static int[] chunk(int[] shape) {
        int rank = shape.length;
        int[] chunk = new int[rank];
        java.util.Arrays.fill(chunk, 1);
        int width = Math.max(1, Math.min(shape[rank - 1], CHUNK_WIDTH));
        chunk[rank - 1] = width;
        if (rank >= 2) chunk[rank - 2] = Math.max(1, Math.min(shape[rank - 2], CHUNK_ELEMENTS / width));
        return chunk;
    }

    /** How datasets of rank ≥ 2 are compressed. */
    public enum Compression {
        /** Chunked, no filters: fastest to write, largest files. */
        NONE,
        /** Integer maps shuffle + deflate 1 (they shrink 10-50x); float64 maps unfiltered (deflate saves ~10-30 % on them at ~20x the time). Default. */
        FAST,
        /** Shuffle + deflate 6 for everything: smallest files, slowest to write. */
        SMALL
    }

    private static volatile Compression compression = Compression.FAST;

    public static void compression(Compression c) { compression = c; }

    public static Compression compression() { return compression; }

    /** Bytes per element of a primitive type as HDF5 stores it. */
    static int elementBytes(Class<?> element) {
        if (element == byte.class || element == boolean.class) return 1;
        if (element == short.class || element == char.class) return 2;
        if (element == int.class || element == float.class) return 4;
        if (element == long.class || element == double.class) return 8;
        throw new IllegalArgumentException("no HDF5 fixed-size type for " + element);
    }

    static Class<?> elementType(Object data) {
        Class<?> c = data.getClass();
        while (c.isArray()) c = c.getComponentType();
        return c;
    }

    /** Whether the current compression policy filters data of this element type. */
    static boolean filtered(Class<?> element) {
        boolean floating = element == double.class || element == float.class;
        return switch (compression) {
            case NONE -> false;
            case FAST -> !floating;
            case SMALL -> true;
        };
    }

    /**
     * Largest attribute value gdsweep stores as an attribute, in bytes as stored. HDF5 keeps attributes in the object
     * header, at most 64 KiB for all of them together; jhdf writes past that without complaint and the file cannot be
     * opened. Anything bigger (a long command line, a target given row by row, the names of 12 000 parameters) is
     * stored in full as a dataset of the same name in the same group, and the attribute says where.
     */
    public static final int MAX_ATTRIBUTE_BYTES = 4096;

    public static void attributes(WritableGroup g, Map<String, Object> attributes) {
        for (Map.Entry<String, Object> e : attributes.entrySet()) attribute(g, e.getKey(), e.getValue());
    }

    /** Puts one attribute, or, past {@link #MAX_ATTRIBUTE_BYTES}, a dataset of the same name (see there). */
    public static void attribute(WritableGroup g, String name, Object value) {
        long bytes = storedBytes(value);
        if (bytes <= MAX_ATTRIBUTE_BYTES) {
            g.putAttribute(name, value);
            return;
        }
        WritableDataset d = g.putDataset(name, value);
        d.putAttribute("description", "the attribute '" + name + "' of this group, stored as a dataset: at " + bytes
                + " bytes it is too large for an HDF5 attribute");
        g.putAttribute(name, "(" + bytes + " bytes: stored as the dataset '" + name + "' of this group)");
    }

    /** Bytes an attribute value takes in the file: strings as UTF-8 (fixed length for arrays), numbers by type. */
    static long storedBytes(Object value) {
        if (value instanceof String s) return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (value instanceof String[] a) {
            long longest = 0;
            for (String s : a) longest = Math.max(longest, s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            return longest * a.length;
        }
        if (value instanceof Grid grid) return storedBytes(grid.flat());
        if (value != null && value.getClass().isArray()) {
            Class<?> c = value.getClass().getComponentType();
            long size = c.isPrimitive() ? elementBytes(c) : 8;
            return size * Array.getLength(value);
        }
        return 8;
    }

    /** Splits a flat row-major array of rows×cols into rows. */
    public static double[][] rows(double[] flat, int rows, int cols) { return split(flat, new double[rows][cols], cols); }

    public static int[][] rows(int[] flat, int rows, int cols) { return split(flat, new int[rows][cols], cols); }

    public static long[][] rows(long[] flat, int rows, int cols) { return split(flat, new long[rows][cols], cols); }

    public static byte[][] rows(byte[] flat, int rows, int cols) { return split(flat, new byte[rows][cols], cols); }

    private static <T> T split(Object flat, T rows, int cols) {
        Object[] r = (Object[]) rows;
        for (int j = 0; j < r.length; j++) System.arraycopy(flat, j * cols, r[j], 0, cols);
        return rows;
    }
}
