package org.gdsweep.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.gdsweep.engine.Arithmetic;
import org.gdsweep.engine.DeepChain;
import org.gdsweep.engine.LinearNetwork;
import org.gdsweep.engine.MatrixFactorization;
import org.gdsweep.engine.Problem;
import org.gdsweep.engine.ScalarVectorFactorization;

import picocli.CommandLine.Option;

/** Which loss to run, in canonical or paper form (shared by every command). */
final class ProblemOptions {

    enum Family { scalar, matrix, chain, network }

    @Option(names = "--loss", paramLabel = "FAMILY", order = 1, defaultValue = "scalar",
            description = "Loss family: scalar (0.5*(u'v - y)^2 + (lambda/2)(|u|^2+|v|^2), u, v in R^d), matrix (0.5*|U'V - Y|_F^2 + (lambda/2)(|U|_F^2+|V|_F^2), U: k x m, V: k x n), chain (0.5*(w_H...w_1 - y)^2 + (lambda/2)|w|^2, --depth H scalar layers) or network (0.5*|W_H...W_1 - Phi|_F^2 + (lambda/2)sum|W_i|_F^2, --widths n0,...,nH; Phi from --Y). Default: ${DEFAULT-VALUE}.")
    Family family;
    @Option(names = "--d", order = 2, defaultValue = "1", description = "scalar: dimension of u and v (1..100000). Default: ${DEFAULT-VALUE}.")
    int d;
    @Option(names = "--y", order = 3, defaultValue = "1", description = "scalar, chain: target y (finite). Default: ${DEFAULT-VALUE}.")
    double y;
    @Option(names = "--depth", order = 3, defaultValue = "3", description = "chain: number of layers H (2..10000). Default: ${DEFAULT-VALUE}.")
    int depth;
    @Option(names = "--widths", order = 3, defaultValue = "2,2,2", description = "network: layer widths n0,n1,...,nH (H >= 2 layers). Default: ${DEFAULT-VALUE}.")
    String widths;
    @Option(names = "--k", order = 4, defaultValue = "5", description = "matrix: inner dimension k (rows of U and V). Default: ${DEFAULT-VALUE}.")
    int k;
    @Option(names = "--m", order = 5, defaultValue = "4", description = "matrix: columns of U = rows of Y. Default: ${DEFAULT-VALUE}.")
    int m;
    @Option(names = "--n", order = 6, defaultValue = "4", description = "matrix: columns of V = columns of Y. Default: ${DEFAULT-VALUE}.")
    int n;
    @Option(names = "--Y", paramLabel = "SPEC", order = 7, defaultValue = "diag-uniform",
            description = "matrix: target Y (m x n); network: Phi (nH x n0): 'diag-uniform' (diagonal, entries uniform in [0,1) from --seed) or rows 'a,b;c,d'. Default: ${DEFAULT-VALUE}.")
    String target;
    @Option(names = "--lambda", order = 8, description = "Canonical weight decay lambda >= 0. Default: 0.")
    Double lambda;
    @Option(names = "--c", order = 9, description = "Paper form: residual scale c > 0 in c*(residual)^2 + mu*(norms); step sizes are then for that loss.")
    Double residualScale;
    @Option(names = "--mu", order = 10, description = "Paper form: penalty mu >= 0 in c*(residual)^2 + mu*(norms).")
    Double penalty;
    @Option(names = "--arithmetic", order = 12, defaultValue = "exact",
            description = "exact (float64, every product and sum rounded separately; the default), fma (float64, fused multiply-add: "
                    + "each a*b + c rounded once) or float32 (single precision: twice the lanes per vector). fma and float32 "
                    + "change results and are recorded in the output.")
    String arithmetic;
    @Option(names = "--seed", order = 11, defaultValue = "0",
            description = "Seed of random slices, origins, starts and Y (SplitMix64 streams; identical on every machine). Default: ${DEFAULT-VALUE}.")
    long seed;

    /**
     * The canonical problem and how step sizes convert.
     *
     * @param stepFactor canonical η = stepFactor × the step size given for the written loss (2c, or 1)
     * @param c          residual scale, or NaN when the loss was given in canonical form
     * @param mu         penalty, or NaN
     */
    record Built(Problem problem, double stepFactor, double c, double mu) {
        boolean paperForm() { return !Double.isNaN(c); }

        double canonical(double writtenStep, String option) {
            double eta = stepFactor * writtenStep;
            if (!Double.isFinite(writtenStep) || !(writtenStep > 0)) throw new BadInputException(option + " must be finite and > 0, got " + writtenStep);
            if (!Double.isFinite(eta)) throw new BadInputException(option + ": canonical step 2*c*eta overflows");
            return eta;
        }

