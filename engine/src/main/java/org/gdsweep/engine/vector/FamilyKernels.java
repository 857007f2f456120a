package org.gdsweep.engine.vector;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.KernelChoice;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.ReferenceKernel;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.VectorModule;

/**
 * Each family's lane kernels, keyed by the family's name: one method per family with an exhaustive switch over the
 * arithmetic (a new arithmetic does not compile until every family names its twin), choosing shape-specialised copies
 * where they exist, with what each costs a cold process to compile ({@link KernelChoice}). A family without an entry
 * runs on the scalar reference (a test checks that every built-in family has one, so a misspelt key cannot silently
 * fall back). Choosing loads no Vector API class: a choice's kernel is made, and the Vector API's module added to the
 * JVM, only when a sweep runs it.
 */
final class FamilyKernels {
    private static final Map<String, BiFunction<Problem, StopRule, KernelChoice>> BY_FAMILY = Map.of(
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

    /**
     * {@link KernelChoice#paceWindowScale} of the kernels that compile in tenths of a second of C2 (the scalar-vector
     * family's): in a tiled map their warm start judges the scalar code's pace from 30 ms of it, over 20 ms. Training one
     * on a pace still too slow costs little, while a cold 4096² map waited ~0.25 s of scalar work for the usual window
     * (BENCHMARKS.md, session 17).
     */
    static final double QUICK_TO_COMPILE_PACE_WINDOW = 0.2;
    /**
     * {@link KernelChoice#warmUpCost} of the scalar-vector kernels for any d (the default problem's, d = 5), four times the
     * d = 1 kernel's. Two reasons. They reach C2 ~0.6 s after their first call in a cold process (d = 5 3072² map: C1 at
     * 0.53 s of uptime, C2 for their calls at 1.02 s); at the usual threshold the default problem at 1024², which the
     * scalar loop finishes in a kernel phase of 0.41-0.60 s, was trained in 8 of 16 cold runs and then took 0.71-0.93 s
     * (BENCHMARKS.md, session 18: cost 2). And a tiled map judges them on the short pace window, from ~30 ms of scalar
     * code that is still largely interpreted: for the default sweep (2 tiles, every field) it estimated 0.54-2.8 s of
     * reference time to come, against ~0.3 s in fact, and at cost 2 the sweep trained in 7 of 10 cold runs once its scalar
     * loop had become faster (kernel phase 0.7-1.1 s instead of 0.37-0.50 s). 2048² maps estimate 6.5-17 s there and
     * still train (BENCHMARKS.md, session 19).
     */
    static final double ANY_D_WARM_UP_COST = 4;
    /**
     * {@link KernelChoice#warmUpCost} of the register-blocked 5×4 matrix kernels: C2 spends 1.6-1.8 s of CPU compiling
     * their {@code block()} in a cold process (JFR, 2 cores), against 0.1-0.3 s for the scalar-vector kernels. Cold 5×4
     * maps, trained against scalar code throughout (2 cores): 512² 1.21-2.20 s against 1.08-1.19 s, 640² 1.21-2.13
     * against 1.46-1.67 s, 768² 2.25-2.53 against 2.29-2.38 s, 1024² 2.11-3.14 against 3.68-3.82 s; the predicted scalar
     * time at the decision was 1.9-3.4 s at 512², 1.6-5.4 s at 640², 4.3-7.9 s at 768² and 4.9-8.5 s at 1024²
     * (BENCHMARKS.md, session 13; measured with the first, slower version of the 5×4 scalar step; a spot check after
     * it: 1024² stays on scalar code, 2048² trains, both faster than without).
     */
    static final double MATRIX_5X4_WARM_UP_COST = 4;

    private FamilyKernels() {}

    /** The problem's lane kernel, not yet made: its family's, or the scalar reference for a family that has none. */
    static KernelChoice choose(Problem problem, StopRule rule) {
        BiFunction<Problem, StopRule, KernelChoice> f = BY_FAMILY.get(problem.family().name());
        return f == null ? KernelProvider.REFERENCE.choose(problem, rule) : f.apply(problem, rule);
    }

    /** A vector kernel of class {@code type}, made by {@code make} once the Vector API's module is in the JVM. */
    private static KernelChoice vector(Class<? extends LaneKernel> type, double warmUpCost, double paceWindowScale,
                                       Supplier<LaneKernel> make) {
        return new KernelChoice(type, warmUpCost, paceWindowScale, () -> {
            VectorModule.require();
            return make.get();
        });
    }

    private static KernelChoice vector(Class<? extends LaneKernel> type, Supplier<LaneKernel> make) {
        return vector(type, 1, 1, make);
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

    /**
     * d = 1 has its own two-vector interleaved kernels (the ½(xy − 1)² maps); all of them compile quickly
     * ({@link #QUICK_TO_COMPILE_PACE_WINDOW}), those for any d less so ({@link #ANY_D_WARM_UP_COST}).
     */
    private static KernelChoice scalarVector(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.ScalarVectorFactorization) problem;
        double q = QUICK_TO_COMPILE_PACE_WINDOW, anyD = ANY_D_WARM_UP_COST;
        boolean one = p.d() == 1;
        return switch (p.arithmetic()) {
            case EXACT -> one ? vector(ScalarFactorizationLanes.class, 1, q, () -> new ScalarFactorizationLanes(p, rule))
                    : vector(ScalarVectorLanes.class, anyD, q, () -> new ScalarVectorLanes(p, rule));
            case FMA -> one ? vector(FusedScalarFactorizationLanes.class, 1, q, () -> new FusedScalarFactorizationLanes(p, rule))
                    : vector(FusedScalarVectorLanes.class, anyD, q, () -> new FusedScalarVectorLanes(p, rule));
            case FLOAT32 -> one ? vector(Float32ScalarFactorizationLanes.class, 1, q, () -> new Float32ScalarFactorizationLanes(p, rule))
                    : vector(Float32ScalarVectorLanes.class, anyD, q, () -> new Float32ScalarVectorLanes(p, rule));
        };
    }

    /**
     * Shape-specialised kernels (scripts/generate-kernels.py): 5x4x4 register-blocked (2.7x the generic kernel) in every
     * arithmetic, 10x10x10 a copy with constant loop bounds (exact only); otherwise the generic kernel.
     */
    private static KernelChoice matrix(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.MatrixFactorization) problem;
        boolean blocked = p.k() == 5 && p.m() == 4 && p.n() == 4;
        double c = MATRIX_5X4_WARM_UP_COST;
        return switch (p.arithmetic()) {
            case EXACT -> blocked ? vector(MatrixLanes5x4x4.class, c, 1, () -> new MatrixLanes5x4x4(p, rule))
                    : p.k() == 10 && p.m() == 10 && p.n() == 10 ? vector(MatrixLanes10x10x10.class, () -> new MatrixLanes10x10x10(p, rule))
                    : vector(MatrixLanes.class, () -> new MatrixLanes(p, rule));
            case FMA -> blocked ? vector(FusedMatrixLanes5x4x4.class, c, 1, () -> new FusedMatrixLanes5x4x4(p, rule))
                    : vector(FusedMatrixLanes.class, () -> new FusedMatrixLanes(p, rule));
            case FLOAT32 -> blocked ? vector(Float32MatrixLanes5x4x4.class, c, 1, () -> new Float32MatrixLanes5x4x4(p, rule))
                    : vector(Float32MatrixLanes.class, () -> new Float32MatrixLanes(p, rule));
        };
    }

