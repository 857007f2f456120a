package org.gdsweep.engine.fractal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.junit.jupiter.api.Test;

class UncertaintyExponentTest {

    @Test
    void smoothEllipseHasExponentOne() {
        // λ = 0, η = 0.9: smooth boundary, so f(ε) ∝ ε and the boundary dimension is 2 − 1 = 1
        double[][] e = Slice.axes(2, 0, 1);
        Slice s = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 2, 2, 0.9);
        double[] eps = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2};
        UncertaintyExponent u = UncertaintyExponent.measure(new ScalarVectorFactorization(1, 1, 0), s,
                new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000), Sweep.Options.defaults(),
                LabelMaps.CONVERGENCE, 20_000, eps, 1, ProgressListener.NONE);
        assertEquals(1, u.alpha(), 0.1);
        assertTrue(u.fit().points() >= 4);
        // Not only the slope: f(ε) itself. The converged region is the ellipse (u+v)²/(2+ηy) + (u−v)²/(2−ηy) < 4/η
        // (docs/science.md §3), wholly inside the window. A uniform point at signed distance r from a smooth boundary
        // of length ℓ is ε-uncertain iff |r| < εw|cos φ| (φ: the random direction against the normal), so for εw
        // well below the curvature radius f(ε) = 2ℓ·εw·E|cos φ| / A = 4ℓεw / (πA), with w = 6 and A = 36 here.
        double eta = 0.9, y = 1;
        double a = Math.sqrt(2 * (2 + eta * y) / eta), b = Math.sqrt(2 * (2 - eta * y) / eta); // semi-axes in (u, v)
        double h = (a - b) * (a - b) / ((a + b) * (a + b));
        double perimeter = Math.PI * (a + b) * (1 + 3 * h / (10 + Math.sqrt(4 - 3 * h))); // Ramanujan, error < 1e-9
        for (int k = 0; k < eps.length; k++) {
            double expected = 4 * perimeter * eps[k] * 6 / (Math.PI * 36);
            // binomial counting error, plus 3 % for the curvature term of order (εw)² the formula leaves out
            double sigma = Math.sqrt(expected * (1 - expected) / u.samples());
            assertEquals(expected, u.uncertain()[k], 3 * sigma + 0.03 * expected,
                    "f(" + eps[k] + "): " + u.uncertain()[k] + " vs 4ℓεw/(πA) = " + expected);
        }
    }

    @Test
    void quotientPlaneIsMeasuredInItsOwnCoordinatesAndAgreesWithBoxCounting() {
        // [LM] Fig. 3 on the projected plane (z, N): (uv - 0.5)^2/2 + 0.1(u^2 + v^2), canonical y = 0.5, lambda = 0.2,
        // eta = 1. The perturbed points are (z, N) pairs mapped to their d = 1 representatives, and points outside the
        // wedge N >= 2|z| are left out; box counting of the same boundary (classes 0 and 1, the wedge's edge excluded)
        // and 2 - alpha must agree within twice their combined stated error (issue 16's acceptance).
        var problem = new ScalarVectorFactorization(1, 0.5, 0.2);
        double[][] e = Slice.axes(2, 0, 1);
        int n = 256;
        Slice grid = new Slice(new double[2], e[0], e[1], -4, 4, 0, 8, n, n, 1.0);
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);
        var q = new org.gdsweep.engine.start.QuotientPlane(grid);
        var r = Sweep.run(problem, q, rule, Sweep.Options.defaults(), ProgressListener.NONE).result();
        for (int i = 0; i < r.runs(); i++) if (!q.inside(i)) r.status[i] = org.gdsweep.engine.start.QuotientPlane.OUTSIDE;
        int[] labels = LabelMaps.labels(r, LabelMaps.CONVERGENCE);
        boolean[] boundary = LabelMaps.boundary(labels, n, n, 0, 1);
        for (int p = 0; p < boundary.length; p++)
            if (boundary[p]) assertTrue(labels[p] == 0 || labels[p] == 1, "only states are on the boundary");
        BoxCounting bc = BoxCounting.ofLabels(labels, n, n, 0, 1);
        UncertaintyExponent u = UncertaintyExponent.measure(problem, grid, org.gdsweep.engine.start.QuotientPlane.COORDINATES, rule,
                Sweep.Options.defaults(), LabelMaps.CONVERGENCE, 3000, new double[] {1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1}, 1, ProgressListener.NONE);
        double combined = Math.hypot(bc.error(), u.error());
        assertTrue(Double.isFinite(bc.resolutionError()) && Double.isFinite(u.samplingError()), "every component computed");
        assertTrue(combined < 0.25, "errors that say something: " + combined);
        assertTrue(Math.abs(bc.dimension() - u.boundaryDimension()) <= 2 * combined,
                "box counting " + bc.dimension() + " +- " + bc.error() + " vs 2 - alpha " + u.boundaryDimension() + " +- " + u.error());
        assertTrue(bc.dimension() > 1.05 && u.boundaryDimension() > 1.05, "a fractal boundary: " + bc.dimension() + ", " + u.boundaryDimension());
    }

    @Test
    void knownDimensionsLieWithinTheStatedErrors() {
        // the estimator alone, on label functions of known boundary dimension: a straight boundary (1) and a random
        // 3-of-4 dust of 11 levels (log2 3 above the pixel scale 2^-11; eps spans 2^-10 .. 2^-3)
        double[] eps = {1e-3, 2e-3, 4e-3, 8e-3, 1.6e-2, 3.2e-2, 6.4e-2, 1.28e-1};
        UncertaintyExponent line = UncertaintyExponent.ofLabelFunction((a, b) -> a + 0.37 * b < 0.3 ? 0 : 1, -1, 1, -1, 1, 20_000, eps, 3);
        assertEquals(1, line.boundaryDimension(), 2 * line.error(), "line: " + line.boundaryDimension() + " +- " + line.error());
        // the region under a Weierstrass graph W(x) = sum a^k cos(b^k pi x), a = 0.5, b = 3: the graph's box dimension is
        // 2 + ln a / ln b = 1.369 (Kaplan, Mallet-Paret, Yorke 1984; Shen 2018), and both regions have positive area
        double a = 0.5, b = 3, d = 2 + Math.log(a) / Math.log(b);
        UncertaintyExponent graph = UncertaintyExponent.ofLabelFunction((x, y) -> {
            double w = 0, amp = 1, freq = Math.PI;
            for (int k = 0; k <= 14; k++, amp *= a, freq *= b) w += amp * Math.cos(freq * x);
            return y < w ? 0 : 1;
        }, 0, 1, -2.5, 2.5, 20_000, eps, 4);
        System.out.printf("uncertainty exponent on known sets: line %.4f +- %.4f, Weierstrass graph %.4f +- %.4f (2 + ln a / ln b = %.4f)%n",
                line.boundaryDimension(), line.error(), graph.boundaryDimension(), graph.error(), d);
        assertEquals(d, graph.boundaryDimension(), 2 * graph.error(), "graph: " + graph.boundaryDimension() + " +- " + graph.error());
        assertTrue(line.error() < 0.1 && graph.error() < 0.15, "errors that say something");
    }

}
