package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.LabelMaps;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5ZoomWriter;
import org.gdsweep.io.Hdf5Output;
import org.gdsweep.io.MapImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep zoom}: a sequence of windows shrinking around a boundary point, each computed and measured. */
@Command(name = "zoom", header = "A sequence of shrinking windows around a boundary point, each computed and measured.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Computes F frames: frame k is the slice window shrunk by factor^k around a centre (given with --center,",
            "or the centre of frame 0's most mixed 16 x 16-pixel box), each W x H, with its box-counting",
            "dimension and basin entropies. One HDF5 file with a frame axis, plus one PNG per frame."},
        footer = {"", "Example:",
            "  gdsweep zoom --c 0.5 --mu 0.1 --y 0.5 --eta 1.4 --window=-3:3,-3:3 --size 512 --frames 6 --factor 2 --limit-features --max-iter 20000 -o zoom.h5"})
public final class ZoomCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta", required = true, order = 15, description = "Step size > 0 (for the loss as written).")
    double eta;
    @Mixin SliceOptions sliceOptions;
    @Option(names = "--frames", order = 30, defaultValue = "6", description = "Number of frames F (1..64). Default: ${DEFAULT-VALUE}.")
    int frames;
    @Option(names = "--factor", order = 31, defaultValue = "2", description = "Shrink factor per frame (> 1). Default: ${DEFAULT-VALUE}.")
    double factor;
    @Option(names = "--center", paramLabel = "A,B", order = 32, description = "Zoom centre (alpha, beta). Default: the centre of frame 0's 16x16-pixel box with the most mixed labels (highest entropy).")
    String center;
    @Option(names = "--limit-features", order = 33, description = "Compute nearest/farthest minimisers (needed for --labels attractor).")
    boolean limitFeatures;
    @Mixin MeasureOptions measureOptions;
    @Mixin StopOptions stopOptions;
    @Mixin ExecOptions execOptions;
    @Mixin OutputOptions outputOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double canonicalEta = built.canonical(eta, "--eta");
        Slice first = sliceOptions.build(problem, problemOptions.seed, canonicalEta);
        StopRule rule = stopOptions.build(problem, canonicalEta);
        if (frames < 1 || frames > 64) throw new BadInputException("--frames must be in [1, 64], got " + frames);
        if (!(factor > 1) || !Double.isFinite(factor)) throw new BadInputException("--factor must be finite and > 1, got " + factor);
        String labels = measureOptions.labels(limitFeatures);
        int[] cls = measureOptions.classes(labels);
        int box = measureOptions.entropyBox();
        int w = first.width(), h = first.height();
        if (Math.min(w, h) < 32) throw new BadInputException("--size must be at least 32x32 for the per-frame measures");
        Sweep.Options options = execOptions.build().withLimitFeatures(limitFeatures);
        // Per pixel: one frame's sweep result with final values and limit features (~100 B), its labels and boundary
        // (~12 B), the PNG's pixels and colours (~12 B), HDF5 copies; and every frame's status map (1 B each).
        ExecOptions.checkHeap("--size", String.format(Locale.ROOT, "%d frames of %dx%d", frames, w, h), (long) w * h * (250 + 2L * frames));
        ExecOptions.checkDataset("--size", "status", (long) w * h * frames);
        Path h5 = outputOptions.h5("zoom");
        Path png = outputOptions.png(h5);
        List<Path> files = new java.util.ArrayList<>(List.of(h5));
        for (int k = 0; png != null && k < frames; k++) {
            Path frame = framePng(png, k);
            OutputOptions.checkWritable("--png", frame, outputOptions.force);
            OutputOptions.checkWritable("--png", OutputOptions.legend(frame), outputOptions.force);
            files.add(frame);
            files.add(OutputOptions.legend(frame));
        }
        OutputSet outputs = outputOptions.begin(spec.commandLine().getErr(), files);

        double ca, cb;
        SweepResult r0 = Sweep.run(problem, first, rule, options, ProgressListener.NONE).result();
        if (center != null) {
            double[] c = Parse.numbers("--center", center, ",");
            if (c.length != 2) throw new BadInputException("--center must be A,B, got '" + center + "'");
            ca = c[0];
            cb = c[1];
            if (ca < first.alpha0() || ca > first.alpha1() || cb < first.beta0() || cb > first.beta1())
                throw new BadInputException(String.format(Locale.ROOT, "--center %s lies outside --window [%.6g, %.6g] x [%.6g, %.6g]; the zoom needs a centre inside it",
                        center, first.alpha0(), first.alpha1(), first.beta0(), first.beta1()));
        } else {
            // the most mixed 16x16-pixel box of frame 0 (highest label entropy; ties: nearest the window centre)
            int[] l = LabelMaps.dense(LabelMaps.labels(r0, labels));
            double[] al = first.alphas(), be = first.betas();
            double ma = 0.5 * (first.alpha0() + first.alpha1()), mb = 0.5 * (first.beta0() + first.beta1());
            double bestS = 0, bestD = Double.POSITIVE_INFINITY;
            ca = Double.NaN;
            cb = Double.NaN;
            int n = 16;
            int[] count = new int[java.util.Arrays.stream(l).max().orElse(0) + 1];
            for (int by = 0; by + n <= h; by += n / 2)
                for (int bx = 0; bx + n <= w; bx += n / 2) {
                    double ent = BasinEntropy.boxEntropy(l, w, bx, by, n, count);
                    double a = al[bx + n / 2], b = be[by + n / 2], d = (a - ma) * (a - ma) + (b - mb) * (b - mb);
                    if (ent > bestS + 1e-12 || (Math.abs(ent - bestS) <= 1e-12 && ent > 0 && d < bestD)) {
                        bestS = ent;
                        bestD = d;
                        ca = a;
                        cb = b;
                    }
                }
            if (Double.isNaN(ca)) throw new BadInputException("--center: frame 0 has no boundary; give --center A,B");
        }
        byte[][][] status = new byte[frames][][];
        double[][] windows = new double[frames][];
        BoxCounting[] measures = new BoxCounting[frames];
        double[] sb = new double[frames], sbb = new double[frames];
        double ha = 0.5 * (first.alpha1() - first.alpha0()), hb = 0.5 * (first.beta1() - first.beta0());
        for (int k = 0; k < frames; k++) {
            double s = Math.pow(factor, k);
            Slice frame = k == 0 && center == null ? first : new Slice(first.origin(), first.e1(), first.e2(), ca - ha / s, ca + ha / s,
                    cb - hb / s, cb + hb / s, w, h, canonicalEta);
            SweepResult r = k == 0 && center == null ? r0 : Sweep.run(problem, frame, rule, options, ProgressListener.NONE).result();
            int[] l = LabelMaps.labels(r, labels);
            BoxCounting bc = BoxCounting.ofLabels(l, w, h, cls[0], cls[1]);
            BasinEntropy e = BasinEntropy.of(l, w, h, box);
            status[k] = Hdf5Output.rows(r.status, h, w);
            windows[k] = new double[] {frame.alpha0(), frame.alpha1(), frame.beta0(), frame.beta1()};
            measures[k] = bc;
            sb[k] = e.sb();
            sbb[k] = e.sbb();
            if (png != null) {
                double[] side = new double[r.runs()];
                if (r.minimiserSide != null) for (int q = 0; q < side.length; q++) side[q] = r.minimiserSide[q];
                else for (int q = 0; q < side.length; q++) side[q] = r.iterations[q];
                double[] lohi = MapImage.convergedRange(r.status, side);
                Path framePng = framePng(png, k);
                String[] axes = SliceOptions.axisLabels(problem, frame);
                MapImage.write(framePng, outputOptions.force, r.status, r.limit, w, h,
                        new MapImage.Colouring(r.minimiserSide != null ? "minimiser side (+1 nearest, -1 farthest)" : "iterations", side, lohi[0], lohi[1]),
                        new MapImage.Frame(String.format(Locale.ROOT, "%s, \u03b7 = %s: zoom frame %d of %d (magnification %.3g)", problem.kind(), canonicalEta, k, frames, s),
                                String.format(Locale.ROOT, "box dimension %.4f \u00b1 %.4f, S_b %.4f, S_bb %.4f", bc.dimension(), bc.error(), sb[k], sbb[k]),
                                axes[0], frame.alpha0(), frame.alpha1(), axes[1], frame.beta0(), frame.beta1()), outputOptions.pngRaw);
            }
            out.printf(Locale.ROOT, "frame %2d: half-width %.4g  box dimension %.4f +- %.4f (fit %.4f, range %.4f, offset %.4f, resolution %.4f)  S_b %.4f  S_bb %.4f%n",
                    k, ha / s, bc.dimension(), bc.error(), bc.standardError(), bc.rangeError(), bc.offsetError(), bc.resolutionError(), sb[k], sbb[k]);
        }
        Map<String, Object> prov = Provenance.common(spec, "zoom");
        prov.putAll(built.attributes());
        prov.put("eta", canonicalEta);
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("center", new double[] {ca, cb});
        prov.put("factor", factor);
        prov.put("labels", labels);
        prov.put("boundary_classes", cls[0] < 0 ? "any two classes" : cls[0] + "," + cls[1]);
        prov.put("entropy_box", box);
        Hdf5ZoomWriter.write(h5, outputOptions.force, prov, problem, first, status, windows, measures, sb, sbb);
        outputs.commit();
        out.printf(Locale.ROOT, "centre (%.8g, %.8g), %d frames, factor %.3g; wall %.2f s%n", ca, cb, frames, factor, (System.nanoTime() - t0) * 1e-9);
        out.printf("wrote %s%n", h5.toAbsolutePath());
        if (png != null) out.printf("wrote %d PNG frames next to %s%n", frames, png.toAbsolutePath());
        return Main.EXIT_OK;
    }

    /** Frame k's PNG: FILE-frameKK.png next to --png. */
    private static Path framePng(Path png, int k) {
        return png.resolveSibling(OutputOptions.withExtension(png, "").getFileName() + String.format(Locale.ROOT, "-frame%02d.png", k));
    }
}
