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
        assertEquals(1, u.boundaryDimension(), 0.1);
        assertTrue(u.fit().points() >= 4);
    }
}
