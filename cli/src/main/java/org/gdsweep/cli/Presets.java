package org.gdsweep.cli;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.io.FigureGrid;
import org.gdsweep.io.Hdf5Reader;
import org.gdsweep.io.LinePlot;
import org.gdsweep.io.MapFigure;
import org.gdsweep.io.MapImage;

/**
 * The paper figures of {@code gdsweep reproduce} (docs/science.md §4). A preset runs ordinary gdsweep commands
 * in-process (so every file carries the usual provenance), reads their results back, and sets what the paper states
 * beside what gdsweep found: closed forms where theory gives them (Theorem 1's critical step, the minimisers' norms,
 * the ellipse, the balancing bound), the paper's reported numbers where it gives those. Settings the papers leave open
 * are the preset's {@link Setting}s, each with a full and a {@code --quick} default.
 */
final class Presets {
    private Presets() {}

    /** A setting the paper leaves open: its name for {@code --set}, defaults at full resolution and with --quick. */
    record Setting(String name, String full, String quick, String description) {}

    /** One figure. */
    interface Preset {
        String name();

        String title();

        List<Setting> settings();

        /** Checks the settings before any work (one line naming the setting on failure). */
        default void validate(Map<String, String> settings) {
            for (Setting s : settings()) {
                String v = settings.get(s.name());
                if (v == null || v.isBlank()) throw new BadInputException("--set " + s.name() + " needs a value");
            }
        }

        void run(Run run) throws IOException;
    }

    /** A preset being run: its folder, settings, the commands it ran, and the table of paper against gdsweep. */
    static final class Run {
        final Path dir;
        final boolean quick;
        final Map<String, String> settings;
        private final PrintWriter out;
        private final StringBuilder log = new StringBuilder();
        private final List<String[]> rows = new ArrayList<>();
        /** Named measurements, for tests and summary.txt. */
        final Map<String, Double> values = new LinkedHashMap<>();

        Run(Path dir, boolean quick, Map<String, String> settings, PrintWriter out) {
            this.dir = dir;
            this.quick = quick;
            this.settings = settings;
            this.out = out;
        }

        String get(String key) {
            String v = settings.get(key);
            if (v == null) throw new IllegalStateException("no setting " + key);
            return v;
        }

        double num(String key) {
            try {
                double v = Double.parseDouble(get(key));
                if (!Double.isFinite(v)) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw new BadInputException("--set " + key + " must be a finite number, got '" + get(key) + "'");
            }
        }

        Path file(String name) {
            return dir.resolve(name);
        }

        /** Runs {@code gdsweep ARGS} in this process; its output goes to commands.log; a failure ends the preset. */
        void gdsweep(String... args) {
            StringWriter o = new StringWriter(), e = new StringWriter();
            long t0 = System.nanoTime();
            int rc = Main.configure(Main.commandLine(args), new PrintWriter(o, true), new PrintWriter(e, true)).execute(args);
            String line = "gdsweep " + String.join(" ", args).replace(dir.toString() + "/", "");
            log.append("$ ").append(line).append('\n').append(o).append(e).append('\n');
            out.printf(Locale.ROOT, "  %s  (%.1f s)%n", line, (System.nanoTime() - t0) * 1e-9);
            if (rc != 0) throw new IllegalStateException(line + " failed (exit " + rc + "): " + e.toString().trim());
        }

        /** A row of the comparison: the quantity, what the paper (or theory) says, what gdsweep found. */
        void compare(String quantity, String paper, String gdsweep) {
            rows.add(new String[] {quantity, paper, gdsweep});
        }

        void value(String name, double v) {
            values.put(name, v);
        }

        String table() {
            int a = "quantity".length(), b = "paper / theory".length();
            for (String[] r : rows) {
                a = Math.max(a, r[0].length());
                b = Math.max(b, r[1].length());
            }
            StringBuilder t = new StringBuilder();
            String fmt = "%-" + a + "s  %-" + b + "s  %s%n";
            t.append(String.format(Locale.ROOT, fmt, "quantity", "paper / theory", "gdsweep"));
            for (String[] r : rows) t.append(String.format(Locale.ROOT, fmt, r[0], r[1], r[2]));
            return t.toString().stripTrailing();
        }

        void writeSummary(Preset p, double seconds) throws IOException {
            StringBuilder s = new StringBuilder();
            s.append("gdsweep reproduce ").append(p.name()).append(quick ? " --quick" : "").append('\n').append(p.title()).append("\n\nsettings:\n");
            settings.forEach((k, v) -> s.append("  ").append(k).append(" = ").append(v).append('\n'));
            s.append('\n').append(table()).append("\n\nvalues:\n");
            values.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %s = %.10g%n", k, v)));
            s.append(String.format(Locale.ROOT, "%nwall %.1f s, gdsweep %s%n", seconds, Version.gdsweep()));
            Files.writeString(file("summary.txt"), s, StandardCharsets.UTF_8);
            Files.writeString(file("commands.log"), log, StandardCharsets.UTF_8);
        }
    }

    static final Map<String, Preset> ALL = new LinkedHashMap<>();

    private static void add(String name, String title, List<Setting> settings, Body body) {
        ALL.put(name, new Preset() {
            @Override public String name() { return name; }
            @Override public String title() { return title; }
            @Override public List<Setting> settings() { return settings; }
            @Override public void run(Run run) throws IOException { body.run(run); }
        });
    }

    @FunctionalInterface
    private interface Body {
        void run(Run r) throws IOException;
    }

    private static String f(String fmt, Object... a) {
        return String.format(Locale.ROOT, fmt, a);
    }

    private static String p(Run r, String name) {
        return r.file(name).toString();
    }

    // ---- shared analyses ----

    /** Counts per LimitKind and status of a map or scan file's flat arrays. */
    private static long count(double[] v, double value) {
        long c = 0;
        for (double x : v) if (x == value) c++;
        return c;
    }

