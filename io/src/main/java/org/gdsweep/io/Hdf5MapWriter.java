package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

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

    /**
     * Writes a map assembled tile by tile ({@link StreamedMap}): the same file as {@link #write(MapData, Path, boolean,
     * java.util.function.Consumer)} of the whole map, its per-run maps written from the chunks compressed as the tiles
     * came. Atomic (temporary file + rename).
     */
    public static void write(StreamedMap map, Map<String, Object> provenance, Path target, boolean overwrite,
                             java.util.function.Consumer<WritableGroup> extra) throws IOException {
        Hdf5Layout.write(K, target, overwrite, provenance, f -> writeTo(map.template(), 0, map.height(), (name, flat) -> map.grid(name), f, extra));
    }

    private static void writeTo(MapData data, WritableHdfFile f, java.util.function.Consumer<WritableGroup> extra) {
        int h = data.rows(), w = data.slice().width();
        writeTo(data, data.row0(), h, (name, flat) -> Hdf5Output.grid(flat, h, w), f, extra);
    }

    /** What a map's per-run grid becomes in the file: a {@link Hdf5Output.Grid} of its values, or compressed chunks. */
    @FunctionalInterface
    interface GridData {
        Object of(String name, Object flat);
    }

    /** Sees each per-run map a file of {@code data} holds, in file order: its dataset name, flat values and, for a family's derived quantity, that quantity. */
    @FunctionalInterface
    interface GridVisitor {
        void visit(String name, Object flat, DerivedQuantity derived);
    }

    /**
     * The per-run maps (H×W grids) a map file holds for {@code data}, in the order they are written: the one list that
     * the writer and {@link StreamedMap} follow.
     */
    static void forEachGrid(MapData data, GridVisitor v) {
        SweepResult r = data.result();
        v.visit("status", r.status, null);
        v.visit("limit", r.limit, null);
        if (data.writes("iterations")) v.visit("iterations", r.iterations, null);
        if (data.writes("loss")) v.visit("loss", r.loss, null);
        if (data.writes("grad_norm")) v.visit("grad_norm", r.gradNorm, null);
        if (data.writes("norm2")) v.visit("norm2", r.norm2, null);
        if (data.writes("imbalance")) v.visit("imbalance", r.imbalance, null);
        for (int k = 0; r.derived != null && k < r.derived.length; k++) {
            DerivedQuantity q = r.derivedQuantities.get(k);
            if (data.writes(q.name())) v.visit(q.name(), r.derived[k], q);
        }
        if (r.sharpness != null) v.visit("sharpness", r.sharpness, null);
        if (r.period != null) {
            v.visit("period", r.period, null);
            v.visit("distance", r.distance, null);
            v.visit("minimiser_side", r.minimiserSide, null);
            v.visit("limit_orthant", r.limitOrthant, null);
        }
        if (r.asymptoticGradNorm != null) v.visit("asymptotic_grad_norm", r.asymptoticGradNorm, null);
    }

    /** The file of {@code data}'s problem and slice, rows {@code row0} to {@code row0 + h}, its grids given by {@code grids}. */
    private static void writeTo(MapData data, int row0, int h, GridData grids, WritableHdfFile f, java.util.function.Consumer<WritableGroup> extra) {
        Slice s = data.slice();
        SweepResult r = data.result();
        int w = s.width();
        forEachGrid(data, (name, flat, q) -> {
            Object grid = grids.of(name, flat);
            if (name.equals("limit")) Hdf5Layout.putLimit(K, f, name, grid);
            else if (q != null) Hdf5Layout.putFamilyDefined(K, f, name, grid, q.symbol() + " at the final iterate", q.units());
            else Hdf5Layout.put(K, f, name, grid);
        });

        Hdf5Layout.put(K, f, "alpha", s.alphas());
        Hdf5Layout.put(K, f, "beta", java.util.Arrays.copyOfRange(s.betas(), row0, row0 + h));
        Hdf5Groups.slice(K, f, s);
        Hdf5Groups.problem(K, f, data.problem());

        if (r.thetaIndex.length > 0) {
            Object[] theta = new Object[r.thetaIndex.length];
            String[] kept = new String[r.thetaIndex.length];
            for (int q = 0; q < theta.length; q++) {
                theta[q] = r.theta[q];
                kept[q] = data.problem().parameterName(r.thetaIndex[q]);
            }
            Hdf5Layout.put(K, f, "theta", new Hdf5Output.Stack(theta, h, w)).putAttribute("parameter_names", kept);
            Hdf5Layout.put(K, f, "theta_index", r.thetaIndex.clone());
        }
        extra.accept(f);
    }
}
