package org.gdsweep.engine.start;

/**
 * Rows [row0, row0 + rows) of a slice grid: a tile of a map. Run i of the band is run row0·W + i of the slice, with
 * the very same start (the slice computes it), so a map computed tile by tile is bit-identical to one computed at
 * once (results never depend on how runs are grouped: {@code ThreadAndTileIndependenceTest}).
 */
public final class SliceRows implements StartSource {
    private final Slice slice;
    private final int row0, rows;
    private final long offset;

    /**
     * @param slice the whole map's slice
     * @param row0  first row (β index) of the band
     * @param rows  number of rows, ≥ 1, with row0 + rows ≤ H
     */
    public SliceRows(Slice slice, int row0, int rows) {
        if (row0 < 0 || rows < 1 || (long) row0 + rows > slice.height())
            throw new IllegalArgumentException("rows [" + row0 + ", " + ((long) row0 + rows) + ") outside [0, " + slice.height() + ")");
        this.slice = slice;
        this.row0 = row0;
        this.rows = rows;
        this.offset = (long) row0 * slice.width();
    }

    public Slice slice() { return slice; }

    public int row0() { return row0; }

    public int rows() { return rows; }

    @Override public long count() { return (long) rows * slice.width(); }

    @Override public int parameterCount() { return slice.parameterCount(); }

    @Override public void start(long index, double[] dst, int offset, int stride) { slice.start(this.offset + index, dst, offset, stride); }

    @Override public double stepSize(long index) { return slice.stepSize(offset + index); }
}
