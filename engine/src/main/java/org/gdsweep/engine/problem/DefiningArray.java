package org.gdsweep.engine.problem;

/**
 * An array that, with the problem's attributes, defines a problem (a target Y or Φ): io stores it under
 * {@code problem/NAME} so that the problem can be rebuilt from the file ({@link LossFamily#rebuild}).
 *
 * @param name        dataset name, e.g. {@code Y}
 * @param rows        rows of the matrix
 * @param cols        columns
 * @param values      row-major values (a copy)
 * @param description what it is, e.g. {@code target Y (m x n)}
 */
public record DefiningArray(String name, int rows, int cols, double[] values, String description) {
    public DefiningArray {
        if (values.length != (long) rows * cols) throw new IllegalArgumentException(name + ": " + values.length + " values for " + rows + "x" + cols);
        values = values.clone();
    }

    @Override public double[] values() { return values.clone(); }
}
