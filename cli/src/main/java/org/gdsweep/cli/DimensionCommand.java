package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.LabelMaps;
import org.gdsweep.engine.fractal.StreamingMeasures;
import org.gdsweep.io.OutputSet;
import org.gdsweep.io.Hdf5Measures;
import org.gdsweep.io.Hdf5Reader;
import org.gdsweep.io.Hdf5Tiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gdsweep dimension FILE.h5}: fractal measures of an existing basin map. */
@Command(name = "dimension", header = "Fractal measures (box-counting dimension, basin entropies) of an existing map.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        description = {
            "Box-counting dimension of the boundary (with its scaling range and standard error) and the basin",
            "entropies S_b, S_bb of a map written by 'gdsweep map'. Results are printed and written to a new file",
            "(default FILE-measures.h5). The uncertainty exponent needs new GD runs: use 'gdsweep map --uncertainty N'."},
        footer = {"", "Example:", "  gdsweep dimension fig3.h5"})
public final class DimensionCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE.h5", description = "A basin map written by gdsweep map, or a tiled map: its index file or its tile directory (measured tile by tile).")
    Path input;
    @Mixin MeasureOptions measures;
    @Option(names = {"-o", "--output"}, paramLabel = "OUT.h5", description = "Where to write the measures. Default: FILE-measures.h5.")
    String output;
    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;
    @Option(names = {"-q", "--quiet"}, description = "Accepted for symmetry with the other commands (no progress display here).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean directory = Files.isDirectory(input);
        if (!directory && !Files.isRegularFile(input)) throw new BadInputException("FILE.h5: " + input + " does not exist or is not a file");
        // The output is checked before the map is read and measured: a bad output path fails at once, not after the work.
        Path target = output != null ? OutputOptions.file("--output", output)
                : input.resolveSibling(stripH5(input.getFileName().toString().replaceAll("\\.tiles$", "")) + "-measures.h5");
        if (Files.exists(target) && Files.isSameFile(target, input))
            throw new BadInputException("--output: " + target + " is the input map; give another file (writing it would replace the map)");
        OutputOptions.checkWritable("--output", target, force);
        OutputSet outputs = OutputOptions.open(spec.commandLine().getErr(), force, List.of(target));
        if (directory || Hdf5Reader.isTileIndex(input)) return measureTiles(out, target, outputs);
        Hdf5Reader.LabelFields map;
        try {
            // Per pixel: status, minimiser side and period (1 B each) and sign pattern (8 B), each read as rows and
            // flattened (twice), then labels (4 B), boundary flags and box counts (~8 B).
            int[] shape = Hdf5Reader.mapShape(input);
            ExecOptions.checkHeap("FILE.h5", String.format(java.util.Locale.ROOT, "a %dx%d map", shape[1], shape[0]), 40L * shape[0] * shape[1]);
            map = Hdf5Reader.labelFields(input);
        } catch (Hdf5Reader.UnexpectedContentException e) {
            throw new BadInputException("FILE.h5: " + e.getMessage());
        }
        int h = map.height(), w = map.width();
        String labels = measures.labels(map.minimiserSide() != null && map.period() != null && map.limitOrthant() != null);
        int[] cls = measures.classes(labels);
        int box = measures.entropyBox();
        if (Math.min(w, h) < 32) throw new BadInputException("FILE.h5: the map is " + w + "x" + h + "; box counting needs at least 32x32 pixels");
        int[] l = LabelMaps.labels(map.status(), map.limit(), map.minimiserSide(), map.period(), map.limitOrthant(), labels);
        BoxCounting bc = BoxCounting.ofLabels(l, w, h, cls[0], cls[1]);
        BasinEntropy e = BasinEntropy.of(l, w, h, box);
        Map<String, Object> prov = Provenance.common(spec, "dimension");
        prov.put("source", input.toAbsolutePath().toString());
        Hdf5Measures.write(target, force, prov, labels, cls[0], cls[1], bc, e);
        outputs.commit();
        MeasureOptions.print(out, labels, cls, bc, e, null);
        out.printf("wrote %s%n", target.toAbsolutePath());
        return Main.EXIT_OK;
    }

    /**
     * A tiled map (its index or tile directory), measured out of core: tiles are read one at a time and fed row by row
     * to {@link StreamingMeasures}, which gives the numbers the whole map in memory would.
     */
    private int measureTiles(PrintWriter out, Path target, OutputSet outputs) throws IOException {
        List<Path> tiles;
        try {
            tiles = Hdf5Tiles.ordered(input);
        } catch (Hdf5Reader.UnexpectedContentException e) {
            throw new BadInputException("FILE.h5: " + e.getMessage());
        }
        Hdf5Reader.LabelFields first = Hdf5Reader.labelFields(tiles.get(0));
        int w = first.width(), h = 0;
        for (Path t : tiles) h += Hdf5Tiles.info(t).rows();
        String labels = measures.labels(first.minimiserSide() != null && first.period() != null && first.limitOrthant() != null);
        int[] cls = measures.classes(labels);
        int box = measures.entropyBox();
        if (Math.min(w, h) < 32) throw new BadInputException("FILE.h5: the map is " + w + "x" + h + "; box counting needs at least 32x32 pixels");
        // One tile at a time (as labelFields reads a map). The boundary pixels come on top (16 B each while counted):
        // their number is not known before the map is read, so an out-of-memory error there is reported in one line.
        int[] tileShape = Hdf5Reader.mapShape(tiles.get(0));
        ExecOptions.checkHeap("FILE.h5", String.format(java.util.Locale.ROOT, "a %dx%d map in tiles of %d rows", w, h, tileShape[0]),
                40L * tileShape[0] * w);
        StreamingMeasures m = MeasureOptions.measureTiles(tiles, w, h, labels, cls, box);
        BoxCounting bc = m.boxCounting();
        BasinEntropy e = m.entropy();
        Map<String, Object> prov = Provenance.common(spec, "dimension");
        prov.put("source", input.toAbsolutePath().toString());
        prov.put("source_tiles", tiles.size());
        Hdf5Measures.write(target, force, prov, labels, cls[0], cls[1], bc, e);
        outputs.commit();
        MeasureOptions.print(out, labels, cls, bc, e, null);
        out.printf(java.util.Locale.ROOT, "measured %d tiles (%dx%d) out of core%n", tiles.size(), w, h);
        out.printf("wrote %s%n", target.toAbsolutePath());
        return Main.EXIT_OK;
    }

    private static String stripH5(String name) {
        return name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
    }
}
