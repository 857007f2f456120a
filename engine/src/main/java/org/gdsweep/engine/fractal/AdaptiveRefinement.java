package org.gdsweep.engine.fractal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Adaptive refinement of a basin boundary: start from a coarse grid of C×C cells over the slice window, and
 * recursively split (into 4) only the cells whose 4 corners disagree in label, for L levels, reaching an effective
 * grid of (C·2^L + 1)² points with work proportional to the boundary.
 *
 * <p>Every point is a point of that effective grid, whose coordinates are computed exactly as
 * {@link Slice#start} computes them for a uniform W = H = C·2^L + 1 grid, so refined labels are bit-identical to a
 * uniform grid's labels at the same points. Cells are refined in batches of at most {@code maxCells}: a level's
 * children are split into batches before descending, so at most L + 1 batches (each ≤ 4·maxCells cells of 12 bytes)
 * are alive at once, whatever the effective resolution — memory is bounded by about 60·L·maxCells bytes plus one
 * sweep over 5·maxCells points.
 *
 * <p>Corner-based refinement finds a subset of the boundary: a cell whose 4 corners agree is never split, so boundary
 * filaments that enter and leave a coarse cell between its corners are missed (on [LM] Fig. 3 with C = 16, L = 4,
 * 75 % of the uniform grid's finest boundary cells were found). A finer coarse grid finds more. What is missed is
 * estimated and reported rather than hidden: up to {@link #MISS_PROBES} coarse cells whose corners agree are drawn at
 * random and labelled on a (2^m + 1)² sub-grid, m = min(L, 3); the fraction whose sub-grid holds another label is the
 * estimated fraction of quiet coarse cells that hide boundary, so the counts N_ℓ are lower bounds.
 *
 * <p>The boundary's box-counting dimension follows from the number N_ℓ of boundary cells at level ℓ (cell side
 * s_ℓ = s₀/2^ℓ): the slope of log N_ℓ against ℓ·ln 2, over a range chosen by {@link ScalingFit#best}.
 */
public final class AdaptiveRefinement {

    @FunctionalInterface
    private interface Labeller {
        int[] label(long[] pi, long[] pj, StopRule rule);
    }

    /** Observes every labelled point (finest-grid indices i, j); for tests and exports. */
    public interface PointListener {
        void point(long i, long j, int label);
    }

    /**
     * @param coarse            C
     * @param levels            L
     * @param effectiveSide     C·2^L + 1
     * @param boundaryCells     N_ℓ for ℓ = 0 … L
     * @param fit               dimension fit over ℓ
     * @param runs              GD runs made
     * @param uniformRuns       runs of a uniform grid of the same effective resolution
     * @param peakCells         most cells alive at once
     * @param recheckedCells    boundary cells of the finest level recomputed with a stricter rule
     * @param changedLabels     corner labels that changed under the stricter rule
     * @param recheckedPoints   corner points recomputed
     * @param quietCells        coarse cells whose 4 corners agree (never refined)
     * @param probedQuietCells  of those, cells labelled on a sub-grid to estimate what refinement misses
     * @param hidingQuietCells  probed cells whose sub-grid holds another label: boundary the refinement missed
     * @param quietChildren     per level ℓ = 0 … L: cells of that level whose corners agree, children of refined cells
     *                          (ℓ = 0: the quiet coarse cells); refinement drops them
     * @param probedChildren    per level: of those, cells labelled on a (2^m + 1)² sub-grid, m = min(L − ℓ, 3)
     * @param hidingChildren    per level: probed cells whose sub-grid holds another label
     */
    public record Result(int coarse, int levels, long effectiveSide, long[] boundaryCells, ScalingFit fit, long runs,
                         double uniformRuns, long peakCells, int recheckedCells, int changedLabels, int recheckedPoints,
                         long quietCells, int probedQuietCells, int hidingQuietCells,
                         long[] quietChildren, int[] probedChildren, int[] hidingChildren) {
        /** Estimated fraction of the quiet coarse cells that hide boundary (NaN if none was probed). */
        public double missedFraction() { return probedQuietCells == 0 ? Double.NaN : (double) hidingQuietCells / probedQuietCells; }

        /**
         * The largest fraction, over the levels, of dropped quiet cells found to hide boundary (NaN if none was probed):
         * where it is not small, the counts N_ℓ of the finer levels are lower bounds that grow too slowly with ℓ, and
         * the dimension is biased low (a boundary with spikes thinner than a cell, such as a fractal graph's).
         */
        public double worstMissedFraction() {
            double worst = Double.NaN;
            for (int l = 0; l < probedChildren.length; l++)
                if (probedChildren[l] > 0) {
                    double f = (double) hidingChildren[l] / probedChildren[l];
                    if (!(f <= worst)) worst = f;
                }
            return worst;
        }

        public double dimension() { return fit.slope(); }

        /** uniformRuns / runs. */
        public double workSaved() { return uniformRuns / runs; }
    }

    /** Most quiet coarse cells probed for missed boundary. */
    public static final int MISS_PROBES = 64;

    private final Problem problem;
    private final Slice grid;
    private final StopRule rule;
    private final Sweep.Options options;
    private final String labels;
    private final int levels, maxCells;
    private final long side;
    private final long[] boundary;
    private final PointListener listener;
    /** Labels points of the finest grid (indices i, j) under a stop rule: GD runs, or a label function in the tests. */
    private final Labeller labeller;
    private long runs, alive, peak;
    // reservoir samples of the quiet children dropped at each level, for the estimate of what refinement misses
    private final long[][] quietI, quietJ;
    private final byte[][] quietLabel;
    private final long[] quietSeen;
    private final Rng quietRng = new Rng(0x9E1A7L);
    // reservoir sample of finest-level boundary cells for the precision check
    private final long[] sampleI, sampleJ;
    private long seen;
    private final Rng rng;

    private AdaptiveRefinement(Problem problem, Slice window, StopRule rule, Sweep.Options options, String labels, int coarse,
                               int levels, int maxCells, int recheck, PointListener listener, UncertaintyExponent.LabelFunction function) {
        this.problem = problem;
        this.side = (long) coarse * (1L << levels) + 1;
        if (side > Integer.MAX_VALUE) throw new IllegalArgumentException("effective resolution too large");
        this.grid = new Slice(window.origin(), window.e1(), window.e2(), window.alpha0(), window.alpha1(), window.beta0(),
                window.beta1(), (int) side, (int) side, window.stepSize());
        this.rule = rule;
        this.options = LabelMaps.needsLimitFeatures(labels) ? options.withLimitFeatures(true).withTrailingWindow(0) : options;
        this.labels = labels;
        this.levels = levels;
        this.maxCells = maxCells;
        this.boundary = new long[levels + 1];
        this.listener = listener;
        this.sampleI = new long[recheck];
        this.sampleJ = new long[recheck];
        this.rng = new Rng(0xADA97L);
        this.quietI = new long[levels + 1][MISS_PROBES];
        this.quietJ = new long[levels + 1][MISS_PROBES];
        this.quietLabel = new byte[levels + 1][MISS_PROBES];
        this.quietSeen = new long[levels + 1];
        this.labeller = function == null ? this::run : (pi, pj, r) -> {
            int[] l = new int[pi.length];
            for (int q = 0; q < l.length; q++)
                l[q] = function.label(Slice.coordinate(grid.alpha0(), grid.alpha1(), (int) side, (int) pi[q]),
                        Slice.coordinate(grid.beta0(), grid.beta1(), (int) side, (int) pj[q]));
            return l;
        };
    }

    /**
     * @param window   slice (its origin, directions, window and step size; its W×H is ignored)
     * @param labels   {@link LabelMaps#CONVERGENCE}, {@link LabelMaps#ATTRACTOR} or {@link LabelMaps#ORBIT}
     * @param coarse   C ≥ 1
     * @param levels   L ≥ 0
     * @param maxCells batch size bounding memory (≥ 1)
     * @param recheck  finest-level boundary cells to recompute with tolerance/100 and a 10× iteration cap (0 = none)
     */
    public static Result run(Problem problem, Slice window, StopRule rule, Sweep.Options options, String labels, int coarse,
                             int levels, int maxCells, int recheck, PointListener listener, ProgressListener progress) {
        if (coarse < 1 || levels < 0 || levels > 30 || maxCells < 1 || recheck < 0) throw new IllegalArgumentException("bad refinement settings");
        AdaptiveRefinement a = new AdaptiveRefinement(problem, window, rule, options, labels, coarse, levels, maxCells, recheck, listener, null);
        return a.refine(coarse, progress);
    }

    /**
     * The same refinement on a label function of the window [α₀, α₁] × [β₀, β₁] instead of GD runs (the same grid,
     * cells, probes and fit): for sets of known dimension in the tests. {@link Result#runs} counts labelled points.
     */
    public static Result ofLabelFunction(UncertaintyExponent.LabelFunction f, double alpha0, double alpha1, double beta0, double beta1,
                                         int coarse, int levels, int maxCells) {
        if (coarse < 1 || levels < 0 || levels > 30 || maxCells < 1) throw new IllegalArgumentException("bad refinement settings");
        Slice window = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, alpha0, alpha1, beta0, beta1, 1, 1, 1);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 1);
        AdaptiveRefinement a = new AdaptiveRefinement(null, window, rule, Sweep.Options.defaults(), LabelMaps.CONVERGENCE, coarse, levels,
                maxCells, 0, null, f);
        return a.refine(coarse, ProgressListener.NONE);
    }

    private Result refine(int coarse, ProgressListener progress) {
        long step = 1L << levels;
        // level 0: all corners of the coarse grid
        int nc = coarse + 1;
        long[] pi = new long[nc * nc], pj = new long[nc * nc];
        for (int j = 0; j < nc; j++)
            for (int i = 0; i < nc; i++) {
                pi[j * nc + i] = i * step;
                pj[j * nc + i] = j * step;
            }
        int[] lab = label(pi, pj);
        Cells cells = new Cells(coarse * coarse);
        Cells quiet = new Cells(coarse * coarse);
        for (int j = 0; j < coarse; j++)
            for (int i = 0; i < coarse; i++) {
                byte a = (byte) lab[j * nc + i], b = (byte) lab[j * nc + i + 1], c = (byte) lab[(j + 1) * nc + i], d = (byte) lab[(j + 1) * nc + i + 1];
                if (a != b || a != c || a != d) cells.add(i * step, j * step, a, b, c, d);
                else quiet.add(i * step, j * step, a, b, c, d);
            }
        int[] missed = probeQuiet(quiet, step);
        boundary[0] = cells.size;
        track(cells.size);
        for (int from = 0; from < cells.size; from += maxCells) {
            descend(cells.slice(from, Math.min(cells.size, from + maxCells)), 0, step);
            progress.progress(Math.min(cells.size, from + maxCells), cells.size);
        }
        track(-cells.size);
        int[] changed = recheck();
        int[][] children = probeQuietChildren();
        long[] quietChildren = quietSeen.clone();
        quietChildren[0] = quiet.size;
        children[0][0] = missed[0];
        children[1][0] = missed[1];
        double[] x = new double[levels + 1], y = new double[levels + 1];
        int usable = 0;
        for (int l = 0; l <= levels; l++) {
            if (boundary[l] < 8) continue;
            x[usable] = l * Math.log(2);
            y[usable++] = Math.log(boundary[l]);
        }
        ScalingFit fit = usable >= 2 ? ScalingFit.best(Arrays.copyOf(x, usable), Arrays.copyOf(y, usable))
                : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        return new Result(coarse, levels, side, boundary.clone(), fit, runs, (double) side * side, peak,
                (int) Math.min(seen, sampleI.length), changed[0], changed[1], quiet.size, missed[0], missed[1],
                quietChildren, children[0], children[1]);
    }

    /** Labels a (2^m + 1)² sub-grid of up to {@link #MISS_PROBES} random quiet cells: {probed, hiding boundary}. */
    private int[] probeQuiet(Cells quiet, long step) {
        int m = Math.min(levels, 3), probes = Math.min(MISS_PROBES, quiet.size);
        if (probes == 0 || m == 0) return new int[] {0, 0};
        // a partial Fisher–Yates shuffle of the quiet cells' indices (fixed seed: reruns probe the same cells)
        Rng pick = new Rng(0x915517L);
        int[] order = new int[quiet.size];
        for (int q = 0; q < order.length; q++) order[q] = q;
        for (int q = 0; q < probes; q++) {
            int r = q + (int) (pick.nextDouble() * (order.length - q));
            int t = order[q];
            order[q] = order[r];
            order[r] = t;
        }
        long[] ci = new long[probes], cj = new long[probes];
        byte[] corner = new byte[probes];
        for (int c = 0; c < probes; c++) {
            ci[c] = quiet.i[order[c]];
            cj[c] = quiet.j[order[c]];
            corner[c] = quiet.k[4 * order[c]];
        }
        return new int[] {probes, hiding(ci, cj, corner, probes, step, m)};
    }

    /**
     * Of the {@code n} cells of side {@code size} with lower-left corners (ci, cj), all four corners labelled
     * {@code corner}, how many hold another label on their (2^m + 1)² sub-grid.
     */
    private int hiding(long[] ci, long[] cj, byte[] corner, int n, long size, int m) {
        int sub = (1 << m) + 1;
        long h = size >> m;
        long[] pi = new long[n * sub * sub], pj = new long[pi.length];
        for (int c = 0; c < n; c++)
            for (int b = 0; b < sub; b++)
                for (int a = 0; a < sub; a++) {
                    pi[(c * sub + b) * sub + a] = ci[c] + a * h;
                    pj[(c * sub + b) * sub + a] = cj[c] + b * h;
                }
        int[] l = label(pi, pj, rule);
        int hiding = 0;
        for (int c = 0; c < n; c++)
            for (int q = c * sub * sub; q < (c + 1) * sub * sub; q++)
                if (l[q] != corner[c]) {
                    hiding++;
                    break;
                }
        return hiding;
    }

    /** Splits every cell of {@code cells} (side {@code size} at level {@code level}) and descends into boundary children. */
    private void descend(Cells cells, int level, long size) {
        if (level == levels) {
            for (int c = 0; c < cells.size; c++) sample(cells.i[c], cells.j[c]);
            return;
        }
        long h = size / 2;
        // the 5 new points per cell: (i+h, j), (i, j+h), (i+h, j+h), (i+2h, j+h), (i+h, j+2h); shared ones labelled once
        Map<Long, Integer> index = new HashMap<>();
        long[] pi = new long[5 * cells.size], pj = new long[5 * cells.size];
        int n = 0;
        long[][] offsets = {{h, 0}, {0, h}, {h, h}, {2 * h, h}, {h, 2 * h}};
        for (int c = 0; c < cells.size; c++)
            for (long[] o : offsets) {
                long key = (cells.j[c] + o[1]) * side + cells.i[c] + o[0];
                if (index.putIfAbsent(key, n) == null) {
                    pi[n] = cells.i[c] + o[0];
                    pj[n++] = cells.j[c] + o[1];
                }
            }
        int[] lab = label(Arrays.copyOf(pi, n), Arrays.copyOf(pj, n));
        Cells children = new Cells(4 * cells.size);
        for (int c = 0; c < cells.size; c++) {
            long i = cells.i[c], j = cells.j[c];
            int k0 = 4 * c; // corners (i,j), (i+s,j), (i,j+s), (i+s,j+s) at cells.k[k0 … k0+3]
            byte bottom = (byte) lab[index.get(j * side + i + h)], left = (byte) lab[index.get((j + h) * side + i)],
                 centre = (byte) lab[index.get((j + h) * side + i + h)], right = (byte) lab[index.get((j + h) * side + i + 2 * h)],
                 top = (byte) lab[index.get((j + 2 * h) * side + i + h)];
            if (!children.addIfBoundary(i, j, cells.k[k0], bottom, left, centre)) dropped(level + 1, i, j, centre);
            if (!children.addIfBoundary(i + h, j, bottom, cells.k[k0 + 1], centre, right)) dropped(level + 1, i + h, j, centre);
            if (!children.addIfBoundary(i, j + h, left, centre, cells.k[k0 + 2], top)) dropped(level + 1, i, j + h, centre);
            if (!children.addIfBoundary(i + h, j + h, centre, right, top, cells.k[k0 + 3])) dropped(level + 1, i + h, j + h, centre);
        }
        boundary[level + 1] += children.size;
        track(children.size);
        for (int from = 0; from < children.size; from += maxCells)
            descend(children.slice(from, Math.min(children.size, from + maxCells)), level + 1, h);
        track(-children.size);
    }

    /** A quiet child (corners all {@code label}) dropped at {@code level}: kept in that level's reservoir sample. */
    private void dropped(int level, long i, long j, byte label) {
        long k = quietSeen[level]++;
        int slot = k < MISS_PROBES ? (int) k : (int) (quietRng.nextDouble() * (k + 1));
        if (slot < MISS_PROBES) {
            quietI[level][slot] = i;
            quietJ[level][slot] = j;
            quietLabel[level][slot] = label;
        }
    }

    /**
     * Labels a (2^m + 1)² sub-grid, m = min(L − ℓ, 3), of each sampled quiet child of levels 1 … L − 1: {probed,
     * hiding} per level (level 0 and L: 0; the coarse level is probed by {@link #probeQuiet}).
     */
    private int[][] probeQuietChildren() {
        int[] probed = new int[levels + 1], hidingPerLevel = new int[levels + 1];
        for (int l = 1; l < levels; l++) {
            int m = Math.min(levels - l, 3), n = (int) Math.min(MISS_PROBES, quietSeen[l]);
            if (n == 0) continue;
            probed[l] = n;
            hidingPerLevel[l] = hiding(quietI[l], quietJ[l], quietLabel[l], n, 1L << (levels - l), m);
        }
        return new int[][] {probed, hidingPerLevel};
    }

    private void track(long delta) {
        alive += delta;
        peak = Math.max(peak, alive);
    }

    private void sample(long i, long j) {
        if (sampleI.length == 0) return;
        long k = seen++;
        if (k < sampleI.length) {
            sampleI[(int) k] = i;
            sampleJ[(int) k] = j;
        } else {
            long r = (long) (rng.nextDouble() * (k + 1));
            if (r < sampleI.length) {
                sampleI[(int) r] = i;
                sampleJ[(int) r] = j;
            }
        }
    }

    /** Corner labels of the sampled finest cells, normal vs strict rule: {changed, points}. */
    private int[] recheck() {
        int cells = (int) Math.min(seen, sampleI.length);
        if (cells == 0) return new int[] {0, 0};
        long[] pi = new long[4 * cells], pj = new long[4 * cells];
        for (int c = 0; c < cells; c++)
            for (int q = 0; q < 4; q++) {
                pi[4 * c + q] = sampleI[c] + (q & 1);
                pj[4 * c + q] = sampleJ[c] + (q >> 1);
            }
        int[] normal = label(pi, pj);
        StopRule strict = new StopRule(rule.criterion(), rule.tolerance() / 100, rule.divergenceNorm2(),
                (int) Math.min(Integer.MAX_VALUE, 10L * rule.maxIterations()));
        int[] precise = label(pi, pj, strict);
        int changed = 0;
        for (int q = 0; q < normal.length; q++) if (normal[q] != precise[q]) changed++;
        return new int[] {changed, normal.length};
    }

    private int[] label(long[] pi, long[] pj) {
        int[] l = label(pi, pj, rule);
        if (listener != null) for (int q = 0; q < l.length; q++) listener.point(pi[q], pj[q], l[q]);
        return l;
    }

    private int[] label(long[] pi, long[] pj, StopRule r) {
        runs += pi.length;
        return labeller.label(pi, pj, r);
    }

    /** Labels by GD runs from the points' starts. */
    private int[] run(long[] pi, long[] pj, StopRule r) {
        StartSource points = new StartSource() {
            @Override public long count() { return pi.length; }
            @Override public int parameterCount() { return grid.parameterCount(); }
            @Override public double stepSize(long q) { return grid.stepSize(); }
            @Override public void start(long q, double[] dst, int offset, int stride) {
                grid.start(pj[(int) q] * side + pi[(int) q], dst, offset, stride);
            }
        };
        SweepResult res = Sweep.run(problem, points, r, options, ProgressListener.NONE).result();
        return LabelMaps.labels(res, labels);
    }

    /** Cells as parallel primitive arrays: lower-left corner (finest-grid indices) and the 4 corner labels. */
    private static final class Cells {
        long[] i, j;
        byte[] k;
        int size;

        Cells(int capacity) {
            i = new long[Math.max(1, capacity)];
            j = new long[Math.max(1, capacity)];
            k = new byte[4 * Math.max(1, capacity)];
        }

        void add(long ci, long cj, byte a, byte b, byte c, byte d) {
            i[size] = ci;
            j[size] = cj;
            k[4 * size] = a;
            k[4 * size + 1] = b;
            k[4 * size + 2] = c;
            k[4 * size + 3] = d;
            size++;
        }

        /** Adds the cell if its corners disagree; returns whether it did. */
        boolean addIfBoundary(long ci, long cj, byte a, byte b, byte c, byte d) {
            if (a != b || a != c || a != d) {
                add(ci, cj, a, b, c, d);
                return true;
            }
            return false;
        }

        Cells slice(int from, int to) {
            Cells s = new Cells(to - from);
            System.arraycopy(i, from, s.i, 0, to - from);
            System.arraycopy(j, from, s.j, 0, to - from);
            System.arraycopy(k, 4 * from, s.k, 0, 4 * (to - from));
            s.size = to - from;
            return s;
        }
    }
}
