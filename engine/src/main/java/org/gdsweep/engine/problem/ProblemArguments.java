package org.gdsweep.engine.problem;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The values of a family's {@link FamilyOption}s as the user gave them (or their defaults), typed as declared, with the
 * seed that draws random targets. Implemented by the CLI; tests and embedding code use {@link #of}.
 */
public interface ProblemArguments {
    /** The value of an option the family declared: an Integer, Double or String. */
    Object value(String option);

    /** Seed of random targets (for example {@code --Y diag-uniform}). */
    long targetSeed();

    /**
     * The training data in the HDF5 file {@code path} (datasets X, n × n₀, and Y, n × out): the CLI reads it through io;
     * the engine does no I/O, so the default refuses.
     *
     * @throws ProblemSpecException naming {@code --data} when the file cannot be read or is malformed
     */
    default TrainingData trainingData(String path) {
        throw new ProblemSpecException("--data " + path + ": reading data files needs the gdsweep command line (io module)");
    }

    default int integer(String option) { return (Integer) value(option); }

    default double real(String option) { return (Double) value(option); }

    default String text(String option) { return ((String) value(option)).trim(); }

    /** Arguments from a map of option values (every option the family reads must be present). */
    static ProblemArguments of(java.util.Map<String, Object> values, long targetSeed) {
        java.util.Map<String, Object> copy = java.util.Map.copyOf(values);
        return new ProblemArguments() {
            @Override public Object value(String option) {
                Object v = copy.get(option);
                if (v == null) throw new IllegalArgumentException("no value for " + option);
                return v;
            }

            @Override public long targetSeed() { return targetSeed; }
        };
    }

    /** A decimal number as people write it: no hexadecimal, no type suffix ({@code 1d}, {@code 2f}), no "NaN". */
    Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * The items of a list separated by {@code separator}, each trimmed. Strict: an empty item (a separator at the
     * start, at the end or doubled, as in {@code "1,2,"}) is refused rather than dropped, so a typo is never misread.
     *
     * @throws ProblemSpecException naming {@code option}
     */
    static String[] items(String option, String text, String separator) {
        String[] parts = text.split(Pattern.quote(separator), -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].trim();
            if (parts[i].isEmpty())
                throw new ProblemSpecException(option + ": empty item in '" + text + "' (a '" + separator + "' at the start, at the end or doubled)");
        }
        return parts;
    }

    /**
     * Numbers separated by {@code separator} (blanks around each ignored), each a finite decimal number.
     *
     * @throws ProblemSpecException naming {@code option} when an item is empty or not a finite decimal number
     */
    static double[] numbers(String option, String text, String separator) {
        String[] parts = items(option, text, separator);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                if (!DECIMAL.matcher(parts[i]).matches() && !parts[i].matches("[+-]?(Infinity|inf)")) throw new NumberFormatException();
                v[i] = Double.parseDouble(parts[i].replace("inf", "Infinity"));
            } catch (NumberFormatException e) {
                throw new ProblemSpecException(option + ": '" + parts[i] + "' is not a number (in '" + text + "')");
            }
            if (!Double.isFinite(v[i])) throw new ProblemSpecException(option + " values must be finite, got '" + parts[i].trim() + "'");
        }
        return v;
    }

    /**
     * Layer widths n₀,…,n_H: a comma-separated list of integers in [1, {@code maxWidth}] (the families check the number
     * of layers and parameters themselves).
     *
     * @throws ProblemSpecException naming {@code option}
     */
    static int[] widths(String option, String text, int maxWidth) {
        double[] ws = numbers(option, text, ",");
        int[] w = new int[ws.length];
        for (int i = 0; i < ws.length; i++) {
            if (ws[i] != Math.rint(ws[i]) || ws[i] < 1 || ws[i] > maxWidth)
                throw new ProblemSpecException(option + " must be integers in [1, " + maxWidth + "], got '" + text + "'");
            w[i] = (int) ws[i];
        }
        return w;
    }

    /** {@code target_spec} (how {@code --Y} was given) and {@code target_seed}, for families whose target is {@code --Y}. */
    static Map<String, Object> targetProvenance(ProblemArguments a) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("target_spec", a.text("--Y"));
        m.put("target_seed", a.targetSeed());
        return m;
    }

    /**
     * A target matrix rows × cols from a spec: {@code diag-uniform} (diagonal, entries uniform in [0, 1) drawn from
     * {@code seed}) or rows {@code 'a,b;c,d'}. Row-major.
     */
    static double[] targetMatrix(String option, String spec, int rows, int cols, long seed) {
        String s = spec.trim();
        if (s.equals("diag-uniform")) return MatrixFactorization.drawDiagonalTarget(rows, cols, seed);
        String[] r = items(option, s, ";");
        if (r.length != rows) throw new ProblemSpecException(option + " needs " + rows + " rows separated by ';' (m = " + rows + "), got " + r.length);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double[] row = numbers(option, r[i], ",");
            if (row.length != cols) throw new ProblemSpecException(option + " row " + i + " needs " + cols + " values (n = " + cols + "), got " + row.length);
            System.arraycopy(row, 0, out, i * cols, cols);
        }
        return out;
    }
}
