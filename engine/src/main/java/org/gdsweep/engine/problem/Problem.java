package org.gdsweep.engine.problem;

import java.util.List;
import java.util.Map;

/**
 * A loss L(θ), θ ∈ ℝᴾ, in canonical form, with its scalar reference evaluation.
 *
 * <p>The reference methods fix the floating-point operation order; every lane kernel for the problem
 * performs exactly the same operations in the same order, so that vector and scalar runs agree bit for bit.
 * Sums start from their first term (never from 0.0), which keeps the sign of zero identical too.
 */
public interface Problem {

    /** The family this problem belongs to: drivers, the CLI and io ask it instead of testing the problem's class. */
    LossFamily family();

    /** Short identifier written to files, e.g. {@code scalar-vector} ({@link LossFamily#fileKind()}). */
    default String kind() { return family().fileKind(); }

    /** Arrays that define the problem besides {@link #attributes()} (a target matrix), stored by io under {@code problem/}. */
    default List<DefiningArray> definingArrays() { return List.of(); }

    /** Per-run quantities of the final iterate that this family defines beyond L, ‖∇L‖, N and D (e.g. uᵀv). */
    default List<DerivedQuantity> derivedQuantities() { return List.of(); }

    /**
     * The value of derived quantity {@code k} of {@link #derivedQuantities()} at θ. A method of the problem, like
     * {@link #loss}, rather than a function object: run recording calls it once per finished run, and through a
     * lambda it cost the d = 5 sweep 3 % (BENCHMARKS.md, session 4).
     */
    default double derived(int k, double[] theta) {
        throw new IndexOutOfBoundsException("no derived quantity " + k);
    }

    /**
     * Which minimiser a converged run reached, where the family's theory names two: +1 the nearest to the start, −1 the
     * farthest, 0 where not defined or not a minimiser (the saddle). The default: 0.
     *
     * @param start θ₀
     * @param theta the converged iterate
     */
    default byte minimiserSide(double[] start, double[] theta) { return 0; }

    /**
     * The problem whose 2-parameter runs represent this problem's planar quotient (z, N) = (uᵀv, ‖u‖²+‖v‖²), where the
     * family has one (science.md §2: the scalar-vector family at any d), else null.
     */
    default Problem planarQuotient() { return null; }

    /** P, the number of parameters. */
    int parameterCount();

    /** Human-readable name of parameter p (e.g. {@code u[0]}, {@code U[1,2]}). */
    String parameterName(int p);

    /** Weight decay λ ≥ 0. */
    double lambda();

    /**
     * Writes ∇L(θ) into {@code gradient} and returns ‖∇L(θ)‖², summed in the problem's documented order.
     */
    default double gradient(double[] theta, double[] gradient) {
        return gradient(theta, gradient, new double[scratchSize()]);
    }

    /** As {@link #gradient(double[], double[])}, using caller-owned scratch of {@link #scratchSize()} doubles. */
    double gradient(double[] theta, double[] gradient, double[] scratch);

    /** Scratch doubles needed by {@link #gradient(double[], double[], double[])}. */
    default int scratchSize() { return 0; }

    /**
     * One coordinate of a GD step, θ_p − η·g_p, in the problem's {@link #arithmetic()} ({@link Arithmetic#descend}).
     * Every scalar path (reference kernel, limit features, trajectories) steps through here so that it matches the
     * lane kernels of the same arithmetic bit for bit.
     */
    default double descend(double theta, double eta, double g) {
        return arithmetic().descend(theta, eta, g);
    }

    /**
     * Heavy-ball momentum β ∈ [0, 1) of the GD dynamics (Polyak): v ← β·v − η·∇L(θ), θ ← θ + v, v₀ = 0
     * ({@link Arithmetic#velocity}); 0 (the default) is plain GD. A property of the problem's dynamics rather than of
     * the loss, kept here because a run's outcome depends on it and files must record it with the problem.
     */
    default double momentum() { return 0; }

    /**
     * Standard deviation of parameter p in a start drawn "at initialisation scale", relative to the user's {@code --scale}:
     * 1 (the default) for every family but networks, where weights get 1/√fan-in (LeCun) and biases 0.
     */
    default double initialScale(int p) { return 1; }

