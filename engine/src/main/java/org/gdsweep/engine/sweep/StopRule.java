package org.gdsweep.engine.sweep;

/**
 * When a lane retires. At every iterate θ_k (k = steps taken so far) the run is classified, in this order:
 * <ol>
 *   <li>converged if the criterion value is ≤ its threshold: ‖∇L(θ_k)‖² ≤ tol² for
 *       {@link Criterion#GRADIENT_NORM}, L(θ_k) ≤ tol for {@link Criterion#LOSS};</li>
 *   <li>diverged if not ‖θ_k‖² ≤ {@code divergenceNorm2} or not ‖∇L(θ_k)‖² &lt; ∞ (this catches NaN and ±∞,
 *       since every comparison with NaN is false);</li>
 *   <li>undecided if k ≥ {@code maxIterations};</li>
 *   <li>otherwise one GD step is taken.</li>
 * </ol>
 * The reported iteration count is k, and loss and gradient norm are those at θ_k.
 *
 * <p>With a <b>fixed horizon</b> ([LM]'s step-size sweeps report the state after exactly T steps) step 1 never fires:
 * every run that stays bounded takes exactly {@code maxIterations} steps and is classified there by
 * {@link #atHorizon}: converged if its criterion value is then within the tolerance, else undecided. Kernels see this
 * as a threshold of −∞ ({@link #threshold()}); the reclassification happens once, where the run is recorded.
 *
 * @param criterion      what "converged" means
 * @param tolerance      tol, in units of ‖∇L‖ (gradient criterion) or of L (loss criterion); &gt; 0
 * @param divergenceNorm2 squared radius R² of the ball outside which a run counts as diverged; &gt; 0
 * @param maxIterations  iteration cap; ≥ 0
 */
public record StopRule(Criterion criterion, double tolerance, double divergenceNorm2, int maxIterations, boolean fixedHorizon) {

    /** A rule that stops runs as soon as they converge (no fixed horizon). */
    public StopRule(Criterion criterion, double tolerance, double divergenceNorm2, int maxIterations) {
        this(criterion, tolerance, divergenceNorm2, maxIterations, false);
    }

    /** This rule with a fixed horizon of {@link #maxIterations} steps (or without). */
    public StopRule withFixedHorizon(boolean on) {
        return new StopRule(criterion, tolerance, divergenceNorm2, maxIterations, on);
    }

    public enum Criterion {
        /** ‖∇L(θ)‖ ≤ tol: meaningful for every problem. */
        GRADIENT_NORM,
        /** L(θ) ≤ tol: only meaningful when the minimum loss is 0 (λ = 0, realisable target). */
        LOSS,
        /**
         * The data term L(θ) − (λ/2)‖θ‖² ≤ tol, tested only at a fixed horizon: the convergence rule of [LM]'s Fig. 3
         * notebook ((uv − y)²/2 &lt; 1e-6 + λy − λ²/2 after 100 steps), so that a figure can be measured exactly as
         * published. Kernels never test it (their threshold is −∞ at a fixed horizon); the recorder does.
         */
        DATA_LOSS
    }

    public static final double DEFAULT_TOLERANCE = 1e-8;
    public static final double DEFAULT_DIVERGENCE_NORM2 = 1e8;
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    public StopRule {
        if (criterion == null) throw new IllegalArgumentException("criterion must be given");
        if (!(tolerance > 0) || Double.isInfinite(tolerance))
            throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
        if (!(divergenceNorm2 > 0))
            throw new IllegalArgumentException("divergence radius² must be > 0, got " + divergenceNorm2);
        if (maxIterations < 0) throw new IllegalArgumentException("max iterations must be ≥ 0, got " + maxIterations);
        if (criterion == Criterion.DATA_LOSS && !fixedHorizon)
            throw new IllegalArgumentException("the data-loss criterion is tested at a fixed horizon only");
    }

    public static StopRule defaults() {
        return new StopRule(Criterion.GRADIENT_NORM, DEFAULT_TOLERANCE, DEFAULT_DIVERGENCE_NORM2, DEFAULT_MAX_ITERATIONS);
    }

    /**
     * The value the criterion is compared with at every step: tol² (gradient criterion, computed as tol·tol) or tol
     * (loss); −∞ with a fixed horizon, so that no run stops early.
     */
    public double threshold() {
        return fixedHorizon ? Double.NEGATIVE_INFINITY : convergenceThreshold();
    }

    /** tol² (gradient criterion) or tol (loss): what "converged" means, whether tested at every step or at the horizon. */
    public double convergenceThreshold() {
        return criterion == Criterion.GRADIENT_NORM ? tolerance * tolerance : tolerance;
    }

    /**
     * The value {@link #criterion} compares at an iterate: ‖∇L‖², L, or the data term L − (λ/2)‖θ‖² of the notebook
     * protocol. The one place that says which; {@code loss} is only read by the loss criteria (NaN is fine otherwise).
     */
    public double criterionValue(double gradNorm2, double loss, double lambda, double norm2) {
        return switch (criterion) {
            case GRADIENT_NORM -> gradNorm2;
            case LOSS -> loss;
            case DATA_LOSS -> loss - 0.5 * lambda * norm2;
        };
    }

    /** Whether {@link #criterionValue} reads the loss. */
    public boolean needsLoss() {
        return criterion != Criterion.GRADIENT_NORM;
    }

    /**
     * The final status of a run that a kernel reported: with a fixed horizon an undecided run (it reached the horizon
     * bounded) is converged if its criterion value there is within the tolerance; otherwise the status as reported.
     *
     * @param status         the kernel's status
     * @param criterionValue ‖∇L‖², L or the data term at the final iterate, matching {@link #criterion}
     */
    public byte atHorizon(byte status, double criterionValue) {
        return fixedHorizon && status == Status.UNDECIDED.code && criterionValue <= convergenceThreshold() ? Status.CONVERGED.code : status;
    }

    /**
     * Classifies an iterate. This is the single scalar statement of the rule; every lane kernel mirrors it.
     *
     * @param criterionValue ‖∇L‖² or L, matching {@link #criterion}
     * @param norm2          ‖θ‖²
     * @param gradNorm2      ‖∇L‖²
     * @param iterations     steps taken so far
     * @return the status code, or -1 to keep going
     */
    public int classify(double criterionValue, double norm2, double gradNorm2, int iterations) {
        if (criterionValue <= threshold()) return Status.CONVERGED.code;
        if (!(norm2 <= divergenceNorm2) || !(gradNorm2 < Double.POSITIVE_INFINITY)) return Status.DIVERGED.code;
        if (iterations >= maxIterations) return Status.UNDECIDED.code;
        return -1;
    }
}
