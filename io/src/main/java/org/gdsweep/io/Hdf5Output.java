package org.gdsweep.io;

import java.lang.reflect.Array;
import java.util.Map;

import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

/** Shared conventions for gdsweep HDF5 files: described datasets, chunked + compressed when 2-D or larger. */
public final class Hdf5Output {
    private static final int CHUNK = 256;

    private Hdf5Output() {}

    /**
     * Puts a dataset with a {@code description} attribute (and {@code dims} when given). Arrays of rank ≥ 2 that
     * {@link #compression()} filters are chunked (at most 256 along the last two axes, 1 along the others); the rest
     * are contiguous.
     */
    public static WritableDataset put(WritableGroup g, String name, Object data, String description, String... dims) {
        int rank = 0;
        for (Class<?> c = data.getClass(); c.isArray(); c = c.getComponentType()) rank++;
        WritableDataset d;
        if (rank >= 2 && Array.getLength(data) > 0) {
            int[] shape = new int[rank];
            Object o = data;
            for (int r = 0; r < rank; r++) {
                shape[r] = Array.getLength(o);
                if (r < rank - 1) o = Array.get(o, 0);
            }
            int[] chunk = new int[rank];
            for (int r = 0; r < rank; r++) chunk[r] = r >= rank - 2 ? Math.max(1, Math.min(shape[r], CHUNK)) : 1;
            // Unfiltered data is written contiguous: jhdf copies every element into its chunk buffers otherwise
            // (2.6x slower measured), and readers gain nothing from chunks without filters on maps this size.
            d = filtered(elementType(data)) ? g.putDataset(name, data, creation(chunk, elementType(data))) : g.putDataset(name, data);
        } else {
            d = g.putDataset(name, data);
        }
        d.putAttribute("description", description);
        if (dims.length > 0) d.putAttribute("dims", dims);
        return d;
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

    /** Creation options for a chunked dataset of the given element type under the current compression policy. */
    public static DatasetCreationOptions creation(int[] chunk, Class<?> element) {
        DatasetCreationOptions.Builder b = DatasetCreationOptions.builder().chunkDimensions(chunk);
        if (!filtered(element)) return b.build();
        return compression == Compression.SMALL ? b.shuffle().deflate(6).build() : b.shuffle().deflate(1).build();
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
        if (value != null && value.getClass().isArray()) {
            Class<?> c = value.getClass().getComponentType();
            long size = c == byte.class || c == boolean.class ? 1 : c == short.class ? 2 : c == int.class || c == float.class ? 4 : 8;
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
