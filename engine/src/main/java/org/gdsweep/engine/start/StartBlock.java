package org.gdsweep.engine.start;

/**
 * Starts [first, first + count) of another start source: a tile of a job over many starts. Start i of the block is
 * start first + i of the source, the very same start and step size, so results computed block by block equal those
 * computed at once.
 */
public final class StartBlock implements StartSource {
    private final StartSource source;
    private final long first;
    private final int count;

    public StartBlock(StartSource source, long first, int count) {
        if (first < 0 || count < 1 || first + count > source.count())
            throw new IllegalArgumentException("block [" + first + ", " + (first + count) + ") outside [0, " + source.count() + ")");
        this.source = source;
        this.first = first;
        this.count = count;
    }

    @Override public long count() { return count; }

    @Override public int parameterCount() { return source.parameterCount(); }

    @Override public void start(long index, double[] dst, int offset, int stride) { source.start(first + index, dst, offset, stride); }

    @Override public double stepSize(long index) { return source.stepSize(first + index); }
}
