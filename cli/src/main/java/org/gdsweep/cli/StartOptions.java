package org.gdsweep.cli;

import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.StartSource;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The set of starts of a scan or critical-step run: a slice grid or N seeded Gaussian starts. */
final class StartOptions {
    enum Kind { gaussian, grid }

    @Option(names = "--starts", order = 18, defaultValue = "gaussian",
            description = "Starts: gaussian (--count starts with i.i.d. N(0, scale^2) entries from --seed) or grid (the slice grid of --slice/--window/--size). Default: ${DEFAULT-VALUE}.")
    Kind kind;
    @Option(names = "--count", order = 19, defaultValue = "4096", description = "gaussian: number of starts (>= 1). Default: ${DEFAULT-VALUE}.")
    int count;
    @Option(names = "--scale", order = 19, defaultValue = "1", description = "gaussian: standard deviation of each entry (> 0); networks (--loss mlp) multiply it by 1/sqrt(fan-in) for weights and start biases at 0. Default: ${DEFAULT-VALUE}.")
    double scale;
    @Mixin SliceOptions slice;

    /**
     * Built starts with a placeholder step size (scans and bisection set their own). Refuses options of the other kind
     * of starts (they would be ignored).
     */
    StartSource build(picocli.CommandLine.Model.CommandSpec spec, Problem problem, long seed) {
        for (String o : new String[] {"--count", "--scale"}) Parse.refuseIgnored(spec, o, kind == Kind.grid, "with --starts grid");
        for (String o : new String[] {"--slice", "--origin", "--origin-scale", "--window", "--size", "--axes"})
            if (spec.findOption(o) != null) Parse.refuseIgnored(spec, o, kind == Kind.gaussian, "with --starts gaussian (the default); add --starts grid");
        if (kind == Kind.grid) return slice.build(problem, seed, 1);
        if (count < 1 || count > 1 << 28) throw new BadInputException("--count must be in [1, 2^28], got " + count);
        if (!Double.isFinite(scale) || scale <= 0) throw new BadInputException("--scale must be finite and > 0, got " + scale);
        initialisation = java.util.stream.IntStream.range(0, problem.parameterCount()).anyMatch(q -> problem.initialScale(q) != 1);
        return GaussianStarts.atInitialisationScale(count, problem, scale, seed, 1);
    }

    /** The slice the starts came from with {@code --starts grid}, else null. */
    Slice grid(StartSource built) {
        return kind == Kind.grid ? (Slice) built : null;
    }

    /** Whether the family scales its entries (networks: 1/sqrt(fan-in) weights, zero biases). */
    private boolean initialisation;

    String describe() {
        return kind == Kind.grid ? "grid: slice " + slice.kindDescription + ", origin " + slice.originDescription
                : "gaussian: " + count + " starts, entries N(0, " + scale + "^2)"
                        + (initialisation ? " times the family's initialisation scale (weights 1/sqrt(fan-in), biases 0)" : "") + ", SplitMix64 stream 'starts'";
    }
}
