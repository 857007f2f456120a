package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.EngineKind;
import org.gdsweep.engine.MatrixFactorization;
import org.gdsweep.engine.Problem;
import org.gdsweep.engine.ScalarVectorFactorization;
import org.gdsweep.engine.Slice;
import org.gdsweep.engine.Status;
import org.gdsweep.engine.StopRule;
import org.gdsweep.engine.Sweep;
import org.gdsweep.engine.SweepResult;
import org.gdsweep.engine.SweepStats;
import org.gdsweep.engine.WrittenLoss;
import org.gdsweep.engine.vector.VectorSupport;
import org.gdsweep.io.Hdf5MapWriter;
import org.gdsweep.io.MapData;
import org.gdsweep.io.MapImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep map}: a basin map of GD on a 2-D slice of parameter space, to HDF5 + PNG. */
@Command(name = "map", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs GD from every point of a W x H grid on a 2-D slice theta0 + alpha*e1 + beta*e2 and writes",
            "status, iterations, final loss, gradient norm, N = |theta|^2, imbalance (and u'v) as HDF5 plus a PNG.",
            "Canonical losses: scalar  0.5*(u'v - y)^2 + (lambda/2)(|u|^2 + |v|^2), u, v in R^d;",
            "                  matrix  0.5*|U'V - Y|_F^2 + (lambda/2)(|U|_F^2 + |V|_F^2), U: k x m, V: k x n.",
            "Paper form: give --c and --mu for c*(residual)^2 + mu*(norms); --eta is then the step for that",
            "loss and gdsweep runs the canonical eta = 2*c*eta, lambda = mu/c (both are recorded)."},
        footer = {"", "Examples:",
            "  gdsweep map --loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 301 --max-iter 20000 -o a.h5",
            "  gdsweep map --loss matrix --k 5 --m 4 --n 4 --eta 0.9 --slice random --seed 1 --window=-3:3,-3:3 --size 48 -o b.h5"})
public final class MapCommand implements Callable<Integer> {

    enum Family { scalar, matrix }

    enum Criterion { grad, loss }

    @Spec CommandSpec spec;

