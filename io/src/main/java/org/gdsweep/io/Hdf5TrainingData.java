package org.gdsweep.io;

import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import org.gdsweep.engine.problem.ProblemSpecException;
import org.gdsweep.engine.problem.TrainingData;

/**
 * Reads a network's training data ({@code --data FILE.h5}): datasets {@code X} (n × n₀) and {@code Y} (n × out, or n for
 * one output) at the file's root, of any real or integer type (converted to float64), as h5py writes them
 * ({@code f["X"] = X}; scripts/make-digits-data.py). Every problem is one line naming {@code --data}.
 */
public final class Hdf5TrainingData {
    private Hdf5TrainingData() {}

    public static TrainingData read(String path) {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) throw new ProblemSpecException("--data " + path + ": no such file (or give 'teacher')");
        try (HdfFile f = new HdfFile(file)) {
            double[][] x = matrix(f, "X", path);
            double[][] y = matrix(f, "Y", path);
            if (x.length != y.length) throw new ProblemSpecException("--data " + path + ": X has " + x.length + " rows but Y has " + y.length);
            if (x.length == 0) throw new ProblemSpecException("--data " + path + ": no samples");
            int d0 = x[0].length, out = y[0].length;
            double[] xs = new double[x.length * d0], ys = new double[y.length * out];
            for (int s = 0; s < x.length; s++) {
                System.arraycopy(x[s], 0, xs, s * d0, d0);
                System.arraycopy(y[s], 0, ys, s * out, out);
            }
            return new TrainingData(x.length, d0, out, xs, ys);
        } catch (ProblemSpecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProblemSpecException("--data " + path + ": not a readable HDF5 file (" + e.getMessage() + ")");
        }
    }

    /** Dataset {@code name} as rows of doubles (a 1-D dataset is one column). */
    private static double[][] matrix(HdfFile f, String name, String path) {
        Node node = f.getChildren().get(name);
        if (!(node instanceof Dataset d)) throw new ProblemSpecException("--data " + path + ": needs a dataset '" + name + "' at the root");
        int[] dims = d.getDimensions();
        if (dims.length < 1 || dims.length > 2)
            throw new ProblemSpecException("--data " + path + ": " + name + " must be 1- or 2-dimensional, it has " + dims.length + " dimensions");
        Object data = d.getData();
        int rows = dims[0], cols = dims.length == 2 ? dims[1] : 1;
        if ((long) rows * cols > TrainingData.MAX_VALUES) throw new ProblemSpecException("--data " + path + ": " + name + " holds more than 2^28 values");
        if (cols == 0) throw new ProblemSpecException("--data " + path + ": " + name + " has no columns");
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            Object row = dims.length == 2 ? Array.get(data, r) : null;
            for (int c = 0; c < cols; c++) out[r][c] = number(dims.length == 2 ? Array.get(row, c) : Array.get(data, r), name, path);
        }
        return out;
    }

    private static double number(Object v, String name, String path) {
        if (v instanceof Number n) return n.doubleValue();
        throw new ProblemSpecException("--data " + path + ": " + name + " must hold numbers, found " + v.getClass().getSimpleName());
    }
}