    /**
     * One step of the scalar dynamics at θ with the gradient g just computed: θ ← θ − η·g ({@link #descend}), or the
     * heavy-ball step v ← βv − ηg, θ ← θ + v ({@link Arithmetic#velocity}) when {@link #momentum()} β ≠ 0 (v holds the
     * velocity, 0 at the start). The reference kernel and trajectories step through here.
     */
    default void step(double[] theta, double[] g, double[] velocity, double eta) {
        double beta = momentum();
        if (beta == 0) {
            for (int p = 0; p < theta.length; p++) theta[p] = descend(theta[p], eta, g[p]);
        } else {
            Arithmetic ar = arithmetic();
            for (int p = 0; p < theta.length; p++) {
                velocity[p] = ar.velocity(beta, velocity[p], eta, g[p]);
                theta[p] = ar.add(theta[p], velocity[p]);
            }
        }
    }

    /** How the step is computed; {@link Arithmetic#EXACT} unless the problem was built with an opt-in arithmetic. */
    default Arithmetic arithmetic() { return Arithmetic.EXACT; }

    /** Rounds a start θ₀ in place to the problem's working precision (float32 arithmetic rounds it to float). */
    default void roundStart(double[] theta) {
        arithmetic().roundStart(theta);
    }

    /** L(θ). */
    default double loss(double[] theta) {
        return loss(theta, new double[scratchSize()]);
    }

    /** As {@link #loss(double[])}, using caller-owned scratch of {@link #scratchSize()} doubles (no allocation). */
    double loss(double[] theta, double[] scratch);

    /**
     * Hessian-vector product: writes ∇²L(θ)·dir into {@code out} (analytic, no finite differences).
     * Needs {@link #scratchSize()} doubles of scratch.
     */
    void hessianVector(double[] theta, double[] dir, double[] out, double[] scratch);

    /** ‖θ‖², summed in the problem's documented order (the same order the kernels use for the divergence test). */
    double norm2(double[] theta);

    /** Imbalance D = ‖first factor‖² − ‖second factor‖². */
    double imbalance(double[] theta);

    /**
     * The closed-form critical step size of GD from this start where theory gives one (see docs/science.md §3), else
     * NaN, the default: only the scalar-vector family has a per-start closed form.
     */
    default double criticalStepSize(double[] start) {
        return Double.NaN;
    }

    /**
     * [CG]'s population threshold η_crit = 2 / (smallest sharpness over global minimisers) where known in closed form
     * (above it GD converges only from a null set), else NaN.
     */
    double globalCriticalStep();

    /**
     * L* = min L, the loss of the global minimisers, where known in closed form (science.md §3), else NaN (the default).
     * It is what {@link #classifyLimit} compares a converged run's loss with.
     */
    default double minimumLoss() { return Double.NaN; }

    /**
     * What a converged run reached, from its final iterate θ with ‖θ‖² = {@code norm2}:
     * {@link LimitKind#MINIMISER} if L(θ) − L* ≤ {@link LimitKind#minimiserGap}, else {@link LimitKind#ORIGIN} if
     * ‖θ‖² ≤ tol, else {@link LimitKind#OTHER_CRITICAL_POINT}; where L* is unknown ({@link #minimumLoss()} NaN),
     * {@link LimitKind#ORIGIN} or {@link LimitKind#UNCLASSIFIED}. Families whose critical points are all minimisers or
     * the origin override this without evaluating L.
     *
     * @param loss      L(θ) where the caller has it already (the recorder keeps it as a final value), else NaN
     * @param minimum   {@link #minimumLoss()}, computed once by the caller (a singular value decomposition, a 1-D
     *                  minimisation: not something to repeat for every run)
     * @param tolerance the stop rule's tolerance (units of ‖∇L‖ or of L)
     * @param scratch   {@link #scratchSize()} doubles
     */
    default LimitKind classifyLimit(double[] theta, double norm2, double loss, double minimum, double tolerance, double[] scratch) {
        if (Double.isNaN(minimum)) return norm2 <= tolerance ? LimitKind.ORIGIN : LimitKind.UNCLASSIFIED;
        // the recorder evaluates L for its final values anyway: evaluating it twice cost the cold 5x4 matrix map ~10 %
        if ((Double.isNaN(loss) ? loss(theta, scratch) : loss) - minimum <= LimitKind.minimiserGap(minimum, tolerance)) return LimitKind.MINIMISER;
        return norm2 <= tolerance ? LimitKind.ORIGIN : LimitKind.OTHER_CRITICAL_POINT;
    }

    /** Problem parameters for provenance (canonical form). */
    Map<String, Object> attributes();
}