    private static KernelChoice deepChain(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.DeepChain) problem;
        return switch (p.arithmetic()) {
            case EXACT -> vector(DeepChainLanes.class, () -> new DeepChainLanes(p, rule));
            case FMA -> vector(FusedDeepChainLanes.class, () -> new FusedDeepChainLanes(p, rule));
            case FLOAT32 -> vector(Float32DeepChainLanes.class, () -> new Float32DeepChainLanes(p, rule));
        };
    }

    private static KernelChoice multilayerPerceptron(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.MultilayerPerceptron) problem;
        return switch (p.arithmetic()) {
            case EXACT -> vector(MultilayerPerceptronLanes.class, () -> new MultilayerPerceptronLanes(p, rule));
            case FMA -> vector(FusedMultilayerPerceptronLanes.class, () -> new FusedMultilayerPerceptronLanes(p, rule));
            case FLOAT32 -> vector(Float32MultilayerPerceptronLanes.class, () -> new Float32MultilayerPerceptronLanes(p, rule));
        };
    }

    private static KernelChoice linearNetwork(Problem problem, StopRule rule) {
        var p = (org.gdsweep.engine.problem.LinearNetwork) problem;
        return switch (p.arithmetic()) {
            case EXACT -> vector(LinearNetworkLanes.class, () -> new LinearNetworkLanes(p, rule));
            case FMA -> vector(FusedLinearNetworkLanes.class, () -> new FusedLinearNetworkLanes(p, rule));
            case FLOAT32 -> vector(Float32LinearNetworkLanes.class, () -> new Float32LinearNetworkLanes(p, rule));
        };
    }
}
