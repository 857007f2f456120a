package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.problem.Activation;
import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.MultilayerPerceptron;
import org.gdsweep.engine.problem.ProblemSpecException;
import org.gdsweep.engine.problem.Rng;
import org.gdsweep.engine.problem.TrainingData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The network family's reference: its tanh, gradient and exact Hessian-vector products against independent checks. */
class MultilayerPerceptronTest {

    static MultilayerPerceptron network(String widths, Activation act, boolean bias, int samples, long seed, double lambda, double momentum,
            Arithmetic arithmetic) {
        return (MultilayerPerceptron) LossFamilies.problem("mlp", lambda, arithmetic, seed, "--widths", widths, "--activation", act.label(),
                "--bias", bias ? "on" : "off", "--samples", Integer.toString(samples), "--momentum", Double.toString(momentum));
    }

    @Test
    void sharedTanhIsAccurateAndExactAtItsFixedPoints() {
        assertEquals(0.0, Activation.tanh(0.0));
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(Activation.tanh(0.0)));
        assertEquals(1.0, Activation.tanh(20));
        assertEquals(-1.0, Activation.tanh(-20));
        assertEquals(1.0, Activation.tanh(1e300));
        assertEquals(-1.0, Activation.tanh(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Activation.tanh(Double.NaN)));
        Rng rng = new Rng(3);
        double worstUlp = 0, worstAbs = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = (rng.nextDouble() - 0.5) * (i % 2 == 0 ? 50 : 2 * Math.pow(10, -12 * rng.nextDouble()));
            double mine = Activation.tanh(x), exact = StrictMath.tanh(x);
            worstAbs = Math.max(worstAbs, Math.abs(mine - exact));
            if (x != 0) worstUlp = Math.max(worstUlp, Math.abs(mine - exact) / Math.ulp(exact));
        }
        assertTrue(worstUlp <= 4, "tanh off by " + worstUlp + " ulp");
        assertTrue(worstAbs <= 4e-16, "tanh off by " + worstAbs);
        double worstFloatUlp = 0;
        for (int i = 0; i < 200_000; i++) {
            float x = (float) ((rng.nextDouble() - 0.5) * (i % 2 == 0 ? 30 : 2 * Math.pow(10, -12 * rng.nextDouble())));
            float exact = (float) StrictMath.tanh(x);
            if (x != 0) worstFloatUlp = Math.max(worstFloatUlp, Math.abs(Activation.tanhFloat(x) - exact) / Math.ulp(exact));
        }
        assertTrue(worstFloatUlp <= 4, "float tanh off by " + worstFloatUlp + " ulp");
        assertEquals(1f, Activation.tanhFloat(10f));
        assertEquals(-1f, Activation.tanhFloat(-1e30f));
        assertEquals(0f, Activation.tanhFloat(0f));
    }

    @ParameterizedTest(name = "{0} {1} bias={2} lambda={3}")
    @CsvSource(delimiter = '|', value = {"3,4,2|TANH|true|0", "3,4,2|RELU|true|0.1", "2,5,3,1|TANH|false|0.05", "4,3|LINEAR|true|0",
            "2,3,3,2|LINEAR|false|0.2", "2,6,6,1|RELU|false|0"})
    void gradientAndHessianVectorProductsMatchFiniteDifferences(String widths, Activation act, boolean bias, double lambda) {
        MultilayerPerceptron net = network(widths, act, bias, 9, 4, lambda, 0, Arithmetic.EXACT);
        int p = net.parameterCount();
        Rng rng = new Rng(11);
        double[] w = new double[p], dir = new double[p], g = new double[p], hv = new double[p], sc = new double[net.scratchSize()];
        for (int q = 0; q < p; q++) {
            w[q] = rng.nextGaussian() * 0.8;
            dir[q] = rng.nextGaussian();
        }
        net.gradient(w, g, sc);
        double h = 1e-6;
        for (int q = 0; q < p; q++) {
            double[] plus = w.clone(), minus = w.clone();
            plus[q] += h;
            minus[q] -= h;
            double fd = (net.loss(plus) - net.loss(minus)) / (2 * h);
            assertEquals(fd, g[q], 1e-6 * (1 + Math.abs(fd)), net + " dL/d" + net.parameterName(q));
        }
        // exact R-op against central differences of the gradient along dir
        net.hessianVector(w, dir, hv, sc);
        double[] plus = w.clone(), minus = w.clone(), gp = new double[p], gm = new double[p];
        double hh = 1e-5;
        for (int q = 0; q < p; q++) {
            plus[q] += hh * dir[q];
            minus[q] -= hh * dir[q];
        }
        net.gradient(plus, gp, sc);
        net.gradient(minus, gm, sc);
        double scale = 0;
        for (double v : hv) scale = Math.max(scale, Math.abs(v));
        for (int q = 0; q < p; q++) {
            double fd = (gp[q] - gm[q]) / (2 * hh);
            // ReLU's kinks can sit within the difference step; the tolerance covers smooth pieces only, which the seed gives
            assertEquals(fd, hv[q], 1e-5 * (1 + scale), net + " (H v)_" + net.parameterName(q));
        }
    }

    @Test
    void gradientNormIsTheSumOfSquaresInParameterOrder() {
        for (Arithmetic ar : Arithmetic.values()) {
            MultilayerPerceptron net = network("3,5,2", Activation.TANH, true, 6, 2, 0.01, 0, ar);
            double[] w = new double[net.parameterCount()], g = new double[w.length];
            Rng rng = new Rng(5);
            for (int q = 0; q < w.length; q++) w[q] = rng.nextGaussian();
            double g2 = net.gradient(w, g, new double[net.scratchSize()]);
            double sum = ar.mul(g[0], g[0]);
            for (int q = 1; q < w.length; q++) sum = ar.mulAdd(g[q], g[q], sum);
            assertEquals(sum, g2, 0.0);
        }
    }

    @Test
    void teacherDataAreDeterministicAndOptionsAreChecked() {
        MultilayerPerceptron a = network("2,4,1", Activation.TANH, true, 16, 9, 0, 0, Arithmetic.EXACT);
        MultilayerPerceptron b = network("2,4,1", Activation.TANH, true, 16, 9, 0, 0, Arithmetic.EXACT);
        assertArrayEquals(a.data().y(), b.data().y());
        assertEquals(16, a.samples());
        assertEquals(2 * 4 + 4 + 4 + 1, a.parameterCount());
        assertEquals("b1[2]", a.parameterName(10));
        assertEquals("W2[0,3]", a.parameterName(15));
        assertEquals(0.0, a.initialScale(10));
        assertEquals(1 / Math.sqrt(2), a.initialScale(0));
        assertEquals("--activation must be one of relu, tanh, linear, got 'sigmoid'", assertThrows(ProblemSpecException.class,
                () -> LossFamilies.problem("mlp", 0, Arithmetic.EXACT, 1, "--activation", "sigmoid")).getMessage());
        assertEquals("--momentum must be in [0, 1), got 1.0", assertThrows(ProblemSpecException.class,
                () -> LossFamilies.problem("mlp", 0, Arithmetic.EXACT, 1, "--momentum", "1")).getMessage());
        assertEquals("--teacher-widths must start with n0 = 2 and end with nH = 2, got '3,2'", assertThrows(ProblemSpecException.class,
                () -> LossFamilies.problem("mlp", 0, Arithmetic.EXACT, 1, "--teacher-widths", "3,2")).getMessage());
        assertEquals("--data has 3 input columns but --widths starts with 2", assertThrows(ProblemSpecException.class,
                () -> new MultilayerPerceptron(new int[] {2, 1}, Activation.RELU, true, new TrainingData(1, 3, 1, new double[3], new double[1]), 0, 0,
                        Arithmetic.EXACT)).getMessage());
        assertEquals("--data: X[0,1] is not finite", assertThrows(ProblemSpecException.class,
                () -> new TrainingData(1, 2, 1, new double[] {0, Double.NaN}, new double[1])).getMessage());
    }

    /** Lanczos (networks beyond 64 parameters) against the power iteration on the same Hessian, at a random point and near a minimiser. */
    @Test
    void lanczosSharpnessAgreesWithPowerIteration() {
        MultilayerPerceptron net = network("3,12,6,1", Activation.TANH, true, 10, 2, 0.01, 0, Arithmetic.EXACT);
        assertTrue(net.parameterCount() > org.gdsweep.engine.problem.Sharpness.POWER_ITERATION_MAX_PARAMETERS);
        double[] w = new double[net.parameterCount()];
        Rng rng = new Rng(8);
        for (int q = 0; q < w.length; q++) w[q] = rng.nextGaussian() * 0.5;
        double lanczos = new org.gdsweep.engine.problem.Sharpness(net).at(w);
        // power iteration on the same operator, run to convergence here (dense check: the Hessian column by column)
        int p = w.length;
        double[][] h = new double[p][p];
        double[] e = new double[p], col = new double[p], sc = new double[net.scratchSize()];
        for (int q = 0; q < p; q++) {
            java.util.Arrays.fill(e, 0);
            e[q] = 1;
            net.hessianVector(w, e, col, sc);
            for (int r = 0; r < p; r++) h[r][q] = col[r];
        }
        double[] v = new double[p];
        java.util.Arrays.fill(v, 1 / Math.sqrt(p));
        double lambda = 0;
        for (int it = 0; it < 100_000; it++) {
            double[] hv = new double[p];
            for (int r = 0; r < p; r++) for (int q = 0; q < p; q++) hv[r] += h[r][q] * v[q];
            double n = 0, rq = 0;
            for (int r = 0; r < p; r++) {
                n += hv[r] * hv[r];
                rq += v[r] * hv[r];
            }
            n = Math.sqrt(n);
            for (int r = 0; r < p; r++) v[r] = hv[r] / n;
            if (Math.abs(rq - lambda) <= 1e-14 * Math.abs(rq)) break;
            lambda = rq;
        }
        assertEquals(lambda, lanczos, 1e-9 * Math.abs(lambda));
    }
}
