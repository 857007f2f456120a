package org.gdsweep.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.FamilyOption;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.LossFamily;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ProblemArguments;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Which loss to run, in canonical or paper form (shared by every command). The options common to every family are
 * declared here; each family's own options ({@link LossFamily#options()}) are added to the command by
 * {@link #addFamilyOptions} and read back by name, so that adding a family needs no change here.
 */
final class ProblemOptions {

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    @Option(names = "--loss", paramLabel = "FAMILY", order = 1, defaultValue = "scalar",
            description = "Loss family (each reads the options prefixed with its name below). Default: ${DEFAULT-VALUE}.")
    String family;
    @Option(names = "--lambda", order = 8, description = "Canonical weight decay lambda >= 0. Default: 0.")
    Double lambda;
    @Option(names = "--c", order = 9, description = "Paper form: residual scale c > 0 in c*(residual)^2 + mu*(norms); step sizes are then for that loss.")
    Double residualScale;
    @Option(names = "--mu", order = 10, description = "Paper form: penalty mu >= 0 in c*(residual)^2 + mu*(norms).")
    Double penalty;
    @Option(names = "--arithmetic", order = 12, defaultValue = "exact",
            description = "exact (float64, every product and sum rounded separately; the default), fma (float64, fused multiply-add: "
                    + "each a*b + c rounded once) or float32 (single precision: twice the lanes per vector). fma and float32 "
                    + "change results and are recorded in the output.")
    Arithmetic arithmetic;
    @Option(names = "--seed", order = 11, defaultValue = "0",
            description = "Seed of random slices, origins and starts (SplitMix64 streams; identical on every machine). Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--target-seed", order = 11,
            description = "Seed of a random target (--Y diag-uniform), so that several slices of one problem share it. Default: --seed.")
    Long targetSeed;

    /** First help position of the family options: after --loss, before --lambda. */
    private static final int FAMILY_OPTION_ORDER = 2;

    /**
     * Adds every registered family's options to a command that mixes these options in (merged by name: {@code --y}
     * serves the scalar and the chain family). Called once per command line by {@link Main#configure}.
     */
    static void addFamilyOptions(CommandSpec spec) {
        if (!spec.mixins().containsKey("problemOptions")) return;
        StringBuilder families = new StringBuilder();
        for (LossFamily f : LossFamilies.all()) families.append(families.isEmpty() ? "" : ", ").append(f.name()).append(" (").append(f.summary()).append(")");
        for (FamilyOption o : LossFamilies.options()) {
            if (spec.findOption(o.name()) != null) continue;
            spec.addOption(OptionSpec.builder(o.name()).paramLabel(o.paramLabel()).type(o.type()).order(FAMILY_OPTION_ORDER)
                    .defaultValue(o.defaultValue()).description(o.description() + " Default: ${DEFAULT-VALUE}.").build());
        }
        OptionSpec loss = spec.findOption("--loss");
        // the registry, not the annotation, knows the families: the option is rebuilt with its list (same binding)
        spec.remove(loss);
        spec.addOption(loss.toBuilder().description("Loss family: " + families + ". Default: ${DEFAULT-VALUE}.").build());
    }

    /**
     * The canonical problem and how step sizes convert.
     *
     * @param family     the loss family
     * @param stepFactor canonical η = stepFactor × the step size given for the written loss (2c, or 1)
     * @param c          residual scale, or NaN when the loss was given in canonical form
     * @param mu         penalty, or NaN
     * @param familyProvenance what the family records about how its arguments were given ({@link LossFamily#provenance})
     */
    record Built(Problem problem, double stepFactor, double c, double mu, Map<String, Object> familyProvenance) {
        boolean paperForm() { return !Double.isNaN(c); }

        double canonical(double writtenStep, String option) {
            double eta = stepFactor * writtenStep;
            if (!Double.isFinite(writtenStep) || !(writtenStep > 0)) throw new BadInputException(option + " must be finite and > 0, got " + writtenStep);
            if (!Double.isFinite(eta)) throw new BadInputException(option + ": canonical step 2*c*eta overflows");
            return eta;
        }

        /** Root attributes that describe the problem (layout in docs/hdf5-layout.md). */
        Map<String, Object> attributes() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("problem", problem.kind());
            for (Map.Entry<String, Object> e : problem.attributes().entrySet()) a.put("problem_" + e.getKey(), e.getValue());
            a.put("lambda", problem.lambda());
            a.put("loss_as_written", paperForm() ? String.format(Locale.ROOT, "%s*(residual)^2 + %s*(norms)", c, mu) : "canonical");
            if (paperForm()) {
                a.put("written_c", c);
                a.put("written_mu", mu);
                a.put("step_factor", stepFactor);
            }
            a.put("critical_eta_theory_global", problem.globalCriticalStep());
            a.put("fma", problem.arithmetic() == Arithmetic.FMA ? "on" : "off");
            a.put("precision", problem.arithmetic() == Arithmetic.FLOAT32 ? "float32" : "float64");
            a.put("loss_family", problem.family().name());
            a.putAll(familyProvenance);
            return a;
        }
    }

    Built build() {
        boolean paper = residualScale != null || penalty != null;
        if (paper && lambda != null) throw new BadInputException("--lambda cannot be combined with --c/--mu (paper form); give one form");
        double lam = 0, factor = 1, c = Double.NaN, mu = Double.NaN;
        if (paper) {
            c = residualScale == null ? 1 : residualScale;
            mu = penalty == null ? 0 : penalty;
            if (!Double.isFinite(c) || c <= 0) throw new BadInputException("--c must be finite and > 0, got " + c);
            if (!Double.isFinite(mu) || mu < 0) throw new BadInputException("--mu must be finite and >= 0, got " + mu);
            lam = mu / c;
            factor = 2 * c;
        } else if (lambda != null) {
            if (!Double.isFinite(lambda) || lambda < 0) throw new BadInputException("--lambda must be finite and >= 0, got " + lambda);
            lam = lambda;
        }
        long drawTargetWith = targetSeed != null ? targetSeed : seed;
        LossFamily f = LossFamilies.named(family.trim());
        // an option of another family would be silently ignored (--momentum with --loss scalar): refuse it
        java.util.Set<String> own = new java.util.HashSet<>();
        for (FamilyOption o : f.options()) own.add(o.name());
        for (FamilyOption o : LossFamilies.options())
            Parse.refuseIgnored(command, o.name(), !own.contains(o.name()), "with --loss " + f.name() + " (" + o.description().substring(0, o.description().indexOf(':'))
                    + " only)");
        ProblemArguments arguments = new ProblemArguments() {
            @Override public Object value(String option) { return command.findOption(option).getValue(); }

            @Override public long targetSeed() { return drawTargetWith; }

            @Override public org.gdsweep.engine.problem.TrainingData trainingData(String path) { return org.gdsweep.io.Hdf5TrainingData.read(path); }
        };
        return new Built(f.build(arguments, lam, arithmetic), factor, c, mu, f.provenance(arguments));
    }
}
