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
}
