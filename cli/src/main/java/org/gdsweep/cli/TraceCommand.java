package org.gdsweep.cli;

import org.gdsweep.engine.problem.Sharpness;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.scan.Trajectory;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5TraceWriter;
import org.gdsweep.io.LinePlot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep trace}: full GD paths of a few starts (loss, gradient norm, sharpness, parameters). */
@Command(name = "trace", header = "Full GD paths of a few starts (loss, gradient norm, sharpness, parameters).",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs a few starts with the scalar reference and writes their paths every k steps: loss, |grad L|,",
            "N, imbalance, parameters and the sharpness (top Hessian eigenvalue), for figures such as edge-of-stability",
            "plots. The PNG shows loss and sharpness against the step with 2/eta drawn in."},
        footer = {"", "Example:",
            "  gdsweep trace --loss chain --depth 3 --y 1 --eta 0.6 --start 0.1,0.2,1.9 --start 0.5,0.5,2.2 --sharpness-every 1 -o trace.h5"})
public final class TraceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta", required = true, order = 15, description = "Step size > 0 (for the loss as written).")
    double eta;
    @Option(names = "--start", paramLabel = "V1,V2,...", order = 16,
            description = "A start point (P comma-separated values); repeat for several. Default: --count Gaussian starts.")
    List<String> startList;
    @Option(names = "--count", order = 17, defaultValue = "4", description = "Gaussian starts when no --start is given (1..10000). Default: ${DEFAULT-VALUE}.")
    int count;
    @Option(names = "--scale", order = 18, defaultValue = "1", description = "Standard deviation of Gaussian starts (> 0). Default: ${DEFAULT-VALUE}.")
    double scale;
    @Option(names = "--every", order = 19, defaultValue = "1", description = "Record every k-th step (>= 1); the final step is always recorded. Default: ${DEFAULT-VALUE}.")
    int every;
    @Option(names = "--sharpness-every", order = 20, defaultValue = "10",
            description = "Sharpness at every j-th recorded point (0 = never; power iteration costs up to 2000 Hessian-vector products). Default: ${DEFAULT-VALUE}.")
    int sharpnessEvery;
    @Mixin StopOptions stopOptions;
    @Mixin OutputOptions outputOptions;
    @Option(names = {"-q", "--quiet"}, order = 64, description = "Accepted for symmetry with the other commands (trace shows no progress).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double canonicalEta = built.canonical(eta, "--eta");
        StopRule rule = stopOptions.build(problem, canonicalEta);
        if (every < 1) throw new BadInputException("--every must be >= 1, got " + every);
        if (sharpnessEvery < 0) throw new BadInputException("--sharpness-every must be >= 0, got " + sharpnessEvery);
        int p = problem.parameterCount();
        List<double[]> starts = new ArrayList<>();
        if (startList != null && !startList.isEmpty()) {
            for (String o : new String[] {"--count", "--scale"}) Parse.refuseIgnored(spec, o, true, "with --start (it draws Gaussian starts)");
            for (String s : startList) {
                double[] v = Parse.numbers("--start", s, ",");
                if (v.length != p) throw new BadInputException("--start needs " + p + " values (one per parameter), got " + v.length);
                starts.add(v);
            }
        } else {
            if (count < 1 || count > 10_000) throw new BadInputException("--count must be in [1, 10000], got " + count);
            if (!Double.isFinite(scale) || scale <= 0) throw new BadInputException("--scale must be finite and > 0, got " + scale);
            GaussianStarts g = GaussianStarts.atInitialisationScale(count, problem, scale, problemOptions.seed, canonicalEta);
            for (int i = 0; i < count; i++) {
                double[] v = new double[p];
                g.start(i, v, 0, 1);
                starts.add(v);
            }
        }
        long maxPoints = (long) rule.maxIterations() / every + 2;
        if (maxPoints * starts.size() * (p + 6) > 200_000_000L)
            throw new BadInputException("--every too small for --max-iter and this many starts (over 200 million values); raise --every");
        // Every recorded point of every run: θ (P values) and six scalars, held and then copied once by jhdf.
        long values = maxPoints * starts.size() * (p + 6);
        ExecOptions.checkHeap("--every", String.format(Locale.ROOT, "%,d recorded values (--max-iter / --every x starts x (P + 6))", values), 16 * values);
        ExecOptions.checkDataset("--every", "theta", 8 * maxPoints * starts.size() * p);
        Path h5 = outputOptions.h5("trace");
        Path png = outputOptions.png(h5);
        OutputSet outputs = outputOptions.begin(spec.commandLine().getErr(), OutputOptions.files(h5, png));

        int r = starts.size();
        Trajectory[] t = new Trajectory[r];
        for (int i = 0; i < r; i++) t[i] = Trajectory.run(problem, starts.get(i), canonicalEta, rule, every, sharpnessEvery);
        int tmax = Arrays.stream(t).mapToInt(Trajectory::points).max().orElse(1);

        Map<String, Object> prov = Provenance.common(spec, "trace");
        prov.putAll(built.attributes());
        prov.put("eta", canonicalEta);
        if (built.paperForm()) prov.put("written_eta", eta);
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("every", every);
        prov.put("sharpness_every", sharpnessEvery);
        prov.put("engine", "scalar reference");
        Hdf5TraceWriter.write(h5, outputOptions.force, prov, problem, t, starts);
        if (png != null) {
            Trajectory longest = Arrays.stream(t).max((a, b) -> Integer.compare(a.points(), b.points())).orElseThrow();
            double[] x = new double[tmax];
            for (int k = 0; k < tmax; k++) x[k] = (double) k * every;
            List<LinePlot.Series> losses = new ArrayList<>(), sharps = new ArrayList<>();
            for (int i = 0; i < r && i < 8; i++) {
                Color c = new Color(org.gdsweep.io.Colormap.viridis(r == 1 ? 0.2 : 0.85 * i / (Math.min(r, 8) - 1)));
                losses.add(new LinePlot.Series("run " + i, onGrid(t[i].loss, t[i], tmax, every), c));
                sharps.add(new LinePlot.Series("run " + i, onGrid(t[i].sharpness, t[i], tmax, every), c));
            }
            double[] twoOverEta = new double[tmax];
            Arrays.fill(twoOverEta, 2 / canonicalEta);
            sharps.add(new LinePlot.Series("2/\u03b7", twoOverEta, new Color(0xC00000)));
            LinePlot.write(png, outputOptions.force, LinePlot.render(
                    String.format(Locale.ROOT, "%s, \u03b7 = %s: %d run%s%s", problem.kind(), canonicalEta, r, r == 1 ? "" : "s", r > 8 ? " (first 8 drawn)" : ""), "step", x,
                    List.of(new LinePlot.Panel("loss (log)", true, losses), new LinePlot.Panel("sharpness (up to 3 \u00d7 2/\u03b7)", false, sharps, 6 / canonicalEta)), List.of()));
            assert longest.points() == tmax;
        }
        for (int i = 0; i < r; i++)
            out.printf(Locale.ROOT, "run %d: %s after %d steps, final loss %.6g, |grad| %.3g, N %.6g, sharpness %.6g%n", i,
                    Status.ofCode(t[i].status).name().toLowerCase(Locale.ROOT), t[i].iterations, t[i].loss[t[i].points() - 1],
                    t[i].gradNorm[t[i].points() - 1], t[i].norm2[t[i].points() - 1], t[i].sharpness[t[i].points() - 1]);
        out.printf(Locale.ROOT, "2/eta = %.6g; wall %.2f s%n", 2 / canonicalEta, (System.nanoTime() - t0) * 1e-9);
        outputs.commit();
        out.printf("wrote %s%n", h5.toAbsolutePath());
        if (png != null) out.printf("wrote %s (loss and sharpness against the step)%n", png.toAbsolutePath());
        return Main.EXIT_OK;
    }

    /** Values at steps k·every (the final point is dropped when it falls between grid points). */
    private static double[] onGrid(double[] v, Trajectory t, int tmax, int every) {
        double[] out = new double[tmax];
        Arrays.fill(out, Double.NaN);
        for (int k = 0; k < t.points(); k++) if (t.steps[k] == k * every) out[k] = v[k];
        return out;
    }
}
