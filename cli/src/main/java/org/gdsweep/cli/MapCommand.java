package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.QuotientPlane;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.SliceRows;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.LabelMaps;
import org.gdsweep.engine.fractal.StreamingMeasures;
import org.gdsweep.engine.fractal.UncertaintyExponent;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5MapWriter;
import org.gdsweep.io.StreamedMap;
import org.gdsweep.io.Hdf5Tiles;
import org.gdsweep.io.Hdf5Measures;
import org.gdsweep.io.MapData;
import org.gdsweep.io.MapImage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gdsweep map}: a basin map of GD on a 2-D slice of parameter space, to HDF5 + PNG. */
@Command(name = "map", header = "Basin map of GD on a 2-D slice (or the (z, N) quotient plane): HDF5 + PNG.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs GD from every point of a W x H grid on a 2-D slice theta0 + alpha*e1 + beta*e2 and writes",
            "status, iterations, final loss, gradient norm, N = |theta|^2, imbalance (and u'v) as HDF5 plus a PNG.",
            "Paper form: give --c and --mu for c*(residual)^2 + mu*(norms); --eta is then the step for that",
            "loss and gdsweep runs the canonical eta = 2*c*eta, lambda = mu/c (both are recorded)."},
        footer = {"", "Examples:",
            "  gdsweep map --loss scalar --d 1 --y 1 --lambda 0 --eta 0.9 --window=-3:3,-3:3 --size 301 --max-iter 20000 -o a.h5",
            "  gdsweep map --loss matrix --k 5 --m 4 --n 4 --eta 0.9 --slice random --seed 1 --window=-3:3,-3:3 --size 48 -o b.h5"})
