package org.gdsweep.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.gdsweep.engine.sweep.SweepResult;

/**
 * A map file assembled tile by tile, without the whole map in memory: each tile's per-run maps are cut into the file's
 * chunks, shuffled and deflated as the tile is handed over ({@link #add}), and only the compressed chunks are kept
 * until {@link Hdf5MapWriter#write(StreamedMap, Map, java.nio.file.Path, boolean, java.util.function.Consumer)} writes
 * the file: the same datasets, chunks and filters as the whole map written at once.
 *
 * <p>Why: a merged map in memory is fresh memory the size of the map, allocated and copied into between two tiles
 * while the workers wait (100 MB for a 4096² map's statuses, limits and iteration counts: 14-262 ms, and 80 ms more
 * when the collector copied it out of the young generation; BENCHMARKS.md, session 17), and its filtering waited for
 * the last tile. Here the two tile buffers a tiled map computes into are the only map-sized memory, and the chunks
 * are compressed on the pool while the next tile computes. The compressed chunks go to a temporary file in the tile
 * directory ({@code .chunks.tmp-PID}, opened with {@code DELETE_ON_CLOSE}: on Linux the JDK unlinks it at once, so not
 * even a killed run leaves it; elsewhere it goes on {@link #close}, or the next run removes it as every stale temporary
 * there), so memory does not grow with the map either: a map too large for the heap is still merged into one file.
 *
 * <p>Applies when every per-run map of the file is filtered ({@link Hdf5Output#compression()}: integer maps by
 * default, all maps with {@code SMALL}) and the file holds no final parameters (theta, a 3-D dataset); {@link #supports}
 * says so. Tiles must be added in row order. Chunk rows that straddle two tiles are gathered in a small band (one row of
 * chunks) until complete.
 */
public final class StreamedMap implements AutoCloseable {
    private final MapData template;
    private final int height, width, level;
    private final Path spill;
    /** The compressed chunks, one after the other (opened at the first tile); their places are in each {@link Field}. */
    private FileChannel chunkFile;
    private long spilled;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final long[] statusCounts = new long[256], limitCounts = new long[256];
    private int nextRow;

    /** One per-run map: its element type, chunk shape, compressed chunks so far, and the band of a straddling chunk row. */
    private static final class Field {
        final Class<?> element;
        final int[] chunk;
        final int chunksPerRow;
        /** Where each compressed chunk is in the chunk file, and its length (−1: not yet written). */
        final long[] offset;
        final int[] length;
        /** Rows of the chunk row in progress (chunk[0] × width elements), filled from its first row on. */
        final Object band;

        Field(Class<?> element, int height, int width) {
            this.element = element;
            this.chunk = Hdf5Output.chunk(new int[] {height, width});
            this.chunksPerRow = (width + chunk[1] - 1) / chunk[1];
            int chunks = Math.multiplyExact((height + chunk[0] - 1) / chunk[0], chunksPerRow);
            this.offset = new long[chunks];
            this.length = new int[chunks];
            java.util.Arrays.fill(length, -1);
            this.band = Array.newInstance(element, chunk[0] * width);
        }
    }

    /**
     * @param template  a tile of the map, any rows ({@link MapData#result} shaped like the tiles to come): the problem,
     *                  slice, fields written and per-run maps present; its values are not used
     * @param directory where the compressed chunks wait for the file (the map's tile directory), created if missing
     */
    public StreamedMap(MapData template, Path directory) {
        if (!supports(template)) throw new IllegalArgumentException("a map with unfiltered or 3-D datasets cannot be assembled from compressed chunks");
        this.template = template;
        this.spill = OutputSet.temporary(directory.resolve("chunks"), ProcessHandle.current().pid());
        this.height = template.slice().height();
        this.width = template.slice().width();
        this.level = Hdf5Output.level();
        Hdf5MapWriter.forEachGrid(template, (name, flat, q) -> fields.put(name, new Field(flat.getClass().getComponentType(), height, width)));
    }

    /** Whether a map shaped like {@code template} can be assembled from compressed chunks: every per-run map filtered, no theta. */
    public static boolean supports(MapData template) {
        if (template.result().thetaIndex.length > 0) return false;
        boolean[] all = {true};
        Hdf5MapWriter.forEachGrid(template, (name, flat, q) -> all[0] &= Hdf5Output.filtered(flat.getClass().getComponentType()));
        return all[0];
    }

