package org.gdsweep.engine.problem;

import java.util.Arrays;

/** Singular values of a small dense matrix, for the closed-form minimum losses of the matrix families. */
final class SingularValues {
    private SingularValues() {}

    /**
     * σ₁ ≥ σ₂ ≥ … ≥ σ_min(m,n) ≥ 0 of the row-major m×n matrix a: square roots of the eigenvalues of the Gram matrix
     * of the smaller side, by cyclic Jacobi rotations (to 1e-15 relative off-diagonal mass; the matrices here are at
     * most a few hundred on a side, and this runs once per problem).
     */
    static double[] of(double[] a, int m, int n) {
        boolean rows = m <= n; // Gram matrix of the shorter side: A·Aᵀ (m×m) or Aᵀ·A (n×n)
        int s = rows ? m : n, t = rows ? n : m;
        double[] g = new double[s * s];
        for (int i = 0; i < s; i++)
            for (int j = 0; j < s; j++) {
                double sum = 0;
                for (int k = 0; k < t; k++) sum += rows ? a[i * n + k] * a[j * n + k] : a[k * n + i] * a[k * n + j];
                g[i * s + j] = sum;
            }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0, total = 0;
            for (int i = 0; i < s; i++)
                for (int j = 0; j < s; j++) {
                    total += g[i * s + j] * g[i * s + j];
                    if (i != j) off += g[i * s + j] * g[i * s + j];
                }
            if (off <= 1e-30 * total || off == 0) break;
            for (int p = 0; p < s; p++)
                for (int q = p + 1; q < s; q++) {
                    double apq = g[p * s + q];
                    if (apq == 0) continue;
                    double theta = (g[q * s + q] - g[p * s + p]) / (2 * apq);
                    double tan = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) tan = 1;
                    double c = 1 / Math.sqrt(tan * tan + 1), sn = tan * c;
                    for (int k = 0; k < s; k++) { // G ← Jᵀ G J, columns then rows
                        double gkp = g[k * s + p], gkq = g[k * s + q];
                        g[k * s + p] = c * gkp - sn * gkq;
                        g[k * s + q] = sn * gkp + c * gkq;
                    }
                    for (int k = 0; k < s; k++) {
                        double gpk = g[p * s + k], gqk = g[q * s + k];
                        g[p * s + k] = c * gpk - sn * gqk;
                        g[q * s + k] = sn * gpk + c * gqk;
                    }
                }
        }
        double[] sigma = new double[s];
        for (int i = 0; i < s; i++) sigma[i] = Math.sqrt(Math.max(0, g[i * s + i]));
        Arrays.sort(sigma);
        for (int i = 0; i < s / 2; i++) {
            double x = sigma[i];
            sigma[i] = sigma[s - 1 - i];
            sigma[s - 1 - i] = x;
        }
        return sigma;
    }

    /**
     * min over rank-≤r factorisations of ½‖P − Y‖²_F + λ·(nuclear-norm penalty of balanced factors), i.e. the minimum
     * of ½‖UᵀV − Y‖²_F + (λ/2)(‖U‖²_F + ‖V‖²_F) over U, V with r rows: each kept singular value contributes
     * λσ − λ²/2 if σ &gt; λ (shrunk to σ − λ) else σ²/2 (dropped), each singular value beyond the r largest σ²/2.
     */
    static double regularisedLowRankMinimum(double[] sigma, int rank, double lambda) {
        double sum = 0;
        for (int i = 0; i < sigma.length; i++) {
            double s = sigma[i];
            sum += i < rank && s > lambda ? lambda * s - 0.5 * lambda * lambda : 0.5 * s * s;
        }
        return sum;
    }
}
