package org.gdsweep.engine.vector;

import java.util.Map;
import java.util.function.BiFunction;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.ReferenceKernel;
import org.gdsweep.engine.sweep.StopRule;

/**
 * Each family's lane kernels, keyed by the family's name: one method per family with an exhaustive switch over the
 * arithmetic (a new arithmetic does not compile until every family names its twin), choosing shape-specialised copies
 * where they exist. A family without an entry runs on the scalar reference (a test checks that every built-in family
 * has one, so a misspelt key cannot silently fall back).
 */
final class FamilyKernels {
    private static final Map<String, BiFunction<Problem, StopRule, LaneKernel>> BY_FAMILY = Map.of(
            "scalar", FamilyKernels::scalarVector,
            "matrix", FamilyKernels::matrix,
            "chain", FamilyKernels::deepChain,
            "network", FamilyKernels::linearNetwork,
            "mlp", FamilyKernels::multilayerPerceptron);

    /**
     * Families with scalar loops of their own for the warm start, keyed like {@link #BY_FAMILY}; each entry gives null
     * where the problem (its arithmetic, its shape) has none.
     */
    private static final Map<String, BiFunction<Problem, StopRule, LaneKernel>> SCALAR_BY_FAMILY = Map.of(
            "scalar", FamilyKernels::scalarVectorRuns,
            "matrix", FamilyKernels::matrixRuns);

    private FamilyKernels() {}

    static LaneKernel kernel(Problem problem, StopRule rule) {
        BiFunction<Problem, StopRule, LaneKernel> f = BY_FAMILY.get(problem.family().name());
        return f == null ? new ReferenceKernel(problem, rule) : f.apply(problem, rule);
    }

    /**
     * The scalar kernel a cold sweep starts on ({@link org.gdsweep.engine.sweep.KernelProvider#scalarKernel}): a loop
     * specialised for the family where one exists (in exact arithmetic: the scalar-vector factorization, i.e. the
     * ½(xy − 1)² maps and the default problem, and the 5×4 matrix factorization, k = 5, m = n = 4), else the reference.
     * Each is the reference bit for bit (KernelBitIdentityTest).
     */
    static LaneKernel scalarKernel(Problem problem, StopRule rule) {
        BiFunction<Problem, StopRule, LaneKernel> f = SCALAR_BY_FAMILY.get(problem.family().name());
        LaneKernel own = f == null ? null : f.apply(problem, rule);
        return own != null ? own : new ReferenceKernel(problem, rule);
    }

    /**
     * d = 1 (the ½(xy − 1)² maps) and d = 5 (the default problem) keep θ in registers ({@link ScalarVectorRuns1},
     * {@link ScalarVectorRuns5}, generated with d fixed); any other d has {@link ScalarVectorRuns}.
     */
    private static LaneKernel scalarVectorRuns(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.ScalarVectorFactorization) problem;
        if (p.arithmetic() != org.gdsweep.engine.problem.Arithmetic.EXACT) return null;
        return switch (p.d()) {
            case 1 -> new ScalarVectorRuns1(p, rule);
            case 5 -> new ScalarVectorRuns5(p, rule);
            default -> new ScalarVectorRuns(p, rule);
        };
    }

    /** The 5×4 shape, which has the register-blocked vector kernels, has a straight-line step (generated). */
    private static LaneKernel matrixRuns(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.MatrixFactorization) problem;
        boolean fiveByFour = p.k() == 5 && p.m() == 4 && p.n() == 4;
        return p.arithmetic() == org.gdsweep.engine.problem.Arithmetic.EXACT && fiveByFour ? new ScalarMatrixRuns5x4x4(p, rule) : null;
    }

    /** d = 1 has its own two-vector interleaved kernels (the ½(xy − 1)² maps). */
    private static LaneKernel scalarVector(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.ScalarVectorFactorization) problem;
        boolean one = p.d() == 1;
        return switch (p.arithmetic()) {
            case EXACT -> one ? new ScalarFactorizationLanes(p, rule) : new ScalarVectorLanes(p, rule);
            case FMA -> one ? new FusedScalarFactorizationLanes(p, rule) : new FusedScalarVectorLanes(p, rule);
            case FLOAT32 -> one ? new Float32ScalarFactorizationLanes(p, rule) : new Float32ScalarVectorLanes(p, rule);
        };
    }

    /**
     * Shape-specialised kernels (scripts/generate-kernels.py): 5x4x4 register-blocked (2.7x the generic kernel) in every
     * arithmetic, 10x10x10 a copy with constant loop bounds (exact only); otherwise the generic kernel.
     */
    private static LaneKernel matrix(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.MatrixFactorization) problem;
        boolean blocked = p.k() == 5 && p.m() == 4 && p.n() == 4;
        return switch (p.arithmetic()) {
            case EXACT -> blocked ? new MatrixLanes5x4x4(p, rule)
                    : p.k() == 10 && p.m() == 10 && p.n() == 10 ? new MatrixLanes10x10x10(p, rule) : new MatrixLanes(p, rule);
            case FMA -> blocked ? new FusedMatrixLanes5x4x4(p, rule) : new FusedMatrixLanes(p, rule);
            case FLOAT32 -> blocked ? new Float32MatrixLanes5x4x4(p, rule) : new Float32MatrixLanes(p, rule);
        };
    }

    private static LaneKernel deepChain(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.DeepChain) problem;
        return switch (p.arithmetic()) {
            case EXACT -> new DeepChainLanes(p, rule);
            case FMA -> new FusedDeepChainLanes(p, rule);
            case FLOAT32 -> new Float32DeepChainLanes(p, rule);
        };
    }

    private static LaneKernel multilayerPerceptron(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.MultilayerPerceptron) problem;
        return switch (p.arithmetic()) {
            case EXACT -> new MultilayerPerceptronLanes(p, rule);
            case FMA -> new FusedMultilayerPerceptronLanes(p, rule);
            case FLOAT32 -> new Float32MultilayerPerceptronLanes(p, rule);
        };
    }

    private static LaneKernel linearNetwork(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.LinearNetwork) problem;
        return switch (p.arithmetic()) {
            case EXACT -> new LinearNetworkLanes(p, rule);
            case FMA -> new FusedLinearNetworkLanes(p, rule);
            case FLOAT32 -> new Float32LinearNetworkLanes(p, rule);
        };
    }
}
