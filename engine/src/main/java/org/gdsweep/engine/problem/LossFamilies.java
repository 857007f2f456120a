package org.gdsweep.engine.problem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of loss families: the built-in five, in the order the CLI lists them, then any family found on the class
 * path through {@link ServiceLoader} (a jar with {@code META-INF/services/org.gdsweep.engine.problem.LossFamily} naming
 * an implementation; README "Adding a loss family"). The one place that lists the families.
 */
public final class LossFamilies {
    private static final Map<String, LossFamily> FAMILIES;
    /** {@link #options()}, merged once: every command of a command line asks for it. */
    private static final List<FamilyOption> OPTIONS;

    static {
        Map<String, LossFamily> m = new LinkedHashMap<>();
        for (LossFamily f : List.of(ScalarVectorFactorization.FAMILY, MatrixFactorization.FAMILY, DeepChain.FAMILY, LinearNetwork.FAMILY,
                MultilayerPerceptron.FAMILY))
            m.put(f.name(), f);
        for (LossFamily f : ServiceLoader.load(LossFamily.class)) {
            if (m.containsKey(f.name())) throw new IllegalStateException("two loss families are named '" + f.name() + "'");
            m.put(f.name(), f);
        }
        FAMILIES = Collections.unmodifiableMap(m);
        OPTIONS = merge();
    }

    private LossFamilies() {}

    /** Every family, built-ins first. */
    public static List<LossFamily> all() {
        return new ArrayList<>(FAMILIES.values());
    }

    /** The family {@code --loss NAME} selects. */
    public static LossFamily named(String name) {
        LossFamily f = FAMILIES.get(name);
        if (f == null)
            throw new ProblemSpecException("--loss must be one of " + String.join(", ", FAMILIES.keySet()) + ", got '" + name + "'");
        return f;
    }

    /**
     * The problem a command line would build: {@code problem("matrix", 0, Arithmetic.FMA, 1, "--k", "5", "--m", "4")}
     * is {@code --loss matrix --lambda 0 --arithmetic fma --target-seed 1 --k 5 --m 4}, with every option not given at
     * its default. For benchmarks, tests and code that embeds the engine, so that they name families, not classes.
     *
     * @param optionsAndValues option names and their values as typed, alternating
     * @throws ProblemSpecException when an option is not one of the family's or a value does not parse
     */
    public static Problem problem(String loss, double lambda, Arithmetic arithmetic, long targetSeed, String... optionsAndValues) {
        LossFamily family = named(loss);
        if (optionsAndValues.length % 2 != 0) throw new IllegalArgumentException("options and values must alternate");
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < optionsAndValues.length; i += 2) given.put(optionsAndValues[i], optionsAndValues[i + 1]);
        Map<String, Object> values = new LinkedHashMap<>();
        for (FamilyOption o : family.options()) {
            String text = given.containsKey(o.name()) ? given.remove(o.name()) : o.defaultValue();
            try {
                values.put(o.name(), o.type() == int.class ? (Object) Integer.parseInt(text.trim())
                        : o.type() == double.class ? (Object) Double.parseDouble(text.trim()) : text);
            } catch (NumberFormatException e) {
                throw new ProblemSpecException(o.name() + ": '" + text + "' is not " + (o.type() == int.class ? "an integer" : "a number"));
            }
        }
        if (!given.isEmpty()) throw new ProblemSpecException("--loss " + loss + " has no option " + given.keySet().iterator().next());
        return family.build(ProblemArguments.of(values, targetSeed), lambda, arithmetic);
    }

    /** The family that writes {@code kind} as its file's {@code problem} attribute. */
    public static LossFamily ofFileKind(String kind) {
        for (LossFamily f : FAMILIES.values()) if (f.fileKind().equals(kind)) return f;
        throw new IllegalArgumentException("no loss family writes problem = '" + kind + "'");
    }

    /**
     * Every family's options, merged by name (families that share an option, such as {@code --y}, must declare it with
     * the same type and default); each description is prefixed by the families that read it.
     */
    public static List<FamilyOption> options() {
        return OPTIONS;
    }

    private static List<FamilyOption> merge() {
        Map<String, FamilyOption> merged = new LinkedHashMap<>();
        Map<String, List<String>> users = new LinkedHashMap<>();
        for (LossFamily f : FAMILIES.values()) {
            for (FamilyOption o : f.options()) {
                FamilyOption seen = merged.get(o.name());
                if (seen != null && (seen.type() != o.type() || !seen.defaultValue().equals(o.defaultValue())))
                    throw new IllegalStateException("families declare " + o.name() + " differently");
                if (seen == null) merged.put(o.name(), o);
                users.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(f.name());
            }
        }
        List<FamilyOption> out = new ArrayList<>();
        for (FamilyOption o : merged.values())
            out.add(new FamilyOption(o.name(), o.paramLabel(), o.type(), o.defaultValue(),
                    String.join(", ", users.get(o.name())) + ": " + o.description()));
        return List.copyOf(out);
    }
}
