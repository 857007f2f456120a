package org.gdsweep.cli;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.StopRule;

import picocli.CommandLine.Option;

/** When a run counts as converged, diverged or undecided. */
final class StopOptions {
    enum Criterion { grad, loss }


    @Option(names = "--max-iter", order = 40, description = "Iteration cap (>= 0); runs still going are 'undecided'. Default: 10000 (100 with --protocol lm-notebook).")
    Integer maxIter;
    @Option(names = "--criterion", order = 41, description = "Convergence test: grad (|grad L| <= tol) or loss (L <= tol, lambda = 0 only). Default: grad.")
    Criterion criterion;
    @Option(names = "--tol", order = 42, description = "Convergence tolerance (> 0). Default: 1e-8, or 1e-4 with --arithmetic float32 "
            + "(float32 resolves |grad L| to about 1e-7 near a minimiser, so 1e-8 is never reached).")
    Double tol;
    @Option(names = "--diverge-norm2", paramLabel = "R2", order = 43, defaultValue = "1e8",
            description = "Diverged once |theta|^2 > R2 (> 0) or any value is non-finite. Default: ${DEFAULT-VALUE}.")
    double divergeNorm2;

    @Option(names = "--fixed-horizon", order = 44,
            description = "Run every bounded run exactly --max-iter steps and classify it there ([LM]'s sweeps: the state after T steps): "
                    + "converged if its criterion is then within --tol, else undecided; final values, sharpness and statistics cover every bounded run.")
    boolean fixedHorizon;

    @Option(names = "--protocol", order = 45, defaultValue = "canonical",
            description = "canonical (the rule above) or lm-notebook: [LM] Fig. 3 as its authors' notebook ran it (docs/science.md section 4): "
                    + "exactly --max-iter steps (default 100), converged when the data term (u'v - y)^2/2 < 1e-6 + lambda_nb*|y| - lambda_nb^2/2 there, "
                    + "lambda_nb = eta*lambda (their update u <- u - eta(uv - y)v - lambda_nb*u is canonical GD with lambda = lambda_nb/eta); "
                    + "--loss scalar, maps, zooms, refinements and traces. Recorded as 'protocol'. Default: ${DEFAULT-VALUE}.")
    String protocol;

    /** Whether the notebook protocol of [LM] Fig. 3 is asked for. */
    boolean notebook() {
        String p = protocol == null ? "canonical" : protocol.trim();
        if (!p.equals("canonical") && !p.equals("lm-notebook")) throw new BadInputException("--protocol must be canonical or lm-notebook, got '" + protocol + "'");
        return p.equals("lm-notebook");
    }

    /**
     * The rule of a command with one step size: as {@link #build(Problem)}, and the notebook protocol when asked for
     * (its threshold depends on η).
     */
    StopRule build(Problem problem, double eta) {
        if (!notebook()) return build(problem);
        if (problem.planarQuotient() == null || !(problem.attributes().get("y") instanceof Number y))
            throw new BadInputException("--protocol lm-notebook applies to --loss scalar (the problem of [LM] Fig. 3)");
        if (criterion != null || tol != null || fixedHorizon)
            throw new BadInputException("--protocol lm-notebook fixes the convergence rule; remove --criterion, --tol and --fixed-horizon");
        int cap = maxIter != null ? maxIter : 100;
        if (cap < 0) throw new BadInputException("--max-iter must be >= 0, got " + cap);
        if (!(divergeNorm2 > 0)) throw new BadInputException("--diverge-norm2 must be > 0, got " + divergeNorm2);
        double lambdaNb = eta * problem.lambda(), ay = Math.abs(y.doubleValue());
        return new StopRule(StopRule.Criterion.DATA_LOSS, 1e-6 + lambdaNb * ay - 0.5 * lambdaNb * lambdaNb, divergeNorm2, cap, true);
    }

    StopRule build(Problem problem) {
        if (notebook()) throw new BadInputException("--protocol lm-notebook applies to commands with one step size (map, zoom, refine, trace)");
        int maxIter = this.maxIter != null ? this.maxIter : StopRule.DEFAULT_MAX_ITERATIONS;
        boolean single = problem.arithmetic() == Arithmetic.FLOAT32;
        double tol = this.tol != null ? this.tol : single ? 1e-4 : 1e-8;
        if (maxIter < 0) throw new BadInputException("--max-iter must be >= 0, got " + maxIter);
        if (single && maxIter > Arithmetic.FLOAT32_MAX_ITERATIONS)
            throw new BadInputException("--max-iter must be <= " + Arithmetic.FLOAT32_MAX_ITERATIONS + " with --arithmetic float32 (iteration counts are floats), got " + maxIter);
        if (!Double.isFinite(tol) || tol <= 0) throw new BadInputException("--tol must be finite and > 0, got " + tol);
        if (!(divergeNorm2 > 0)) throw new BadInputException("--diverge-norm2 must be > 0, got " + divergeNorm2);
        if (criterion == Criterion.loss && problem.lambda() != 0)
            throw new BadInputException("--criterion loss needs lambda = 0 (with weight decay the minimum loss is not 0); use --criterion grad");
        return new StopRule(criterion == Criterion.loss ? StopRule.Criterion.LOSS : StopRule.Criterion.GRADIENT_NORM, tol, divergeNorm2, maxIter, fixedHorizon);
    }
}
