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
 * @param criterion      what "converged" means
 * @param tolerance      tol, in units of ‖∇L‖ (gradient criterion) or of L (loss criterion); &gt; 0
 * @param divergenceNorm2 squared radius R² of the ball outside which a run counts as diverged; &gt; 0
 * @param maxIterations  iteration cap; ≥ 0
 */
public record StopRule(Criterion criterion, double tolerance, double divergenceNorm2, int maxIterations) {

    public enum Criterion {
        /** ‖∇L(θ)‖ ≤ tol: meaningful for every problem. */
        GRADIENT_NORM,
        /** L(θ) ≤ tol: only meaningful when the minimum loss is 0 (λ = 0, realisable target). */
        LOSS
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
    }

    public static StopRule defaults() {
        return new StopRule(Criterion.GRADIENT_NORM, DEFAULT_TOLERANCE, DEFAULT_DIVERGENCE_NORM2, DEFAULT_MAX_ITERATIONS);
    }

    /** The value the criterion is compared with: tol² (gradient criterion, computed as tol·tol) or tol (loss). */
    public double threshold() {
        return criterion == Criterion.GRADIENT_NORM ? tolerance * tolerance : tolerance;
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
