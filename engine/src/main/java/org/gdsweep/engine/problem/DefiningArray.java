package org.gdsweep.engine.problem;

import java.util.List;

/**
 * An array that, with the problem's attributes, defines a problem (a target Y or Φ): io stores it under
 * {@code problem/NAME} so that the problem can be rebuilt from the file ({@link LossFamily#rebuild}).
 *
 * @param name        dataset name, e.g. {@code Y}
 * @param rows        rows of the matrix
 * @param cols        columns
 * @param values      row-major values (a copy)
 * @param description what it is, e.g. {@code target Y (m x n)}
 * @param dims        names of the row and column axes for readers (xarray dimension names, e.g. {@code sample},
 *                    {@code input}), or empty
 */
public record DefiningArray(String name, int rows, int cols, double[] values, String description, List<String> dims) {
    public DefiningArray {
        if (values.length != (long) rows * cols) throw new IllegalArgumentException(name + ": " + values.length + " values for " + rows + "x" + cols);
        if (!dims.isEmpty() && dims.size() != 2) throw new IllegalArgumentException(name + ": dims name both axes or none");
        values = values.clone();
        dims = List.copyOf(dims);
    }

    /** An array whose axes have no names of their own (readers see them as positional dimensions). */
    public DefiningArray(String name, int rows, int cols, double[] values, String description) {
        this(name, rows, cols, values, description, List.of());
    }

    @Override public double[] values() { return values.clone(); }
}
