package org.gdsweep.engine.problem;

import java.util.List;
import java.util.Map;

/**
 * A loss family: the one unit that knows a family's CLI name, its options, how to build and rebuild its
 * {@link Problem}, and what files record about it. Drivers, the CLI and io ask the family (or the problem's hooks:
 * {@link Problem#family()}, {@link Problem#definingArrays()}, {@link Problem#derivedQuantities()},
 * {@link Problem#minimiserSide}, the closed forms) and never test which problem class they hold.
 *
 * <p>Built-in families are registered in {@link LossFamilies}; a family defined outside gdsweep is added through
 * {@link java.util.ServiceLoader} (see {@link LossFamilies}) and runs on the scalar reference unless a kernel provider
 * knows it. Its vector kernels, where it has some, are chosen by the kernel provider from {@link #name()} with an
 * exhaustive switch over {@link Arithmetic}.
 */
public interface LossFamily {
    /** The name {@code --loss} takes and files record as {@code loss_family}, e.g. {@code chain}. */
    String name();

    /**
     * The value of the {@code problem} attribute in files of layout version 1 (e.g. {@code deep-chain}): frozen so that
     * existing readers keep working; equal to {@link Problem#kind()}.
     */
    String fileKind();

    /** The loss in canonical form, for help texts, e.g. {@code 0.5*(w_H...w_1 - y)^2 + (lambda/2)|w|^2}. */
    String summary();

    /** The options this family reads (besides the common {@code --lambda}, {@code --c}, {@code --mu}, {@code --arithmetic}). */
    List<FamilyOption> options();

    /**
     * Builds the canonical problem.
     *
     * @param arguments  the values of {@link #options()}
     * @param lambda     canonical weight decay λ ≥ 0
     * @param arithmetic how the step is computed
     * @throws ProblemSpecException naming the option when a value is out of range
     */
    Problem build(ProblemArguments arguments, double lambda, Arithmetic arithmetic);

    /**
     * Rebuilds a problem from what a file stores: the {@code problem} group's attributes ({@link Problem#attributes()})
     * and its {@link DefiningArray}s by name (row-major values).
     */
    Problem rebuild(Map<String, Object> attributes, Map<String, double[]> arrays);

    /**
     * Root attributes that record how the arguments were given where the problem alone does not say it (for a target
     * drawn at random: the spec and its seed). The default: none.
     */
    default Map<String, Object> provenance(ProblemArguments arguments) {
        return Map.of();
    }

    /** The defining array {@code name} of a stored problem. */
    static double[] array(Map<String, double[]> arrays, String name) {
        double[] v = arrays.get(name);
        if (v == null) throw new IllegalArgumentException("the problem group has no dataset '" + name + "'");
        return v;
    }

    /** Rounds a stored number attribute (jhdf may hand back Integer, Long or Double) to an int. */
    static int intAttribute(Map<String, Object> a, String name) {
        return ((Number) require(a, name)).intValue();
    }

    /** An integer-array attribute (jhdf may hand back int[] or long[]), e.g. a network's {@code widths}. */
    static int[] intArrayAttribute(Map<String, Object> a, String name) {
        Object v = require(a, name);
        return v instanceof int[] iw ? iw.clone() : java.util.Arrays.stream((long[]) v).mapToInt(Math::toIntExact).toArray();
    }

    static double doubleAttribute(Map<String, Object> a, String name) {
        return ((Number) require(a, name)).doubleValue();
    }

    static Arithmetic arithmeticAttribute(Map<String, Object> a) {
        return Arithmetic.valueOf(require(a, "arithmetic").toString().toUpperCase(java.util.Locale.ROOT));
    }

    static Object require(Map<String, Object> a, String name) {
        Object v = a.get(name);
        if (v == null) throw new IllegalArgumentException("the problem group has no attribute '" + name + "'");
        return v;
    }
}
