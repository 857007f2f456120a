package org.gdsweep.engine.sweep;

import java.util.Arrays;

import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;

/**
 * What {@link VectorModuleTest} runs in a JVM of its own: where the Vector API's module came from, which provider the
 * sweeps got, and a digest of two vector sweeps' results (every status, iteration count, loss, ‖∇L‖ and final θ, bit
 * for bit), one line each.
 */
public final class VectorModuleProbe {
    private VectorModuleProbe() {}

    public static void main(String[] args) {
        System.out.println("boot-layer " + ModuleLayer.boot().findModule(VectorModule.NAME).isPresent());
        // a cold sweep that its scalar loop finishes never loads the Vector API (KernelChoice)
        Problem small = new ScalarVectorFactorization(1, 1, 0);
        double[][] axes = Slice.axes(2, 0, 1);
        Sweep.run(small, new Slice(new double[2], axes[0], axes[1], -3, 3, -3, 3, 64, 64, 0.9), StopRule.defaults(),
                new Sweep.Options(EngineKind.VECTOR, 2, 4096, new int[0]).withWarmStart(true), ProgressListener.NONE);
        System.out.println("vector-api-after-a-scalar-sweep " + loaded(VectorModule.NAME + ".DoubleVector"));
        System.out.println("available " + VectorModule.available());
        System.out.println("reason " + VectorModule.unavailableReason());
        System.out.println("vectorised " + KernelProvider.vector().vectorised());
        System.out.println("digest " + digest());
    }

    /** Whether the boot loader can load {@code className} (false for the Vector API before its module is added). */
    private static boolean loaded(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The digest of the two sweeps, computed in whatever JVM calls it. */
    static String digest() {
        Problem d1 = new ScalarVectorFactorization(1, 1, 0);
        double[][] e = Slice.axes(2, 0, 1);
        Problem matrix = new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0);
        double[][] m = Slice.randomOrthonormal(matrix.parameterCount(), 1);
        return Integer.toHexString(hash(d1, new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 61, 47, 0.9), StopRule.defaults()))
                + "-" + Integer.toHexString(hash(matrix, new Slice(new double[matrix.parameterCount()], m[0], m[1], -3, 3, -3, 3, 23, 19, 0.45),
                        new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 2000)));
    }

    private static int hash(Problem problem, Slice starts, StopRule rule) {
        int[] all = new int[problem.parameterCount()];
        Arrays.setAll(all, i -> i);
        Sweep.Options options = new Sweep.Options(EngineKind.VECTOR, 2, 64, all);
        SweepResult r = Sweep.run(problem, starts, rule, options, ProgressListener.NONE).result();
        int h = Arrays.hashCode(r.status) * 31 + Arrays.hashCode(r.iterations);
        for (double[] field : new double[][] {r.loss, r.gradNorm, r.norm2}) h = h * 31 + Arrays.hashCode(field);
        for (double[] t : r.theta) h = h * 31 + Arrays.hashCode(t);
        return h;
    }
}