    private static double[] where(double[] v, double[] limit, LimitKind kind) {
        return java.util.stream.IntStream.range(0, v.length).filter(i -> limit[i] == kind.code).mapToDouble(i -> v[i]).toArray();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double quantile(double[] v, double q) {
        if (v.length == 0) return Double.NaN;
        double[] s = v.clone();
        Arrays.sort(s);
        return org.gdsweep.engine.scan.ScanStatistics.quantile(s, s.length, q);
    }

    /** A histogram of v over [lo, hi] in {@code bins} bins, drawn as a curve over the bin centres, with theory markers. */
    private static void histogram(Path png, String title, String xLabel, double[] v, double lo, double hi, int bins, List<LinePlot.Marker> markers)
            throws IOException {
        double[] centre = new double[bins], counts = new double[bins];
        for (int b = 0; b < bins; b++) centre[b] = lo + (b + 0.5) * (hi - lo) / bins;
        for (double x : v) {
            int b = (int) Math.floor((x - lo) / (hi - lo) * bins);
            if (b >= 0 && b < bins) counts[b]++;
            else if (x == hi) counts[bins - 1]++;
        }
        LinePlot.write(png, false, LinePlot.render(title, xLabel, centre,
                List.of(new LinePlot.Panel("starts per bin", false, LinePlot.list(new LinePlot.Series("count", counts, new Color(0x3B528B))))), markers));
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    // ---- the presets ----

    static {
        add("lm-thm1", "[LM] Theorem 1: per-start critical step of 1/2(uv - 1)^2 against the closed form", List.of(
                new Setting("size", "96", "16", "grid points per side of the start grid"),
                new Setting("window", "2", "2", "half-width of the start window [-w, w]^2"),
                new Setting("accuracy", "1e-4", "1e-3", "relative accuracy of each bisection"),
                new Setting("max-iter", "100000", "20000", "iteration cap of each run")), r -> {
            double w = r.num("window");
            r.gdsweep("critical", "--loss", "scalar", "--d", "1", "--y", "1", "--starts", "grid", "--window=" + -w + ":" + w + "," + -w + ":" + w,
                    "--size", r.get("size"), "--eta-range", "0.05:3", "--accuracy", r.get("accuracy"), "--max-iter", r.get("max-iter"), "-q",
                    "-o", p(r, "lm-thm1.h5"), "--png", p(r, "lm-thm1.png"));
            double[] rel = Hdf5Reader.doubles(r.file("lm-thm1.h5"), "relative_difference");
            double[] abs = Arrays.stream(rel).filter(Double::isFinite).map(Math::abs).toArray();
            double acc = r.num("accuracy");
            double within = Arrays.stream(abs).filter(x -> x <= 10 * acc).count() / (double) Math.max(1, abs.length);
            r.value("median_abs_relative_difference", median(abs));
            r.value("fraction_within_10x_accuracy", within);
            r.compare("critical step per start", "min{1/|y|, 8/(N0 + sqrt(N0^2 - 16y(z0 - y)))}", f("bisection of GD runs, %d starts", abs.length));
            r.compare("median |eta*_GD / eta*_theory - 1|", f("0 (up to the bisection accuracy %.0e)", acc), f("%.2e", median(abs)));
            r.compare("starts within 10x the accuracy", "all but a null set (the saddle's basin)", f("%.2f%%", 100 * within));
        });

        add("lm-fig1-left", "[LM] Fig. 1 left: (u'v - 1)^2 + 0.3(|u|^2 + |v|^2), u, v in R^5, a random slice coloured by u[0] of the reached minimiser", List.of(
                new Setting("eta", "0.38", "0.38", "step size as written (canonical 2 x)"),
                new Setting("size", "1024", "48", "grid points per side"),
                new Setting("seed", "1", "1", "seed of the random slice"),
                new Setting("window", "2.5", "2.5", "half-width of the slice window"),
                new Setting("max-iter", "10000", "3000", "iteration cap")), r -> {
            double w = r.num("window");
            r.gdsweep("map", "--loss", "scalar", "--d", "5", "--y", "1", "--c", "1", "--mu", "0.3", "--eta", r.get("eta"), "--slice", "random",
                    "--seed", r.get("seed"), "--window=" + -w + ":" + w + "," + -w + ":" + w, "--size", r.get("size"), "--max-iter", r.get("max-iter"),
                    "--color", "param:0", "-q", "-o", p(r, "lm-fig1-left.h5"), "--png", p(r, "lm-fig1-left.png"));
            double[] limit = Hdf5Reader.doubles(r.file("lm-fig1-left.h5"), "limit"), n2 = Hdf5Reader.doubles(r.file("lm-fig1-left.h5"), "norm2");
            double[] at = where(n2, limit, LimitKind.MINIMISER);
            double eta = 2 * r.num("eta"), lambda = 0.3;
            r.value("minimiser_fraction", at.length / (double) limit.length);
            r.value("min_norm2", min(at));
            r.value("max_norm2", max(at));
            r.compare("canonical (eta, lambda)", "eta = 2 x step, lambda = mu / c", f("(%.4g, %.4g)", eta, lambda));
            r.compare("Theorem 3 fractal range", "0 < lambda <= min{1/eta - |y|, 1/(2 eta)}", f("lambda = 0.3 <= %.4f", Math.min(1 / eta - 1, 1 / (2 * eta))));
            r.compare("N of every reached minimiser", "2(y - lambda) = 1.4", f("%.6f .. %.6f over %d runs", min(at), max(at), at.length));
            r.compare("converged to a minimiser", "(figure: coloured region)", f("%.2f%% of starts", 100.0 * at.length / limit.length));
        });

        add("lm-fig1-right", "[LM] Fig. 1 right: preimages under 6 GD steps of discs around a balanced and an imbalanced minimiser of (xy - 1)^2", List.of(
                new Setting("eta", "0.3", "0.3", "step size as written (canonical 2 x)"),
                new Setting("steps", "6", "6", "GD steps"),
                new Setting("radius", "0.1", "0.1", "disc radius around each minimiser"),
                new Setting("imbalanced", "2,0.5", "2,0.5", "the imbalanced minimiser x,y (xy = 1)"),
                new Setting("size", "801", "41", "grid points per side (801 and 41 put both minimisers on the grid)"),
                new Setting("window", "2.5", "2.5", "half-width of the window")), r -> {
            double w = r.num("window"), rad = r.num("radius"), eta = 2 * r.num("eta");
            double[] b = Parse.numbers("--set imbalanced", r.get("imbalanced"), ",");
            if (b.length != 2 || Math.abs(b[0] * b[1] - 1) > 1e-12) throw new BadInputException("--set imbalanced must be x,y with xy = 1, got " + r.get("imbalanced"));
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "1", "--c", "1", "--eta", r.get("eta"), "--window=" + -w + ":" + w + "," + -w + ":" + w,
                    "--size", r.get("size"), "--max-iter", r.get("steps"), "--fixed-horizon", "--save-params", "--fields", "norm2", "-q",
                    "-o", p(r, "lm-fig1-right.h5"), "--no-png");
            Path h5 = r.file("lm-fig1-right.h5");
            double[] theta = Hdf5Reader.doubles(h5, "theta"), status = Hdf5Reader.doubles(h5, "status"), alpha = Hdf5Reader.doubles(h5, "alpha"),
                    beta = Hdf5Reader.doubles(h5, "beta");
            int nw = alpha.length, nh = beta.length, runs = nw * nh;
            byte[] label = new byte[runs];
            long inA = 0, inB = 0;
            for (int k = 0; k < runs; k++) {
                double x = theta[k], y = theta[runs + k];
                if (status[k] == Status.DIVERGED.code) continue;
                if (Math.hypot(x - 1, y - 1) <= rad) {
                    label[k] = 1;
                    inA++;
                } else if (Math.hypot(x - b[0], y - b[1]) <= rad) {
                    label[k] = 2;
                    inB++;
                }
            }
            java.awt.image.BufferedImage raster = new java.awt.image.BufferedImage(nw, nh, java.awt.image.BufferedImage.TYPE_INT_RGB);
            int[] colours = {0xF2F2F2, 0x3B528B, 0xFF7F0E};
            for (int j = 0; j < nh; j++)
                for (int i = 0; i < nw; i++) {
                    int k = j * nw + i;
                    raster.setRGB(i, nh - 1 - j, status[k] == Status.DIVERGED.code ? MapImage.DIVERGED_GREY : colours[label[k]]);
                }
            double nA = 2, nB = b[0] * b[0] + b[1] * b[1];
            var fig = MapFigure.render(new MapFigure.Spec(f("(xy - 1)^2, step %s (canonical \u03b7 = %.3g): starts within %.3g of a minimiser after %s GD steps",
                    r.get("eta"), eta, rad, r.get("steps")), f("balanced (1, 1): N = 2 %s 2/\u03b7 = %.3g; imbalanced (%s, %s): N = %.3g %s 2/\u03b7",
                    nA < 2 / eta ? "<" : ">", 2 / eta, b[0], b[1], nB, nB < 2 / eta ? "< (stable)" : "> (unstable)"), raster, "x", alpha[0], alpha[nw - 1], "y",
                    beta[0], beta[nh - 1], null, List.of(new MapFigure.LegendEntry(colours[1], "ends near (1, 1)"),
                    new MapFigure.LegendEntry(colours[2], f("ends near (%s, %s)", b[0], b[1])), new MapFigure.LegendEntry(colours[0], "elsewhere"),
                    new MapFigure.LegendEntry(MapImage.DIVERGED_GREY, "diverged"))));
            LinePlot.write(r.file("lm-fig1-right.png"), false, fig);
            double cell = (alpha[nw - 1] - alpha[0]) / (nw - 1) * (beta[nh - 1] - beta[0]) / (nh - 1);
            r.value("area_balanced", inA * cell);
            r.value("area_imbalanced", inB * cell);
            r.value("label_at_balanced", label[nearest(beta, 1) * nw + nearest(alpha, 1)]);
            r.value("label_at_imbalanced", label[nearest(beta, b[1]) * nw + nearest(alpha, b[0])]);
            r.compare("stability (sharpness N vs 2/eta)", "stable preimage: a fat region; unstable: thin filaments",
                    f("balanced N = 2 %s %.3g, imbalanced N = %.3g", nA < 2 / eta ? "<" : ">", 2 / eta, nB));
            r.compare("area of the preimage", "(figure)", f("balanced %.4f, imbalanced %.4f", inA * cell, inB * cell));
        });

        add("lm-fig2", "[LM] Fig. 2: (xy - 1)^2 basins, and N, imbalance and iterations of starts sampled near the convergence boundary", List.of(
                new Setting("eta", "0.45", "0.45", "step size as written (canonical 2 x)"),
                new Setting("count", "20000", "600", "starts sampled near the boundary"),
                new Setting("shell", "0.05", "0.05", "relative width of the shell inside the boundary"),
                new Setting("size", "800", "48", "grid points per side of the basin map"),
                new Setting("seed", "1", "1", "seed of the boundary samples")), r -> {
            double eta = 2 * r.num("eta");
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "1", "--c", "1", "--eta", r.get("eta"), "--window=-3:3,-3:3", "--size", r.get("size"),
                    "--max-iter", "20000", "-q", "-o", p(r, "basins.h5"), "--png", p(r, "basins.png"));
            String[] common = {"--loss", "scalar", "--d", "1", "--y", "1", "--c", "1", "--etas", r.get("eta"), "--starts", "boundary", "--boundary-eta", r.get("eta"),
                    "--count", r.get("count"), "--shell", r.get("shell"), "--seed", r.get("seed"), "--max-iter", "100000", "-q"};
            r.gdsweep(concat(new String[] {"scan"}, common, new String[] {"-o", p(r, "boundary-limits.h5"), "--no-png"}));
            r.gdsweep(concat(new String[] {"scan"}, common, new String[] {"--criterion", "loss", "--tol", "1e-8", "--no-sharpness", "-o", p(r, "boundary-loss.h5"), "--no-png"}));
            Path lim = r.file("boundary-limits.h5"), los = r.file("boundary-loss.h5");
            double[] limit = Hdf5Reader.doubles(lim, "runs/limit"), n2 = where(Hdf5Reader.doubles(lim, "runs/norm2"), limit, LimitKind.MINIMISER),
                    d = where(Hdf5Reader.doubles(lim, "runs/imbalance"), limit, LimitKind.MINIMISER);
            double[] itsAll = Hdf5Reader.doubles(los, "runs/iterations"), st = Hdf5Reader.doubles(los, "runs/status");
            double[] its = java.util.stream.IntStream.range(0, itsAll.length).filter(i -> st[i] == Status.CONVERGED.code).mapToDouble(i -> itsAll[i]).toArray();
            double dMax = Math.sqrt(4 / (eta * eta) - 4);
            Color red = new Color(0xC00000);
            histogram(r.file("hist-N.png"), "N = x^2 + y^2 of the reached minimiser", "N", n2, 2, 2 / eta, 40,
                    List.of(new LinePlot.Marker("2|y| (flattest)", 2, red), new LinePlot.Marker("2/eta (stability)", 2 / eta, red)));
            histogram(r.file("hist-D.png"), "imbalance D = x^2 - y^2 of the reached minimiser", "D", d, -dMax, dMax, 40,
                    List.of(new LinePlot.Marker("-sqrt(4/eta^2 - 4y^2)", -dMax, red), new LinePlot.Marker("+sqrt(4/eta^2 - 4y^2)", dMax, red)));
            histogram(r.file("hist-iterations.png"), "GD steps to loss < 1e-8", "iterations", its, 0, Math.max(1, quantile(its, 0.99)), 40, List.of());
            FigureGrid.write(r.file("lm-fig2.png"), false, f("[LM] Fig. 2: (xy - 1)^2, canonical \u03b7 = %.3g; histograms over %d starts in a %.0f%% shell inside the boundary",
                    eta, n2.length, 100 * r.num("shell")), List.of(r.file("basins.png"), r.file("hist-N.png"), r.file("hist-D.png"), r.file("hist-iterations.png")), 2, 2000);
            r.value("min_N", min(n2));
            r.value("max_N", max(n2));
            r.value("max_abs_D", Arrays.stream(d).map(Math::abs).max().orElse(Double.NaN));
            r.value("minimiser_fraction", n2.length / (double) limit.length);
            r.compare("N of the reached minimiser", f("fills [2|y|, 2/eta) = [2, %.4f)", 2 / eta), f("%.4f .. %.4f", min(n2), max(n2)));
            r.compare("imbalance |D|", f("fills |D| <= sqrt(4/eta^2 - 4y^2) = %.4f", dMax), f("max |D| = %.4f", Arrays.stream(d).map(Math::abs).max().orElse(Double.NaN)));
            r.compare("iterations to loss < 1e-8", "(histogram)", f("median %.0f, 95%% %.0f", median(its), quantile(its, 0.95)));
            double[] mapLimit = Hdf5Reader.doubles(r.file("basins.h5"), "limit"), mapN = Hdf5Reader.doubles(r.file("basins.h5"), "norm2");
            long saddle = count(mapLimit, LimitKind.ORIGIN.code), unstable = 0;
            for (int k = 0; k < mapN.length; k++) if (mapLimit[k] == LimitKind.MINIMISER.code && mapN[k] > 2 / eta * (1 + 1e-9)) unstable++;
            r.value("map_saddle_runs", saddle);
            r.value("map_unstable_minimiser_runs", unstable);
            r.compare("basins on the map grid", "saddle: the line x = -y; unstable minimisers (N > 2/eta): null sets",
                    f("%d starts reach the saddle (red), %d an unstable minimiser", saddle, unstable));
        });

        add("lm-fig3", "[LM] Fig. 3: (uv - 0.5)^2/2 + 0.1(u^2 + v^2): the two minimisers' basins and the projected boundary's dimension by box counting, uncertainty exponent and refinement", List.of(
                new Setting("eta", "1.0", "1.0", "step size as written (the authors' 1.0 is canonical 1.0: c = 1/2)"),
                new Setting("size", "1024", "64", "grid points per side, both maps"),
                new Setting("uncertainty", "20000", "500", "samples of the uncertainty exponent on the projected plane"),
                new Setting("coarse", "256", "32", "coarse cells per side of the refinement of the projected boundary"),
                new Setting("levels", "8", "2", "its levels (effective side coarse * 2^levels + 1)"),
                new Setting("max-iter", "20000", "3000", "iteration cap")), r -> {
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "0.5", "--c", "0.5", "--mu", "0.1", "--eta", r.get("eta"), "--window=-4:4,-4:4",
                    "--size", r.get("size"), "--max-iter", r.get("max-iter"), "--limit-features", "--color", "minimiser_side", "--measure", "-q",
                    "-o", p(r, "uv-plane.h5"), "--png", p(r, "lm-fig3.png"));
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "0.5", "--c", "0.5", "--mu", "0.1", "--eta", r.get("eta"), "--quotient", "--window=-4:4,0:8",
                    "--size", r.get("size"), "--max-iter", r.get("max-iter"), "--labels", "convergence", "--measure", "--uncertainty", r.get("uncertainty"), "-q",
                    "-o", p(r, "projected.h5"), "--png", p(r, "projected.png"));
            // the same projected boundary as the authors' notebook computed it: 100 steps, their loss threshold
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "0.5", "--c", "0.5", "--mu", "0.1", "--eta", r.get("eta"), "--quotient", "--window=-4:4,0:8",
                    "--size", r.get("size"), "--protocol", "lm-notebook", "--labels", "convergence", "--measure", "-q",
                    "-o", p(r, "projected-notebook.h5"), "--png", p(r, "projected-notebook.png"));
            // the third estimator: the projected boundary refined far below the maps' pixels, its counts unbiased
            r.gdsweep("refine", "--loss", "scalar", "--d", "1", "--y", "0.5", "--c", "0.5", "--mu", "0.1", "--eta", r.get("eta"), "--quotient", "--window=-4:4,0:8",
                    "--labels", "convergence", "--coarse", r.get("coarse"), "--levels", r.get("levels"), "--max-iter", r.get("max-iter"), "-q",
                    "-o", p(r, "projected-refined.h5"));
            double refined = ((Number) Hdf5Reader.attribute(r.file("projected-refined.h5"), "", "dimension")).doubleValue();
            double refinedErr = ((Number) Hdf5Reader.attribute(r.file("projected-refined.h5"), "", "dimension_error")).doubleValue();
            double notebook = measure(r.file("projected-notebook.h5"), "box_dimension");
            double notebookErr = measure(r.file("projected-notebook.h5"), "box_dimension_error");
            double plane = measure(r.file("uv-plane.h5"), "box_dimension");
            double proj = measure(r.file("projected.h5"), "box_dimension");
            double projErr = measure(r.file("projected.h5"), "box_dimension_error");
            double ue = measure(r.file("projected.h5"), "uncertainty_dimension");
            double ueErr = measure(r.file("projected.h5"), "uncertainty_exponent_error");
            String agree = String.valueOf(Hdf5Reader.attribute(r.file("projected.h5"), "measures", "estimators_agree"));
            double[] limit = Hdf5Reader.doubles(r.file("uv-plane.h5"), "limit"), n2 = where(Hdf5Reader.doubles(r.file("uv-plane.h5"), "norm2"), limit, LimitKind.MINIMISER);
            double[] side = Hdf5Reader.doubles(r.file("uv-plane.h5"), "minimiser_side");
            r.value("box_dimension_projected", proj);
            r.value("box_dimension_plane", plane);
            r.value("min_norm2", min(n2));
            r.value("max_norm2", max(n2));
            r.value("nearest", count(side, 1));
            r.value("farthest", count(side, -1));
            r.compare("canonical (eta, y, lambda)", "(1.0, 0.5, 0.2)", f("(%s, 0.5, 0.2)", r.get("eta")));
            r.compare("N of the reached minimiser", "2(y - lambda) = 0.6", f("%.6f .. %.6f", min(n2), max(n2)));
            r.value("uncertainty_dimension_projected", ue);
            r.value("box_dimension_projected_error", projErr);
            r.value("uncertainty_dimension_projected_error", ueErr);
            r.compare("box dimension, projected boundary", "1.249 (reproductions 1.19-1.33)", f("%.4f +- %.4f (fit, range, offset, resolution)", proj, projErr));
            r.value("box_dimension_projected_notebook", notebook);
            r.value("box_dimension_projected_notebook_error", notebookErr);
            r.compare("box dimension, notebook protocol", "1.249 (100 steps, (uv - y)^2/2 < 1e-6 + lambda y - lambda^2/2)", f("%.4f +- %.4f", notebook, notebookErr));
            r.compare("2 - alpha, projected boundary", "-", f("%.4f +- %.4f (sampling, range, fit); the estimators agree: %s", ue, ueErr, agree));
            r.compare("box dimension, (u, v) plane", "-", f("%.4f", plane));
            r.value("refined_dimension_projected", refined);
            r.value("refined_dimension_projected_error", refinedErr);
            r.compare("refinement, projected boundary", "1.249", f("%.4f +- %.4f (fit, range, sampling, resolution; effective %s^2 grid)", refined, refinedErr,
                    Hdf5Reader.attribute(r.file("projected-refined.h5"), "", "effective_side")));
        });

        add("lm-fig3-eta", "[LM] Theorem 3: the projected boundary's dimension against eta for (uv - 0.5)^2/2 + 0.1(u^2 + v^2), both estimators with their errors", List.of(
                new Setting("etas", "0.6:1.4:9", "1.0:1.4:2", "step sizes LO:HI:N (Theorem 3's fractal range is eta <= 1/(y + lambda) = 1.4286)"),
                new Setting("size", "768", "96", "grid points per side of each projected map"),
                new Setting("uncertainty", "8000", "300", "samples of the uncertainty exponent per eta"),
                new Setting("max-iter", "20000", "3000", "iteration cap")), r -> {
            double[] range = Parse.numbers("--set etas", r.get("etas"), ":");
            if (range.length != 3 || range[2] < 1 || range[2] != Math.rint(range[2]) || !(range[0] > 0) || !(range[1] >= range[0]))
                throw new BadInputException("--set etas must be LO:HI:N with 0 < LO <= HI and N >= 1, got " + r.get("etas"));
            int n = (int) range[2];
            double[] eta = new double[n], box = new double[n], boxLo = new double[n], boxHi = new double[n], ue = new double[n], ueLo = new double[n], ueHi = new double[n];
            int agree = 0;
            for (int k = 0; k < n; k++) {
                eta[k] = n == 1 ? range[0] : range[0] + (range[1] - range[0]) * k / (n - 1);
                String tag = f("eta-%.4f", eta[k]);
                r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "0.5", "--c", "0.5", "--mu", "0.1", "--eta", f("%.10g", eta[k]), "--quotient",
                        "--window=-4:4,0:8", "--size", r.get("size"), "--max-iter", r.get("max-iter"), "--labels", "convergence", "--measure",
                        "--uncertainty", r.get("uncertainty"), "-q", "-o", p(r, tag + ".h5"), "--no-png");
                Path h5 = r.file(tag + ".h5");
                box[k] = measure(h5, "box_dimension");
                double be = measure(h5, "box_dimension_error");
                ue[k] = measure(h5, "uncertainty_dimension");
                double uee = measure(h5, "uncertainty_exponent_error");
                boxLo[k] = box[k] - be;
                boxHi[k] = box[k] + be;
                ueLo[k] = ue[k] - uee;
                ueHi[k] = ue[k] + uee;
                boolean ok = "yes".equals(String.valueOf(Hdf5Reader.attribute(h5, "measures", "estimators_agree")));
                if (ok) agree++;
                r.compare(f("eta = %.4f", eta[k]), k == 0 ? "fractal for eta <= 1.4286 (Theorem 3)" : "", f("box %.3f +- %.3f, 2 - alpha %.3f +- %.3f%s", box[k], be, ue[k], uee,
                        ok ? "" : "  DISAGREE"));
            }
            r.value("estimators_agree", agree);
            r.value("points", n);
            LinePlot.write(r.file("lm-fig3-eta.png"), false, LinePlot.render("[LM] Fig. 3 problem: dimension of the projected convergence boundary against eta",
                    "canonical step size eta", eta, List.of(new LinePlot.Panel("dimension (band: +- stated error)", false, LinePlot.list(
                            new LinePlot.Series("box counting", box, new Color(0x3B528B)), new LinePlot.Series("box - error", boxLo, new Color(0x9DA9C5)),
                            new LinePlot.Series("box + error", boxHi, new Color(0x9DA9C5)), new LinePlot.Series("2 - alpha", ue, new Color(0xD95F02)),
                            new LinePlot.Series("2 - alpha - error", ueLo, new Color(0xF0B48A)), new LinePlot.Series("2 - alpha + error", ueHi, new Color(0xF0B48A))))),
                    List.of(new LinePlot.Marker("Theorem 3: fractal up to 1/(y + lambda)", 1 / 0.7, new Color(0xC00000)),
                            new LinePlot.Marker("paper's eta = 1.0 (1.249)", 1.0, new Color(0x777777)))));
            r.compare("estimators agree (within twice the combined error)", "-", f("at %d of %d step sizes", agree, n));
        });

        add("lm-fig4", "[LM] Fig. 4: (uv - 0.8)^2/2 + (lambda/2)(u^2 + v^2), lambda in {0, 0.01, 0.1, 0.5}: convergent starts and the saddle's basin", List.of(
                new Setting("eta", "1.0", "1.0", "step size (canonical: c = 1/2)"),
                new Setting("lambdas", "0,0.01,0.1,0.5", "0,0.01,0.1,0.5", "weight decays, one panel each"),
                new Setting("size", "600", "48", "grid points per side"),
                new Setting("window", "3", "3", "half-width of the window"),
                new Setting("max-iter", "20000", "3000", "iteration cap")), r -> {
            double eta = r.num("eta"), w = r.num("window"), y = 0.8;
            double[] lambdas = Parse.numbers("--set lambdas", r.get("lambdas"), ",");
            List<Path> panels = new ArrayList<>();
            for (double lam : lambdas) {
                String tag = f("lambda-%s", lam);
                r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "0.8", "--c", "0.5", "--mu", Double.toString(lam / 2), "--eta", r.get("eta"),
                        "--window=" + -w + ":" + w + "," + -w + ":" + w, "--size", r.get("size"), "--max-iter", r.get("max-iter"), "--color", "param:0", "-q",
                        "-o", p(r, tag + ".h5"), "--png", p(r, tag + ".png"));
                panels.add(r.file(tag + ".png"));
                double[] limit = Hdf5Reader.doubles(r.file(tag + ".h5"), "limit");
                long origin = count(limit, LimitKind.ORIGIN.code), minimiser = count(limit, LimitKind.MINIMISER.code);
                r.value(tag + "_minimiser_fraction", minimiser / (double) limit.length);
                r.value(tag + "_origin_runs", origin);
                double area = minimiser / (double) limit.length * (2 * w) * (2 * w);
                r.value(tag + "_converged_area", area);
                String theory = lam == 0 && eta * y < 1 ? f("ellipse, area %.4f", Math.PI * (4 / eta) * Math.sqrt((2 + eta * y) * (2 - eta * y)) / 2)
                        : lam > 0 && lam <= Math.min(1 / eta - y, 1 / (2 * eta)) ? "fractal boundary (Theorem 3)" : "outside Theorem 3's range";
                r.compare(f("lambda = %s: converged region", lam), theory, f("area %.4f; %d starts reach the saddle", area, origin));
            }
            FigureGrid.write(r.file("lm-fig4.png"), false, f("[LM] Fig. 4: (uv - 0.8)^2/2 + (\u03bb/2)(u^2 + v^2), \u03b7 = %s; colour: u of the reached minimiser, red: the saddle's basin", r.get("eta")),
                    panels, 2, 2000);
        });

        add("lm-fig5", "[LM] Fig. 5: 1/2|U'V - Y|^2, U, V in R^{5x4}, Y diagonal from [0, 1]: four random slices coloured by the reached minimiser's norm", List.of(
                new Setting("eta-fraction", "0.9", "0.9", "step size as a fraction of eta_crit = 1/sigma_max(Y)"),
                new Setting("target-seed", "0", "0", "seed of Y"),
                new Setting("seeds", "1,2,3,4", "1,2", "seeds of the random slices, one panel each"),
                new Setting("size", "256", "24", "grid points per side"),
                new Setting("window", "3", "3", "half-width of the window"),
                new Setting("max-iter", "20000", "3000", "iteration cap")), r -> {
            Problem m = LossFamilies.problem("matrix", 0, Arithmetic.EXACT, (long) r.num("target-seed"), "--k", "5", "--m", "4", "--n", "4");
            double crit = m.globalCriticalStep(), eta = r.num("eta-fraction") * crit, w = r.num("window");
            double nuclear = 0;
            double[] y = m.definingArrays().get(0).values();
            for (int i = 0; i < 4; i++) nuclear += Math.abs(y[i * 4 + i]);
            List<Path> panels = new ArrayList<>();
            double lowest = Double.POSITIVE_INFINITY;
            for (String seed : r.get("seeds").split(",")) {
                String tag = "slice-" + seed.trim();
                r.gdsweep("map", "--loss", "matrix", "--k", "5", "--m", "4", "--n", "4", "--target-seed", r.get("target-seed"), "--eta", Double.toString(eta),
                        "--slice", "random", "--seed", seed.trim(), "--window=" + -w + ":" + w + "," + -w + ":" + w, "--size", r.get("size"),
                        "--max-iter", r.get("max-iter"), "-q", "-o", p(r, tag + ".h5"), "--png", p(r, tag + ".png"));
                panels.add(r.file(tag + ".png"));
                double[] limit = Hdf5Reader.doubles(r.file(tag + ".h5"), "limit"), n2 = where(Hdf5Reader.doubles(r.file(tag + ".h5"), "norm2"), limit, LimitKind.MINIMISER);
                lowest = Math.min(lowest, min(n2));
                r.compare("slice seed " + seed.trim(), "(panel)", f("%.2f%% converge to a minimiser, N %.4f .. %.4f", 100.0 * n2.length / limit.length, min(n2), max(n2)));
            }
            r.value("eta", eta);
            r.value("min_norm2", lowest);
            r.value("two_nuclear_norm", 2 * nuclear);
            r.compare("eta_crit = 1/sigma_max(Y)", "[CG]", f("%.6f; runs at eta = %.6f", crit, eta));
            r.compare("N of any minimiser", f(">= 2|Y|_* = %.6f (equality: balanced)", 2 * nuclear), f("smallest reached %.6f", lowest));
            FigureGrid.write(r.file("lm-fig5.png"), false, f("[LM] Fig. 5: 1/2|U'V - Y|^2, U, V in R^{5x4}, \u03b7 = %.4g (%.2f \u03b7_crit); colour: N of the reached minimiser",
                    eta, r.num("eta-fraction")), panels, 2, 2000);
        });

        add("lm-relu-sweep", "[LM] deep-network sweep: final sharpness and weight norm of a depth-3 ReLU network against eta (fixed start, fixed horizon)", List.of(
                new Setting("data", "teacher", "teacher", "training data: teacher, or an HDF5 file with X and Y (scripts/make-digits-data.sh makes the digits)"),
                new Setting("widths", "16,32,32,1", "4,8,8,1", "layer widths (the input width must match the data)"),
                new Setting("etas", "0.05:1.7:200", "0.1:1.5:12", "step sizes LO:HI:N"),
                new Setting("steps", "5000", "300", "GD steps (the fixed horizon)"),
                new Setting("seed", "0", "0", "seed of the start (and of teacher data)")), r -> {
            r.gdsweep("scan", "--loss", "mlp", "--data", r.get("data"), "--widths", r.get("widths"), "--activation", "relu", "--bias", "off", "--count", "1",
                    "--seed", r.get("seed"), "--eta-range", r.get("etas"), "--max-iter", r.get("steps"), "--fixed-horizon", "-q",
                    "-o", p(r, "lm-relu-sweep.h5"), "--png", p(r, "lm-relu-sweep.png"));
            double[] eta = Hdf5Reader.doubles(r.file("lm-relu-sweep.h5"), "eta"), sharp = Hdf5Reader.doubles(r.file("lm-relu-sweep.h5"), "runs/sharpness"),
                    status = Hdf5Reader.doubles(r.file("lm-relu-sweep.h5"), "runs/status");
            // a limit GD converged to is stable: sharpness <= 2/eta (the closed-form fact every converged run must meet)
            long converged = 0, unstable = 0;
            for (int e = 0; e < eta.length; e++)
                if (status[e] == Status.CONVERGED.code) {
                    converged++;
                    if (sharp[e] > 2 / eta[e] * (1 + 1e-6)) unstable++;
                }
            r.value("converged_points", converged);
            r.value("converged_above_stability", unstable);
            r.compare("converged step sizes", "sharpness <= 2/eta (a limit GD reaches is stable)", f("%d converged, %d above 2/eta", converged, unstable));
            int eos = 0, bounded = 0;
            double lo = Double.NaN, hi = Double.NaN;
            for (int e = 0; e < eta.length; e++) {
                if (!Double.isFinite(sharp[e])) continue;
                bounded++;
                if (Math.abs(sharp[e] * eta[e] / 2 - 1) <= 0.05) {
                    eos++;
                    if (Double.isNaN(lo)) lo = eta[e];
                    hi = eta[e];
                }
            }
            r.value("edge_of_stability_points", eos);
            r.value("bounded_points", bounded);
            r.compare("edge of stability", "sharpness ~ 2/eta over an interval", f("%d of %d step sizes within 5%% of 2/eta, in [%.4g, %.4g]", eos, eta.length, lo, hi));
            r.compare("chaotic interval", "sharpness and norm jump erratically nearer the critical step", "(figure: lower panels)");
        });

        add("lm-relu-slices", "[LM] deep-network slices: a random 2-D slice of weight space with weight decay, coloured by final loss and by sharpness", List.of(
                new Setting("data", "teacher", "teacher", "training data: teacher, or an HDF5 file with X and Y"),
                new Setting("widths", "4,8,8,1", "2,4,1", "layer widths"),
                new Setting("eta", "0.3", "0.3", "step size"),
                new Setting("lambda", "0.001", "0.001", "weight decay"),
                new Setting("steps", "3000", "200", "GD steps (the fixed horizon)"),
                new Setting("size", "128", "16", "grid points per side"),
                new Setting("window", "1.5", "1.5", "half-width of the window (the slice passes through a LeCun start)")), r -> {
            double w = r.num("window");
            r.gdsweep("map", "--loss", "mlp", "--data", r.get("data"), "--widths", r.get("widths"), "--activation", "relu", "--lambda", r.get("lambda"),
                    "--eta", r.get("eta"), "--slice", "random", "--origin", "random", "--origin-scale", "0.5", "--seed", "1",
                    "--window=" + -w + ":" + w + "," + -w + ":" + w, "--size", r.get("size"), "--max-iter", r.get("steps"), "--fixed-horizon", "--sharpness",
                    "--color", "loss", "--color-log", "-q", "-o", p(r, "slice.h5"), "--png", p(r, "loss.png"));
            double[] loss = Hdf5Reader.doubles(r.file("slice.h5"), "loss"), status = Hdf5Reader.doubles(r.file("slice.h5"), "status"),
                    sharp = Hdf5Reader.doubles(r.file("slice.h5"), "sharpness");
            // the paper's classes: at the lowest loss found (within 10 %: with weight decay the minima are not at 0),
            // sub-optimal, diverged
            double best = Arrays.stream(loss).filter(Double::isFinite).min().orElse(Double.NaN);
            long near = 0, sub = 0, div = 0;
            for (int k = 0; k < loss.length; k++) {
                if (status[k] == Status.DIVERGED.code || !Double.isFinite(loss[k])) div++;
                else if (loss[k] <= 1.1 * best) near++;
                else sub++;
            }
            double[] finite = Arrays.stream(loss).filter(Double::isFinite).toArray();
            // the sharpness panel is drawn from the same file (one sweep, two colourings)
            double[] alpha = Hdf5Reader.doubles(r.file("slice.h5"), "alpha"), beta = Hdf5Reader.doubles(r.file("slice.h5"), "beta");
            byte[] st = new byte[status.length], lim = new byte[status.length];
            double[] limD = Hdf5Reader.doubles(r.file("slice.h5"), "limit");
            for (int k = 0; k < st.length; k++) {
                st[k] = (byte) status[k];
                lim[k] = (byte) limD[k];
            }
            double[] range = MapImage.convergedRange(st, lim, sharp, true);
            MapImage.write(r.file("sharpness.png"), false, st, lim, alpha.length, beta.length, new MapImage.Colouring("sharpness", sharp, range[0], range[1], false, true),
                    new MapImage.Frame(f("mlp %s, relu, lambda=%s, eta=%s: final sharpness after %s steps", r.get("widths"), r.get("lambda"), r.get("eta"), r.get("steps")),
                            f("2/\u03b7 = %.4g", 2 / r.num("eta")), "\u03b1 (random direction e\u2081)", alpha[0], alpha[alpha.length - 1],
                            "\u03b2 (random direction e\u2082)", beta[0], beta[beta.length - 1]), false);
            Files.deleteIfExists(r.file("sharpness.png.txt"));
            FigureGrid.write(r.file("lm-relu-slices.png"), false, f("[LM] ReLU network %s, \u03bb = %s, \u03b7 = %s, %s steps: final loss (left) and sharpness (right)",
                    r.get("widths"), r.get("lambda"), r.get("eta"), r.get("steps")), List.of(r.file("loss.png"), r.file("sharpness.png")), 2, 2000);
            double maxSharp = Arrays.stream(sharp).filter(Double::isFinite).max().orElse(Double.NaN);
            long unstable = 0;
            for (int k = 0; k < sharp.length; k++) if (status[k] == Status.CONVERGED.code && sharp[k] > 2 / r.num("eta") * (1 + 1e-6)) unstable++;
            r.value("converged_above_stability", unstable);
            r.value("fraction_at_best_loss", near / (double) loss.length);
            r.value("fraction_suboptimal", sub / (double) loss.length);
            r.value("fraction_diverged", div / (double) loss.length);
            r.value("max_sharpness", maxSharp);
            r.value("two_over_eta", 2 / r.num("eta"));
            r.compare("final loss classes", "global minimum / sub-optimal / diverged", f("within 10%% of the lowest loss %.1f%% / above %.1f%% / diverged %.1f%%",
                    100.0 * near / loss.length, 100.0 * sub / loss.length, 100.0 * div / loss.length));
            r.compare("final loss", "(left panel)", f("lowest %.4g, median %.4g, highest %.4g", best, median(finite), max(finite)));
            r.compare("final sharpness", "<= about 2/eta (edge of stability)", f("max %.4g, 2/eta = %.4g", maxSharp, 2 / r.num("eta")));
        });

        add("cg-linear", "[CG] linear network: converged fraction and asymptotic gradient norm against eta, a sharp transition at eta_crit", List.of(
                new Setting("widths", "2,2,2", "2,2,2", "layer widths n0,...,nH"),
                new Setting("count", "512", "48", "Gaussian starts per step size"),
                new Setting("points", "41", "9", "step sizes from 0.5 to 1.5 eta_crit"),
                new Setting("max-iter", "20000", "4000", "iteration cap")), r -> {
            Problem net = LossFamilies.problem("network", 0, Arithmetic.EXACT, 0, "--widths", r.get("widths"));
            double crit = net.globalCriticalStep();
            r.gdsweep("scan", "--loss", "network", "--widths", r.get("widths"), "--eta-range", f("%.10g:%.10g:%s", 0.5 * crit, 1.5 * crit, r.get("points")),
                    "--count", r.get("count"), "--scale", "0.5", "--max-iter", r.get("max-iter"), "-q", "-o", p(r, "cg-linear.h5"), "--png", p(r, "cg-linear.png"));
            double[] eta = Hdf5Reader.doubles(r.file("cg-linear.h5"), "eta"), mf = Hdf5Reader.doubles(r.file("cg-linear.h5"), "minimiser_fraction"),
                    agn = Hdf5Reader.doubles(r.file("cg-linear.h5"), "asymptotic_grad_norm");
            double below = Double.NaN, above = Double.NaN, firstDead = Double.NaN;
            for (int e = 0; e < eta.length; e++) {
                if (eta[e] < crit) below = mf[e];
                if (eta[e] > crit * (1 + 1e-9) && Double.isNaN(above)) above = mf[e];
                if (mf[e] <= 0.01 && Double.isNaN(firstDead)) firstDead = eta[e];
            }
            r.value("eta_crit", crit);
            r.value("minimiser_fraction_below", below);
            r.value("minimiser_fraction_above", above);
            r.value("first_eta_without_convergence", firstDead);
            r.compare("eta_crit", "2 / (H sigma_max(Phi)^(2 - 2/H))", f("%.6f", crit));
            r.compare("converged to a minimiser just below / above", "positive / 0 (null set)", f("%.3f / %.3f", below, above));
            r.compare("first eta with <= 1% converging", f("just above eta_crit = %.4f", crit), f("%.4f", firstDead));
            r.compare("asymptotic |grad L| at the largest eta", "> 0, grows like sqrt(eta/eta_crit - 1)", f("%.3g", agn[agn.length - 1]));
        });

        add("cg-nonlinear", "[CG] non-linear network: a two-layer tanh network on teacher data, converged fraction and asymptotic gradient norm against eta", List.of(
                new Setting("widths", "2,8,1", "2,8,1", "student widths"),
                new Setting("teacher-widths", "2,2,1", "2,2,1", "teacher widths"),
                new Setting("samples", "8", "8", "teacher samples"),
                new Setting("count", "256", "16", "starts per step size (LeCun scale)"),
                new Setting("etas", "0.1:3:30", "0.2:2.4:12", "step sizes LO:HI:N"),
                new Setting("tol", "1e-4", "1e-4", "convergence tolerance on |grad L|"),
                new Setting("seed", "0", "0", "seed of the teacher and the starts"),
                new Setting("max-iter", "20000", "20000", "iteration cap")), r -> {
            r.gdsweep("scan", "--loss", "mlp", "--widths", r.get("widths"), "--teacher-widths", r.get("teacher-widths"), "--activation", "tanh",
                    "--samples", r.get("samples"), "--eta-range", r.get("etas"), "--count", r.get("count"), "--max-iter", r.get("max-iter"), "--tol", r.get("tol"),
                    "--seed", r.get("seed"), "-q",
                    "-o", p(r, "cg-nonlinear.h5"), "--png", p(r, "cg-nonlinear.png"));
            double[] eta = Hdf5Reader.doubles(r.file("cg-nonlinear.h5"), "eta"), cf = Hdf5Reader.doubles(r.file("cg-nonlinear.h5"), "converged_fraction"),
                    agn = Hdf5Reader.doubles(r.file("cg-nonlinear.h5"), "asymptotic_grad_norm");
            double half = Double.NaN, jump = Double.NaN;
            for (int e = 0; e < eta.length; e++) {
                if (cf[e] < 0.5 && Double.isNaN(half)) half = eta[e];
                if (agn[e] > 1e-4 && Double.isNaN(jump)) jump = eta[e];
            }
            r.value("max_converged_fraction", max(cf));
            r.value("min_converged_fraction", min(cf));
            r.value("eta_half", half);
            r.value("eta_jump", jump);
            r.compare("converged fraction", "falls from ~1 to ~0 across a step range", f("%.2f .. %.2f; first below 1/2 at eta %.4g", max(cf), min(cf), half));
            r.compare("asymptotic |grad L| jumps", "where convergence stops", Double.isNaN(jump)
                    ? "no run stays bounded without converging: beyond the transition the runs diverge" : f("first > 1e-4 at eta %.4g", jump));
        });

        add("wczt-balancing", "[WCZT] balancing: |x - y|^2 of the limit of 1/2(mu - x'y)^2 from an unbalanced start against h, with the bound 2/h - 2 mu", List.of(
                new Setting("d", "5", "3", "dimension of x and y"),
                new Setting("mu", "1", "1", "target mu"),
                new Setting("imbalance", "3", "3", "start: x = a e/|e|, y = (mu/a) e'/|e'| with random unit e, e' close to e; a = this"),
                new Setting("points", "80", "12", "step sizes h from 0.02 to 1/mu"),
                new Setting("max-iter", "200000", "100000", "iteration cap")), r -> {
            int d = (int) r.num("d");
            double mu = r.num("mu"), a = r.num("imbalance");
            if (d < 1 || d > 1000) throw new BadInputException("--set d must be in [1, 1000], got " + r.get("d"));
            double[] start = new double[2 * d];
            org.gdsweep.engine.problem.Rng rng = new org.gdsweep.engine.problem.Rng(7);
            double[] e = new double[d];
            double n = 0;
            for (int i = 0; i < d; i++) {
                e[i] = rng.nextGaussian();
                n += e[i] * e[i];
            }
            n = Math.sqrt(n);
            for (int i = 0; i < d; i++) {
                start[i] = a * e[i] / n;
                start[d + i] = mu / a * e[i] / n * 1.2;
            }
            StringBuilder s = new StringBuilder();
            for (double v : start) s.append(s.isEmpty() ? "" : ",").append(v);
            r.gdsweep("scan", "--loss", "scalar", "--d", Integer.toString(d), "--y", r.get("mu"), "--eta-range", f("0.02:%.10g:%s", 1 / mu, r.get("points")),
                    "--starts", "points", "--start", s.toString(), "--max-iter", r.get("max-iter"), "-q", "-o", p(r, "wczt-balancing.h5"), "--no-png");
            Path h5 = r.file("wczt-balancing.h5");
            double[] eta = Hdf5Reader.doubles(h5, "eta"), n2 = Hdf5Reader.doubles(h5, "runs/norm2"), z = Hdf5Reader.doubles(h5, "runs/product"),
                    lim = Hdf5Reader.doubles(h5, "runs/limit"), dd = Hdf5Reader.doubles(h5, "runs/imbalance");
            double[] gap = new double[eta.length], bound = new double[eta.length], imb = new double[eta.length];
            double worst = Double.NEGATIVE_INFINITY;
            int converged = 0;
            for (int k = 0; k < eta.length; k++) {
                boolean ok = lim[k] == LimitKind.MINIMISER.code;
                gap[k] = ok ? n2[k] - 2 * z[k] : Double.NaN;
                imb[k] = ok ? Math.abs(dd[k]) : Double.NaN;
                bound[k] = 2 / eta[k] - 2 * mu;
                if (ok) {
                    converged++;
                    worst = Math.max(worst, gap[k] - bound[k]);
                }
            }
            double d0 = 0;
            for (int i = 0; i < d; i++) d0 += start[i] * start[i] - start[d + i] * start[d + i];
            LinePlot.write(r.file("wczt-balancing.png"), false, LinePlot.render(f("[WCZT] 1/2(%s - x'y)^2, d = %d, from |x0|^2 - |y0|^2 = %.3g", r.get("mu"), d, d0),
                    "step size h", eta, List.of(new LinePlot.Panel("|x - y|^2 of the limit (log)", true, LinePlot.list(
                            new LinePlot.Series("|x_inf - y_inf|^2", gap, new Color(0x3B528B)), new LinePlot.Series("bound 2/h - 2 mu", bound, new Color(0xC00000)))),
                            new LinePlot.Panel("| |x|^2 - |y|^2 | of the limit (log)", true, LinePlot.list(new LinePlot.Series("|imbalance|", imb, new Color(0x21918C))))),
                    List.of(new LinePlot.Marker("2/L0: L0 = |x0|^2 + |y0|^2", 2 / (a * a + mu * mu / (a * a) * 1.44), new Color(0x777777)))));
            r.value("worst_gap_minus_bound", worst);
            r.value("converged_points", converged);
            r.compare("|x_inf - y_inf|^2", "<= 2/h - 2 mu for every converging h", f("max (gap - bound) = %.3g over %d converging h", worst, converged));
            r.compare("small h", "imbalance nearly conserved", f("|D| = %.4g at h = %.3g (start %.4g)", imb[0], eta[0], d0));
        });

        add("wczt-orbits", "[WCZT] the h = 1.9 example, (1 - xy)^2/2: which starts end on orbits of which period", List.of(
                new Setting("h", "1.9", "1.9", "step size"),
                new Setting("size", "400", "40", "grid points per side"),
                new Setting("window", "2", "2", "half-width of the window"),
                new Setting("max-iter", "20000", "4000", "iteration cap")), r -> {
            double w = r.num("window");
            r.gdsweep("map", "--loss", "scalar", "--d", "1", "--y", "1", "--c", "0.5", "--eta", r.get("h"), "--window=" + -w + ":" + w + "," + -w + ":" + w,
                    "--size", r.get("size"), "--max-iter", r.get("max-iter"), "--limit-features", "--color", "period", "-q",
                    "-o", p(r, "wczt-orbits.h5"), "--png", p(r, "wczt-orbits.png"));
            double[] period = Hdf5Reader.doubles(r.file("wczt-orbits.h5"), "period"), limit = Hdf5Reader.doubles(r.file("wczt-orbits.h5"), "limit"),
                    imbalance = Hdf5Reader.doubles(r.file("wczt-orbits.h5"), "imbalance"), status = Hdf5Reader.doubles(r.file("wczt-orbits.h5"), "status");
            long bounded = 0, balanced = 0;
            for (int k = 0; k < status.length; k++) {
                if (status[k] != Status.UNDECIDED.code) continue;
                bounded++;
                if (Math.abs(imbalance[k]) < 1e-6) balanced++;
            }
            r.value("bounded_fraction_balanced", bounded == 0 ? Double.NaN : balanced / (double) bounded);
            TreeMap<Integer, Long> counts = new TreeMap<>();
            for (double q : period) counts.merge((int) q, 1L, Long::sum);
            StringBuilder found = new StringBuilder();
            counts.forEach((q, c) -> found.append(found.isEmpty() ? "" : ", ").append(q == -1 ? "diverged" : q == 0 ? "aperiodic/unsettled" : q == 1 ? "fixed point" : "period " + q)
                    .append(f(" %.1f%%", 100.0 * c / period.length)));
            for (int q = 2; q <= 4; q++) r.value("period_" + q + "_fraction", counts.getOrDefault(q, 0L) / (double) period.length);
            r.value("minimiser_fraction", count(limit, LimitKind.MINIMISER.code) / (double) limit.length);
            r.compare("limits at h = 1.9", "orbits of period 2, 3 or 4, never a minimiser (the authors; not confirmed independently)", found.toString());
            r.compare("where bounded runs end", "-", f("%.1f%% of the %d bounded runs on the balanced line x = y (|x^2 - y^2| < 1e-6), where GD is the 1-D map x -> x - h(x^2 - 1)x",
                    bounded == 0 ? Double.NaN : 100.0 * balanced / bounded, bounded));
            r.compare("converged to a minimiser", "0 (h > 1/|y|: every minimiser unstable)", f("%.2f%% (starts on a minimiser itself)",
                    100.0 * count(limit, LimitKind.MINIMISER.code) / limit.length));
        });
    }

    /** A number attribute of a file's {@code measures} group (the box and uncertainty dimensions and their errors). */
    private static double measure(Path file, String name) {
        Object v = Hdf5Reader.attribute(file, "measures", name);
        if (!(v instanceof Number n)) throw new IllegalStateException(file + " has no measures attribute " + name);
        return n.doubleValue();
    }

    private static int nearest(double[] grid, double v) {
        int best = 0;
        for (int i = 1; i < grid.length; i++) if (Math.abs(grid[i] - v) < Math.abs(grid[best] - v)) best = i;
        return best;
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
