package org.gdsweep.engine;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

/** The same sweep split over different thread counts and chunk sizes gives bit-identical results. */
class ThreadAndTileIndependenceTest {

    private static void check(Problem problem, StartSource starts, StopRule rule) {
        Sweep.Options base = new Sweep.Options(EngineKind.VECTOR, 1, 4096, Results.allParameters(problem));
        SweepResult one = Sweep.run(problem, starts, rule, base, ProgressListener.NONE).result();
        int[][] layouts = {{2, 4096}, {3, 1}, {4, 7}, {2, 61}, {5, 1000}};
        for (int[] tc : layouts) {
            SweepResult other = Sweep.run(problem, starts, rule, base.withThreads(tc[0]).withChunkSize(tc[1]),
                    ProgressListener.NONE).result();
            Results.assertBitIdentical(one, other, "threads=" + tc[0] + " chunk=" + tc[1]);
        }
        SweepResult scalar = Sweep.run(problem, starts, rule, base.withEngine(EngineKind.SCALAR).withThreads(3).withChunkSize(17),
                ProgressListener.NONE).result();
        Results.assertBitIdentical(one, scalar, "scalar engine, 3 threads");
    }

    @Test
    void scalarFactorizationSlice() {
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        double[][] e = Slice.axes(2, 0, 1);
        check(p, new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 61, 47, 0.9), StopRule.defaults());
    }

    @Test
    void matrixRandomSlice() {
        Problem p = new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0);
        double[][] e = Slice.randomOrthonormal(p.parameterCount(), 1);
        check(p, new Slice(new double[p.parameterCount()], e[0], e[1], -3, 3, -3, 3, 23, 19, 0.9),
                new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 2000));
    }
}
