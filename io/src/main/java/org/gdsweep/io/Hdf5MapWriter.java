package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.MatrixFactorization;
import org.gdsweep.engine.Slice;
import org.gdsweep.engine.SweepResult;

/**
 * Writes a basin map as HDF5 in the layout of docs/hdf5-layout.md: H×W maps with β along the first axis,
 * coordinate vectors, slice geometry, optional final parameters (parameter axis first), the problem's target and
 * provenance attributes on the root. Maps are chunked (≤ 256×256) and filtered per {@link Hdf5Output#compression()}.
 */
public final class Hdf5MapWriter {
    /** Version of the file layout; bump when docs/hdf5-layout.md changes incompatibly. */
    public static final int LAYOUT_VERSION = 1;
    private static final int CHUNK = 256;

    private Hdf5MapWriter() {}

    /** Writes atomically (temporary file + rename). */
    public static void write(MapData data, Path target, boolean overwrite) throws IOException {
        write(data, target, overwrite, g -> {});
    }

    /** As {@link #write(MapData, Path, boolean)}, letting {@code extra} add groups (e.g. fractal measures). */
    public static void write(MapData data, Path target, boolean overwrite, java.util.function.Consumer<WritableGroup> extra)
            throws IOException {
        AtomicFile.write(target, overwrite, tmp -> writeTo(data, tmp, extra));
    }

    private static void writeTo(MapData data, Path path, java.util.function.Consumer<WritableGroup> extra) {
        Slice s = data.slice();
        SweepResult r = data.result();
        int h = s.height(), w = s.width();
        try (WritableHdfFile f = HdfFile.write(path)) {
            f.putAttribute("layout", "gdsweep basin map");
            f.putAttribute("layout_version", LAYOUT_VERSION);
            for (Map.Entry<String, Object> e : data.provenance().entrySet()) f.putAttribute(e.getKey(), e.getValue());

            map(f, "status", toBytes(r.status, h, w), "0 converged, 1 diverged (radius or non-finite), 2 undecided (iteration cap)", "");
            map(f, "iterations", toInts(r.iterations, h, w), "GD steps taken", "steps");
            map(f, "loss", toDoubles(r.loss, h, w), "canonical loss at the final iterate", "loss");
            map(f, "grad_norm", toDoubles(r.gradNorm, h, w), "Euclidean norm of the gradient at the final iterate", "loss/parameter");
            map(f, "norm2", toDoubles(r.norm2, h, w), "N = squared Euclidean norm of the final iterate", "parameter^2");
            map(f, "imbalance", toDoubles(r.imbalance, h, w), "D = |first factor|^2 - |second factor|^2 at the final iterate", "parameter^2");
            if (r.product != null)
                map(f, "product", toDoubles(r.product, h, w), "u'v at the final iterate", "parameter^2");

            if (r.sharpness != null)
                map(f, "sharpness", toDoubles(r.sharpness, h, w), "top Hessian eigenvalue at the limit of converged runs (NaN otherwise)", "loss/parameter^2");

            if (r.period != null) {
                Hdf5Output.put(f, "period", toBytes(r.period, h, w), "1 converged, p >= 2 periodic orbit, 0 aperiodic/unknown, -1 diverged", "beta", "alpha");
                Hdf5Output.put(f, "distance", toDoubles(r.distance, h, w), "|theta_final - theta_0|", "beta", "alpha");
                Hdf5Output.put(f, "minimiser_side", toBytes(r.minimiserSide, h, w), "+1 nearest, -1 farthest minimiser (regularised scalar problem), 0 otherwise", "beta", "alpha");
            }
            if (r.asymptoticGradNorm != null)
                Hdf5Output.put(f, "asymptotic_grad_norm", toDoubles(r.asymptoticGradNorm, h, w), "undecided: mean |grad L| over the trailing window; converged: final; diverged: NaN", "beta", "alpha");

            coordinate(f, "alpha", s.alphas(), "coordinate along slice/e1 of each column (grid includes window edges)");
            coordinate(f, "beta", s.betas(), "coordinate along slice/e2 of each row (grid includes window edges)");

            WritableGroup slice = f.putGroup("slice");
            slice.putDataset("origin", s.origin()).putAttribute("description", "theta_0, the slice origin");
            slice.putDataset("e1", s.e1()).putAttribute("description", "direction of alpha");
            slice.putDataset("e2", s.e2()).putAttribute("description", "direction of beta");
            slice.putAttribute("window", new double[] {s.alpha0(), s.alpha1(), s.beta0(), s.beta1()});
            slice.putAttribute("theta", "theta(alpha, beta) = origin + alpha*e1 + beta*e2");

            String[] names = new String[data.problem().parameterCount()];
            for (int p = 0; p < names.length; p++) names[p] = data.problem().parameterName(p);
            WritableGroup problem = f.putGroup("problem");
            problem.putAttribute("parameter_names", names);
            for (Map.Entry<String, Object> e : data.problem().attributes().entrySet()) problem.putAttribute(e.getKey(), e.getValue());
            if (data.problem() instanceof MatrixFactorization m) {
                double[][] y = new double[m.m()][m.n()];
                double[] flat = m.targetCopy();
                for (int i = 0; i < m.m(); i++) System.arraycopy(flat, i * m.n(), y[i], 0, m.n());
                problem.putDataset("Y", y).putAttribute("description", "target Y (m x n)");
            }

            if (r.thetaIndex.length > 0) {
                double[][][] theta = new double[r.thetaIndex.length][][];
                String[] kept = new String[r.thetaIndex.length];
                for (int q = 0; q < theta.length; q++) {
                    theta[q] = toDoubles(r.theta[q], h, w);
                    kept[q] = names[r.thetaIndex[q]];
                }
                WritableDataset d = f.putDataset("theta", theta,
                        Hdf5Output.creation(new int[] {1, Math.min(h, CHUNK), Math.min(w, CHUNK)}, double.class));
                d.putAttribute("description", "final parameters, parameter axis first: theta[q, j, i] is parameter theta_index[q]");
                d.putAttribute("dims", new String[] {"parameter", "beta", "alpha"});
                d.putAttribute("parameter_names", kept);
                f.putDataset("theta_index", r.thetaIndex.clone()).putAttribute("description", "indices into the parameter vector of theta's rows");
            }
            extra.accept(f);
        }
    }