public final class MapCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Mixin ProblemOptions problemOptions;
    @Option(names = "--eta", required = true, order = 15,
            description = "Step size > 0 (for the loss as written: canonical, or paper form with --c/--mu).")
    double eta;
    @Mixin SliceOptions sliceOptions;
    @Option(names = "--quotient", order = 25,
            description = "scalar loss only: map the planar quotient (z, N) = (u'v, |u|^2+|v|^2) instead of a slice; --window gives z and N ranges (e.g. --window=-2:2,0:4). The (z, N) dynamics is the same for every d; points outside the wedge N >= 2|z| get status -1.")
    boolean quotient;
    @Mixin StopOptions stopOptions;
    @Option(names = "--sharpness", order = 50, description = "Also compute the sharpness (top Hessian eigenvalue) at the limit of converged runs.")
    boolean sharpness;
    @Option(names = "--limit-features", order = 51,
            description = "Also classify orbits of undecided runs (period up to 32, after a 200-step trailing window that also gives the asymptotic |grad L|), the distance from the start and, for the regularised scalar problem, nearest vs farthest minimiser.")
    boolean limitFeatures;
    @Mixin ExecOptions execOptions;
    @Mixin OutputOptions outputOptions;
    @Option(names = "--color", paramLabel = "FIELD", order = 90, defaultValue = "norm2",
            description = "PNG colour of converged starts: iterations, loss, grad_norm, norm2, imbalance, product, sharpness, or param:K (final parameter K). Default: ${DEFAULT-VALUE}.")
    String color;
    @Option(names = "--color-range", paramLabel = "LO:HI", order = 91, description = "Values at the ends of the colormap. Default: min:max over converged starts.")
    String colorRange;
    @Option(names = "--color-log", order = 91, description = "Colour on a log10 scale (positive values; e.g. iterations, grad_norm). Default: linear.")
    boolean colorLog;
    @Option(names = "--fields", paramLabel = "LIST", order = 92, defaultValue = "all",
            description = "Per-run maps to write besides status: all, or a comma-separated subset of iterations, loss, grad_norm, "
                    + "norm2, imbalance, product (large maps: each float64 map is 8 bytes per start). Default: ${DEFAULT-VALUE}.")
    String fields;
    @Option(names = "--save-params", order = 92, description = "Also store every final parameter as dataset theta [P][H][W].")
    boolean saveParams;
    @Option(names = "--measure", order = 93, description = "Also measure the boundary: box-counting dimension and basin entropies (printed and stored in group measures/).")
    boolean measure;
    @Option(names = "--uncertainty", paramLabel = "N", order = 94,
            description = "Also estimate the uncertainty exponent from N random starts in the window, each rerun at +-eps for eps = 1e-5 ... 1e-1 of the window width (implies --measure).")
    Integer uncertainty;
    @Mixin MeasureOptions measureOptions;
    @Option(names = "--warmup", paramLabel = "K", order = 95, defaultValue = "0",
            description = "Benchmarking: run the sweep K times before the timed run (a tiled map: its window on a coarser grid of one tile's runs), so that the reported kernel time excludes JIT compilation (results are identical). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--tile-runs", paramLabel = "N", order = 96,
            description = "Runs per tile (1024..2^30). Maps of more runs are computed tile by tile into FILE.h5.tiles/: a rerun of the same command resumes them, and memory is bounded by one tile. At the end the tiles are merged into FILE.h5 when the map fits in memory, or FILE.h5 becomes an index of them. Default: 2^21 for problems of 2 parameters, 2^21 / (P/2) rounded down to a power of two for P parameters (at least 2^14), so that a tile is a few seconds of work.")
    Long tileRuns;
    @Mixin TileOptions tileOptions;
    @Option(names = "--checkpoint-after", paramLabel = "SECONDS", order = 96, defaultValue = "10",
            description = "A tiled map that will be merged in memory writes its finished tiles (what a rerun resumes) only once it has run this long: shorter maps are spared the writing, and a map killed sooner loses at most this much work. 0: every tile. Shards, maps stored as an index and --keep-tiles always write every tile. Default: ${DEFAULT-VALUE}.")
    double checkpointAfter;

    /** Largest side of the preview PNG of a map too large to merge, in pixels. */
    static final int PREVIEW_SIDE = 2048;

    /**
     * The preview of a map too large to hold: every k-th start along each axis (k = ⌈max(W, H) / 2048⌉), its status and
     * colour value, filled tile by tile.
     */
    static final class Preview {
        final int stride, width, height;
        final byte[] status, limit;
        final double[] values;
        private final int fullWidth;
        private final String colorName;
        private final int colorParam;

        Preview(int fullWidth, int fullHeight, String colorName, int colorParam) {
            this.stride = Math.max(1, (Math.max(fullWidth, fullHeight) + PREVIEW_SIDE - 1) / PREVIEW_SIDE);
            this.width = (fullWidth + stride - 1) / stride;
            this.height = (fullHeight + stride - 1) / stride;
            this.status = new byte[width * height];
            this.limit = new byte[width * height];
            this.values = new double[width * height];
            this.fullWidth = fullWidth;
            this.colorName = colorName;
            this.colorParam = colorParam;
        }

        /** Takes the preview's pixels from a tile: rows [row0, row0 + rows) of the map. */
        void add(SweepResult tile, int row0, int rows) {
            double[] v = colourValues(tile, colorName, colorParam);
            for (int j = row0 + Math.floorMod(-row0, stride); j < row0 + rows; j += stride) {
                for (int i = 0; i < fullWidth; i += stride) {
                    int from = (j - row0) * fullWidth + i, to = (j / stride) * width + i / stride;
                    status[to] = tile.status[from];
                    limit[to] = tile.limit[from];
                    values[to] = v[from];
                }
            }
        }
    }

    /** ε of the uncertainty exponent, relative to the window width. */
    static final double[] UNCERTAINTY_EPSILONS = {1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

    /** Title for the PNG legend and the console; set by the default sweep. */
    String caption;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        ProblemOptions.Built built = problemOptions.build();
        Problem problem = built.problem();
        double canonicalEta = built.canonical(eta, "--eta");
        if (quotient) problem = sliceOptions.planarQuotient(problem);
        if (!quotient) sliceOptions.maxRuns = 1L << 40; // tiled beyond --tile-runs: one tile in memory at a time
        Slice slice = sliceOptions.build(problem, problemOptions.seed, canonicalEta);
        StartSource starts = quotient ? new QuotientPlane(slice) : slice;
        StopRule rule = stopOptions.build(problem, canonicalEta);
        Sweep.Options options = execOptions.build().withSharpness(sharpness).withLimitFeatures(limitFeatures)
                .withTrailingWindow(limitFeatures ? 200 : 0);

        int p = problem.parameterCount();
        String colorName = color.trim();
        int colorParam = -1;
        List<String> optionalFields = MapData.optionalFields(problem);
        List<String> colourFields = new java.util.ArrayList<>(optionalFields);
        colourFields.addAll(List.of("sharpness", "minimiser_side", "period"));
        if (colorName.startsWith("param:")) {
            try {
                colorParam = Integer.parseInt(colorName.substring(6).trim());
            } catch (NumberFormatException ex) {
                throw new BadInputException("--color param:K needs an integer K in [0, " + (p - 1) + "], got '" + color + "'");
            }
            if (colorParam < 0 || colorParam >= p) throw new BadInputException("--color param:K needs K in [0, " + (p - 1) + "], got " + colorParam);
            colorName = "param:" + colorParam + " (" + problem.parameterName(colorParam) + ")";
        } else if (!colourFields.contains(colorName)) {
            throw new BadInputException("--color must be one of " + String.join(", ", colourFields) + " or param:K, got '" + color + "'");
        } else if (colorName.equals("sharpness") && !sharpness) {
            throw new BadInputException("--color sharpness needs --sharpness");
        } else if ((colorName.equals("minimiser_side") || colorName.equals("period")) && !limitFeatures) {
            throw new BadInputException("--color " + colorName + " needs --limit-features");
        }
        double[] range = null;
        if (colorRange != null) {
            range = Parse.numbers("--color-range", colorRange, ":");
            if (range.length != 2 || !(range[1] > range[0]))
                throw new BadInputException("--color-range must be LO:HI with finite LO < HI, got '" + colorRange + "'");
            if (colorLog && !(range[0] > 0))
                throw new BadInputException("--color-range must be positive with --color-log, got '" + colorRange + "'");
        }
        if (saveParams) {
            int[] all = new int[p];
            for (int q = 0; q < p; q++) all[q] = q;
            options = options.withThetaIndex(all);
        } else if (colorParam >= 0) {
            options = options.withThetaIndex(colorParam);
        }
        Set<String> fieldSet = parseFields(fields, optionalFields);
        // The final-value maps are only evaluated when written or drawn: skipping them saves time and memory on big maps
        List<String> finalValueFields = MapData.finalValueFields(problem);
        // A shard draws no PNG, so its colour needs nothing computed.
        boolean finalValues = !java.util.Collections.disjoint(fieldSet, finalValueFields)
                || finalValueFields.contains(colorName) && !outputOptions.noPng && tileOptions.shard == null;
        options = options.withFinalValues(finalValues);
        MeasureOptions.checkUncertaintySamples(uncertainty);
        boolean measuring = measure || uncertainty != null;
        String labelKind = measuring ? measureOptions.labels(limitFeatures) : null;
        int[] cls = measuring ? measureOptions.classes(labelKind) : null;
        int entropyBox = measuring ? measureOptions.entropyBox() : 0;
        if (measuring && Math.min(slice.width(), slice.height()) < 32)
            throw new BadInputException("--measure needs a map of at least 32x32 points, got --size " + slice.width() + "x" + slice.height());
        long perRun = 1 + 4 + (finalValues ? 8L * (1 + finalValueFields.size()) : 0) + 8L * options.thetaIndex().length
                + (sharpness ? 8 : 0) + (limitFeatures ? 26 : 0);
        if (tileRuns != null && (tileRuns < 1024 || tileRuns > 1L << 30)) throw new BadInputException("--tile-runs must be in [1024, 2^30], got " + tileRuns);
        TiledMap.Plan plan = TiledMap.plan(slice, tileRuns != null ? tileRuns : TiledMap.defaultTileRuns(problem.parameterCount()));
        TiledMap.Shard shardOf = tileOptions.shard();
        if (quotient && shardOf != null) throw new BadInputException("--shard does not apply to --quotient maps");
        boolean tiled = shardOf != null || (!quotient && plan.tiles() > 1);
        // A tiled map needs one tile in memory; merging it into one file needs all of it (as an untiled map does), unless
        // nothing needs the whole map (no figure, no measures) and its file allows it: then the tiles' compressed chunks
        // are assembled on disk as they come (StreamedMap), whatever the heap.
        boolean fitsDataset = 8 * slice.count() <= ExecOptions.MAX_DATASET_BYTES;
        boolean fitsWhole = ExecOptions.fitsInHeap(slice.count() * perRun * 2) && fitsDataset;
        outputOptions.applyCompression();
        MapData streamTemplate = tiled && shardOf == null && outputOptions.noPng && !measuring
                ? new MapData(problem, slice, Sweep.emptyResult(problem, options, slice.width()), Map.of(), fieldSet, 0, 1) : null;
        boolean streamable = streamTemplate != null && StreamedMap.supports(streamTemplate) && fitsDataset;
        boolean indexOnly = tiled && shardOf == null && !fitsWhole && !streamable;
        if (tiled) {
            // two tiles in flight (one computing, one being written), those a streamed map holds back while training
            // (TileRunner.HOLD_WHILE_TRAINING), and for a map drawn as a preview, its pixels
            int tilesAlive = 2 + (streamable ? TileRunner.HOLD_WHILE_TRAINING : 0);
            ExecOptions.checkHeap("--tile-runs", String.format(Locale.ROOT, "tiles of %,d runs", plan.runs(0)),
                    plan.runs(0) * perRun * 2 * tilesAlive + (indexOnly && !outputOptions.noPng ? 17L * PREVIEW_SIDE * PREVIEW_SIDE : 0));
            if (shardOf != null && measuring)
                throw new BadInputException("--measure and --uncertainty: a shard holds part of the map; run gdsweep dimension on the tile directory when all shards are done");
            if (shardOf != null && outputOptions.png != null)
                throw new BadInputException("--png: a shard writes tiles only; use --no-png");
        } else {
            ExecOptions.checkMemory("--size", slice.count(), perRun);
        }
        MeasureOptions.checkUncertaintyHeap(uncertainty);
        // jhdf writes each dataset from one buffer: 2 GiB at most (a tiled map's index has no maps)
        if (!indexOnly && shardOf == null) {
            if (fieldSet.contains("iterations")) ExecOptions.checkDataset("--size", "iterations", 4 * slice.count());
            if (finalValues) ExecOptions.checkDataset("--size", "loss", 8 * slice.count());
            if (limitFeatures) ExecOptions.checkDataset("--size", "limit_orthant", 8 * slice.count());
        }
        Path h5, png, tileDir;
        OutputSet outputs;
        if (shardOf != null) {
            tileDir = tileOptions.shardDirectory(outputOptions, "map");
            h5 = png = null;
            outputs = null;
        } else {
            h5 = outputOptions.h5("map");
            png = outputOptions.pngWithLegend(h5); // a map too large to merge gets a preview: every k-th start
            outputs = outputOptions.begin(err, OutputOptions.files(h5, png, png == null ? null : OutputOptions.legend(png)));
            tileDir = tiled ? tileOptions.directory(h5) : null;
        }
        // Tiles hold every field the sweep computes (a resumed map must lose nothing), whatever --fields writes.
        Set<String> tileFields = new java.util.HashSet<>(finalValues ? optionalFields : List.of("iterations"));
        double setupSeconds = (System.nanoTime() - t0) * 1e-9;

        if (warmup < 0 || warmup > 100) throw new BadInputException("--warmup must be in [0, 100], got " + warmup);
        StartSource warmupStarts = tiled ? warmupSample(slice, plan.runs(0)) : starts;
        // warm-up sweeps exercise the vector kernel itself (so the JIT compiles it), never the reference
        for (int k = 0; k < warmup; k++) Sweep.run(problem, warmupStarts, rule, options.withWarmStart(false), ProgressListener.NONE);
        ProgressPrinter progress = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "map");
        Map<String, Object> prov = Provenance.common(spec, "map");
        prov.putAll(built.attributes());
        prov.put("eta", canonicalEta);
        if (built.paperForm()) prov.put("written_eta", eta);
        Provenance.stopRule(prov, rule);
        Provenance.seed(prov, problemOptions.seed);
        prov.put("slice_kind", quotient ? "quotient: alpha = z = u'v, beta = N = |u|^2+|v|^2 (d = 1 representatives); status -1 outside N >= 2|z|"
                : sliceOptions.kindDescription);
        prov.put("origin_kind", sliceOptions.originDescription);
        prov.put("grid", "points include window edges; run index j*W + i, maps stored [beta][alpha]");
        SweepResult r;
        StreamedMap streamed = null;
        SweepStats stats;
        if (tiled) {
            String hash = TiledMap.sweepHash(problem, slice, rule, options, tileFields, plan);
            prov.put(Hdf5Tiles.SWEEP_HASH, hash);
            // what the user asked for and what the tiles hold: merge writes only the former
            prov.put("fields", String.join(",", optionalFields.stream().filter(fieldSet::contains).toList()));
            prov.put(Hdf5Tiles.TILE_FIELDS, String.join(",", optionalFields.stream().filter(tileFields::contains).toList()));
            Preview preview = indexOnly && png != null ? new Preview(slice.width(), slice.height(), colorName, colorParam) : null;
            if (!(checkpointAfter >= 0) || checkpointAfter > 1e6) throw new BadInputException("--checkpoint-after must be in [0, 1000000] seconds, got " + checkpointAfter);
            // tiles are the result of a shard or an index, and what --keep-tiles keeps: those are always written
            double checkpoint = shardOf != null || indexOnly || tileOptions.keepTiles ? 0 : checkpointAfter;
            boolean merging = shardOf == null && !indexOnly;
            if (merging && streamable) streamed = new StreamedMap(streamTemplate, tileDir); // the whole map is never in memory
            TileRunner.Outcome tr = new TileRunner(problem, slice, rule, options, plan, shardOf, tileDir, hash, tileFields, prov, outputOptions.force, err, checkpoint)
                    .run(merging, streamed, execOptions.quiet ? (a, b) -> {} : progress, preview == null ? null : preview::add);
            r = tr.whole();
            stats = tr.stats();
            if (shardOf == null && !indexOnly)
                out.printf(Locale.ROOT, "tiles: %d (%d computed, %d resumed from %s), %d rows each; merged into one file%s%n", plan.tiles(),
                        tr.computed(), tr.resumed(), tileDir, plan.tileRows(), streamed != null ? ", compressed tile by tile" : "");
            if (shardOf != null || indexOnly) {
                execOptions.describe(prov, stats);
                prov.put("fields", String.join(",", optionalFields.stream().filter(fieldSet::contains).toList()));
                if (indexOnly) {
                    // Measures of a map too large for memory: its tiles, read back one at a time (StreamingMeasures).
                    BoxCounting bc = null;
                    BasinEntropy be = null;
                    UncertaintyExponent ue = null;
                    if (measuring) {
                        StreamingMeasures m = MeasureOptions.measureTiles(tr.tiles(), slice.width(), slice.height(), labelKind, cls, entropyBox);
                        bc = m.boxCounting();
                        be = m.entropy();
                        if (uncertainty != null)
                            ue = UncertaintyExponent.measure(problem, slice, quotient ? QuotientPlane.COORDINATES : slice, rule, options.withThetaIndex(), labelKind, uncertainty, UNCERTAINTY_EPSILONS,
                                    problemOptions.seed, ProgressListener.NONE);
                    }
                    final BoxCounting fbc = bc;
                    final BasinEntropy fbe = be;
                    final UncertaintyExponent fue = ue;
                    Hdf5Tiles.writeIndex(h5, outputOptions.force, prov, tr.tiles(), tileDir.getFileName().toString(), g -> {
                        if (fbc != null) Hdf5Measures.put(g, labelKind, cls[0], cls[1], fbc, fbe, fue);
                    });
                    if (preview != null) {
                        double[] lohi = range != null ? range : colorLog ? positiveRange(preview.status, preview.limit, preview.values, rule.fixedHorizon())
                                : MapImage.convergedRange(preview.status, preview.limit, preview.values, rule.fixedHorizon());
                        MapImage.write(png, outputOptions.force, preview.status, preview.limit, preview.width, preview.height,
                                new MapImage.Colouring(colorName, preview.values, lohi[0], lohi[1], colorLog, rule.fixedHorizon()),
                                frame(problem, canonicalEta, slice, preview.stride, preview.width, preview.height,
                                        String.format(Locale.ROOT, "preview: 1 start in %d along each axis", preview.stride)), outputOptions.pngRaw);
                    }
                    outputs.commit();
                    if (fbc != null) MeasureOptions.print(out, labelKind, cls, fbc, fbe, fue);
                }
                out.printf(Locale.ROOT, "%s%n", caption(problem, canonicalEta, slice));
                out.printf(Locale.ROOT, "tiles: %d of %d in this run (%d computed, %d resumed), %d rows each, in %s%n", tr.computed() + tr.resumed(),
                        plan.tiles(), tr.computed(), tr.resumed(), plan.tileRows(), tileDir.toAbsolutePath());
                out.println(ExecOptions.summary((System.nanoTime() - t0) * 1e-9, String.format(Locale.ROOT, "kernel %.2f", stats.kernelSeconds()), stats));
                if (indexOnly) out.printf("wrote %s (an index of the tiles: the map does not fit in memory to merge)%n", h5.toAbsolutePath());
                if (indexOnly && png != null) out.printf("wrote %s (a preview: 1 start in %d along each axis; legend in %s.txt)%n",
                        png.toAbsolutePath(), Math.max(1, (Math.max(slice.width(), slice.height()) + PREVIEW_SIDE - 1) / PREVIEW_SIDE), png.getFileName());
                else out.println(TileOptions.shardDone(shardOf, tileDir));
                return Main.EXIT_OK;
            }
        } else {
            Sweep.Outcome outcome = Sweep.run(problem, starts, rule, options, execOptions.quiet ? (a, b) -> {} : progress);
            r = outcome.result();
            if (starts instanceof QuotientPlane q)
                for (int i = 0; i < r.runs(); i++)
                    if (!q.inside(i)) {
                        r.status[i] = QuotientPlane.OUTSIDE;
                        r.limit[i] = LimitKind.NONE.code; // its placeholder start (0, 0) "converged" at once: not a run
                    }
            stats = outcome.stats();
        }

        execOptions.describe(prov, stats);
        prov.put("warmup_runs", warmup);
        prov.put("fields", String.join(",", optionalFields.stream().filter(fieldSet::contains).toList()));
        prov.put("setup_seconds", setupSeconds);
        BoxCounting boxes = null;
        BasinEntropy entropy = null;
        UncertaintyExponent uncertain = null;
        if (measuring) { // never streamed: measures need the whole map
            int[] labels = LabelMaps.labels(r, labelKind);
            boxes = BoxCounting.ofLabels(labels, slice.width(), slice.height(), cls[0], cls[1]);
            entropy = BasinEntropy.of(labels, slice.width(), slice.height(), entropyBox);
            if (uncertainty != null) {
                uncertain = UncertaintyExponent.measure(problem, slice, quotient ? QuotientPlane.COORDINATES : slice, rule, options.withThetaIndex(), labelKind, uncertainty, UNCERTAINTY_EPSILONS,
                        problemOptions.seed, ProgressListener.NONE);
            }
        }
        final BoxCounting bc = boxes;
        final BasinEntropy be = entropy;
        final UncertaintyExponent ue = uncertain;
        long t1 = System.nanoTime();
        // The PNG is drawn while the HDF5 file is written (both only read the results): on large maps each takes
        // seconds, and neither waits for the other.
        double[] lohi = null;
        CompletableFuture<Double> pngDone = CompletableFuture.completedFuture(0.0);
        if (png != null) {
            double[] values = colourValues(r, colorName, colorParam);
            lohi = range != null ? range : colorLog ? positiveRange(r.status, r.limit, values, rule.fixedHorizon())
                    : MapImage.convergedRange(r.status, r.limit, values, rule.fixedHorizon());
            MapImage.Colouring c = new MapImage.Colouring(colorName, values, lohi[0], lohi[1], colorLog, rule.fixedHorizon());
            MapImage.Frame frame = frame(problem, canonicalEta, slice, 1, slice.width(), slice.height(), fractions(r));
            pngDone = CompletableFuture.supplyAsync(() -> {
                long t2 = System.nanoTime();
                try {
                    MapImage.write(png, outputOptions.force, r.status, r.limit, slice.width(), slice.height(), c, frame, outputOptions.pngRaw);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return (System.nanoTime() - t2) * 1e-9;
            });
        }
        try {
            java.util.function.Consumer<io.jhdf.api.WritableGroup> measures = g -> {
                if (bc != null) Hdf5Measures.put(g, labelKind, cls[0], cls[1], bc, be, ue);
            };
            if (streamed != null) {
                try (StreamedMap s = streamed) { // its chunk file is deleted once written into the map's file
                    Hdf5MapWriter.write(s, prov, h5, outputOptions.force, measures);
                }
            } else {
                Hdf5MapWriter.write(new MapData(problem, slice, r, prov, fieldSet), h5, outputOptions.force, measures);
            }
        } catch (FileAlreadyExistsException e) {
            pngDone.handle((v, x) -> null).join();
            throw new BadInputException("--output: " + h5 + " appeared while running; nothing written (use --force to overwrite)");
        } catch (IOException | RuntimeException e) {
            // The PNG thread must be done before the output set is rolled back (a disk full while writing HDF5).
            pngDone.handle((v, x) -> null).join();
            throw e;
        }
        double hdf5Seconds = (System.nanoTime() - t1) * 1e-9;
        double pngSeconds;
        try {
            pngSeconds = pngDone.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw e;
        }
        String colourNote = lohi == null ? "" : String.format(Locale.ROOT,
                "%s coloured by %s (viridis %.4g..%.4g), diverged light grey, undecided dark grey",
                rule.fixedHorizon() ? "bounded runs at the fixed horizon" : "converged", colorName, lohi[0], lohi[1]);

        long runs = streamed != null ? slice.count() : r.runs();
        out.printf(Locale.ROOT, "%s%n", caption(problem, canonicalEta, slice));
        out.printf(Locale.ROOT, "runs: %,d  %s%n", runs, streamed != null ? fractions(streamed.statusCounts(), streamed.limitCounts(), runs) : fractions(r));
        out.println(ExecOptions.summary((System.nanoTime() - t0) * 1e-9, String.format(Locale.ROOT,
                "setup %.2f, kernel %.2f, hdf5 %.2f, png %.2f alongside", setupSeconds, stats.kernelSeconds(), hdf5Seconds, pngSeconds), stats));
        if (bc != null) MeasureOptions.print(out, labelKind, cls, bc, be, ue);
        outputs.commit();
        if (tiled && tileOptions.removeAfterJoin()) TileRunner.delete(tileDir); // merged into the file: the tiles have served
        out.printf("wrote %s%n", h5.toAbsolutePath());
        if (png != null) out.printf("wrote %s (%s; legend in %s.txt)%n", png.toAbsolutePath(), colourNote, png.getFileName());
        return Main.EXIT_OK;
    }

    /**
     * What a tiled map's {@code --warmup} sweeps run: the same window on a coarser grid of about {@code runs} runs (the
     * map may not fit in memory), through the class a tile runs through ({@link SliceRows}), so that the JIT compiles the
     * kernel from runs like the whole map's. Warmed up on its first tile, whose runs diverge within a few steps (rows
     * β ≈ −3), a 4096² ½(xy − 1)² map's kernel phase took 0.87-1.16 s; warmed up on this coarse copy, 0.73-1.00 s (6
     * alternated runs each; BENCHMARKS.md, session 18).
     */
    static StartSource warmupSample(Slice slice, long runs) {
        double f = Math.sqrt((double) runs / ((double) slice.width() * slice.height()));
        int w = (int) Math.max(1, Math.min(slice.width(), Math.round(slice.width() * f)));
        int h = (int) Math.max(1, Math.min(slice.height(), runs / w));
        return new SliceRows(slice.resampled(w, h), 0, h);
    }

    private static Set<String> parseFields(String spec, List<String> optional) {
        if (spec.trim().equals("all")) return Set.copyOf(optional);
        Set<String> out = new java.util.HashSet<>();
        for (String f : org.gdsweep.engine.problem.ProblemArguments.items("--fields", spec, ",")) {
            String name = f;
            if (!optional.contains(name))
                throw new BadInputException("--fields must be all or a comma-separated subset of " + String.join(",", optional)
                        + ", got '" + spec + "'");
            out.add(name);
        }
        return out;
    }

    /**
     * "converged 41.20% (minimiser 41.18%, origin 0.02%)  diverged …  undecided …": converged splits by what was
     * reached (LimitKind), so the fraction a user means, converged to a minimiser, is stated.
     */
    static String fractions(SweepResult r) {
        return fractions(r.statusCounts(), r.limitCounts(), r.runs()); // one pass each
    }

    /** The summary's fractions from a map's runs per status and per limit code ({@link SweepResult#statusCounts}). */
    static String fractions(long[] byStatus, long[] byLimit, long total) {
        long outside = 0;
        for (int code = 128; code < 256; code++) outside += byStatus[code]; // the negative codes
        long runs = Math.max(1, total - outside); // fractions of the states: points outside the quotient wedge are none
        StringBuilder split = new StringBuilder();
        for (LimitKind k : LimitKind.values()) {
            long c = byLimit[k.code & 0xFF];
            if (k == LimitKind.NONE || c == 0 && k != LimitKind.MINIMISER) continue;
            split.append(split.isEmpty() ? "" : ", ").append(k.label.replace('_', ' ')).append(String.format(Locale.ROOT, " %.2f%%", 100.0 * c / runs));
        }
        return String.format(Locale.ROOT, "converged %.2f%% (%s)  diverged %.2f%%  undecided %.2f%%%s", 100.0 * byStatus[Status.CONVERGED.code] / runs,
                split, 100.0 * byStatus[Status.DIVERGED.code] / runs, 100.0 * byStatus[Status.UNDECIDED.code] / runs,
                outside > 0 ? String.format(Locale.ROOT, " of %,d states (%,d grid points outside the wedge N >= 2|z|)", runs, outside) : "");
    }

    /** The figure around a map (or its preview, every {@code stride}-th start): title, slice coordinates, counts. */
    private MapImage.Frame frame(Problem problem, double canonicalEta, Slice slice, int stride, int width, int height, String subtitle) {
        String[] labels = quotient ? new String[] {"z = u\u1d40v", "N = |u|\u00b2 + |v|\u00b2"} : SliceOptions.axisLabels(problem, slice);
        double[] a = slice.alphas(), b = slice.betas();
        String title = caption(problem, canonicalEta, slice);
        return new MapImage.Frame(title, subtitle, labels[0], a[0], a[Math.min(a.length - 1, (width - 1) * stride)],
                labels[1], b[0], b[Math.min(b.length - 1, (height - 1) * stride)]);
    }

    private String caption(Problem problem, double canonicalEta, Slice slice) {
        if (caption != null) return caption;
        return String.format(Locale.ROOT, "%s, eta=%s, lambda=%s, %dx%d slice", problem.kind(), canonicalEta, problem.lambda(),
                slice.width(), slice.height());
    }

    /** [min, max] over converged runs of the positive values (a log scale cannot show the others). */
    private static double[] positiveRange(byte[] status, byte[] limit, double[] values, boolean boundedRuns) {
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < values.length; i++) {
            if (!MapImage.onColourScale(status, limit, i, boundedRuns) || !(values[i] > 0) || Double.isInfinite(values[i])) continue;
            lo = Math.min(lo, values[i]);
            hi = Math.max(hi, values[i]);
        }
        return hi > 0 ? new double[] {lo, hi} : new double[] {1, 10};
    }

    private static double[] toDoubles(byte[] b) {
        double[] v = new double[b.length];
        for (int i = 0; i < v.length; i++) v[i] = b[i];
        return v;
    }

    private static double[] colourValues(SweepResult r, String colorName, int colorParam) {
        if (colorParam >= 0) {
            for (int q = 0; q < r.thetaIndex.length; q++) if (r.thetaIndex[q] == colorParam) return r.theta[q];
            throw new IllegalStateException("colour parameter not kept");
        }
        return switch (colorName) {
            case "iterations" -> {
                double[] v = new double[r.runs()];
                for (int i = 0; i < v.length; i++) v[i] = r.iterations[i];
                yield v;
            }
            case "loss" -> r.loss;
            case "grad_norm" -> r.gradNorm;
            case "imbalance" -> r.imbalance;
            case "sharpness" -> r.sharpness;
            case "minimiser_side" -> toDoubles(r.minimiserSide);
            case "period" -> toDoubles(r.period);
            case "norm2" -> r.norm2;
            default -> r.derived(colorName);
        };
    }
}