    // ---- problem
    @Option(names = "--loss", paramLabel = "FAMILY", description = "Loss family: scalar (scalar-vector factorization) or matrix. Default: ${DEFAULT-VALUE}.", defaultValue = "scalar")
    Family family;
    @Option(names = "--d", description = "scalar: dimension of u and v (>= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    int d;
    @Option(names = "--y", description = "scalar: target y (finite). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    double y;
    @Option(names = "--k", description = "matrix: inner dimension k (rows of U and V, >= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "5")
    int k;
    @Option(names = "--m", description = "matrix: columns of U = rows of Y (>= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "4")
    int m;
    @Option(names = "--n", description = "matrix: columns of V = columns of Y (>= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "4")
    int n;
    @Option(names = "--Y", paramLabel = "SPEC", description = "matrix: target Y: 'diag-uniform' (diagonal, entries uniform in [0,1) from --seed) or explicit rows 'a,b,c;d,e,f'. Default: ${DEFAULT-VALUE}.", defaultValue = "diag-uniform")
    String target;
    @Option(names = "--lambda", description = "Canonical weight decay lambda >= 0. Default: 0 (or mu/c with --c/--mu).")
    Double lambda;
    @Option(names = "--c", description = "Paper form: residual scale c > 0 in c*(residual)^2 + mu*(norms).")
    Double residualScale;
    @Option(names = "--mu", description = "Paper form: penalty mu >= 0 in c*(residual)^2 + mu*(norms).")
    Double penalty;
    @Option(names = "--eta", required = true, description = "Step size > 0 (for the loss as written: canonical, or paper form with --c/--mu).")
    double eta;

    // ---- slice
    @Option(names = "--slice", paramLabel = "KIND", description = "Directions e1, e2: 'plane' (= axes:0,1), 'axes:I,J' (parameter indices), or 'random' (orthonormal, from --seed). Default: axes:0,1 when there are 2 parameters, else random.")
    String sliceKind;
    @Option(names = "--origin", paramLabel = "THETA0", description = "Slice origin: 'zero', 'random' (N(0, scale^2) entries from --seed) or comma-separated values. Default: ${DEFAULT-VALUE}.", defaultValue = "zero")
    String origin;
    @Option(names = "--origin-scale", description = "Standard deviation of a random origin (> 0). Default: ${DEFAULT-VALUE}.", defaultValue = "1")
    double originScale;
    @Option(names = "--seed", description = "Seed for random directions, origin and Y (SplitMix64 streams; same on every machine). Default: ${DEFAULT-VALUE}.", defaultValue = "0")
    long seed;
    @Option(names = "--window", paramLabel = "A0:A1,B0:B1", description = "Window along e1 and e2; grid points include the edges. Write --window=-3:3,-3:3 (with '=') when it starts with '-'. Default: ${DEFAULT-VALUE}.", defaultValue = "-3:3,-3:3")
    String window;
    @Option(names = "--size", paramLabel = "W[xH]", description = "Grid points per side, W or WxH (each >= 1). Default: ${DEFAULT-VALUE}.", defaultValue = "256")
    String size;

    // ---- stopping
    @Option(names = "--max-iter", description = "Iteration cap (>= 0); runs still going are 'undecided'. Default: ${DEFAULT-VALUE}.", defaultValue = "10000")
    int maxIter;
    @Option(names = "--criterion", description = "Convergence test: grad (|grad L| <= tol) or loss (L <= tol, lambda = 0 only). Default: ${DEFAULT-VALUE}.", defaultValue = "grad")
    Criterion criterion;
    @Option(names = "--tol", description = "Convergence tolerance (> 0). Default: ${DEFAULT-VALUE}.", defaultValue = "1e-8")
    double tol;
    @Option(names = "--diverge-norm2", paramLabel = "R2", description = "Diverged once |theta|^2 > R2 (> 0) or any value is non-finite. Default: ${DEFAULT-VALUE}.", defaultValue = "1e8")
    double divergeNorm2;

    // ---- execution
    @Option(names = "--threads", description = "Worker threads (>= 1). Default: all cores.")
    Integer threads;
    @Option(names = "--chunk", description = "Runs per work item (>= 1); results do not depend on it. Default: ${DEFAULT-VALUE}.", defaultValue = "4096")
    int chunk;
    @Option(names = "--engine", description = "vector (SIMD lanes) or scalar (the reference; bit-identical, slower). Default: ${DEFAULT-VALUE}.", defaultValue = "vector")
    String engine;
    @Option(names = "--vector-bits", description = "Force the SIMD width: 64, 128, 256 or 512 (at most the CPU's). Default: the CPU's preferred width.")
    Integer vectorBits;

    // ---- output
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", description = "HDF5 output. Default: gdsweep-out/map.h5.", defaultValue = "gdsweep-out/map.h5")
    Path output;
    @Option(names = "--png", paramLabel = "FILE.png", description = "PNG output (a legend goes to FILE.png.txt). Default: the HDF5 path with .png.")
    Path png;
    @Option(names = "--no-png", description = "Do not write a PNG.")
    boolean noPng;
    @Option(names = "--color", paramLabel = "FIELD", description = "PNG colour of converged starts: iterations, loss, grad_norm, norm2, imbalance, product, or param:K (final parameter K). Default: ${DEFAULT-VALUE}.", defaultValue = "norm2")
    String color;
    @Option(names = "--color-range", paramLabel = "LO:HI", description = "Values at the ends of the colormap. Default: min:max over converged starts.")
    String colorRange;
    @Option(names = "--save-params", description = "Also store every final parameter as dataset theta [P][H][W].")
    boolean saveParams;
    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;
    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;

    /** Title for the PNG legend and the console; set by the default sweep. */
    String caption;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        Setup s = validate();

        if (vectorBits != null) {
            String why = VectorSupport.checkBits(vectorBits);
            if (why != null) throw new BadInputException("--vector-bits: " + why);
            String current = System.getProperty(VectorSupport.BITS_PROPERTY);
            if (current != null && !current.equals(vectorBits.toString()))
                throw new BadInputException("--vector-bits: this JVM already runs " + current + "-bit lanes");
            System.setProperty(VectorSupport.BITS_PROPERTY, vectorBits.toString());
        }
        EngineKind engineKind = engine.equalsIgnoreCase("scalar") ? EngineKind.SCALAR : EngineKind.VECTOR;
        Sweep.Options options = new Sweep.Options(engineKind, s.threads, chunk, s.thetaIndex);
        double setupSeconds = (System.nanoTime() - t0) * 1e-9;

        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "map");
        Sweep.Outcome outcome = Sweep.run(s.problem, s.slice, s.rule, options, quiet ? (a, b) -> {} : progress);
        SweepResult r = outcome.result();
        SweepStats stats = outcome.stats();

        Map<String, Object> prov = provenance(s, stats, engineKind);
        prov.put("setup_seconds", setupSeconds);
        long t1 = System.nanoTime();
        try {
            Hdf5MapWriter.write(new MapData(s.problem, s.slice, r, prov), s.output, force);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException("--output: " + s.output + " appeared while running; nothing written (use --force to overwrite)");
        }
        double hdf5Seconds = (System.nanoTime() - t1) * 1e-9;

        double pngSeconds = 0;
        String colourNote = "";
        if (s.png != null) {
            long t2 = System.nanoTime();
            double[] values = colourValues(r, s);
            double[] range = s.colorRange != null ? s.colorRange : MapImage.convergedRange(r.status, values);
            MapImage.Colouring c = new MapImage.Colouring(s.colorName, values, range[0], range[1]);
            MapImage.write(s.png, force, r.status, s.slice.width(), s.slice.height(), c, caption(s));
            pngSeconds = (System.nanoTime() - t2) * 1e-9;
            colourNote = String.format(Locale.ROOT, "converged coloured by %s (viridis %.4g..%.4g), diverged light grey, undecided dark grey",
                    s.colorName, range[0], range[1]);
        }

        long runs = r.runs();
        out.printf(Locale.ROOT, "%s%n", caption(s));
        out.printf(Locale.ROOT, "runs: %,d  converged %.2f%%  diverged %.2f%%  undecided %.2f%%%n", runs,
                100.0 * r.count(Status.CONVERGED) / runs, 100.0 * r.count(Status.DIVERGED) / runs, 100.0 * r.count(Status.UNDECIDED) / runs);
        out.printf(Locale.ROOT, "summary: wall %.2f s (setup %.2f, kernel %.2f, hdf5 %.2f, png %.2f), %.4g lane-iterations, %.3g lane-iterations/s, lane use %.1f%%, %d threads, %d-bit lanes (%d doubles)%n",
                (System.nanoTime() - t0) * 1e-9, setupSeconds, stats.kernelSeconds(), hdf5Seconds, pngSeconds,
                (double) stats.laneIterations(), stats.laneIterationsPerSecond(), 100 * stats.laneUtilisation(),
                stats.threads(), stats.laneBits(), stats.laneWidth());
        out.printf("wrote %s%n", s.output.toAbsolutePath());
        if (s.png != null) {
            out.printf("wrote %s (%s; legend in %s.txt)%n", s.png.toAbsolutePath(), colourNote, s.png.getFileName());
        }
        return Main.EXIT_OK;
    }

    private String caption(Setup s) {
        if (caption != null) return caption;
        return String.format(Locale.ROOT, "%s, eta=%s, lambda=%s, %dx%d slice", s.problem.kind(), s.canonicalEta, s.problem.lambda(),
                s.slice.width(), s.slice.height());
    }

    // ------------------------------------------------------------------ validation

    /** Everything validated and built. */
    record Setup(Problem problem, Slice slice, StopRule rule, double canonicalEta, WrittenLoss written,
                 int threads, int[] thetaIndex, Path output, Path png, String colorName, int colorParam,
                 double[] colorRange, String sliceDescription, String originDescription) {}

    Setup validate() {
        boolean paper = residualScale != null || penalty != null;
        if (!finite(eta) || eta <= 0) throw bad("--eta must be finite and > 0, got " + eta);
        if (paper && lambda != null) throw bad("--lambda cannot be combined with --c/--mu (paper form); give one form");
        WrittenLoss written = null;
        double canonicalEta = eta, lam = 0;
        if (paper) {
            double c = residualScale == null ? 1 : residualScale, mu = penalty == null ? 0 : penalty;
            if (!finite(c) || c <= 0) throw bad("--c must be finite and > 0, got " + c);
            if (!finite(mu) || mu < 0) throw bad("--mu must be finite and >= 0, got " + mu);
            written = new WrittenLoss(c, mu, eta);
            canonicalEta = written.canonicalStep();
            lam = written.canonicalLambda();
        } else if (lambda != null) {
            if (!finite(lambda) || lambda < 0) throw bad("--lambda must be finite and >= 0, got " + lambda);
            lam = lambda;
        }
        if (!finite(canonicalEta)) throw bad("--eta: canonical step 2*c*eta overflows");

        Problem problem;
        if (family == Family.scalar) {
            if (d < 1 || d > 100_000) throw bad("--d must be in [1, 100000], got " + d);
            if (!finite(y)) throw bad("--y must be finite, got " + y);
            problem = new ScalarVectorFactorization(d, y, lam);
        } else {
            if (k < 1 || m < 1 || n < 1 || (long) k * (m + n) > 100_000)
                throw bad("--k, --m, --n must be >= 1 with k*(m+n) <= 100000, got k=" + k + " m=" + m + " n=" + n);
            problem = new MatrixFactorization(k, m, n, parseTarget(), lam);
        }
        int p = problem.parameterCount();

        // slice
        String kind = sliceKind != null ? sliceKind.trim() : (p == 2 ? "axes:0,1" : "random");
        double[][] e;
        if (kind.equals("plane")) {
            if (p != 2) throw bad("--slice plane needs exactly 2 parameters (scalar, d = 1); use axes:I,J or random");
            e = Slice.axes(p, 0, 1);
            kind = "axes:0,1";
        } else if (kind.startsWith("axes:")) {
            String[] ij = kind.substring(5).split(",");
            int a, b;
            try {
                if (ij.length != 2) throw new NumberFormatException();
                a = Integer.parseInt(ij[0].trim());
                b = Integer.parseInt(ij[1].trim());
            } catch (NumberFormatException ex) {
                throw bad("--slice axes:I,J needs two parameter indices, got '" + sliceKind + "'");
            }
            if (a < 0 || b < 0 || a >= p || b >= p || a == b)
                throw bad("--slice axes:I,J needs two distinct indices in [0, " + (p - 1) + "], got " + a + "," + b);
            e = Slice.axes(p, a, b);
        } else if (kind.equals("random")) {
            e = Slice.randomOrthonormal(p, seed);
        } else {
            throw bad("--slice must be plane, axes:I,J or random, got '" + sliceKind + "'");
        }
        double[] theta0;
        String originDescription = origin.trim();
        if (originDescription.equals("zero")) {
            theta0 = new double[p];
        } else if (originDescription.equals("random")) {
            if (!finite(originScale) || originScale <= 0) throw bad("--origin-scale must be finite and > 0, got " + originScale);
            theta0 = Slice.randomOrigin(p, seed, originScale);
        } else {
            theta0 = parseNumbers("--origin", originDescription, ",");
            if (theta0.length != p) throw bad("--origin needs " + p + " comma-separated values (one per parameter), got " + theta0.length);
        }
        double[] win = parseWindow();
        int[] wh = parseSize();
        Slice slice = new Slice(theta0, e[0], e[1], win[0], win[1], win[2], win[3], wh[0], wh[1], canonicalEta);

        // stopping rule
        if (maxIter < 0) throw bad("--max-iter must be >= 0, got " + maxIter);
        if (!finite(tol) || tol <= 0) throw bad("--tol must be finite and > 0, got " + tol);
        if (!(divergeNorm2 > 0)) throw bad("--diverge-norm2 must be > 0, got " + divergeNorm2);
        if (criterion == Criterion.loss && lam != 0)
            throw bad("--criterion loss needs lambda = 0 (with weight decay the minimum loss is not 0); use --criterion grad");
        StopRule rule = new StopRule(criterion == Criterion.loss ? StopRule.Criterion.LOSS : StopRule.Criterion.GRADIENT_NORM,
                tol, divergeNorm2, maxIter);

        // execution
        int cores = Runtime.getRuntime().availableProcessors();
        int nThreads = threads == null ? cores : threads;
        if (nThreads < 1 || nThreads > 4096) throw bad("--threads must be in [1, 4096], got " + nThreads);
        if (chunk < 1) throw bad("--chunk must be >= 1, got " + chunk);
        if (!engine.equalsIgnoreCase("vector") && !engine.equalsIgnoreCase("scalar"))
            throw bad("--engine must be vector or scalar, got '" + engine + "'");

        // colouring and kept parameters
        String colorName = color.trim();
        int colorParam = -1;
        List<String> fields = List.of("iterations", "loss", "grad_norm", "norm2", "imbalance", "product");
        if (colorName.startsWith("param:")) {
            try {
                colorParam = Integer.parseInt(colorName.substring(6).trim());
            } catch (NumberFormatException ex) {
                throw bad("--color param:K needs an integer K in [0, " + (p - 1) + "], got '" + color + "'");
            }
            if (colorParam < 0 || colorParam >= p) throw bad("--color param:K needs K in [0, " + (p - 1) + "], got " + colorParam);
            colorName = "param:" + colorParam + " (" + problem.parameterName(colorParam) + ")";
        } else if (!fields.contains(colorName)) {
            throw bad("--color must be one of " + String.join(", ", fields) + " or param:K, got '" + color + "'");
        } else if (colorName.equals("product") && family != Family.scalar) {
            throw bad("--color product is only defined for --loss scalar");
        }
        double[] range = null;
        if (colorRange != null) {
            range = parseNumbers("--color-range", colorRange, ":");
            if (range.length != 2 || !finite(range[0]) || !finite(range[1]) || !(range[1] > range[0]))
                throw bad("--color-range must be LO:HI with finite LO < HI, got '" + colorRange + "'");
        }
        int[] thetaIndex;
        if (saveParams) {
            thetaIndex = new int[p];
            for (int q = 0; q < p; q++) thetaIndex[q] = q;
        } else {
            thetaIndex = colorParam >= 0 ? new int[] {colorParam} : new int[0];
        }

        // outputs
        Path out = output;
        checkWritable("--output", out);
        Path pngPath = noPng ? null : (png != null ? png : withExtension(out, ".png"));
        if (pngPath != null) {
            if (pngPath.toAbsolutePath().equals(out.toAbsolutePath())) throw bad("--png must differ from --output");
            checkWritable("--png", pngPath);
        }
        return new Setup(problem, slice, rule, canonicalEta, written, nThreads, thetaIndex, out, pngPath, colorName,
                colorParam, range, kind, originDescription);
    }

    private void checkWritable(String option, Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw bad(option + ": " + path + " is a directory; give a file name");
        if (Files.exists(abs) && !force) throw bad(option + ": " + path + " exists; use --force to overwrite");
        if (dir == null || !Files.isDirectory(dir)) {
            if (dir != null && !Files.exists(dir) && dir.endsWith("gdsweep-out")) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw bad(option + ": cannot create directory " + dir + ": " + e.getMessage());
                }
            } else {
                throw bad(option + ": directory " + dir + " does not exist");
            }
        }
        if (!Files.isWritable(dir)) throw bad(option + ": directory " + dir + " is not writable");
    }

    private static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return p.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
    }

