package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;

import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.problem.DerivedQuantity;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Writes a basin map as HDF5 in the layout of docs/hdf5-layout.md: H×W maps with β along the first axis,
 * coordinate vectors, slice geometry, optional final parameters (parameter axis first), the problem's target and
 * provenance attributes on the root. Maps are chunked ({@link Hdf5Output#chunk}) and filtered per {@link Hdf5Output#compression()}.
 */
public final class Hdf5MapWriter {
    private static final Hdf5Layout.Kind K = Hdf5Layout.Kind.MAP;

    private Hdf5MapWriter() {}

    /** Writes atomically (temporary file + rename). */
    public static void write(MapData data, Path target, boolean overwrite) throws IOException {
        write(data, target, overwrite, g -> {});
    }

    /** As {@link #write(MapData, Path, boolean)}, letting {@code extra} add groups (e.g. fractal measures). */
    public static void write(MapData data, Path target, boolean overwrite, java.util.function.Consumer<WritableGroup> extra)
            throws IOException {
        Hdf5Layout.write(K, target, overwrite, data.provenance(), f -> writeTo(data, f, extra));
    }

    private static void writeTo(MapData data, WritableHdfFile f, java.util.function.Consumer<WritableGroup> extra) {
        Slice s = data.slice();
        SweepResult r = data.result();
        int h = data.rows(), w = s.width();
        Hdf5Layout.put(K, f, "status", Hdf5Output.grid(r.status, h, w));
        Hdf5Layout.putLimit(K, f, "limit", Hdf5Output.grid(r.limit, h, w));
        if (data.writes("iterations")) Hdf5Layout.put(K, f, "iterations", Hdf5Output.grid(r.iterations, h, w));
        if (data.writes("loss")) Hdf5Layout.put(K, f, "loss", Hdf5Output.grid(r.loss, h, w));
        if (data.writes("grad_norm")) Hdf5Layout.put(K, f, "grad_norm", Hdf5Output.grid(r.gradNorm, h, w));
        if (data.writes("norm2")) Hdf5Layout.put(K, f, "norm2", Hdf5Output.grid(r.norm2, h, w));
        if (data.writes("imbalance")) Hdf5Layout.put(K, f, "imbalance", Hdf5Output.grid(r.imbalance, h, w));
        for (int k = 0; r.derived != null && k < r.derived.length; k++) {
            DerivedQuantity q = r.derivedQuantities.get(k);
            if (data.writes(q.name()))
                Hdf5Layout.putFamilyDefined(K, f, q.name(), Hdf5Output.grid(r.derived[k], h, w), q.symbol() + " at the final iterate", q.units());
        }
        if (r.sharpness != null) Hdf5Layout.put(K, f, "sharpness", Hdf5Output.grid(r.sharpness, h, w));
        if (r.period != null) {
            Hdf5Layout.put(K, f, "period", Hdf5Output.grid(r.period, h, w));
            Hdf5Layout.put(K, f, "distance", Hdf5Output.grid(r.distance, h, w));
            Hdf5Layout.put(K, f, "minimiser_side", Hdf5Output.grid(r.minimiserSide, h, w));
            Hdf5Layout.put(K, f, "limit_orthant", Hdf5Output.grid(r.limitOrthant, h, w));
        }
        if (r.asymptoticGradNorm != null) Hdf5Layout.put(K, f, "asymptotic_grad_norm", Hdf5Output.grid(r.asymptoticGradNorm, h, w));

        Hdf5Layout.put(K, f, "alpha", s.alphas());
        Hdf5Layout.put(K, f, "beta", java.util.Arrays.copyOfRange(s.betas(), data.row0(), data.row0() + h));
        Hdf5Groups.slice(K, f, s);
        Hdf5Groups.problem(K, f, data.problem());

        if (r.thetaIndex.length > 0) {
            double[][][] theta = new double[r.thetaIndex.length][][];
            String[] kept = new String[r.thetaIndex.length];
            for (int q = 0; q < theta.length; q++) {
                theta[q] = Hdf5Output.rows(r.theta[q], h, w);
                kept[q] = data.problem().parameterName(r.thetaIndex[q]);
            }
            Hdf5Layout.put(K, f, "theta", theta).putAttribute("parameter_names", kept);
            Hdf5Layout.put(K, f, "theta_index", r.thetaIndex.clone());
        }
        extra.accept(f);
    }
}
