package org.gdsweep.engine.fractal;

import java.util.Arrays;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.start.PlaneCoordinates;
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
 * children are split into batches before descending, so at most L + 1 batches (each ≤ 4·maxCells cells of 30 bytes)
 * are alive at once, whatever the effective resolution — memory is bounded by about 120·(L + 1)·maxCells bytes plus
 * one level's quiet cells (another 4·maxCells) and one sweep over 5·maxCells points.
 *
 * <p>Corner-based refinement finds a subset of the boundary: a cell whose 4 corners agree is never split, so boundary
 * filaments that enter and leave a cell between its corners are missed there and at every finer level, and the
 * counts grow too slowly with the level (on the region under a Weierstrass graph of dimension 1.369 the found cells
 * give 1.06; on [LM] Fig. 3 a quarter of the finest boundary cells are missed). So refinement also <em>probes</em> what
 * it drops: a quiet cell (corners agree) is split anyway with a known probability π, independently, and everything
 * found below it counts with weight 1/π (weights multiply down nested probes). Every level-k cell of the uniform
 * level-k grid whose corners disagree either descends from split boundary cells only (found) or has a first quiet
 * ancestor, which is in exactly one level's population of quiet cells; so N̂_k = found_k + Σ weight × (cells found
 * inside probes) is an unbiased (Horvitz–Thompson) estimate of the uniform grid's count N_k, whatever the boundary
 * hides between corners. π is q_ℓ = min(1, p·2^(L−1−ℓ)) for a quiet child of a boundary cell (coarse levels' quiet
 * cells hide the most and are few: all of them are probed), at most {@link #INTERIOR_PROBE_FRACTION} for a quiet
 * child of a quiet cell (so a probe's empty interior costs a bounded number of runs). The sampling error is a
 * jackknife over {@link #GROUPS} random groups of probes (a probe and everything below it belong to one group).
 * p = 0 is plain corner refinement (counts are lower bounds). Measured on Fig. 3-like and Weierstrass boundaries
 * against their uniform grids, 40 seeds each: the estimate's mean matches the uniform count, and the dimension lies
 * within twice its stated error of the uniform grid's in 38 and 39 of 40 seeds, at 1.7–2.3× the runs of corner
 * refinement (science.md §5).
 *
 * <p>A cell is split when any two of its corners' states differ and counted when two lie in the measured classes
 * ({@link LabelMaps#defaultClasses}: convergence labels' 0 and 1, as box counting measures them); corners that are not
 * states (the quotient plane's outside, {@link PlaneCoordinates#isState}) take no part in either. Every counted cell is
 * split, so the estimate stays unbiased.
 *
 * <p>The boundary's box-counting dimension follows from the number N_ℓ of boundary cells at level ℓ (cell side
 * s_ℓ = s₀/2^ℓ): the slope of log N̂_ℓ against ℓ·ln 2, over a range chosen by {@link ScalingFit#best}, with the error
 * components of {@link BoxCounting} (fit, range, resolution) and the probes' sampling component.
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
     * @param coarse           C
     * @param levels           L
     * @param effectiveSide    C·2^L + 1
     * @param boundaryCells    found_ℓ for ℓ = 0 … L: cells whose corners disagree, every ancestor split because its
     *                         corners disagree (what corner refinement alone finds; lower bounds of N_ℓ)
     * @param estimatedCells   N̂_ℓ: found_ℓ plus the weighted finds of the probes (= boundaryCells when p = 0)
     * @param estimateErrors   jackknife standard error of each N̂_ℓ (0 when p = 0)
     * @param fit              dimension fit of log N̂_ℓ; from/to index into {@code fitLevels}
     * @param fitLevels        the levels with N̂_ℓ ≥ 8 known to {@link #MAX_RELATIVE_ERROR}, the points the fit chose its range from
     * @param samplingError    jackknife standard error of the slope over the fitted range (0 when p = 0, NaN when a
     *                         replicate has an empty level)
     * @param foundDimension   slope of log found_ℓ over the same levels: corner refinement's own (biased low) estimate
     * @param runs             GD runs made
     * @param uniformRuns      runs of a uniform grid of the same effective resolution
     * @param peakCells        most cells alive at once
     * @param recheckedCells   boundary cells of the finest level recomputed with a stricter rule
     * @param changedLabels    corner labels that changed under the stricter rule
     * @param recheckedPoints  corner points recomputed
     * @param probeFraction    p, the probability that a dropped cell is split anyway
     * @param droppedCells     per level: cells corner refinement drops there because their corners agree (ℓ = 0: the
     *                         quiet coarse cells; ℓ ≥ 1: quiet children of split cells)
     * @param probes           per level: of those, cells split anyway at random (probes)
     */
    public record Result(int coarse, int levels, long effectiveSide, long[] boundaryCells, double[] estimatedCells,
                         double[] estimateErrors, ScalingFit fit, int[] fitLevels, double samplingError, double foundDimension,
                         long runs, double uniformRuns, long peakCells, int recheckedCells, int changedLabels, int recheckedPoints,
                         double probeFraction, long[] droppedCells, long[] probes) {

        /** The boundary's box-counting dimension from N̂_ℓ. */
        public double dimension() { return fit.slope(); }

        /** First and last level of the fitted range ({0, −1} without a fit). */
        public int[] levelRange() {
            return fit.points() > 0 ? new int[] {fitLevels[fit.from()], fitLevels[fit.to() - 1]} : new int[] {0, -1};
        }

        /** Half the spread of the slopes over every admissible range of the usable levels (as {@link BoxCounting#rangeError}). */
        public double rangeError() {
            return ScalingFit.rangeSpread(levelAxis(fitLevels), logCounts(estimatedCells, fitLevels));
        }

        /**
         * D½: the same estimate from the effective grid at half the resolution, i.e. without level L (a level's count
         * does not depend on how many levels follow it), its range chosen anew; NaN with fewer than 2 levels left.
         */
        public double halfResolutionDimension() {
            int[] coarser = Arrays.stream(fitLevels).filter(l -> l < levels).toArray();
            return coarser.length < 2 ? Double.NaN : ScalingFit.best(levelAxis(coarser), logCounts(estimatedCells, coarser)).slope();
        }

        /** |D − D½|, as {@link BoxCounting#resolutionError}. */
        public double resolutionError() {
            return Math.abs(dimension() - halfResolutionDimension());
        }

        /** √(fit² + range² + sampling² + resolution²) over the components that are known. */
        public double error() {
            double s = 0;
            for (double c : new double[] {fit.standardError(), rangeError(), samplingError, resolutionError()}) if (Double.isFinite(c)) s += c * c;
            return Math.sqrt(s);
        }

        /**
         * found_ℓ / N̂_ℓ: the share of level ℓ's boundary cells that corner refinement alone finds (NaN where N̂_ℓ = 0).
         */
        public double foundFraction(int level) {
            return estimatedCells[level] > 0 ? boundaryCells[level] / estimatedCells[level] : Double.NaN;
        }

        /**
         * The smallest {@link #foundFraction} over the fitted levels (NaN without probes or a fit): where it is well
         * below 1, the found counts grow too slowly and {@link #foundDimension} is biased low.
         */
        public double lowestFoundFraction() {
            if (probeFraction == 0 || fit.points() == 0) return Double.NaN;
            double lowest = 1;
            int[] r = levelRange();
            for (int l = r[0]; l <= r[1]; l++) lowest = Math.min(lowest, foundFraction(l));
            return lowest;
        }

        /** uniformRuns / runs. */
        public double workSaved() { return uniformRuns / runs; }
    }

    /**
     * Largest relative standard error of a level's estimated count for the level to enter the dimension's fit. A rare
     * heavy probe (a filament found under several nested probes, weight 1/π each) can make one level's estimate several
     * times the next's with an error as large as itself ([LM] Fig. 3's quotient plane at p = 1/4: level 8 751 298 ±
     * 376 647 after 187 843 ± 33 137); fitted, such a level bends the line and the range component balloons (0.19).
     */
    public static final double MAX_RELATIVE_ERROR = 0.2;

    /** Random groups of probes for the jackknife of the estimated counts and the dimension. */
    public static final int GROUPS = 16;

    /** Default p, the probability that a quiet child of a boundary cell at the last split level is probed. */
    public static final double DEFAULT_PROBE_FRACTION = 0.125;

    /**
     * Largest probability that a quiet cell inside a probe whose parent was quiet too is probed: below 1/4, so the
     * empty interior of a probe splits 4 × 0.2 = 0.8 cells per level on average and costs a bounded number of runs
     * whatever L; not much below it, because those deeper probes carry the heaviest weights (measured: 0.125 instead
     * of 0.2 left the finest count outside two standard errors in 9–21 of 40 seeds, against 4–9).
     */
    static final double INTERIOR_PROBE_FRACTION = 0.2;

    private final Problem problem;
    private final Slice grid;
    private final StopRule rule;
    private final Sweep.Options options;
    private final String labels;
    /** The classes whose boundary is refined ({@link LabelMaps#defaultClasses}; −1, −1: any two). */
    private final int classA, classB;
    /** Where a grid point (α, β) starts GD; null: the slice itself ({@link Slice#start}, as a uniform map). */
    private final PlaneCoordinates plane;
    private final int levels, maxCells;
    private final long side;
    private final double probeFraction;
    /** found_ℓ. */
    private final long[] boundary;
    /** Σ weight over the cells found inside probes, per level and group. */
    private final double[][] probed;
    private final long[] dropped, probes;
    private final PointListener listener;
    /** Labels points of the finest grid (indices i, j) under a stop rule: GD runs, or a label function in the tests. */
    private final Labeller labeller;
    private long runs, alive, peak;
    // fixed seeds: a rerun probes the same cells and reports the same numbers
    private final Rng probeRng = new Rng(0x9E1A7L);
    // reservoir sample of finest-level boundary cells for the precision check
    private final long[] sampleI, sampleJ;
    private long seen;
    private final Rng rng;

    private AdaptiveRefinement(Problem problem, Slice window, PlaneCoordinates plane, StopRule rule, Sweep.Options options, String labels,
                               int[] classes, int coarse, int levels, int maxCells, int recheck, double probeFraction, PointListener listener,
                               UncertaintyExponent.LabelFunction function) {
        this.problem = problem;
        this.side = (long) coarse * (1L << levels) + 1;
        if (side > Integer.MAX_VALUE) throw new IllegalArgumentException("effective resolution too large");
        this.grid = new Slice(window.origin(), window.e1(), window.e2(), window.alpha0(), window.alpha1(), window.beta0(),
                window.beta1(), (int) side, (int) side, window.stepSize());
        this.rule = rule;
        this.options = LabelMaps.needsLimitFeatures(labels) ? options.withLimitFeatures(true).withTrailingWindow(0) : options;
        this.labels = labels;
        this.classA = classes[0];
        this.classB = classes[1];
        this.plane = plane;
        this.levels = levels;
        this.maxCells = maxCells;
        this.probeFraction = probeFraction;
        this.boundary = new long[levels + 1];
        this.probed = new double[levels + 1][GROUPS];
        this.dropped = new long[levels + 1];
        this.probes = new long[levels + 1];
        this.listener = listener;
        this.sampleI = new long[recheck];
        this.sampleJ = new long[recheck];
        this.rng = new Rng(0xADA97L);
        this.labeller = function == null ? this::run : (pi, pj, r) -> {
            int[] l = new int[pi.length];
            for (int q = 0; q < l.length; q++)
                l[q] = function.label(alpha(pi[q]), beta(pj[q]));
            return l;
        };
    }

    /**
     * @param window        slice (its origin, directions, window and step size; its W×H is ignored)
     * @param labels        {@link LabelMaps#CONVERGENCE}, {@link LabelMaps#ATTRACTOR} or {@link LabelMaps#ORBIT}
     * @param coarse        C ≥ 1
     * @param levels        L ≥ 0
     * @param maxCells      batch size bounding memory (≥ 1)
     * @param recheck       finest-level boundary cells to recompute with tolerance/100 and a 10× iteration cap (0 = none)
     * @param probeFraction p ∈ [0, 1]: a quiet child of a boundary cell at level ℓ is probed with probability
     *                      min(1, p·2^(L−1−ℓ)) (0: corner refinement only)
     */
    public static Result run(Problem problem, Slice window, StopRule rule, Sweep.Options options, String labels, int coarse,
                             int levels, int maxCells, int recheck, double probeFraction, PointListener listener, ProgressListener progress) {
        return run(problem, window, null, rule, options, labels, LabelMaps.defaultClasses(labels), coarse, levels, maxCells, recheck,
                probeFraction, listener, progress);
    }

    /**
     * The same on any plane of starts: grid point (α, β) starts from {@code plane.point(α, β)}, and points that are not
     * states ({@link PlaneCoordinates#isState}; the quotient plane's outside) are labelled {@link LabelMaps#NOT_A_STATE},
     * neither basin nor boundary. Only the boundary between {@code classes} (−1, −1: any two) is refined and counted.
     *
     * @param plane null: the slice itself (bit-identical to a uniform map of it)
     */
    public static Result run(Problem problem, Slice window, PlaneCoordinates plane, StopRule rule, Sweep.Options options, String labels,
                             int[] classes, int coarse, int levels, int maxCells, int recheck, double probeFraction, PointListener listener,
                             ProgressListener progress) {
        check(coarse, levels, maxCells, probeFraction);
        if (recheck < 0 || classes.length != 2) throw new IllegalArgumentException("bad refinement settings");
        AdaptiveRefinement a = new AdaptiveRefinement(problem, window, plane, rule, options, labels, classes, coarse, levels, maxCells,
                recheck, probeFraction, listener, null);
        return a.refine(coarse, progress);
    }

    /**
     * The same refinement on a label function of the window [α₀, α₁] × [β₀, β₁] instead of GD runs (the same grid,
     * cells, probes and fit): for sets of known dimension in the tests. {@link Result#runs} counts labelled points.
     */
    public static Result ofLabelFunction(UncertaintyExponent.LabelFunction f, double alpha0, double alpha1, double beta0, double beta1,
                                         int coarse, int levels, int maxCells, double probeFraction) {
        check(coarse, levels, maxCells, probeFraction);
        Slice window = new Slice(new double[2], new double[] {1, 0}, new double[] {0, 1}, alpha0, alpha1, beta0, beta1, 1, 1, 1);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 1);
        AdaptiveRefinement a = new AdaptiveRefinement(null, window, null, rule, Sweep.Options.defaults(), LabelMaps.CONVERGENCE,
                new int[] {-1, -1}, coarse, levels, maxCells, 0, probeFraction, null, f);
        return a.refine(coarse, ProgressListener.NONE);
    }

    private static void check(int coarse, int levels, int maxCells, double probeFraction) {
        if (coarse < 1 || levels < 0 || levels > 30 || maxCells < 1 || !(probeFraction >= 0 && probeFraction <= 1))
            throw new IllegalArgumentException("bad refinement settings");
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
        Cells cells = new Cells(coarse * coarse), quiet = new Cells(probeFraction > 0 && levels > 0 ? coarse * coarse : 0);
        for (int j = 0; j < coarse; j++)
            for (int i = 0; i < coarse; i++) {
                byte a = (byte) lab[j * nc + i], b = (byte) lab[j * nc + i + 1], c = (byte) lab[(j + 1) * nc + i], d = (byte) lab[(j + 1) * nc + i + 1];
                classify(cells, quiet, 0, i * step, j * step, a, b, c, d, 1, FOUND, false);
            }
        probe(quiet, cells, 0);
        track(cells.size);
        for (int from = 0; from < cells.size; from += maxCells) {
            descend(cells.slice(from, Math.min(cells.size, from + maxCells)), 0, step);
            progress.progress(Math.min(cells.size, from + maxCells), cells.size);
        }
        track(-cells.size);
        // at a fixed horizon a label is the state after that many steps by definition: there is no stricter rule to
        // recheck it with (and the notebook protocol's data-loss rule exists only there)
        int[] changed = rule.fixedHorizon() ? new int[] {0, 0} : recheck();
        return result(coarse, changed);
    }

    /** The estimates, their jackknife over the probe groups, and the fits. */
    private Result result(int coarse, int[] changed) {
        int n = levels + 1;
        double[] estimate = estimate(-1);
        double[][] replicate = new double[GROUPS][];
        for (int g = 0; g < GROUPS; g++) replicate[g] = estimate(g);
        double[] errors = new double[n];
        for (int l = 0; l < n; l++) {
            double[] v = new double[GROUPS];
            for (int g = 0; g < GROUPS; g++) v[g] = replicate[g][l];
            errors[l] = jackknife(v);
        }
        int[] usable = java.util.stream.IntStream.range(0, n).filter(l -> estimate[l] >= 8 && errors[l] <= MAX_RELATIVE_ERROR * estimate[l]).toArray();
        double[] x = levelAxis(usable);
        ScalingFit fit = usable.length >= 2 ? ScalingFit.best(x, logCounts(estimate, usable)) : new ScalingFit(Double.NaN, Double.NaN, Double.NaN, 0, 0);
        double[] found = Arrays.stream(boundary).asDoubleStream().toArray();
        double foundDimension = fit.points() >= 2 ? ScalingFit.fit(x, logCounts(found, usable), fit.from(), fit.to()).slope() : Double.NaN;
        double sampling = 0;
        if (probeFraction > 0 && fit.points() >= 2) {
            double[] slopes = new double[GROUPS];
            for (int g = 0; g < GROUPS; g++) slopes[g] = ScalingFit.fit(x, logCounts(replicate[g], usable), fit.from(), fit.to()).slope();
            sampling = jackknife(slopes);
        }
        return new Result(coarse, levels, side, boundary.clone(), estimate, errors, fit, usable, sampling, foundDimension, runs,
                (double) side * side, peak, rule.fixedHorizon() ? 0 : (int) Math.min(seen, sampleI.length), changed[0], changed[1], probeFraction,
                dropped.clone(), probes.clone());
    }

    /** ℓ·ln 2 for each of {@code levels}: the abscissa of every fit of the counts. */
    private static double[] levelAxis(int[] levels) {
        double[] x = new double[levels.length];
        for (int q = 0; q < x.length; q++) x[q] = levels[q] * Math.log(2);
        return x;
    }

    /** ln counts[ℓ] for each of {@code levels}. */
    private static double[] logCounts(double[] counts, int[] levels) {
        double[] y = new double[levels.length];
        for (int q = 0; q < y.length; q++) y[q] = Math.log(counts[levels[q]]);
        return y;
    }

    /**
     * N̂_ℓ per level from every probe group (g = −1), or with group g left out and the others weighted GROUPS/(GROUPS − 1)
     * (the delete-a-group jackknife replicate).
     */
    private double[] estimate(int without) {
        double scale = without < 0 ? 1 : (double) GROUPS / (GROUPS - 1);
        double[] e = new double[levels + 1];
        for (int l = 0; l <= levels; l++) {
            double s = 0;
            for (int g = 0; g < GROUPS; g++) if (g != without) s += probed[l][g];
            e[l] = boundary[l] + scale * s;
        }
        return e;
    }

    /** Jackknife standard error √((G − 1)/G · Σ (vᵍ − v̄)²) of G delete-a-group replicates (NaN if one is not finite). */
    private static double jackknife(double[] v) {
        double mean = 0;
        for (double a : v) mean += a;
        mean /= v.length;
        double ss = 0;
        for (double a : v) ss += (a - mean) * (a - mean);
        return Math.sqrt((v.length - 1.0) / v.length * ss);
    }

    /** Group of the cells corner refinement itself found (not inside a probe). */
    private static final byte FOUND = -1;

    /**
     * Whether a cell with these corner labels is counted: two corners in the measured classes (classA and classB, or
     * any two if unset), corners that are not states taking no part ({@link LabelMaps#boundary}'s rule for pixels).
     */
    private boolean counted(byte a, byte b, byte c, byte d) {
        return LabelMaps.differ(a, b, classA, classB) || LabelMaps.differ(a, c, classA, classB) || LabelMaps.differ(a, d, classA, classB)
                || LabelMaps.differ(b, c, classA, classB) || LabelMaps.differ(b, d, classA, classB) || LabelMaps.differ(c, d, classA, classB);
    }

    /**
     * Whether a cell with these corner labels is split: any two of its states differ, whichever the measured classes
     * (a boundary between other classes often runs next to the measured one, at junctions). Every counted cell is
     * split, so the cells that are not are the quiet cells the probes sample, and the estimate stays unbiased.
     */
    private static boolean split(byte a, byte b, byte c, byte d) {
        return LabelMaps.differ(a, b, -1, -1) || LabelMaps.differ(a, c, -1, -1) || LabelMaps.differ(a, d, -1, -1)
                || LabelMaps.differ(b, c, -1, -1) || LabelMaps.differ(b, d, -1, -1) || LabelMaps.differ(c, d, -1, -1);
    }

    private static boolean split(Cells cells, int c) {
        int k = 4 * c;
        return split(cells.k[k], cells.k[k + 1], cells.k[k + 2], cells.k[k + 3]);
    }

    /**
     * Files a cell of {@code level} whose parent had weight w and group g: a cell whose states disagree is kept (and
     * counted if they disagree across the measured classes); a quiet one is dropped, or, when probes are on, kept in
     * {@code quiet} for {@link #probe}.
     */
    private void classify(Cells into, Cells quiet, int level, long i, long j, byte a, byte b, byte c, byte d, double weight, byte group,
                          boolean parentQuiet) {
        if (split(a, b, c, d)) {
            into.add(i, j, a, b, c, d, weight, group, false);
            if (!counted(a, b, c, d)) return;
            if (group == FOUND) boundary[level]++;
            else probed[level][group] += weight;
            return;
        }
        if (group == FOUND) dropped[level]++;
        // a quiet cell of the finest level has nothing below it to find
        if (probeFraction > 0 && level < levels) quiet.add(i, j, a, b, c, d, weight, group, parentQuiet);
    }

    /**
     * Splits quiet cells (corners agree) of {@code level} anyway, at random (one draw per cell, in the refinement's
     * fixed order, from a fixed seed: a rerun probes the same cells): a quiet child of a cell whose corners disagree
     * with probability {@link #probeProbability}, a quiet child of a quiet (probed) cell with at most
     * {@link #INTERIOR_PROBE_FRACTION}. A probe's weight is its parent's divided by the probability; a probe of a
     * found cell's child opens a random group, a probe inside a probe keeps its group.
     */
    private void probe(Cells quiet, Cells into, int level) {
        double edge = probeProbability(level), interior = Math.min(edge, INTERIOR_PROBE_FRACTION);
        for (int c = 0; c < quiet.size; c++) {
            double pr = quiet.parentQuiet[c] ? interior : edge;
            if (probeRng.nextDouble() >= pr) continue;
            byte g = quiet.g[c];
            if (g == FOUND) {
                probes[level]++;
                g = (byte) (probeRng.nextLong() >>> 60);
            }
            int k = 4 * c;
            into.add(quiet.i[c], quiet.j[c], quiet.k[k], quiet.k[k + 1], quiet.k[k + 2], quiet.k[k + 3], quiet.w[c] / pr, g, false);
        }
    }

    /**
     * q_ℓ = min(1, p·2^(L−1−ℓ)): the probability that a quiet child of a boundary cell at level ℓ is probed. What a
     * quiet cell hides grows like 2^(D·(L−ℓ)) boundary cells by the finest level, so the coarse levels' few quiet cells
     * carry most of the estimate's variance and little of its cost (measured on [LM] Fig. 3: the 46 quiet coarse cells
     * that hid boundary held 53 % of the missed finest cells); the sampling probability grows with the depth below,
     * roughly as the optimal (Neyman) allocation, which is proportional to that content, would have it.
     */
    private double probeProbability(int level) {
        return Math.min(1, probeFraction * Math.pow(2, levels - 1 - level));
    }

    /** Splits every cell of {@code cells} (side {@code size} at level {@code level}) and descends into boundary children. */
    private void descend(Cells cells, int level, long size) {
        if (level == levels) {
            for (int c = 0; c < cells.size; c++)
                if (cells.g[c] == FOUND && counted(cells.k[4 * c], cells.k[4 * c + 1], cells.k[4 * c + 2], cells.k[4 * c + 3]))
                    sample(cells.i[c], cells.j[c]);
            return;
        }
        long h = size / 2;
        // the 5 new points per cell: (i+h, j), (i, j+h), (i+h, j+h), (i+2h, j+h), (i+h, j+2h); shared ones labelled once
        PointIndex index = new PointIndex(5 * cells.size);
        long[] pi = new long[5 * cells.size], pj = new long[5 * cells.size];
        int[] slot = new int[5 * cells.size]; // cell c's 5 points are labels slot[5c … 5c+4]
        int n = 0;
        long[][] offsets = {{h, 0}, {0, h}, {h, h}, {2 * h, h}, {h, 2 * h}};
        for (int c = 0; c < cells.size; c++)
            for (int o = 0; o < 5; o++) {
                long pointI = cells.i[c] + offsets[o][0], pointJ = cells.j[c] + offsets[o][1];
                int known = index.putIfAbsent(pointJ * side + pointI, n);
                if (known < 0) {
                    pi[n] = pointI;
                    pj[n] = pointJ;
                    known = n++;
                }
                slot[5 * c + o] = known;
            }
        int[] lab = label(Arrays.copyOf(pi, n), Arrays.copyOf(pj, n));
        Cells children = new Cells(4 * cells.size), quiet = new Cells(probeFraction > 0 && level + 1 < levels ? 4 * cells.size : 0);
        int child = level + 1;
        for (int c = 0; c < cells.size; c++) {
            long i = cells.i[c], j = cells.j[c];
            int k0 = 4 * c; // corners (i,j), (i+s,j), (i,j+s), (i+s,j+s) at cells.k[k0 … k0+3]
            byte bottom = (byte) lab[slot[5 * c]], left = (byte) lab[slot[5 * c + 1]], centre = (byte) lab[slot[5 * c + 2]],
                 right = (byte) lab[slot[5 * c + 3]], top = (byte) lab[slot[5 * c + 4]];
            double w = cells.w[c];
            byte g = cells.g[c];
            boolean pq = !split(cells, c);
            classify(children, quiet, child, i, j, cells.k[k0], bottom, left, centre, w, g, pq);
            classify(children, quiet, child, i + h, j, bottom, cells.k[k0 + 1], centre, right, w, g, pq);
            classify(children, quiet, child, i, j + h, left, centre, cells.k[k0 + 2], top, w, g, pq);
            classify(children, quiet, child, i + h, j + h, centre, right, top, cells.k[k0 + 3], w, g, pq);
        }
        probe(quiet, children, child);
        quiet = null; // not needed while the children descend: memory stays bounded by the children alone
        track(children.size);
        for (int from = 0; from < children.size; from += maxCells)
            descend(children.slice(from, Math.min(children.size, from + maxCells)), child, h);
        track(-children.size);
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
            @Override public int parameterCount() { return plane == null ? grid.parameterCount() : plane.parameterCount(); }
            @Override public double stepSize(long q) { return grid.stepSize(); }
            @Override public void start(long q, double[] dst, int offset, int stride) {
                if (plane == null) grid.start(pj[(int) q] * side + pi[(int) q], dst, offset, stride);
                else plane.point(alpha(pi[(int) q]), beta(pj[(int) q]), dst, offset, stride);
            }
        };
        SweepResult res = Sweep.run(problem, points, r, options, ProgressListener.NONE).result();
        int[] l = LabelMaps.labels(res, labels);
        if (plane != null)
            for (int q = 0; q < l.length; q++) if (!plane.isState(alpha(pi[q]), beta(pj[q]))) l[q] = LabelMaps.NOT_A_STATE;
        return l;
    }

    /** α of finest-grid column i, as a uniform map of the window computes it. */
    private double alpha(long i) {
        return Slice.coordinate(grid.alpha0(), grid.alpha1(), (int) side, (int) i);
    }

    private double beta(long j) {
        return Slice.coordinate(grid.beta0(), grid.beta1(), (int) side, (int) j);
    }

    /**
     * Point (finest-grid index j·side + i) → its slot in a batch's label array: open addressing with linear probing
     * over keys scrambled by SplitMix64's finaliser. A {@code HashMap<Long, Integer>} spent more time than the GD runs
     * of a refinement (JFR, README's Fig. 3 command): boxing, and {@link Long#hashCode} folds these structured keys
     * into so few buckets that the bins turned into trees.
     */
    private static final class PointIndex {
        /** key + 1, so that a fresh (zeroed) table is empty. */
        private final long[] keys;
        private final int[] values;
        private final int mask;

        PointIndex(int capacity) {
            int size = Integer.highestOneBit(Math.max(2, 2 * capacity - 1)) << 1; // load factor ≤ 1/2
            keys = new long[size];
            values = new int[size];
            mask = size - 1;
        }

        /** The value stored for {@code key} (≥ 0), or −1 after storing {@code value} for it. */
        int putIfAbsent(long key, int value) {
            for (int s = (int) Rng.mix(key) & mask; ; s = (s + 1) & mask) {
                if (keys[s] == key + 1) return values[s];
                if (keys[s] == 0) {
                    keys[s] = key + 1;
                    values[s] = value;
                    return -1;
                }
            }
        }
    }

    /**
     * Cells as parallel primitive arrays: lower-left corner (finest-grid indices), the 4 corner labels, the weight of
     * what is found below the cell (1, or 1/p per probe above it) and its probe group ({@link #FOUND} outside probes).
     */
    private static final class Cells {
        long[] i, j;
        byte[] k, g;
        double[] w;
        boolean[] parentQuiet;
        int size;

        Cells(int capacity) {
            int n = Math.max(1, capacity);
            i = new long[n];
            j = new long[n];
            k = new byte[4 * n];
            g = new byte[n];
            w = new double[n];
            parentQuiet = new boolean[n];
        }

        void add(long ci, long cj, byte a, byte b, byte c, byte d, double weight, byte group, boolean quietParent) {
            i[size] = ci;
            j[size] = cj;
            w[size] = weight;
            g[size] = group;
            parentQuiet[size] = quietParent;
            k[4 * size] = a;
            k[4 * size + 1] = b;
            k[4 * size + 2] = c;
            k[4 * size + 3] = d;
            size++;
        }

        Cells slice(int from, int to) {
            Cells s = new Cells(to - from);
            System.arraycopy(i, from, s.i, 0, to - from);
            System.arraycopy(j, from, s.j, 0, to - from);
            System.arraycopy(k, 4 * from, s.k, 0, 4 * (to - from));
            System.arraycopy(g, from, s.g, 0, to - from);
            System.arraycopy(w, from, s.w, 0, to - from);
            System.arraycopy(parentQuiet, from, s.parentQuiet, 0, to - from);
            s.size = to - from;
            return s;
        }
    }
}