    private static void map(WritableHdfFile f, String name, Object data, String description, String units) {
        Object[] rows = (Object[]) data;
        int h = rows.length, w = java.lang.reflect.Array.getLength(rows[0]);
        WritableDataset d = f.putDataset(name, data,
                Hdf5Output.creation(new int[] {Math.min(h, CHUNK), Math.min(w, CHUNK)}, Hdf5Output.elementType(data)));
        d.putAttribute("description", description);
        if (!units.isEmpty()) d.putAttribute("units", units);
        d.putAttribute("dims", new String[] {"beta", "alpha"});
    }

    private static void coordinate(WritableHdfFile f, String name, double[] values, String description) {
        WritableDataset d = f.putDataset(name, values);
        d.putAttribute("description", description);
        d.putAttribute("dims", new String[] {name});
    }

    static byte[][] toBytes(byte[] flat, int h, int w) {
        byte[][] out = new byte[h][w];
        for (int j = 0; j < h; j++) System.arraycopy(flat, j * w, out[j], 0, w);
        return out;
    }

    static int[][] toInts(int[] flat, int h, int w) {
        int[][] out = new int[h][w];
        for (int j = 0; j < h; j++) System.arraycopy(flat, j * w, out[j], 0, w);
        return out;
    }

    static double[][] toDoubles(double[] flat, int h, int w) {
        double[][] out = new double[h][w];
        for (int j = 0; j < h; j++) System.arraycopy(flat, j * w, out[j], 0, w);
        return out;
    }
}
