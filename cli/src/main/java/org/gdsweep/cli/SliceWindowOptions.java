package org.gdsweep.cli;

import org.gdsweep.engine.problem.ProblemArguments;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

import picocli.CommandLine.Option;

/**
 * A 2-D slice θ₀ + α·e₁ + β·e₂ over a window: its directions, origin and window, without a grid size (refine makes
 * its own grid; {@link SliceOptions} adds {@code --size} for the commands that sample the window on a grid).
 */
class SliceWindowOptions {
    @Option(names = "--slice", paramLabel = "KIND", order = 20,
            description = "Directions e1, e2: 'plane' (= axes:0,1), 'axes:I,J' (parameter indices or names such as u[0],v[0]), or 'random' (orthonormal, from --seed). Default: axes:0,1 with 2 parameters, else random.")
    String kind;
    @Option(names = "--origin", paramLabel = "THETA0", order = 21, defaultValue = "zero",
            description = "Slice origin: 'zero', 'random' (N(0, scale^2) entries from --seed) or comma-separated values. Default: ${DEFAULT-VALUE}.")
    String origin;
    @Option(names = "--origin-scale", order = 22, defaultValue = "1", description = "Standard deviation of a random origin (> 0). Default: ${DEFAULT-VALUE}.")
    double originScale;
    @Option(names = "--window", paramLabel = "A0:A1,B0:B1", order = 23, defaultValue = "-3:3,-3:3",
            description = "Window along e1 and e2; grid points include the edges. Write --window=-3:3,-3:3 (with '=') when it starts with '-'. Default: ${DEFAULT-VALUE}.")
    String window;
    /** What was built, for provenance. */
    String kindDescription = "", originDescription = "";

    /** The slice with a W × H grid over the window. */
    Slice build(Problem problem, long seed, double eta, int width, int height) {
        int p = problem.parameterCount();
        String k = kind != null ? kind.trim() : (p == 2 ? "axes:0,1" : "random");
        double[][] e;
        if (k.equals("plane")) {
            if (p != 2) throw new BadInputException("--slice plane needs exactly 2 parameters (scalar, d = 1); use axes:I,J or random");
            e = Slice.axes(p, 0, 1);
            k = "axes:0,1";
        } else if (k.startsWith("axes:")) {
            String[] ij = splitAxes(k.substring(5));
            int a = axis(problem, ij[0]), b = axis(problem, ij[1]);
            if (a == b) throw new BadInputException("--slice axes:I,J needs two distinct parameters, got '" + kind + "'");
            e = Slice.axes(p, a, b);
        } else if (k.equals("random")) {
            if (p < 2) throw new BadInputException("--slice random needs at least 2 parameters");
            e = Slice.randomOrthonormal(p, seed);
        } else {
            throw new BadInputException("--slice must be plane, axes:I,J or random, got '" + kind + "'");
        }
        double[] theta0;
        String o = origin.trim();
        if (o.equals("zero")) {
            theta0 = new double[p];
        } else if (o.equals("random")) {
            if (!Double.isFinite(originScale) || originScale <= 0) throw new BadInputException("--origin-scale must be finite and > 0, got " + originScale);
            theta0 = Slice.randomOrigin(p, seed, originScale);
        } else {
            theta0 = Parse.numbers("--origin", o, ",");
            if (theta0.length != p) throw new BadInputException("--origin needs " + p + " comma-separated values (one per parameter), got " + theta0.length);
        }
        double[] w = window();
        kindDescription = k;
        originDescription = o;
        return new Slice(theta0, e[0], e[1], w[0], w[1], w[2], w[3], width, height, eta);
    }

    /**
     * Names of a slice's two coordinates for figure axes: the parameter (u[0]) where e₁ or e₂ is a coordinate axis
     * through an origin that is 0 there, "α along u[0]" where the origin is not, "α (random direction e₁)" otherwise.
     */
    static String[] axisLabels(Problem problem, Slice s) {
        return new String[] {axisLabel(problem, s.e1(), s.origin(), "\u03b1", "e\u2081"), axisLabel(problem, s.e2(), s.origin(), "\u03b2", "e\u2082")};
    }

    private static String axisLabel(Problem problem, double[] e, double[] origin, String greek, String name) {
        int axis = -1;
        for (int q = 0; q < e.length; q++) {
            if (e[q] == 1 && axis < 0) axis = q;
            else if (e[q] != 0) return greek + " (random direction " + name + ")";
        }
        if (axis < 0) return greek;
        return origin[axis] == 0 ? problem.parameterName(axis) : greek + " = " + problem.parameterName(axis) + " \u2212 " + String.format(java.util.Locale.ROOT, "%.4g", origin[axis]);
    }

    /** Splits "I,J" where names may contain commas inside brackets (U[1,2]). */
    private String[] splitAxes(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') depth++;
            else if (c == ']') depth--;
            else if (c == ',' && depth == 0) return new String[] {s.substring(0, i).trim(), s.substring(i + 1).trim()};
        }
        throw new BadInputException("--slice axes:I,J needs two parameters, got '" + kind + "'");
    }

    private int axis(Problem problem, String token) {
        int p = problem.parameterCount();
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i >= p) throw new BadInputException("--slice axes: index " + i + " is outside [0, " + (p - 1) + "]");
            return i;
        } catch (NumberFormatException e) {
            for (int i = 0; i < p; i++) if (problem.parameterName(i).equals(token.replace(" ", ""))) return i;
            throw new BadInputException("--slice axes: '" + token + "' is neither an index in [0, " + (p - 1)
                    + "] nor a parameter name like " + problem.parameterName(0));
        }
    }

    private double[] window() {
        String[] parts = ProblemArguments.items("--window", window, ",");
        if (parts.length != 2) throw new BadInputException("--window must be A0:A1,B0:B1, got '" + window + "'");
        double[] a = Parse.numbers("--window", parts[0], ":"), b = Parse.numbers("--window", parts[1], ":");
        if (a.length != 2 || b.length != 2) throw new BadInputException("--window must be A0:A1,B0:B1, got '" + window + "'");
        double[] w = {a[0], a[1], b[0], b[1]};
        if (!(w[1] > w[0]) || !(w[3] > w[2]))
            throw new BadInputException("--window must be non-empty with A0 < A1 and B0 < B1, got '" + window + "'");
        if (!Double.isFinite(w[1] - w[0]) || !Double.isFinite(w[3] - w[2])) throw new BadInputException("--window is too wide, got '" + window + "'");
        return w;
    }

    /**
     * The problem whose starts are (z, N) = (u'v, |u|^2+|v|^2) points for {@code --quotient} (map, refine): the family's
     * planar quotient, refused for families without one and with --slice or --origin (the plane is fixed).
     */
    Problem planarQuotient(Problem problem) {
        Problem plane = problem.planarQuotient();
        if (plane == null) throw new BadInputException("--quotient needs a family with a planar quotient (--loss scalar), got --loss " + problem.family().name());
        if (kind != null || !origin.trim().equals("zero"))
            throw new BadInputException("--quotient takes no --slice or --origin: the plane is (z, N)");
        return plane;
    }
}
