package org.gdsweep.bench;

import static org.gdsweep.engine.problem.Arithmetic.EXACT;
import static org.gdsweep.engine.problem.Arithmetic.FLOAT32;
import static org.gdsweep.engine.problem.Arithmetic.FMA;
import static org.gdsweep.engine.problem.LossFamilies.problem;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;

/** The sweeps the benchmarks run, as a user would run them (see BENCHMARKS.md for what each is). */
public enum Workloads {
    /** ½(xy − 1)², plane [−3,3]², η = 0.9, 512×512 starts. */
    SCALAR_D1(problem("scalar", 0, EXACT, 1, "--d", "1"), 0.9, 512, 1000),
    /** SCALAR_D1 on 2048×2048 starts (4.2 M runs, 0.16 G lane-iterations): the thread-scaling sweep. */
    SCALAR_D1_2048(problem("scalar", 0, EXACT, 1, "--d", "1"), 0.9, 2048, 1000),
    /** The same with opt-in fused multiply-add arithmetic ({@code --arithmetic fma}). */
    SCALAR_D1_FMA(problem("scalar", 0, FMA, 1, "--d", "1"), 0.9, 512, 1000),
    /** The same in float32 ({@code --arithmetic float32}, at its default tolerance 1e-4). */
    SCALAR_D1_F32(problem("scalar", 0, FLOAT32, 1, "--d", "1"), 0.9, 512, 1000),
    /** [LM] Fig. 1 left, canonical λ = 0.3, η = 0.76, u, v ∈ ℝ⁵, random slice [−2.5,2.5]², 256×256 starts. */
    SCALAR_VECTOR_D5(problem("scalar", 0.3, EXACT, 1, "--d", "5"), 0.76, 256, 10_000),
    /** SCALAR_VECTOR_D5 with opt-in fused multiply-add arithmetic ({@code --arithmetic fma}). */
    SCALAR_VECTOR_D5_FMA(problem("scalar", 0.3, FMA, 1, "--d", "5"), 0.76, 256, 10_000),
    /** SCALAR_VECTOR_D5 in float32 ({@code --arithmetic float32}, at its default tolerance 1e-4). */
    SCALAR_VECTOR_D5_F32(problem("scalar", 0.3, FLOAT32, 1, "--d", "5"), 0.76, 256, 10_000),
    /** u, v ∈ ℝ¹⁰, λ = 0.1, η = 0.45, random slice [−3,3]², 192×192 starts. */
    SCALAR_VECTOR_D10(problem("scalar", 0.1, EXACT, 1, "--d", "10"), 0.45, 192, 10_000),
    /** ½‖UᵀV − Y‖², U, V ∈ ℝ^{5×4}, Y diagonal seed 1, random slice [−3,3]², η = 0.45, 96×96 starts. */
    MATRIX_5X4(problem("matrix", 0, EXACT, 1, "--k", "5", "--m", "4", "--n", "4"), 0.45, 96, 10_000),
    /** MATRIX_5X4 on 384×384 starts (147 k runs): the thread-scaling sweep. */
    MATRIX_5X4_384(problem("matrix", 0, EXACT, 1, "--k", "5", "--m", "4", "--n", "4"), 0.45, 384, 10_000),
    /** MATRIX_5X4 with opt-in fused multiply-add arithmetic ({@code --arithmetic fma}). */
    MATRIX_5X4_FMA(problem("matrix", 0, FMA, 1, "--k", "5", "--m", "4", "--n", "4"), 0.45, 96, 10_000),
    /** MATRIX_5X4 in float32 ({@code --arithmetic float32}, at its default tolerance 1e-4). */
    MATRIX_5X4_F32(problem("matrix", 0, FLOAT32, 1, "--k", "5", "--m", "4", "--n", "4"), 0.45, 96, 10_000),
    /** ½‖UᵀV − Y‖², U, V ∈ ℝ^{10×10}, Y diagonal seed 1, random slice [−3,3]², η = 0.3, 48×48 starts. */
    MATRIX_10X10(problem("matrix", 0, EXACT, 1, "--k", "10", "--m", "10", "--n", "10"), 0.3, 48, 10_000),
    /** Deep scalar chain ½(w₃w₂w₁ − 1)², η = 0.6, random slice [−3,3]², 384×384 starts. */
    DEEP_CHAIN_3(problem("chain", 0, EXACT, 1, "--depth", "3"), 0.6, 384, 10_000),
    /** DEEP_CHAIN_3 with opt-in fused multiply-add arithmetic ({@code --arithmetic fma}). */
    DEEP_CHAIN_3_FMA(problem("chain", 0, FMA, 1, "--depth", "3"), 0.6, 384, 10_000),
    /** DEEP_CHAIN_3 in float32 ({@code --arithmetic float32}, at its default tolerance 1e-4). */
    DEEP_CHAIN_3_F32(problem("chain", 0, FLOAT32, 1, "--depth", "3"), 0.6, 384, 10_000),
    /** Deep linear network, widths 2,3,2, Φ = diag(1, 0.5), η = 0.3, random slice [−3,3]², 128×128 starts. */
    NETWORK_232(problem("network", 0, EXACT, 1, "--widths", "2,3,2", "--Y", "1,0;0,0.5"), 0.3, 128, 10_000),
    /** NETWORK_232 with opt-in fused multiply-add arithmetic. */
    NETWORK_232_FMA(problem("network", 0, FMA, 1, "--widths", "2,3,2", "--Y", "1,0;0,0.5"), 0.3, 128, 10_000),
    /** NETWORK_232 in float32 (at its default tolerance 1e-4). */
    NETWORK_232_F32(problem("network", 0, FLOAT32, 1, "--widths", "2,3,2", "--Y", "1,0;0,0.5"), 0.3, 128, 10_000);

    final Problem problem;
    final Slice slice;
    final StopRule rule;

    Workloads(Problem problem, double eta, int size, int maxIter) {
        this.problem = problem;
        int p = problem.parameterCount();
        double[][] e = p == 2 ? Slice.axes(2, 0, 1) : Slice.randomOrthonormal(p, 1);
        double half = this.name().startsWith("SCALAR_VECTOR_D5") ? 2.5 : 3;
        this.slice = new Slice(new double[p], e[0], e[1], -half, half, -half, half, size, size, eta);
        boolean single = problem.arithmetic() == Arithmetic.FLOAT32;
        this.rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, single ? 1e-4 : 1e-8, 1e8, maxIter);
    }
}
