package org.gdsweep.engine;

import org.gdsweep.engine.problem.Activation;
import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.ReferenceKernel;
import org.gdsweep.engine.sweep.RunRecorder;
import org.gdsweep.engine.problem.LinearNetwork;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;

import static org.gdsweep.engine.problem.Arithmetic.FLOAT32;
import static org.gdsweep.engine.problem.Arithmetic.FMA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.gdsweep.engine.vector.VectorSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel against the scalar reference, bit for bit, on awkward lane counts. Tagged "kernel": the
 * build reruns it in JVMs with the width forced to 128 and 256 bits (see engine/pom.xml).
 */
@Tag("kernel")
class KernelBitIdentityTest {

    /** A 4×4 target with no zero and no symmetry: R[i,j] against Y[j,i] would differ. */
    static final double[] DENSE_Y = {0.9, -0.3, 0.45, 0.1, 0.2, 0.7, -0.55, 0.35, -0.15, 0.6, 0.8, -0.25, 0.05, -0.4, 0.3, 0.65};

    static Stream<Arguments> cases() {
        int L = VectorSupport.laneCount();
        // L = vector length; the d = 1 kernel interleaves two vectors, so 2L ± 1 are awkward counts too
        // distinct: at L = 1 (64-bit lanes) several of these coincide, and a repeated case tests nothing new
        // At L = 1 (the forced 64-bit fork) C2 cannot intrinsify one-lane double vectors and the Vector API runs its
        // boxing Java fallback: 1009 runs there add minutes of volume and no new lane pattern (every count is a
        // multiple of 1, and 97 runs already refill each lane dozens of times), so that fork stops at 97; the native,
        // 128- and 256-bit forks and lockstep keep 1009.
        int[] counts = java.util.stream.IntStream.of(1, Math.max(1, L - 1), L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 4 * L + 1, 13, 97, 1009)
                .filter(c -> L > 1 || c <= 97).distinct().toArray();
        StopRule grad = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 3000);
        StopRule loss = new StopRule(StopRule.Criterion.LOSS, 1e-12, 1e6, 3000);
        StopRule tinyCap = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 5);
        StopRule noSteps = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 0);
        // 200 parameters: a short cap keeps the scalar reference (and 64-bit lanes) fast enough for CI
        StopRule shortCap = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-6, 1e4, 150);
        // float32 resolves ‖∇L‖ to ~1e-7 near a minimiser: its cases stop at a tolerance float can reach
        StopRule grad32 = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-4, 1e8, 3000);
        StopRule loss32 = new StopRule(StopRule.Criterion.LOSS, 1e-9, 1e6, 3000);
        List<Arguments> cases = new ArrayList<>();
        Object[][] problems = {
            {new ScalarVectorFactorization(1, 1, 0), grad, 3.0, new double[] {0.9}},
            {new ScalarVectorFactorization(1, 1, 0), loss, 3.0, new double[] {0.5, 0.9, 1.05}},
            {new ScalarVectorFactorization(1, 0.5, 0.2), grad, 4.0, new double[] {0.9, 1.3, 1.8}},
            {new ScalarVectorFactorization(1, -0.7, 0.05), tinyCap, 2.0, new double[] {0.7}},
            {new ScalarVectorFactorization(1, 1, 0), noSteps, 2.0, new double[] {0.7}},
            // opt-in fused multiply-add arithmetic: its own kernel twin and reference
            {new ScalarVectorFactorization(1, 1, 0, FMA), grad, 3.0, new double[] {0.9}},
            {new ScalarVectorFactorization(1, 1, 0, FMA), loss, 3.0, new double[] {0.5, 0.9, 1.05}},
            {new ScalarVectorFactorization(1, 0.5, 0.2, FMA), grad, 4.0, new double[] {0.9, 1.3, 1.8}},
            {new ScalarVectorFactorization(1, -0.7, 0.05, FMA), tinyCap, 2.0, new double[] {0.7}},
            {new ScalarVectorFactorization(5, 1, 0.3, FMA), grad, 1.5, new double[] {0.76, 0.5}},
            {new ScalarVectorFactorization(3, 1, 0, FMA), loss, 1.5, new double[] {0.9}},
            {new ScalarVectorFactorization(10, 2, 0.1, FMA), grad, 1.0, new double[] {0.2, 0.45}},
            {new ScalarVectorFactorization(2, -0.5, 0.05, FMA), tinyCap, 2.0, new double[] {0.7}},
            // opt-in float32 arithmetic: its own kernel twin and reference
            {new ScalarVectorFactorization(1, 1, 0, FLOAT32), grad32, 3.0, new double[] {0.9}},
            {new ScalarVectorFactorization(1, 1, 0, FLOAT32), loss32, 3.0, new double[] {0.5, 0.9, 1.05}},
            {new ScalarVectorFactorization(1, 0.5, 0.2, FLOAT32), grad32, 4.0, new double[] {0.9, 1.3, 1.8}},
            {new ScalarVectorFactorization(1, -0.7, 0.05, FLOAT32), tinyCap, 2.0, new double[] {0.7}},
            {new ScalarVectorFactorization(1, 1, 0, FLOAT32), noSteps, 2.0, new double[] {0.7}},
            {new ScalarVectorFactorization(5, 1, 0.3, FLOAT32), grad32, 1.5, new double[] {0.76, 0.5}},
            {new ScalarVectorFactorization(3, 1, 0, FLOAT32), loss32, 1.5, new double[] {0.9}},
            {new ScalarVectorFactorization(10, 2, 0.1, FLOAT32), grad32, 1.0, new double[] {0.2, 0.45}},
            {new ScalarVectorFactorization(2, -0.5, 0.05, FLOAT32), tinyCap, 2.0, new double[] {0.7}},
            // the float64 default tolerance is below float32's resolution: every run that does not diverge hits the cap
            {new ScalarVectorFactorization(1, 1, 0, FLOAT32), new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 200), 3.0, new double[] {0.9}},
            {new ScalarVectorFactorization(5, 1, 0.3), grad, 1.5, new double[] {0.76, 0.5}},
            {new ScalarVectorFactorization(3, 1, 0), loss, 1.5, new double[] {0.9}},
            // d = 5 has a scalar loop of its own (ScalarVectorRuns5): the loss criterion and a negative target too
            {new ScalarVectorFactorization(5, -0.8, 0), loss, 1.5, new double[] {0.6, 1.1}},
            {new ScalarVectorFactorization(10, 2, 0.1), grad, 1.0, new double[] {0.2, 0.45}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0), grad, 1.0, new double[] {0.45, 0.9}},
            {new MatrixFactorization(2, 3, 1, new double[] {1, -0.5, 0.25}, 0.05), grad, 2.5, new double[] {0.6}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 2), 0.05), grad, 1.2, new double[] {0.3, 0.9}},
            {new MatrixFactorization(10, 10, 10, MatrixFactorization.drawDiagonalTarget(10, 10, 3), 0), shortCap, 0.7, new double[] {0.2, 0.6}},
            // the register-blocked 5x4x4 kernel's loss criterion (ΣR² from registers)
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 3), 0), loss, 1.0, new double[] {0.45, 0.9}},
            // opt-in FMA matrix kernels: register-blocked 5x4x4, and the generic one for every other shape
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0, FMA), grad, 1.0, new double[] {0.45, 0.9}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 2), 0.05, FMA), grad, 1.2, new double[] {0.3, 0.9}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 3), 0, FMA), loss, 1.0, new double[] {0.45, 0.9}},
            {new MatrixFactorization(2, 3, 1, new double[] {1, -0.5, 0.25}, 0.05, FMA), grad, 2.5, new double[] {0.6}},
            {new MatrixFactorization(3, 2, 2, new double[] {1, 0, 0, 0.5}, 0, FMA), loss, 1.8, new double[] {0.3, 0.9}},
            {new MatrixFactorization(10, 10, 10, MatrixFactorization.drawDiagonalTarget(10, 10, 3), 0, FMA), shortCap, 0.7, new double[] {0.2, 0.6}},
            // opt-in float32 matrix kernels: register-blocked 5x4x4 and the generic one
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0, FLOAT32), grad32, 1.0, new double[] {0.45, 0.9}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 2), 0.05, FLOAT32), grad32, 1.2, new double[] {0.3, 0.9}},
            {new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 3), 0, FLOAT32), loss32, 1.0, new double[] {0.45, 0.9}},
            {new MatrixFactorization(2, 3, 1, new double[] {1, -0.5, 0.25}, 0.05, FLOAT32), grad32, 2.5, new double[] {0.6}},
            {new MatrixFactorization(3, 2, 2, new double[] {1, 0, 0, 0.5}, 0, FLOAT32), loss32, 1.8, new double[] {0.3, 0.9}},
            {new MatrixFactorization(10, 10, 10, MatrixFactorization.drawDiagonalTarget(10, 10, 3), 0, FLOAT32), shortCap, 0.7, new double[] {0.2, 0.6}},
            {new MatrixFactorization(3, 2, 2, new double[] {1, 0, 0, 0.5}, 0), loss, 1.8, new double[] {0.3, 0.9}},
            {new MatrixFactorization(1, 1, 1, new double[] {1}, 0), tinyCap, 2.0, new double[] {0.9}},
            {new DeepChain(2, 1, 0), grad, 2.5, new double[] {0.4, 0.9}},
            {new DeepChain(3, 1.5, 0), loss, 2.0, new double[] {0.15, 0.6}},
            {new DeepChain(5, -0.8, 0.05), grad, 1.8, new double[] {0.2, 0.9}},
            {new DeepChain(2, 1, 0, FMA), grad, 2.5, new double[] {0.4, 0.9}},
            {new DeepChain(3, 1.5, 0, FMA), loss, 2.0, new double[] {0.15, 0.6}},
            {new DeepChain(5, -0.8, 0.05, FMA), grad, 1.8, new double[] {0.2, 0.9}},
            {new DeepChain(2, 1, 0, FLOAT32), grad32, 2.5, new double[] {0.4, 0.9}},
            {new DeepChain(3, 1.5, 0, FLOAT32), loss32, 2.0, new double[] {0.15, 0.6}},
            {new DeepChain(5, -0.8, 0.05, FLOAT32), grad32, 1.8, new double[] {0.2, 0.9}},
            {new LinearNetwork(new int[] {2, 3, 2}, new double[] {1, 0, 0, 0.5}, 0), grad, 1.5, new double[] {0.3, 0.9}},
            {new LinearNetwork(new int[] {3, 2, 4, 1}, new double[] {0.7, -0.2, 0.4}, 0.05), grad, 1.2, new double[] {0.2, 0.6}},
            {new LinearNetwork(new int[] {1, 1, 1}, new double[] {1}, 0), loss, 2.0, new double[] {0.2, 0.6}},
            {new LinearNetwork(new int[] {2, 3, 2}, new double[] {1, 0, 0, 0.5}, 0, FMA), grad, 1.5, new double[] {0.3, 0.9}},
            {new LinearNetwork(new int[] {3, 2, 4, 1}, new double[] {0.7, -0.2, 0.4}, 0.05, FMA), grad, 1.2, new double[] {0.2, 0.6}},
            {new LinearNetwork(new int[] {1, 1, 1}, new double[] {1}, 0, FMA), loss, 2.0, new double[] {0.2, 0.6}},
            {new LinearNetwork(new int[] {2, 3, 2}, new double[] {1, 0, 0, 0.5}, 0, FLOAT32), grad32, 1.5, new double[] {0.3, 0.9}},
            {new LinearNetwork(new int[] {3, 2, 4, 1}, new double[] {0.7, -0.2, 0.4}, 0.05, FLOAT32), grad32, 1.2, new double[] {0.2, 0.6}},
            {new LinearNetwork(new int[] {1, 1, 1}, new double[] {1}, 0, FLOAT32), loss32, 2.0, new double[] {0.2, 0.6}},
            // networks on data: every activation, with and without biases, weight decay, momentum, both criteria, awkward widths
            {mlp("2,3,1", Activation.TANH, true, 5, 0, 0), shortCap, 2.0, new double[] {0.5, 3.0, 9.0}},
            {mlp("3,4,3,2", Activation.RELU, true, 7, 0.05, 0), shortCap, 1.5, new double[] {0.3, 2.0}},
            {mlp("3,5,2", Activation.RELU, false, 4, 0, 0), new StopRule(StopRule.Criterion.LOSS, 1e-6, 1e4, 150), 1.5, new double[] {0.3, 2.0}},
            {mlp("2,2", Activation.LINEAR, true, 3, 0, 0.5), shortCap, 2.0, new double[] {0.4, 2.5}},
            {mlp("2,4,1", Activation.TANH, false, 6, 0.01, 0.9), shortCap, 2.0, new double[] {0.1, 1.0}},
            {mlp("1,3,3,1", Activation.LINEAR, false, 2, 0, 0), tinyCap, 1.0, new double[] {0.5}},
            {mlp("2,3,1", Activation.TANH, true, 5, 0, 0, FMA), shortCap, 2.0, new double[] {0.5, 3.0, 9.0}},
            {mlp("3,4,3,2", Activation.RELU, true, 7, 0, 0, FMA), new StopRule(StopRule.Criterion.LOSS, 1e-6, 1e4, 150), 1.5, new double[] {0.3, 2.0}},
            {mlp("2,4,1", Activation.TANH, false, 6, 0.01, 0.9, FMA), shortCap, 2.0, new double[] {0.1, 1.0}},
            {mlp("2,3,1", Activation.TANH, true, 5, 0, 0, FLOAT32), new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-4, 1e4, 150), 2.0, new double[] {0.5, 3.0, 9.0}},
            {mlp("3,4,3,2", Activation.RELU, true, 7, 0, 0, FLOAT32), new StopRule(StopRule.Criterion.LOSS, 1e-4, 1e4, 150), 1.5, new double[] {0.3, 2.0}},
            {mlp("2,4,1", Activation.TANH, false, 6, 0.01, 0.9, FLOAT32), new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-4, 1e4, 150), 2.0, new double[] {0.1, 1.0}},
            {mlp("2,2", Activation.LINEAR, true, 3, 0, 0.5, FLOAT32), tinyCap, 2.0, new double[] {0.4, 2.5}},
        };
        for (Object[] p : problems)
            for (int c : counts)
                // networks pay a pass over their data per step: up to 97 runs covers every awkward lane count and refills
                if ((((Problem) p[0]).parameterCount() <= 50 && !(p[0] instanceof org.gdsweep.engine.problem.MultilayerPerceptron)) || c <= 97)
                    cases.add(Arguments.of(p[0], p[1], p[2], p[3], c));
        // the network kernels' register tiles of 4 units x 4 samples: layers wider than 4 but not a multiple of it (the last
        // tile overlaps), narrower than 4 (a tile repeats a unit), sample blocks of 8 then 3 (repeats) or 5 (overlap); the
        // lane counts above are covered by the cases above, so three (one vector and one, two and one, 13) suffice here
        Object[][] tiled = {
            {mlp("5,6,4,2", Activation.TANH, true, 11, 0.01, 0), shortCap, 1.5, new double[] {0.2, 1.5}},
            {mlp("4,7,5,1", Activation.RELU, false, 13, 0, 0.5), new StopRule(StopRule.Criterion.LOSS, 1e-6, 1e4, 150), 1.5, new double[] {0.1, 0.8}},
            {mlp("5,6,4,2", Activation.TANH, true, 11, 0.01, 0, FMA), shortCap, 1.5, new double[] {0.2, 1.5}},
            {mlp("4,7,5,1", Activation.RELU, false, 13, 0, 0.5, FMA), new StopRule(StopRule.Criterion.LOSS, 1e-6, 1e4, 150), 1.5, new double[] {0.1, 0.8}},
            {mlp("5,6,4,2", Activation.TANH, true, 11, 0.01, 0, FLOAT32), new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-4, 1e4, 150), 1.5, new double[] {0.2, 1.5}},
            {mlp("4,7,5,1", Activation.RELU, false, 13, 0, 0.5, FLOAT32), new StopRule(StopRule.Criterion.LOSS, 1e-4, 1e4, 150), 1.5, new double[] {0.1, 0.8}},
        };
        // a dense Y (every Y[i,j] read where it belongs; a diagonal one would not notice a transposed index), with and
        // without λ: which element is read does not depend on the lane count, so two counts (one past a vector, and
        // enough runs to converge and diverge) suffice and keep the suite's time
        for (Object[] p : new Object[][] {
                {new MatrixFactorization(5, 4, 4, DENSE_Y, 0.02), grad, 1.2, new double[] {0.3, 0.9}},
                {new MatrixFactorization(5, 4, 4, DENSE_Y, 0), loss, 1.0, new double[] {0.3, 0.9}}})
            for (int c : java.util.stream.IntStream.of(L + 1, 97).distinct().toArray())
                cases.add(Arguments.of(p[0], p[1], p[2], p[3], c));
        for (Object[] p : tiled)
            for (int c : java.util.stream.IntStream.of(L + 1, 2 * L + 1, 13).distinct().toArray())
                cases.add(Arguments.of(p[0], p[1], p[2], p[3], c));
        return cases.stream();
    }

    static Problem mlp(String widths, Activation activation, boolean bias, int samples, double lambda, double momentum) {
        return mlp(widths, activation, bias, samples, lambda, momentum, org.gdsweep.engine.problem.Arithmetic.EXACT);
    }

    static Problem mlp(String widths, Activation activation, boolean bias, int samples, double lambda, double momentum,
            org.gdsweep.engine.problem.Arithmetic arithmetic) {
        return MultilayerPerceptronTest.network(widths, activation, bias, samples, 3, lambda, momentum, arithmetic);
    }

    static Stream<Arguments> fusedPairs() {
        double[] y = MatrixFactorization.drawDiagonalTarget(4, 4, 1);
        return Stream.of(
            Arguments.of(new ScalarVectorFactorization(1, 1, 0), new ScalarVectorFactorization(1, 1, 0, FMA), 3.0, 0.9),
            Arguments.of(new ScalarVectorFactorization(5, 1, 0.3), new ScalarVectorFactorization(5, 1, 0.3, FMA), 1.5, 0.76),
            Arguments.of(new DeepChain(3, 1, 0), new DeepChain(3, 1, 0, FMA), 2.0, 0.6),
            Arguments.of(new MatrixFactorization(5, 4, 4, y, 0), new MatrixFactorization(5, 4, 4, y, 0, FMA), 1.0, 0.45));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fusedPairs")
    void fusedArithmeticChangesLastBitsNotOutcomes(Problem exactProblem, Problem fusedProblem, double halfWidth, double eta) {
        // same starts, exact vs fma: the statuses of most runs agree, the final values differ in the last bits
        StartSource starts = new BoxStarts(4096, exactProblem.parameterCount(), halfWidth, 4096, new double[] {eta});
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 3000);
        Sweep.Options o = new Sweep.Options(EngineKind.VECTOR, 1, 4096, new int[] {0, 1});
        SweepResult exact = Sweep.run(exactProblem, starts, rule, o, ProgressListener.NONE).result();
        SweepResult fused = Sweep.run(fusedProblem, starts, rule, o, ProgressListener.NONE).result();
        int sameStatus = 0, sameBits = 0;
        for (int i = 0; i < 4096; i++) {
            if (exact.status[i] == fused.status[i]) sameStatus++;
            if (Double.doubleToRawLongBits(exact.theta[0][i]) == Double.doubleToRawLongBits(fused.theta[0][i])) sameBits++;
        }
        assertTrue(sameStatus > 0.97 * 4096, "statuses agree on " + sameStatus + " of 4096");
        assertTrue(sameBits < 4096, "fma must change some final values");
    }

    @Test
    void skippingFinalValuesChangesNothingElse() {
        Problem problem = new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0);
        StartSource starts = new BoxStarts(1009, problem.parameterCount(), 1.0, 1009, new double[] {0.45, 0.9});
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 3000);
        Sweep.Options o = new Sweep.Options(EngineKind.VECTOR, 2, 256, new int[] {0});
        SweepResult all = Sweep.run(problem, starts, rule, o, ProgressListener.NONE).result();
        SweepResult lean = Sweep.run(problem, starts, rule, o.withFinalValues(false), ProgressListener.NONE).result();
        assertTrue(lean.loss == null && lean.gradNorm == null && lean.norm2 == null && lean.imbalance == null);
        assertTrue(java.util.Arrays.equals(all.status, lean.status) && java.util.Arrays.equals(all.iterations, lean.iterations));
        assertTrue(java.util.Arrays.equals(all.theta[0], lean.theta[0]));
    }

    @Test
    void forcedWidthIsInEffect() {
        String forced = System.getProperty(VectorSupport.BITS_PROPERTY);
        if (forced != null) assertEquals(Integer.parseInt(forced), VectorSupport.laneBits());
        assertEquals(VectorSupport.laneBits() / 64, VectorSupport.laneCount());
        assertEquals(Boolean.getBoolean("gdsweep.lockstep"), VectorSupport.lockstep());
    }

    /**
     * The scalar kernel a cold sweep starts on (a family's specialised loop, {@code KernelProvider.scalarKernel}) is the
     * reference bit for bit: every case above where it is not the reference itself, and a fixed horizon.
     */
    @ParameterizedTest(name = "{0} {1} runs={4}")
    @MethodSource("cases")
    void scalarKernelMatchesScalarReferenceBitForBit(Problem problem, StopRule rule, double halfWidth, double[] etas, int runs) {
        LaneKernel scalar = KernelProvider.vector().scalarKernel(problem, rule);
        org.junit.jupiter.api.Assumptions.assumeFalse(scalar instanceof ReferenceKernel, "the family's scalar kernel is the reference itself");
        for (StopRule r : new StopRule[] {rule, new StopRule(rule.criterion(), rule.tolerance(), rule.divergenceNorm2(), Math.min(rule.maxIterations(), 40), true)}) {
            StartSource starts = new BoxStarts(runs, problem.parameterCount(), halfWidth, runs, etas);
            Sweep.Options base = new Sweep.Options(EngineKind.SCALAR, 1, runs, Results.allParameters(problem)).withLimitFeatures(true);
            SweepResult reference = Sweep.run(problem, starts, r, base, ProgressListener.NONE).result();
            SweepResult twin = Sweep.emptyResult(problem, base, runs);
            LaneKernel kernel = KernelProvider.vector().scalarKernel(problem, r);
            kernel.run(starts, 0, runs, new RunRecorder(problem, r, starts, base, twin));
            Results.assertBitIdentical(reference, twin, problem + " " + r + ": " + kernel.getClass().getSimpleName());
        }
    }

    /** The scalar-vector factorization in exact arithmetic (½(xy − 1)², the default problem) has its own scalar loops. */
    @Test
    void theScalarFactorizationHasItsOwnScalarKernel() {
        assertTrue(!(KernelProvider.vector().scalarKernel(new ScalarVectorFactorization(1, 1, 0), StopRule.defaults()) instanceof ReferenceKernel));
        assertTrue(KernelProvider.vector().scalarKernel(new ScalarVectorFactorization(1, 1, 0, FMA), StopRule.defaults()) instanceof ReferenceKernel);
        assertTrue(!(KernelProvider.vector().scalarKernel(new ScalarVectorFactorization(5, 1, 0), StopRule.defaults()) instanceof ReferenceKernel));
        // d = 5 (the default problem) has its straight-line loop, other d the array one; both are checked against the reference above
        assertEquals("ScalarVectorRuns5", KernelProvider.vector().scalarKernel(new ScalarVectorFactorization(5, 1, 0.3), StopRule.defaults()).getClass().getSimpleName());
        assertEquals("ScalarVectorRuns", KernelProvider.vector().scalarKernel(new ScalarVectorFactorization(3, 1, 0), StopRule.defaults()).getClass().getSimpleName());
        assertTrue(KernelProvider.vector().scalarKernel(new MatrixFactorization(2, 2, 2, MatrixFactorization.drawDiagonalTarget(2, 2, 1), 0), StopRule.defaults()) instanceof ReferenceKernel);
    }

    /** The 5×4 matrix factorization (k = 5, m = n = 4) in exact arithmetic has a straight-line scalar kernel; other shapes and arithmetics keep the reference. */
    @Test
    void theExact5x4MatrixHasItsOwnScalarKernel() {
        assertTrue(!(KernelProvider.vector().scalarKernel(new MatrixFactorization(5, 4, 4, DENSE_Y, 0), StopRule.defaults()) instanceof ReferenceKernel));
        assertTrue(KernelProvider.vector().scalarKernel(new MatrixFactorization(5, 4, 4, DENSE_Y, 0, FMA), StopRule.defaults()) instanceof ReferenceKernel);
        assertTrue(KernelProvider.vector().scalarKernel(new MatrixFactorization(5, 4, 4, DENSE_Y, 0, FLOAT32), StopRule.defaults()) instanceof ReferenceKernel);
        assertTrue(KernelProvider.vector().scalarKernel(new MatrixFactorization(4, 4, 4, DENSE_Y, 0), StopRule.defaults()) instanceof ReferenceKernel);
    }

    @ParameterizedTest(name = "{0} {1} runs={4}")
    @MethodSource("cases")
    void vectorMatchesScalarReferenceBitForBit(Problem problem, StopRule rule, double halfWidth, double[] etas, int runs) {
        StartSource starts = new BoxStarts(runs, problem.parameterCount(), halfWidth, runs, etas);
        Sweep.Options base = new Sweep.Options(EngineKind.SCALAR, 1, runs, Results.allParameters(problem));
        SweepResult reference = Sweep.run(problem, starts, rule, base, ProgressListener.NONE).result();
        SweepResult vector = Sweep.run(problem, starts, rule, base.withEngine(EngineKind.VECTOR), ProgressListener.NONE).result();
        Results.assertBitIdentical(reference, vector, problem + " L=" + VectorSupport.laneCount());
        if (runs >= 97 && rule.maxIterations() > 200) {
            assertTrue(reference.count(Status.CONVERGED) > 0, "test should exercise converged runs");
            assertTrue(reference.count(Status.DIVERGED) > 0, "test should exercise diverged runs");
        }
    }
}