    private double[] parseWindow() {
        String[] parts = window.split(",");
        if (parts.length != 2) throw bad("--window must be A0:A1,B0:B1, got '" + window + "'");
        double[] a = parseNumbers("--window", parts[0], ":"), b = parseNumbers("--window", parts[1], ":");
        if (a.length != 2 || b.length != 2) throw bad("--window must be A0:A1,B0:B1, got '" + window + "'");
        double[] w = {a[0], a[1], b[0], b[1]};
        for (double v : w) if (!finite(v)) throw bad("--window values must be finite, got '" + window + "'");
        if (!(w[1] > w[0]) || !(w[3] > w[2]))
            throw bad("--window must be non-empty with A0 < A1 and B0 < B1, got '" + window + "'");
        if (!finite(w[1] - w[0]) || !finite(w[3] - w[2])) throw bad("--window is too wide, got '" + window + "'");
        return w;
    }

    private int[] parseSize() {
        String[] parts = size.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length < 1 || parts.length > 2) throw new NumberFormatException();
            long w = Long.parseLong(parts[0].trim()), h = parts.length == 2 ? Long.parseLong(parts[1].trim()) : w;
            if (w < 1 || h < 1) throw bad("--size must be positive (W or WxH, each >= 1), got '" + size + "'");
            if (w * h > 1L << 30 || w > 1 << 20 || h > 1 << 20)
                throw bad("--size W*H must be at most 2^30 runs, got '" + size + "'");
            return new int[] {(int) w, (int) h};
        } catch (NumberFormatException e) {
            throw bad("--size must be W or WxH with positive integers, got '" + size + "'");
        }
    }

    private double[] parseTarget() {
        String spec = target.trim();
        if (spec.equals("diag-uniform")) return MatrixFactorization.drawDiagonalTarget(m, n, seed);
        String[] rows = spec.split(";");
        if (rows.length != m) throw bad("--Y needs " + m + " rows separated by ';' (m = " + m + "), got " + rows.length);
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            double[] row = parseNumbers("--Y", rows[i], ",");
            if (row.length != n) throw bad("--Y row " + i + " needs " + n + " values (n = " + n + "), got " + row.length);
            for (int j = 0; j < n; j++) {
                if (!finite(row[j])) throw bad("--Y entries must be finite");
                y[i * n + j] = row[j];
            }
        }
        return y;
    }

    private double[] parseNumbers(String option, String text, String separator) {
        String[] parts = text.split(java.util.regex.Pattern.quote(separator), -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw bad(option + ": '" + parts[i].trim() + "' is not a number (in '" + text + "')");
            }
            if (!finite(v[i])) throw bad(option + " values must be finite, got '" + parts[i].trim() + "'");
        }
        return v;
    }

    private static boolean finite(double v) {
        return Double.isFinite(v);
    }

    private static BadInputException bad(String message) {
        return new BadInputException(message);
    }

    // ------------------------------------------------------------------ output helpers

    private static double[] colourValues(SweepResult r, Setup s) {
        if (s.colorParam >= 0) {
            for (int q = 0; q < r.thetaIndex.length; q++) if (r.thetaIndex[q] == s.colorParam) return r.theta[q];
            throw new IllegalStateException("colour parameter not kept");
        }
        return switch (s.colorName) {
            case "iterations" -> {
                double[] v = new double[r.runs()];
                for (int i = 0; i < v.length; i++) v[i] = r.iterations[i];
                yield v;
            }
            case "loss" -> r.loss;
            case "grad_norm" -> r.gradNorm;
            case "imbalance" -> r.imbalance;
            case "product" -> r.product;
            default -> r.norm2;
        };
    }

    private Map<String, Object> provenance(Setup s, SweepStats stats, EngineKind engineKind) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("gdsweep_version", Version.gdsweep());
        a.put("command", "map");
        String cl = System.getenv("GDSWEEP_COMMAND_LINE");
        a.put("command_line", cl != null ? cl : "gdsweep " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
        a.put("created_utc", Instant.now().toString());
        a.put("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        a.put("os_arch", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        a.put("problem", s.problem.kind());
        for (Map.Entry<String, Object> e : s.problem.attributes().entrySet()) a.put("problem_" + e.getKey(), e.getValue());
        a.put("eta", s.canonicalEta);
        a.put("lambda", s.problem.lambda());
        a.put("loss_as_written", s.written == null ? "canonical" : String.format(Locale.ROOT, "%s*(residual)^2 + %s*(norms)",
                s.written.residualScale(), s.written.penalty()));
        if (s.written != null) {
            a.put("written_c", s.written.residualScale());
            a.put("written_mu", s.written.penalty());
            a.put("written_eta", s.written.writtenStep());
        }
        if (s.problem instanceof MatrixFactorization mf) {
            a.put("target_spec", target.trim());
            a.put("critical_eta_theory", mf.criticalStepSize(null));
        }
        a.put("criterion", s.rule.criterion() == StopRule.Criterion.LOSS ? "loss <= tol" : "|grad L| <= tol");
        a.put("tolerance", s.rule.tolerance());
        a.put("divergence_norm2", s.rule.divergenceNorm2());
        a.put("max_iterations", s.rule.maxIterations());
        a.put("seed", seed);
        a.put("rng", "SplitMix64 streams 'slice', 'origin', 'target'; Box-Muller with StrictMath");
        a.put("slice_kind", s.sliceDescription);
        a.put("origin_kind", s.originDescription);
        a.put("grid", "points include window edges; run index j*W + i, maps stored [beta][alpha]");
        a.put("precision", "float64");
        a.put("fma", "off");
        a.put("engine", engineKind.name().toLowerCase(Locale.ROOT));
        a.put("lane_bits", stats.laneBits());
        a.put("lane_width", stats.laneWidth());
        a.put("threads", stats.threads());
        a.put("chunk_runs", chunk);
        a.put("kernel_seconds", stats.kernelSeconds());
        a.put("lane_iterations", stats.laneIterations());
        a.put("lane_iterations_per_second", stats.laneIterationsPerSecond());
        a.put("lane_utilisation", stats.laneUtilisation());
        return a;
    }

    /** Options for the built-in default sweep, as the user would type them. */
    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
