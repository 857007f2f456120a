package org.gdsweep.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;

/** Reads what gdsweep's own commands need back from its files: a map's label fields, and the problem of any file. */
public final class Hdf5Reader {
    private Hdf5Reader() {}

    /**
     * The per-run maps that labels are built from, flattened row-major (run index j·W + i); the optional ones are null
     * when the map was written without {@code --limit-features}.
     */
    public record LabelFields(int width, int height, byte[] status, byte[] limit, byte[] minimiserSide, byte[] period, long[] limitOrthant) {}

    /** A file's content is not what the caller expected; the message says what is missing. */
    public static final class UnexpectedContentException extends RuntimeException {
        UnexpectedContentException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code status} and, where present, {@code limit}, {@code minimiser_side}, {@code period} and {@code limit_orthant}.
     *
     * @throws UnexpectedContentException if there is no int8 {@code status} map (or the file is not HDF5)
     */
    /**
     * Height and width of a map's {@code status} dataset, read from its header alone (to size a job before reading).
     *
     * @throws UnexpectedContentException if there is no 2-D {@code status} dataset
     */
    public static int[] mapShape(Path map) {
        try (HdfFile f = new HdfFile(map)) {
            if (!(f.getChildren().get("status") instanceof Dataset st) || st.getDimensions().length != 2)
                throw new UnexpectedContentException(map + " has no 2-D 'status' map; is it a gdsweep map file?");
            return st.getDimensions();
        } catch (UnexpectedContentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnexpectedContentException("cannot read " + map + " as HDF5 (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code file} is the index of a tiled map (root attribute {@code tile_directory}). */
    public static boolean isTileIndex(Path file) {
        try (HdfFile f = new HdfFile(file)) {
            return f.getAttributes().containsKey("tile_directory");
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static LabelFields labelFields(Path map) {
        try (HdfFile f = new HdfFile(map)) {
            if (!(f.getChildren().get("status") instanceof Dataset st) || !(st.getData() instanceof byte[][] s))
                throw new UnexpectedContentException(map + " has no int8 'status' map; is it a gdsweep map file?");
            int h = s.length, w = h == 0 ? 0 : s[0].length;
            byte[][] limit = f.getChildren().get("limit") instanceof Dataset d && d.getData() instanceof byte[][] m ? m : null;
            byte[][] side = f.getChildren().get("minimiser_side") instanceof Dataset d && d.getData() instanceof byte[][] m ? m : null;
            byte[][] period = f.getChildren().get("period") instanceof Dataset d && d.getData() instanceof byte[][] p ? p : null;
            long[][] orthant = f.getChildren().get("limit_orthant") instanceof Dataset d && d.getData() instanceof long[][] o ? o : null;
            // Validate what is read (a file edited by hand or written by another tool must not be measured as if it
            // were a gdsweep map): the status codes, and side maps of the same shape with values in their range.
            byte[] status = checked(map, "status", s, h, w, -1, 2);
            if (side != null) checked(map, "minimiser_side", side, h, w, -1, 1);
            if (limit != null) checked(map, "limit", limit, h, w, 0, org.gdsweep.engine.problem.LimitKind.values().length - 1);
            if (period != null) checked(map, "period", period, h, w, -1, org.gdsweep.engine.sweep.RunRecorder.MAX_PERIOD);
            if (orthant != null && (orthant.length != h || java.util.Arrays.stream(orthant).anyMatch(r -> r.length != w)))
                throw new UnexpectedContentException(map + ": 'limit_orthant' is not " + h + "x" + w + " like 'status'");
            return new LabelFields(w, h, status, limit == null ? null : flat(limit, w), side == null ? null : flat(side, w), period == null ? null : flat(period, w),
                    orthant == null ? null : flatLong(orthant, w));
        } catch (UnexpectedContentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnexpectedContentException("cannot read " + map + " as HDF5 (" + e.getMessage() + ")");
        }
    }

    /**
     * Rebuilds the problem a file was computed for, from its {@code problem} group: the family (attribute
     * {@code loss_family}, or the root's {@code problem} kind), its attributes and its defining arrays.
     */
    public static Problem problem(Path file) {
        try (HdfFile f = new HdfFile(file)) {
            if (!(f.getChildren().get("problem") instanceof Group g)) throw new UnexpectedContentException(file + " has no 'problem' group");
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Map.Entry<String, Attribute> a : g.getAttributes().entrySet()) attributes.put(a.getKey(), a.getValue().getData());
            Map<String, double[]> arrays = new LinkedHashMap<>();
            for (Map.Entry<String, Node> c : g.getChildren().entrySet()) {
                if (c.getValue() instanceof Dataset d && d.getData() instanceof double[][] rows) {
                    int cols = rows.length == 0 ? 0 : rows[0].length;
                    double[] flat = new double[rows.length * cols];
                    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, flat, i * cols, cols);
                    arrays.put(c.getKey(), flat);
                }
            }
            Object family = attributes.get("loss_family");
            return (family != null ? LossFamilies.named(family.toString()) : LossFamilies.ofFileKind(f.getAttribute("problem").getData().toString()))
                    .rebuild(attributes, arrays);
        }
    }

    /**
     * Any numeric dataset of a file, flattened row-major into doubles (int8 … float64, any rank): for analyses of a
     * command's results (the reproduce presets).
     *
     * @throws UnexpectedContentException if the file has no such dataset
     */
    public static double[] doubles(Path file, String path) {
        try (HdfFile f = new HdfFile(file)) {
            Object data;
            try {
                data = f.getDatasetByPath(path).getData();
            } catch (RuntimeException e) {
                throw new UnexpectedContentException(file + " has no dataset '" + path + "'");
            }
            java.util.List<Double> out = new java.util.ArrayList<>();
            flattenNumbers(data, out);
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** An attribute of the group (or dataset) at {@code path} ("" for the root), or null if absent. */
    public static Object attribute(Path file, String path, String name) {
        try (HdfFile f = new HdfFile(file)) {
            Node node = path.isEmpty() ? f : f.getByPath(path);
            Attribute a = node.getAttribute(name);
            return a == null ? null : a.getData();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void flattenNumbers(Object data, java.util.List<Double> out) {
        if (data instanceof Number n) {
            out.add(n.doubleValue());
        } else if (data != null && data.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(data);
            for (int i = 0; i < n; i++) flattenNumbers(java.lang.reflect.Array.get(data, i), out);
        }
    }

    /** {@code rows} flattened, after checking it is h × w with every value in [lo, hi]. */
    private static byte[] checked(Path file, String name, byte[][] rows, int h, int w, int lo, int hi) {
        if (rows.length != h) throw new UnexpectedContentException(file + ": '" + name + "' has " + rows.length + " rows, 'status' " + h);
        for (int j = 0; j < h; j++) {
            if (rows[j].length != w) throw new UnexpectedContentException(file + ": '" + name + "' is not " + h + "x" + w + " like 'status'");
            for (int i = 0; i < w; i++)
                if (rows[j][i] < lo || rows[j][i] > hi)
                    throw new UnexpectedContentException(file + ": '" + name + "' holds " + rows[j][i] + " at row " + j + ", column " + i
                            + "; gdsweep writes only " + lo + ".." + hi + (name.equals("status") ? " (-1 outside the quotient wedge, 0 converged, 1 diverged, 2 undecided)" : ""));
        }
        return flat(rows, w);
    }

    private static byte[] flat(byte[][] rows, int w) {
        byte[] out = new byte[rows.length * w];
        for (int j = 0; j < rows.length; j++) System.arraycopy(rows[j], 0, out, j * w, w);
        return out;
    }

    private static long[] flatLong(long[][] rows, int w) {
        long[] out = new long[rows.length * w];
        for (int j = 0; j < rows.length; j++) System.arraycopy(rows[j], 0, out, j * w, w);
        return out;
    }
}
