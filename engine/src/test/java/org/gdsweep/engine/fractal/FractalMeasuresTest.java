package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.sweep.RunRecorder;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.junit.jupiter.api.Test;

/** Box counting and basin entropy on label maps with known answers (science.md §5), then on engine-computed maps. */
class FractalMeasuresTest {

    static double boundaryDimension(int[] labels, int w, int h) {
        BoxCounting bc = BoxCounting.of(LabelMaps.boundary(labels, w, h, -1, -1), w, h);
        assertTrue(bc.fit().points() >= ScalingFit.MIN_POINTS, "a real scaling range: " + Arrays.toString(bc.range()));
        return bc.dimension();
    }

    @Test
    void straightAndCurvedBoundariesHaveDimensionOne() {
        int n = 2048;
        int[] half = new int[n * n], disk = new int[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                half[j * n + i] = i + 0.37 * j < 1300 ? 0 : 1;
                double x = i - 1000.5, y = j - 1100.5;
                disk[j * n + i] = x * x + y * y < 700 * 700 ? 0 : 1;
            }
        assertEquals(1, boundaryDimension(half, n, n), 0.03);
        assertEquals(1, boundaryDimension(disk, n, n), 0.03);
    }

    @Test
    void knownDimensionsLieWithinTheStatedErrors() {
        // every estimate with all four error components (fit, range, offset, resolution) covers the true dimension
        int n = 1024;
        int[] disk = new int[n * n], gasket = new int[n * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) {
                double x = i - 500.5, y = j - 530.5;
                disk[j * n + i] = x * x + y * y < 350 * 350 ? 0 : 1;
                gasket[j * n + i] = (i & j) == 0 ? 1 : 0;
            }
        int[] dust = new int[n * n];
        keep(dust, n, 0, 0, n, new Rng(9));
        // the region under a Weierstrass graph sum 0.5^k cos(3^k pi x): box dimension 2 + ln 0.5 / ln 3 (the same set as
        // UncertaintyExponentTest's, so both estimators are checked on it)
        int[] graph = new int[n * n];
        for (int i = 0; i < n; i++) {
            double x = (i + 0.5) / n, w = 0, amp = 1, freq = Math.PI;
            for (int k = 0; k <= 14; k++, amp *= 0.5, freq *= 3) w += amp * Math.cos(freq * x);
            for (int j = 0; j < n; j++) graph[j * n + i] = -2.5 + 5 * (j + 0.5) / n < w ? 0 : 1;
        }
        double[][] cases = {{1, 0}, {Math.log(3) / Math.log(2), 1}, {Math.log(3) / Math.log(2), 2}, {2 + Math.log(0.5) / Math.log(3), 3}};
        int[][] maps = {disk, gasket, dust, graph};
        for (int c = 0; c < maps.length; c++) {
            BoxCounting bc = BoxCounting.ofLabels(maps[c], n, n, -1, -1);
            assertTrue(Double.isFinite(bc.rangeError()) && Double.isFinite(bc.offsetError()) && Double.isFinite(bc.resolutionError()),
                    "every component computed");
            assertTrue(bc.error() < 0.1, "case " + c + ": an error that says something, " + bc.error());
            assertEquals(cases[c][0], bc.dimension(), 2 * bc.error(), "case " + c + ": " + bc.dimension() + " +- " + bc.error());
            System.out.printf("box counting on known sets, case %d: %.4f +- %.4f (true %.4f)%n", c, bc.dimension(), bc.error(), cases[c][0]);
        }
        // the wedge of the quotient plane: next to points that are not states there is no boundary
        int[] wedge = new int[64 * 64];
        for (int p = 0; p < wedge.length; p++) wedge[p] = p % 64 < 20 ? LabelMaps.NOT_A_STATE : 0;
        for (boolean b : LabelMaps.boundary(wedge, 64, 64, -1, -1)) assertTrue(!b);
    }

