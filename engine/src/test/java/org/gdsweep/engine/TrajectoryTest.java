package org.gdsweep.engine;

import org.gdsweep.engine.sweep.Status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.engine.scan.Trajectory;

class TrajectoryTest {

    @Test
    void endsExactlyWhereTheSweepEnds() {
        Problem p = new ScalarVectorFactorization(3, 1, 0);
        GaussianStarts starts = new GaussianStarts(20, 6, 0.8, 1, 0.9);
        Sweep.Options o = Sweep.Options.defaults().withThetaIndex(Results.allParameters(p));
        SweepResult r = Sweep.run(p, starts, StopRule.defaults(), o, ProgressListener.NONE).result();
        double[] th = new double[6];
        for (int i = 0; i < 20; i++) {
            starts.start(i, th, 0, 1);
            Trajectory t = Trajectory.run(p, th, 0.9, StopRule.defaults(), 7, 3);
            assertEquals(r.status[i], t.status);
            assertEquals(r.iterations[i], t.iterations);
            int last = t.points() - 1;
            assertEquals(t.iterations, t.steps[last]);
            for (int q = 0; q < 6; q++) assertEquals(Double.doubleToRawLongBits(r.theta[q][i]), Double.doubleToRawLongBits(t.theta[q][last]));
            assertEquals(0, t.steps[0]);
            assertTrue(last == 0 || t.steps[1] == Math.min(7, t.iterations));
        }
    }

    @Test
    void edgeOfStabilityLimitHasSharpnessBelowTwoOverEta() {
        // λ = 0: converged limits are stable, sharpness = N < 2/η
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        Trajectory t = Trajectory.run(p, new double[] {1.5, 0.2}, 0.9, StopRule.defaults(), 1, 1);
        assertEquals(Status.CONVERGED.code, t.status);
        int last = t.points() - 1;
        assertEquals(t.norm2[last], t.sharpness[last], 1e-7);
        assertTrue(t.sharpness[last] < 2 / 0.9);
    }
}