        Map<String, Object> attributes() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("problem", problem.kind());
            for (Map.Entry<String, Object> e : problem.attributes().entrySet()) a.put("problem_" + e.getKey(), e.getValue());
            a.put("lambda", problem.lambda());
            a.put("loss_as_written", paperForm() ? String.format(Locale.ROOT, "%s*(residual)^2 + %s*(norms)", c, mu) : "canonical");
            if (paperForm()) {
                a.put("written_c", c);
                a.put("written_mu", mu);
                a.put("step_factor", stepFactor);
            }
            a.put("critical_eta_theory_global", problem.globalCriticalStep());
            a.put("fma", problem.arithmetic() == Arithmetic.FMA ? "on" : "off");
            a.put("precision", problem.arithmetic() == Arithmetic.FLOAT32 ? "float32" : "float64");
            return a;
        }
    }

    Built build() {
        boolean paper = residualScale != null || penalty != null;
        if (paper && lambda != null) throw new BadInputException("--lambda cannot be combined with --c/--mu (paper form); give one form");
        double lam = 0, factor = 1, c = Double.NaN, mu = Double.NaN;
        if (paper) {
            c = residualScale == null ? 1 : residualScale;
            mu = penalty == null ? 0 : penalty;
            if (!Double.isFinite(c) || c <= 0) throw new BadInputException("--c must be finite and > 0, got " + c);
            if (!Double.isFinite(mu) || mu < 0) throw new BadInputException("--mu must be finite and >= 0, got " + mu);
            lam = mu / c;
            factor = 2 * c;
        } else if (lambda != null) {
            if (!Double.isFinite(lambda) || lambda < 0) throw new BadInputException("--lambda must be finite and >= 0, got " + lambda);
            lam = lambda;
        }
        Problem problem;
        if (family == Family.scalar) {
            if (d < 1 || d > 100_000) throw new BadInputException("--d must be in [1, 100000], got " + d);
            if (!Double.isFinite(y)) throw new BadInputException("--y must be finite, got " + y);
            problem = new ScalarVectorFactorization(d, y, lam, arithmetic());
        } else if (family == Family.chain) {
            if (depth < 2 || depth > 10_000) throw new BadInputException("--depth must be in [2, 10000], got " + depth);
            if (!Double.isFinite(y)) throw new BadInputException("--y must be finite, got " + y);
            problem = new DeepChain(depth, y, lam, arithmetic());
        } else if (family == Family.network) {
            double[] ws = Parse.numbers("--widths", widths, ",");
            int[] w = new int[ws.length];
            long params = 0;
            for (int i = 0; i < ws.length; i++) {
                if (ws[i] != Math.rint(ws[i]) || ws[i] < 1 || ws[i] > 10_000)
                    throw new BadInputException("--widths must be integers in [1, 10000], got '" + widths + "'");
                w[i] = (int) ws[i];
                if (i > 0) params += (long) w[i] * w[i - 1];
            }
            if (w.length < 3) throw new BadInputException("--widths needs n0,n1,n2 at least (two layers), got '" + widths + "'");
            if (params > 100_000) throw new BadInputException("--widths give " + params + " parameters; at most 100000");
            problem = new LinearNetwork(w, parseTarget(w[w.length - 1], w[0]), lam, arithmetic());
        } else {
            if (k < 1 || m < 1 || n < 1 || (long) k * (m + n) > 100_000)
                throw new BadInputException("--k, --m, --n must be >= 1 with k*(m+n) <= 100000, got k=" + k + " m=" + m + " n=" + n);
            problem = new MatrixFactorization(k, m, n, parseTarget(m, n), lam, arithmetic());
        }
        return new Built(problem, factor, c, mu);
    }

    /** The arithmetic --arithmetic names (every family has kernels for all three). */
    private Arithmetic arithmetic() {
        String a = arithmetic.trim();
        Arithmetic kind = switch (a) {
            case "exact" -> Arithmetic.EXACT;
            case "fma" -> Arithmetic.FMA;
            case "float32" -> Arithmetic.FLOAT32;
            default -> throw new BadInputException("--arithmetic must be exact, fma or float32, got '" + arithmetic + "'");
        };
        return kind;
    }

    private double[] parseTarget(int m, int n) {
        String spec = target.trim();
        if (spec.equals("diag-uniform")) return MatrixFactorization.drawDiagonalTarget(m, n, seed);
        String[] rows = spec.split(";");
        if (rows.length != m) throw new BadInputException("--Y needs " + m + " rows separated by ';' (m = " + m + "), got " + rows.length);
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            double[] row = Parse.numbers("--Y", rows[i], ",");
            if (row.length != n) throw new BadInputException("--Y row " + i + " needs " + n + " values (n = " + n + "), got " + row.length);
            System.arraycopy(row, 0, out, i * n, n);
        }
        return out;
    }
}
