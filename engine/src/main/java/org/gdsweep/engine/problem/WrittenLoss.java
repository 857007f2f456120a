package org.gdsweep.engine.problem;

/**
 * A loss as the papers write it, c·(residual)² + μ·(squared norm), run with step η_written, and its canonical
 * equivalent ½·(residual)² + (λ/2)·(squared norm) with step η. Since ∇(written) = 2c·∇(canonical with λ = μ/c),
 * GD on the written loss with step η_written is exactly canonical GD with <b>η = 2c·η_written, λ = μ/c</b>
 * (science.md §1). Example: (xy − 1)² + 0.3(x² + y²) with step 0.38 is canonical λ = 0.3, η = 0.76.
 *
 * @param residualScale c &gt; 0
 * @param penalty       μ ≥ 0
 * @param writtenStep   η_written &gt; 0
 */
public record WrittenLoss(double residualScale, double penalty, double writtenStep) {

    public WrittenLoss {
        if (!(residualScale > 0) || Double.isInfinite(residualScale))
            throw new IllegalArgumentException("residual scale c must be finite and > 0, got " + residualScale);
        if (!(penalty >= 0) || Double.isInfinite(penalty))
            throw new IllegalArgumentException("penalty mu must be finite and >= 0, got " + penalty);
        if (!(writtenStep > 0) || Double.isInfinite(writtenStep))
            throw new IllegalArgumentException("step must be finite and > 0, got " + writtenStep);
    }

    /** η = 2c·η_written. */
    public double canonicalStep() { return 2 * residualScale * writtenStep; }

    /** λ = μ/c. */
    public double canonicalLambda() { return penalty / residualScale; }
}
