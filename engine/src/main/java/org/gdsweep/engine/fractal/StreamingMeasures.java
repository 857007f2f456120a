package org.gdsweep.engine.fractal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Box counting and basin entropies of a label map fed row by row (a tiled map, one tile at a time), in memory bounded
 * by the boundary and a few rows, never the map. The results equal {@link BoxCounting#of} on
 * {@link LabelMaps#boundary} and {@link BasinEntropy#of} of the whole map, number for number:
 * <ul>
 *   <li>the boundary of row j needs rows j − 1 and j + 1, so rows are classified one row late;</li>
 *   <li>boundary pixels are kept as (y, x) pairs; the occupied boxes of side 2^k are the distinct pairs
 *       (y ≫ k, x ≫ k), and those of the grid offset by 2^(k−1) follow from the boxes of side 2^(k−1) as
 *       ((b + 1) ≫ 1), since ⌊(y + 2^(k−1)) / 2^k⌋ = ⌊(⌊y / 2^(k−1)⌋ + 1) / 2⌋; so each level is counted from the
 *       (smaller) distinct set of the level below;</li>
 *   <li>entropy boxes are n × n, taken in the same order as {@link BasinEntropy#of}, from a buffer of n rows.</li>
 * </ul>
 */
public final class StreamingMeasures {
    private final int width, height, classA, classB, n;
    /** The labels at half resolution (every second row and column), or null for small maps. */
    private final StreamingMeasures half;
    private int rowsSeen;
    private int[] previous, current; // rows j − 1 and j, waiting for row j + 1
    private long[] points = new long[1024];
    private int pointCount;
    // entropy
    private final Map<Integer, Integer> dense = new HashMap<>();
    private final int[] boxRows;
    private int bufferedRows;
    private int[] count = new int[4];
    private int[] byLabel = new int[0];
    private long boxes, boundaryBoxes;
    private double sum;

    /**
     * @param classA, classB boundary between these two labels only, or −1, −1 for any two ({@link LabelMaps#boundary})
     * @param entropyBox     n, the side of the entropy boxes
     */
    public StreamingMeasures(int width, int height, int classA, int classB, int entropyBox) {
        this(width, height, classA, classB, entropyBox, true);
    }

    /** @param withHalf also measure the labels at half resolution (the resolution component of the error) */
    private StreamingMeasures(int width, int height, int classA, int classB, int entropyBox, boolean withHalf) {
        if (entropyBox < 1) throw new IllegalArgumentException("box size must be >= 1");
        this.width = width;
        this.height = height;
        this.classA = classA;
        this.classB = classB;
        this.n = entropyBox;
        this.boxRows = new int[entropyBox * width];
        int w2 = (width + 1) / 2, h2 = (height + 1) / 2;
        // the same labels at half resolution (every second row and column), as BoxCounting.ofLabels takes them
        this.half = withHalf && Math.min(w2, h2) >= 64 ? new StreamingMeasures(w2, h2, classA, classB, 1, false) : null;
    }

    /** The next {@code rows} rows of labels, row-major. */
    public void addRows(int[] labels, int rows) {
        if (labels.length != rows * width) throw new IllegalArgumentException("labels are not " + rows + " rows of " + width);
        for (int r = 0; r < rows; r++) {
            int[] row = Arrays.copyOfRange(labels, r * width, (r + 1) * width);
            if (half != null && rowsSeen % 2 == 0) {
                int[] sub = new int[half.width];
                for (int i = 0; i < sub.length; i++) sub[i] = row[2 * i];
                half.addRows(sub, 1);
            }
            if (current != null) classify(rowsSeen - 1, previous, current, row);
            previous = current;
            current = row;
            rowsSeen++;
            entropyRow(row);
        }
        if (rowsSeen > height) throw new IllegalArgumentException("more rows than the map's " + height);
    }

    /** Boundary pixels of row j (labels {@code row}, neighbours {@code above} and {@code below}, either may be null). */
    private void classify(int j, int[] above, int[] row, int[] below) {
        for (int i = 0; i < width; i++) {
            int l = row[i];
            if (i > 0 && differ(l, row[i - 1]) || i < width - 1 && differ(l, row[i + 1])
                    || above != null && differ(l, above[i]) || below != null && differ(l, below[i])) {
                if (pointCount == points.length) points = Arrays.copyOf(points, points.length * 2);
                points[pointCount++] = (long) j << 32 | i;
            }
        }
    }

    private boolean differ(int l, int k) {
        if (l == k || l == LabelMaps.NOT_A_STATE || k == LabelMaps.NOT_A_STATE) return false;
        if (classA < 0) return true;
        return l == classA && k == classB || l == classB && k == classA;
    }

    private void entropyRow(int[] row) {
        // Labels come in long runs of one value: remember the last one, so that the map (and its boxing) is consulted
        // only where the label changes, not for each of the map's pixels.
        int lastLabel = row[0], lastId = id(row[0]);
        for (int i = 0; i < width; i++) {
            if (row[i] != lastLabel) {
                lastLabel = row[i];
                lastId = id(lastLabel);
            }
            boxRows[bufferedRows * width + i] = lastId;
        }
        if (++bufferedRows < n) return;
        bufferedRows = 0;
        for (int bx = 0; bx + n <= width; bx += n) {
            Arrays.fill(count, 0);
            for (int j = 0; j < n; j++)
                for (int i = bx; i < bx + n; i++) count[boxRows[j * width + i]]++;
            double s = 0;
            for (int id : byLabel) {
                int c = count[id];
                if (c == 0) continue;
                double q = (double) c / (n * n);
                s -= q * Math.log(q);
            }
            boxes++;
            if (s > 0) boundaryBoxes++;
            sum += s;
        }
    }

    /** The dense id of a label, assigned on first sight. */
    private int id(int label) {
        Integer d = dense.get(label);
        if (d == null) {
            d = dense.size();
            dense.put(label, d);
            if (d >= count.length) count = Arrays.copyOf(count, count.length * 2);
            // ids in increasing label order: BasinEntropy sums -p ln p over labels in that order
            byLabel = dense.entrySet().stream().sorted(Map.Entry.comparingByKey()).mapToInt(Map.Entry::getValue).toArray();
        }
        return d;
    }

    private void finish() {
        if (rowsSeen != height) throw new IllegalStateException("saw " + rowsSeen + " rows of " + height);
        if (current != null) {
            classify(rowsSeen - 1, previous, current, null);
            current = null;
        }
    }

    /** Box counting of the boundary, as {@link BoxCounting#of} on the whole map. */
    public BoxCounting boxCounting() {
        finish();
        int levels = 0;
        while ((Math.min(width, height) >> (levels + 1)) >= 4) levels++;
        levels++;
        int[] sizes = new int[levels];
        long[] counts = new long[levels];
        long[][] grids = new long[4][levels];
        long[] boxes = distinct(Arrays.copyOf(points, pointCount)); // level 0: the pixels themselves
        for (int k = 0; k < levels; k++) {
            sizes[k] = 1 << k;
            if (k == 0) {
                counts[0] = boxes.length;
                for (int g = 0; g < 4; g++) grids[g][0] = boxes.length;
                continue;
            }
            long best = Long.MAX_VALUE;
            long[] unshifted = null;
            for (int oy = 0; oy <= 1; oy++) {
                for (int ox = 0; ox <= 1; ox++) {
                    long[] next = new long[boxes.length];
                    for (int q = 0; q < boxes.length; q++) {
                        long y = (boxes[q] >>> 32) + oy, x = (boxes[q] & 0xFFFFFFFFL) + ox;
                        next[q] = (y >> 1) << 32 | (x >> 1);
                    }
                    next = distinct(next);
                    best = Math.min(best, next.length);
                    grids[2 * oy + ox][k] = next.length;
                    if (oy == 0 && ox == 0) unshifted = next;
                }
            }
            counts[k] = best;
            boxes = unshifted;
        }
        BoxCounting bc = BoxCounting.fit(sizes, counts, grids, width, height);
        return half != null ? bc.withHalfResolution(half.boxCounting().dimension()) : bc;
    }

    private static long[] distinct(long[] v) {
        Arrays.sort(v);
        int m = 0;
        for (int i = 0; i < v.length; i++) if (i == 0 || v[i] != v[i - 1]) v[m++] = v[i];
        return Arrays.copyOf(v, m);
    }

    /** Basin entropies, as {@link BasinEntropy#of} on the whole map. */
    public BasinEntropy entropy() {
        finish();
        return new BasinEntropy(n, boxes, boundaryBoxes, boxes > 0 ? sum / boxes : Double.NaN, boundaryBoxes > 0 ? sum / boundaryBoxes : Double.NaN);
    }
}