    @Test
    void sierpinskiGasket() {
        int n = 2048;
        int[] l = new int[n * n];
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) l[j * n + i] = (i & j) == 0 ? 1 : 0;
        assertEquals(Math.log(3) / Math.log(2), boundaryDimension(l, n, n), 0.03);
    }

    @Test
    void randomThreeOfFourDust() {
        // Each kept dyadic box keeps a random 3 of its 4 children, 11 levels: N(2^k) = 3^(11-k) exactly, dimension log2 3
        int levels = 11, n = 1 << levels;
        int[] l = new int[n * n];
        Rng rng = new Rng(9);
        keep(l, n, 0, 0, n, rng);
        assertEquals(Math.log(3) / Math.log(2), boundaryDimension(l, n, n), 0.03);
    }

    private static void keep(int[] l, int n, int x, int y, int size, Rng rng) {
        if (size == 1) {
            l[y * n + x] = 1;
            return;
        }
        int h = size / 2, drop = (int) (rng.nextDouble() * 4);
        for (int c = 0; c < 4; c++) if (c != drop) keep(l, n, x + (c & 1) * h, y + (c >> 1) * h, h, rng);
    }

    @Test
    void noiseFillsThePlane() {
        int n = 1024;
        int[] l = new int[n * n];
        Rng rng = new Rng(1);
        for (int p = 0; p < l.length; p++) l[p] = (int) (rng.nextDouble() * 3);
        assertEquals(2, boundaryDimension(l, n, n), 0.03);
        // three well-mixed labels: S_b = S_bb → ln 3 (minus the finite-box bias), above ln 2
        BasinEntropy e = BasinEntropy.of(l, n, n, 5);
        assertTrue(e.sbb() > Math.log(2) && e.sbb() <= Math.log(3), "noise: S_bb = " + e.sbb());
        assertEquals(e.sb(), e.sbb(), 1e-12);
    }

    @Test
    void entropyOfAStraightBoundaryIsSmall() {
        int n = 1000;
        int[] l = new int[n * n];
        for (int p = 0; p < l.length; p++) l[p] = p % n < 503 ? 0 : 1;
        BasinEntropy e = BasinEntropy.of(l, n, n, 5);
        assertEquals(200, e.boundaryBoxes()); // the column of boxes 500..504
        assertEquals(-(0.6 * Math.log(0.6) + 0.4 * Math.log(0.4)), e.sbb(), 1e-12);
    }

    @Test
    void engineEllipseIsSmoothAndRegularisedBoundaryIsFractal() {
        // λ = 0, η = 0.9: the convergence region is the ellipse of Theorem 1 (smooth boundary)
        int n = 1024;
        double[][] e = Slice.axes(2, 0, 1);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);
        Slice plane = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, n, n, 0.9);
        SweepResult smooth = Sweep.run(new ScalarVectorFactorization(1, 1, 0), plane, rule, Sweep.Options.defaults(),
                ProgressListener.NONE).result();
        int[] conv = LabelMaps.labels(smooth, LabelMaps.CONVERGENCE);
        assertEquals(1, boundaryDimension(conv, n, n), 0.05);
        BasinEntropy smoothEntropy = BasinEntropy.of(conv, n, n, 5);
        assertTrue(smoothEntropy.sbb() < Math.log(2), "smooth: S_bb = " + smoothEntropy.sbb());

        // [LM] Fig. 3: (uv − 0.5)²/2 + 0.1(u² + v²) → y = 0.5, λ = 0.2, η = 1.4: nearest/farthest basins interleave
        Slice fig3 = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, n, n, 1.4);
        SweepResult fractal = Sweep.run(new ScalarVectorFactorization(1, 0.5, 0.2), fig3, rule,
                Sweep.Options.defaults().withLimitFeatures(true), ProgressListener.NONE).result();
        // Locally this boundary separates two basins (nearest / farthest minimiser, or one of them and divergence), and
        // a box holding two labels has entropy at most ln 2: Daza et al.'s condition cannot fire here. What holds is
        // that the fractal boundary's boxes are far more mixed than the smooth one's.
        BasinEntropy fractalEntropy = BasinEntropy.of(LabelMaps.labels(fractal, LabelMaps.ATTRACTOR), n, n, 5);
        assertTrue(fractalEntropy.sbb() > smoothEntropy.sbb() + 0.1, "fractal " + fractalEntropy.sbb() + " vs smooth " + smoothEntropy.sbb());
        int[] nearFar = LabelMaps.labels(fractal, LabelMaps.ATTRACTOR);
        BoxCounting d = BoxCounting.of(LabelMaps.boundary(nearFar, n, n, 0, 1), n, n);
        assertTrue(d.dimension() > 1.1, "the nearest/farthest boundary is not smooth: " + d.dimension());
    }

    @Test
    void orbitLabelsFindTheAttractorsOfARegularisedDeepChain() {
        // ½(w₂w₁w₀ − 1)² + (0.2/2)‖w‖², η = 1.1, random slice of ℝ³: runs end at the origin (a local minimum for
        // H = 3, λ > 0), on period-2 orbits seen in four orthants (+++, +−−, −+−, −−+: the product stays positive),
        // or diverge. Orbit labels tell them apart; convergence labels see two classes.
        int n = 256;
        double[][] e = Slice.randomOrthonormal(3, 1);
        Slice slice = new Slice(new double[3], e[0], e[1], -3, 3, -3, 3, n, n, 1.1);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 2_000);
        SweepResult r = Sweep.run(new DeepChain(3, 1, 0.2), slice, rule, Sweep.Options.defaults().withLimitFeatures(true).withTrailingWindow(200),
                ProgressListener.NONE).result();
        int[] orbit = LabelMaps.labels(r, LabelMaps.ORBIT);
        int origin = 8 + 2 * 13; // ternary 111: all three coordinates within √tol of 0
        java.util.Set<Integer> expected = new java.util.TreeSet<>(java.util.List.of(3, origin));
        for (int code : new int[] {26, 18, 6, 2}) expected.add(8 + 2 * code + 1); // +++, +−−, −+−, −−+ on a period-2 orbit
        java.util.Set<Integer> seen = new java.util.TreeSet<>();
        for (int l : orbit) seen.add(l);
        assertEquals(expected, seen);
        // S_bb of this map sits at ln 2 (0.6886 at 256², lower at finer grids): boxes mix three or more basins only
        // near the tips of the fractal boundary, so Daza et al.'s S_bb > ln 2 does not fire (see the README)
        BasinEntropy entropy = BasinEntropy.of(orbit, n, n, 5);
        assertTrue(entropy.sbb() > BasinEntropy.of(LabelMaps.labels(r, LabelMaps.CONVERGENCE), n, n, 5).sbb(), "orbit labels mix more");

        // the smooth case under the same labelling: λ = 0 ellipse, minimisers' orthants (+,+) / (−,−) and divergence
        double[][] axes = Slice.axes(2, 0, 1);
        Slice plane = new Slice(new double[2], axes[0], axes[1], -3, 3, -3, 3, n, n, 0.9);
        SweepResult smooth = Sweep.run(new ScalarVectorFactorization(1, 1, 0), plane, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000),
                Sweep.Options.defaults().withLimitFeatures(true).withTrailingWindow(200), ProgressListener.NONE).result();
        double smoothSbb = BasinEntropy.of(LabelMaps.labels(smooth, LabelMaps.ORBIT), n, n, 5).sbb();
        assertTrue(smoothSbb < Math.log(2) && smoothSbb < entropy.sbb(), "smooth: S_bb = " + smoothSbb + " vs chain " + entropy.sbb());
    }

    @Test
    void orbitLabelsSeparateFixedPointsPeriodicOrbitsAndDivergence() {
        byte c = Status.CONVERGED.code, u = Status.UNDECIDED.code, dv = Status.DIVERGED.code;
        byte[] status = {c, c, u, u, u, u, dv, -1};
        byte[] period = {1, 1, 2, 1, 0, -1, -1, 0};
        long[] orthant = {26, 0, 26, 26, 5, 5, 7, 7};
        int[] l = LabelMaps.labels(status, null, null, period, orthant, LabelMaps.ORBIT);
        assertEquals(8 + 2 * 26, l[0]);
        assertEquals(8, l[1]);
        assertEquals(8 + 2 * 26 + 1, l[2]); // period-2 orbit through the +++ orthant: not the +++ fixed point
        assertEquals(l[0], l[3]); // undecided but period 1: the same fixed point
        assertEquals(4, l[4]);
        assertEquals(3, l[5]); // diverged while its period was sought
        assertEquals(3, l[6]);
        assertEquals(5, l[7]);
        assertEquals(26, RunRecorder.orthant(new double[] {1, 2, 3}, 1e-4));
        assertEquals(2 * 9 + 1 * 3 + 1, RunRecorder.orthant(new double[] {2, 1e-5, -1e-5}, 1e-4)); // +, 0, 0
        // entropy counts labels whatever their values
        assertEquals(BasinEntropy.of(new int[] {0, 1, 0, 1}, 2, 2, 2).sbb(), BasinEntropy.of(new int[] {8, 1 << 30, 8, 1 << 30}, 2, 2, 2).sbb());
    }

    /** Koch snowflake of the given depth, vertices scaled into an n×n image. */
    static double[][] koch(int depth, int n) {
        double r = 0.45 * n, cx = n / 2.0, cy = n / 2.0 + 0.1 * n;
        double[][] pts = new double[3][];
        for (int k = 0; k < 3; k++) {
            double a = Math.PI / 2 + k * 2 * Math.PI / 3;
            pts[k] = new double[] {cx + r * Math.cos(a), cy - r * Math.sin(a)};
        }
        for (int d = 0; d < depth; d++) {
            double[][] next = new double[pts.length * 4][];
            for (int k = 0; k < pts.length; k++) {
                double[] p = pts[k], q = pts[(k + 1) % pts.length];
                double dx = (q[0] - p[0]) / 3, dy = (q[1] - p[1]) / 3;
                double[] a = {p[0] + dx, p[1] + dy}, b = {p[0] + 2 * dx, p[1] + 2 * dy};
                // outward bump: rotate (dx, dy) by −60° (vertices run counter-clockwise in image coordinates)
                double c = Math.cos(-Math.PI / 3), s = Math.sin(-Math.PI / 3);
                double[] t = {a[0] + c * dx - s * dy, a[1] + s * dx + c * dy};
                next[4 * k] = p;
                next[4 * k + 1] = a;
                next[4 * k + 2] = t;
                next[4 * k + 3] = b;
            }
            pts = next;
        }
        return pts;
    }

    /** Even-odd scanline fill of a polygon at pixel centres: label 0 inside, 1 outside. */
    static int[] fill(double[][] poly, int n) {
        int[] l = new int[n * n];
        Arrays.fill(l, 1);
        double[] xs = new double[poly.length];
        for (int j = 0; j < n; j++) {
            double y = j + 0.5;
            int m = 0;
            for (int k = 0; k < poly.length; k++) {
                double[] p = poly[k], q = poly[(k + 1) % poly.length];
                if ((p[1] <= y) != (q[1] <= y)) xs[m++] = p[0] + (y - p[1]) / (q[1] - p[1]) * (q[0] - p[0]);
            }
            Arrays.sort(xs, 0, m);
            for (int k = 0; k + 1 < m; k += 2)
                for (int i = Math.max(0, (int) Math.ceil(xs[k] - 0.5)); i < Math.min(n, (int) Math.ceil(xs[k + 1] - 0.5)); i++)
                    l[j * n + i] = 0;
        }
        return l;
    }
}
