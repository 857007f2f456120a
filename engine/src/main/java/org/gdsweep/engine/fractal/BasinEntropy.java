package org.gdsweep.engine.fractal;

/**
 * Basin entropy S_b and boundary basin entropy S_bb (Daza, Wagemakers, Georgeot, Guéry-Odelin, Sanjuán, Sci. Rep.
 * 2016): the map is cut into boxes of n×n pixels (partial boxes at the right and bottom edges are dropped); in box i
 * with label proportions p_{i,j} the Gibbs entropy is S_i = −Σ_j p_{i,j} ln p_{i,j}; S_b averages S_i over all boxes,
 * S_bb over the boxes with S_i &gt; 0 (those that touch a boundary). Natural logarithms: S_bb &gt; ln 2 is a
 * sufficient condition for a fractal boundary.
 *
 * @param boxSize       n
 * @param boxes         boxes counted
 * @param boundaryBoxes boxes with more than one label
 * @param sb            S_b
 * @param sbb           S_bb (NaN when no box has a boundary)
 */
public record BasinEntropy(int boxSize, long boxes, long boundaryBoxes, double sb, double sbb) {

    /** @param labels any int labels (renumbered internally), row-major height × width */
    public static BasinEntropy of(int[] labels, int width, int height, int n) {
        if (n < 1) throw new IllegalArgumentException("box size must be >= 1");
        int[] dense = LabelMaps.dense(labels);
        int[] count = new int[java.util.Arrays.stream(dense).max().orElse(0) + 1];
        long boxes = 0, boundary = 0;
        double sum = 0;
        for (int by = 0; by + n <= height; by += n) {
            for (int bx = 0; bx + n <= width; bx += n) {
                double s = boxEntropy(dense, width, bx, by, n, count);
                boxes++;
                if (s > 0) boundary++;
                sum += s;
            }
        }
        return new BasinEntropy(n, boxes, boundary, boxes > 0 ? sum / boxes : Double.NaN, boundary > 0 ? sum / boundary : Double.NaN);
    }

    /**
     * Gibbs entropy −Σ_j p_j ln p_j of the label proportions in the n×n box with top-left pixel (x0, y0).
     *
     * @param dense labels 0..K−1 ({@link LabelMaps#dense})
     * @param count scratch of length ≥ K, overwritten
     */
    public static double boxEntropy(int[] dense, int width, int x0, int y0, int n, int[] count) {
        java.util.Arrays.fill(count, 0);
        for (int j = y0; j < y0 + n; j++)
            for (int i = x0; i < x0 + n; i++) count[dense[j * width + i]]++;
        double s = 0;
        for (int c : count) {
            if (c == 0) continue;
            double p = (double) c / (n * n);
            s -= p * Math.log(p);
        }
        return s;
    }
}
