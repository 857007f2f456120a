package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;


import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.scan.Trajectory;

/** Writes GD paths in the layout of docs/hdf5-layout.md ("Trajectories"): R runs × T recorded points, NaN/−1 padded. */
public final class Hdf5TraceWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.TRACE;

    private Hdf5TraceWriter() {}

    /** @param starts the R start points, each of P values */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, Problem problem, Trajectory[] t,
                             List<double[]> starts) throws IOException {
        int r = t.length, p = problem.parameterCount();
        int tmax = Arrays.stream(t).mapToInt(Trajectory::points).max().orElse(1);
        Hdf5Layout.write(K, target, overwrite, provenance, f -> {
            int[][] steps = new int[r][tmax];
            double[][] loss = pad(r, tmax), grad = pad(r, tmax), n2 = pad(r, tmax), imb = pad(r, tmax), sh = pad(r, tmax);
            double[][][] theta = new double[p][r][tmax];
            byte[] status = new byte[r];
            int[] iters = new int[r], points = new int[r];
            double[][] st = new double[p][r];
            for (int i = 0; i < r; i++) {
                Arrays.fill(steps[i], -1);
                int n = t[i].points();
                System.arraycopy(t[i].steps, 0, steps[i], 0, n);
                System.arraycopy(t[i].loss, 0, loss[i], 0, n);
                System.arraycopy(t[i].gradNorm, 0, grad[i], 0, n);
                System.arraycopy(t[i].norm2, 0, n2[i], 0, n);
                System.arraycopy(t[i].imbalance, 0, imb[i], 0, n);
                System.arraycopy(t[i].sharpness, 0, sh[i], 0, n);
                for (int q = 0; q < p; q++) {
                    Arrays.fill(theta[q][i], Double.NaN);
                    System.arraycopy(t[i].theta[q], 0, theta[q][i], 0, n);
                    st[q][i] = starts.get(i)[q];
                }
                status[i] = t[i].status;
                iters[i] = t[i].iterations;
                points[i] = n;
            }
            Hdf5Layout.put(K, f, "step", steps);
            Hdf5Layout.put(K, f, "loss", loss);
            Hdf5Layout.put(K, f, "grad_norm", grad);
            Hdf5Layout.put(K, f, "norm2", n2);
            Hdf5Layout.put(K, f, "imbalance", imb);
            Hdf5Layout.put(K, f, "sharpness", sh);
            Hdf5Layout.put(K, f, "theta", theta);
            Hdf5Layout.put(K, f, "status", status);
            Hdf5Layout.put(K, f, "iterations", iters);
            Hdf5Layout.put(K, f, "points", points);
            Hdf5Layout.put(K, f, "starts", st);
            Hdf5Groups.problem(K, f, problem);
        });
    }

    private static double[][] pad(int r, int t) {
        double[][] a = new double[r][t];
        for (double[] row : a) Arrays.fill(row, Double.NaN);
        return a;
    }
}
