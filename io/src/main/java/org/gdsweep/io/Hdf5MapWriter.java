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

            map(f, "status", Hdf5Output.rows(r.status, h, w), "0 converged, 1 diverged (radius or non-finite), 2 undecided (iteration cap)", "");
            if (data.writes("iterations")) map(f, "iterations", Hdf5Output.rows(r.iterations, h, w), "GD steps taken", "steps");
            if (data.writes("loss")) map(f, "loss", Hdf5Output.rows(r.loss, h, w), "canonical loss at the final iterate", "loss");
            if (data.writes("grad_norm"))
                map(f, "grad_norm", Hdf5Output.rows(r.gradNorm, h, w), "Euclidean norm of the gradient at the final iterate", "loss/parameter");
            if (data.writes("norm2")) map(f, "norm2", Hdf5Output.rows(r.norm2, h, w), "N = squared Euclidean norm of the final iterate", "parameter^2");
            if (data.writes("imbalance"))
                map(f, "imbalance", Hdf5Output.rows(r.imbalance, h, w), "D = |first factor|^2 - |second factor|^2 at the final iterate", "parameter^2");
            if (r.product != null && data.writes("product"))
                map(f, "product", Hdf5Output.rows(r.product, h, w), "u'v at the final iterate", "parameter^2");

            if (r.sharpness != null)
                map(f, "sharpness", Hdf5Output.rows(r.sharpness, h, w), "top Hessian eigenvalue at the limit of converged runs (NaN otherwise)", "loss/parameter^2");

            if (r.period != null) {
                Hdf5Output.put(f, "period", Hdf5Output.rows(r.period, h, w), "1 converged, p >= 2 periodic orbit, 0 aperiodic/unknown, -1 diverged", "beta", "alpha");
                Hdf5Output.put(f, "distance", Hdf5Output.rows(r.distance, h, w), "|theta_final - theta_0|", "beta", "alpha");
                Hdf5Output.put(f, "minimiser_side", Hdf5Output.rows(r.minimiserSide, h, w), "+1 nearest, -1 farthest minimiser (regularised scalar problem), 0 otherwise", "beta", "alpha");
                Hdf5Output.put(f, "limit_orthant", Hdf5Output.rows(r.limitOrthant, h, w),
                        "sign pattern of the final iterate: sum_q 3^(P-1-q) (s_q + 1), s_q = sign(theta_q), 0 within sqrt(tol) of 0 (exact up to 39 parameters)", "beta", "alpha");
            }
            if (r.asymptoticGradNorm != null)
                Hdf5Output.put(f, "asymptotic_grad_norm", Hdf5Output.rows(r.asymptoticGradNorm, h, w), "undecided: mean |grad L| over the trailing window; converged: final; diverged: NaN", "beta", "alpha");

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
                problem.putDataset("Y", Hdf5Output.rows(m.targetCopy(), m.m(), m.n())).putAttribute("description", "target Y (m x n)");
            }

            if (r.thetaIndex.length > 0) {
                double[][][] theta = new double[r.thetaIndex.length][][];
                String[] kept = new String[r.thetaIndex.length];
                for (int q = 0; q < theta.length; q++) {
                    theta[q] = Hdf5Output.rows(r.theta[q], h, w);
                    kept[q] = names[r.thetaIndex[q]];
                }
                Hdf5Output.put(f, "theta", theta, "final parameters, parameter axis first: theta[q, j, i] is parameter theta_index[q]",
                        "parameter", "beta", "alpha").putAttribute("parameter_names", kept);
                f.putDataset("theta_index", r.thetaIndex.clone()).putAttribute("description", "indices into the parameter vector of theta's rows");
            }
            extra.accept(f);
        }
    }

    /** An H×W map (chunking and filters from {@link Hdf5Output#put}) with its units. */
    private static void map(WritableHdfFile f, String name, Object data, String description, String units) {
        WritableDataset d = Hdf5Output.put(f, name, data, description, "beta", "alpha");
        if (!units.isEmpty()) d.putAttribute("units", units);
    }

    private static void coordinate(WritableHdfFile f, String name, double[] values, String description) {
        Hdf5Output.put(f, name, values, description, name);
    }
}