    /**
     * Cuts, shuffles and deflates (on the pool, returning when done) the chunks of rows {@code row0 … row0+rows−1} of
     * the map, given as a tile's results; tiles come in row order, each starting where the last ended.
     */
    public void add(SweepResult tile, int row0, int rows) {
        if (row0 != nextRow) throw new IllegalStateException("tiles out of order: rows from " + row0 + ", expected " + nextRow);
        MapData data = new MapData(template.problem(), template.slice(), tile, Map.of(), template.fields(), row0, rows);
        Hdf5MapWriter.forEachGrid(data, (name, flat, q) -> add(fields.get(name), flat, row0, rows));
        long[] s = tile.statusCounts(), l = tile.limitCounts();
        for (int c = 0; c < 256; c++) {
            statusCounts[c] += s[c];
            limitCounts[c] += l[c];
        }
        nextRow = row0 + rows;
    }

    private void add(Field f, Object flat, int row0, int rows) {
        int chunkRows = f.chunk[0], end = row0 + rows;
        // the chunk rows whole within the tile: straight from its array
        int first = Math.min(end, (row0 + chunkRows - 1) / chunkRows * chunkRows);
        int last = end == height ? end : Math.max(first, end / chunkRows * chunkRows);
        if (first > row0) toBand(f, flat, row0, row0, first);
        if (last > first)
            keep(f, first / chunkRows * f.chunksPerRow, ChunkFilters.compressAll(new ChunkFilters.RectangularChunks(flat, true,
                    (first - row0) * width, new int[] {last - first, width}, f.chunk), level));
        if (end > last) toBand(f, flat, row0, last, end);
    }

    /** Rows {@code from … to−1} (within one chunk row) of a tile starting at {@code row0} into the band; a full band is compressed. */
    private void toBand(Field f, Object flat, int row0, int from, int to) {
        int chunkRows = f.chunk[0], bandRow0 = from / chunkRows * chunkRows;
        System.arraycopy(flat, (from - row0) * width, f.band, (from - bandRow0) * width, (to - from) * width);
        int bandEnd = Math.min(height, bandRow0 + chunkRows);
        if (to == bandEnd)
            keep(f, bandRow0 / chunkRows * f.chunksPerRow, ChunkFilters.compressAll(new ChunkFilters.RectangularChunks(f.band, true, 0,
                    new int[] {bandEnd - bandRow0, width}, f.chunk), level));
    }

    /** Appends compressed chunks {@code first, first+1, …} of a field to the chunk file. */
    private void keep(Field f, int first, byte[][] chunks) {
        try {
            if (chunkFile == null) {
                java.nio.file.Files.createDirectories(spill.getParent());
                chunkFile = FileChannel.open(spill, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            for (int k = 0; k < chunks.length; k++) {
                ByteBuffer b = ByteBuffer.wrap(chunks[k]);
                f.offset[first + k] = spilled;
                f.length[first + k] = chunks[k].length;
                while (b.hasRemaining()) spilled += chunkFile.write(b, spilled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing compressed chunks to " + spill, e);
        }
    }

    /** Chunk k of a field, read back from the chunk file. */
    private byte[] chunk(Field f, int k) {
        byte[] bytes = new byte[f.length[k]];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            for (long at = f.offset[k]; b.hasRemaining(); ) {
                int n = chunkFile.read(b, at + b.position());
                if (n < 0) throw new IOException("the chunk file ended early");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading compressed chunks from " + spill, e);
        }
        return bytes;
    }

    /** Deletes the chunk file. */
    @Override
    public void close() throws IOException {
        if (chunkFile != null) chunkFile.close(); // DELETE_ON_CLOSE
        chunkFile = null;
    }

    /** The dataset {@code name} of the file, once every row was added. */
    Object grid(String name) {
        if (nextRow != height) throw new IllegalStateException("rows " + nextRow + " to " + height + " were never added");
        Field f = fields.get(name);
        if (chunkFile == null) throw new IllegalStateException("the chunk file was closed");
        return new Hdf5Output.CompressedGrid(f.element, height, width, level, f.length.length, k -> chunk(f, k));
    }

    MapData template() { return template; }

    int height() { return height; }

    /** Runs per status code over the rows added so far, as {@link SweepResult#statusCounts}. */
    public long[] statusCounts() { return statusCounts.clone(); }

    /** Runs per limit code over the rows added so far, as {@link SweepResult#limitCounts}. */
    public long[] limitCounts() { return limitCounts.clone(); }
}
