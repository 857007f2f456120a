package org.gdsweep.cli;

import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.StartSource;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The set of starts of a scan or critical-step run: a slice grid, N seeded Gaussian starts, given points, or starts
 * sampled in a shell around the convergence boundary.
 */
final class StartOptions {
    enum Kind { gaussian, grid, points, boundary }

    @Option(names = "--starts", order = 18, defaultValue = "gaussian",
            description = "Starts: gaussian (--count starts with i.i.d. N(0, scale^2) entries from --seed), grid (the slice grid of --slice/--window/--size), points (the --start points) or boundary (--count starts in a shell of relative width --shell around the convergence boundary at --boundary-eta: random directions, radius within the shell; --loss scalar with --lambda 0, whose boundary is [LM] Theorem 1's). Default: ${DEFAULT-VALUE}.")
    Kind kind;
    @Option(names = "--count", order = 19, defaultValue = "4096", description = "gaussian, boundary: number of starts (>= 1). Default: ${DEFAULT-VALUE}.")
    int count;
    @Option(names = "--start", paramLabel = "V1,V2,...", order = 19, description = "points: a start (P comma-separated values); repeat for several.")
    java.util.List<String> points;
    @Option(names = "--shell", paramLabel = "W", order = 19, defaultValue = "0.05",
            description = "boundary: relative width w of the shell, in (0, 1): radius r_b(1 - w U) inside, r_b(1 + w(2U - 1)) across. Default: ${DEFAULT-VALUE}.")
    double shell;
    @Option(names = "--shell-side", order = 19, defaultValue = "inside", description = "boundary: inside (converging starts) or across (half outside). Default: ${DEFAULT-VALUE}.")
    String shellSide;
    @Option(names = "--boundary-eta", paramLabel = "ETA", order = 19, description = "boundary: the step size (for the loss as written) whose convergence boundary is sampled.")
    Double boundaryEta;
    @Option(names = "--scale", order = 19, defaultValue = "1", description = "gaussian: standard deviation of each entry (> 0); networks (--loss mlp) multiply it by 1/sqrt(fan-in) for weights and start biases at 0. Default: ${DEFAULT-VALUE}.")
    double scale;
    @Mixin SliceOptions slice;

    /**
     * Built starts with a placeholder step size (scans and bisection set their own). Refuses options of the other kind
     * of starts (they would be ignored).
     */
    StartSource build(picocli.CommandLine.Model.CommandSpec spec, Problem problem, long seed) {
        return build(spec, problem, seed, x -> x);
    }

    /** @param canonical turns a step size as written into the canonical one (for --boundary-eta) */
    StartSource build(picocli.CommandLine.Model.CommandSpec spec, Problem problem, long seed, java.util.function.DoubleUnaryOperator canonical) {
        Parse.refuseIgnored(spec, "--count", kind == Kind.grid || kind == Kind.points, "with --starts " + kind);
        Parse.refuseIgnored(spec, "--scale", kind != Kind.gaussian, "with --starts " + kind);
        Parse.refuseIgnored(spec, "--start", kind != Kind.points, "without --starts points");
        for (String o : new String[] {"--shell", "--shell-side", "--boundary-eta"}) Parse.refuseIgnored(spec, o, kind != Kind.boundary, "without --starts boundary");
        for (String o : new String[] {"--slice", "--origin", "--origin-scale", "--window", "--size", "--axes"})
            if (spec.findOption(o) != null) Parse.refuseIgnored(spec, o, kind != Kind.grid,
                    kind == Kind.gaussian ? "with --starts gaussian (the default); add --starts grid" : "with --starts " + kind + "; add --starts grid");
        if (kind == Kind.grid) return slice.build(problem, seed, 1);
        if (kind == Kind.points) return points(problem);
        if (kind == Kind.boundary) {
            if (count < 1 || count > 1 << 24) throw new BadInputException("--count must be in [1, 2^24] with --starts boundary, got " + count);
            if (!(shell > 0 && shell < 1)) throw new BadInputException("--shell must be in (0, 1), got " + shell);
            if (!shellSide.equals("inside") && !shellSide.equals("across"))
                throw new BadInputException("--shell-side must be inside or across, got '" + shellSide + "'");
            if (boundaryEta == null) throw new BadInputException("--starts boundary needs --boundary-eta (the step size whose boundary is sampled)");
            if (!(boundaryEta > 0) || boundaryEta.isInfinite()) throw new BadInputException("--boundary-eta must be finite and > 0, got " + boundaryEta);
            try {
                return new org.gdsweep.engine.start.BoundaryShellStarts(problem, count, canonical.applyAsDouble(boundaryEta), shell, shellSide.equals("across"), seed, 1);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--starts boundary " + e.getMessage());
            }
        }
        if (count < 1 || count > 1 << 28) throw new BadInputException("--count must be in [1, 2^28], got " + count);
        if (!Double.isFinite(scale) || scale <= 0) throw new BadInputException("--scale must be finite and > 0, got " + scale);
        initialisation = java.util.stream.IntStream.range(0, problem.parameterCount()).anyMatch(q -> problem.initialScale(q) != 1);
        return GaussianStarts.atInitialisationScale(count, problem, scale, seed, 1);
    }

    private StartSource points(Problem problem) {
        if (points == null || points.isEmpty()) throw new BadInputException("--starts points needs at least one --start V1,V2,...");
        int p = problem.parameterCount();
        double[][] v = new double[points.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = Parse.numbers("--start", points.get(i), ",");
            if (v[i].length != p) throw new BadInputException("--start needs " + p + " comma-separated values (one per parameter), got " + v[i].length);
        }
        return new StartSource() {
            @Override public long count() { return v.length; }
            @Override public int parameterCount() { return p; }
            @Override public void start(long index, double[] dst, int offset, int stride) {
                for (int q = 0; q < p; q++) dst[offset + q * stride] = v[(int) index][q];
            }
            @Override public double stepSize(long index) { return 1; }
        };
    }

    /** The slice the starts came from with {@code --starts grid}, else null. */
    Slice grid(StartSource built) {
        return kind == Kind.grid ? (Slice) built : null;
    }

    /** Whether the family scales its entries (networks: 1/sqrt(fan-in) weights, zero biases). */
    private boolean initialisation;

    String describe() {
        if (kind == Kind.points) return "points: " + String.join(" ; ", points);
        if (kind == Kind.boundary) return "boundary: " + count + " starts " + shellSide + " the convergence boundary at eta " + boundaryEta
                + " (written), relative shell width " + shell + ", SplitMix64 stream 'boundary'";
        return kind == Kind.grid ? "grid: slice " + slice.kindDescription + ", origin " + slice.originDescription
                : "gaussian: " + count + " starts, entries N(0, " + scale + "^2)"
                        + (initialisation ? " times the family's initialisation scale (weights 1/sqrt(fan-in), biases 0)" : "") + ", SplitMix64 stream 'starts'";
    }
}
