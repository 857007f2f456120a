package org.gdsweep.cli;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.StopRule;

import picocli.CommandLine.Option;

/** When a run counts as converged, diverged or undecided. */
final class StopOptions {
    enum Criterion { grad, loss }


    @Option(names = "--max-iter", order = 40, defaultValue = "10000", description = "Iteration cap (>= 0); runs still going are 'undecided'. Default: ${DEFAULT-VALUE}.")
    int maxIter;
    @Option(names = "--criterion", order = 41, defaultValue = "grad", description = "Convergence test: grad (|grad L| <= tol) or loss (L <= tol, lambda = 0 only). Default: ${DEFAULT-VALUE}.")
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

    StopRule build(Problem problem) {
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
