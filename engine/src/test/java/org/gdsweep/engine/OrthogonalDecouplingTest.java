package org.gdsweep.engine;

import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.gdsweep.engine.problem.MatrixFactorization;

/**
 * docs/science.md §2: with Y diagonal and the column pairs (uᵢ, vᵢ) of U, V in mutually orthogonal subspaces, matrix GD
 * is the product of independent scalar-vector GDs with targets yᵢ. Checked on coordinate subspaces (pair i in
 * span(e_{2i}, e_{2i+1}) of ℝᵏ, k = 8) and on the same starts rotated by a random orthogonal Q (UᵀV is invariant,
 * GD is equivariant), through the vector lane kernel.
 */
class OrthogonalDecouplingTest {
    static final int K = 8, M = 4, N = 4;
    static final double[] Y = {1.0, 0.6, 0.3, 0.8};

    @Test
    void coordinateSubspaces() {
        check(identity(), 1e-13);
    }

    @Test
    void rotatedSubspaces() {
        check(randomOrthogonal(42), 1e-9);
    }

    private static void check(double[][] q, double tol) {
        double[] target = new double[M * N];
        for (int i = 0; i < M; i++) target[i * N + i] = Y[i];
        double lambda = 0.05, eta = 0.7;
        MatrixFactorization matrix = new MatrixFactorization(K, M, N, target, lambda);
        int runs = 61;
        double[][] pairs = new double[runs][4 * M]; // per run and pair i: u (2 coords), v (2 coords)
        Rng rng = new Rng(7);
        for (double[] pr : pairs) for (int c = 0; c < pr.length; c++) pr[c] = 1.6 * (2 * rng.nextDouble() - 1);
        StartSource starts = new StartSource() {
            @Override public long count() { return runs; }
            @Override public int parameterCount() { return matrix.parameterCount(); }
            @Override public double stepSize(long index) { return eta; }
            @Override public void start(long index, double[] dst, int offset, int stride) {
                double[] theta = embed(pairs[(int) index], q);
                for (int p = 0; p < theta.length; p++) dst[offset + p * stride] = theta[p];
            }
        };
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-9, 1e8, 400);
        SweepResult r = Sweep.run(matrix, starts, rule, Sweep.Options.defaults().withThetaIndex(Results.allParameters(matrix)),
                ProgressListener.NONE).result();
        ScalarVectorFactorization[] columns = new ScalarVectorFactorization[M];
        for (int i = 0; i < M; i++) columns[i] = new ScalarVectorFactorization(2, Y[i], lambda);
        for (int run = 0; run < runs; run++) {
            int steps = r.iterations[run];
            double[] expected = new double[4 * M];
            for (int i = 0; i < M; i++) {
                double[] th = {pairs[run][4 * i], pairs[run][4 * i + 1], pairs[run][4 * i + 2], pairs[run][4 * i + 3]};
                double[] g = new double[4];
                for (int s = 0; s < steps && Double.isFinite(th[0]); s++) {
                    columns[i].gradient(th, g);
                    for (int c = 0; c < 4; c++) th[c] -= eta * g[c];
                }
                System.arraycopy(th, 0, expected, 4 * i, 4);
            }
            double[] want = embed(expected, q);
            if (r.status[run] == Status.DIVERGED.code) continue; // values beyond the radius are not comparable
            for (int p = 0; p < want.length; p++) {
                double got = r.theta[p][run];
                assertEquals(want[p], got, tol * Math.max(1, Math.abs(want[p])), "run " + run + " " + matrix.parameterName(p));
            }
        }
    }

    /** θ = (vec U, vec V) with column i of U = Q·(u-pair in coordinates 2i, 2i+1), likewise V; other columns 0. */
    static double[] embed(double[] pairs, double[][] q) {
        double[] theta = new double[K * (M + N)];
        for (int i = 0; i < M; i++) {
            for (int a = 0; a < K; a++) {
                double u = q[a][2 * i] * pairs[4 * i] + q[a][2 * i + 1] * pairs[4 * i + 1];
                double v = q[a][2 * i] * pairs[4 * i + 2] + q[a][2 * i + 1] * pairs[4 * i + 3];
                theta[a * M + i] = u;
                theta[K * M + a * N + i] = v;
            }
        }
        return theta;
    }

    static double[][] identity() {
        double[][] q = new double[K][K];
        for (int a = 0; a < K; a++) q[a][a] = 1;
        return q;
    }

    /** Gram–Schmidt on a Gaussian matrix: a random orthogonal Q. */
    static double[][] randomOrthogonal(long seed) {
        Rng rng = new Rng(seed);
        double[][] cols = new double[K][K];
        for (int c = 0; c < K; c++) {
            for (int a = 0; a < K; a++) cols[c][a] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++)
                for (int b = 0; b < c; b++) {
                    double dot = 0;
                    for (int a = 0; a < K; a++) dot += cols[c][a] * cols[b][a];
                    for (int a = 0; a < K; a++) cols[c][a] -= dot * cols[b][a];
                }
            double norm = 0;
            for (int a = 0; a < K; a++) norm += cols[c][a] * cols[c][a];
            norm = Math.sqrt(norm);
            for (int a = 0; a < K; a++) cols[c][a] /= norm;
        }
        double[][] q = new double[K][K];
        for (int a = 0; a < K; a++) for (int c = 0; c < K; c++) q[a][c] = cols[c][a];
        return q;
    }
}
