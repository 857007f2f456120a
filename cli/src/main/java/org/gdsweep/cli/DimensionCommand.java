package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;

import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.LabelMaps;
import org.gdsweep.io.AtomicFile;
import org.gdsweep.io.Hdf5Measures;
import org.gdsweep.io.Hdf5Output;

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
    @Parameters(index = "0", paramLabel = "FILE.h5", description = "A basin map written by gdsweep map.")
    Path input;
    @Mixin MeasureOptions measures;
    @Option(names = {"-o", "--output"}, paramLabel = "OUT.h5", description = "Where to write the measures. Default: FILE-measures.h5.")
    Path output;
    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;
    @Option(names = {"-q", "--quiet"}, description = "Accepted for symmetry with the other commands (no progress display here).")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(input)) throw new BadInputException("FILE.h5: " + input + " does not exist or is not a file");
        byte[][] status;
        byte[][] side = null, period = null;
        long[][] orthant = null;
        try (HdfFile f = new HdfFile(input)) {
            Node st = f.getChildren().get("status");
            if (!(st instanceof Dataset ds) || !(ds.getData() instanceof byte[][] s))
                throw new BadInputException("FILE.h5: " + input + " has no int8 'status' map; is it a gdsweep map file?");
            status = s;
            if (f.getChildren().get("minimiser_side") instanceof Dataset ms && ms.getData() instanceof byte[][] m) side = m;
            if (f.getChildren().get("period") instanceof Dataset ps && ps.getData() instanceof byte[][] p) period = p;
            if (f.getChildren().get("limit_orthant") instanceof Dataset os && os.getData() instanceof long[][] o) orthant = o;
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadInputException("FILE.h5: cannot read " + input + " as HDF5 (" + e.getMessage() + ")");
        }
        int h = status.length, w = status[0].length;
        byte[] flatStatus = new byte[h * w], flatSide = side == null ? null : new byte[h * w];
        byte[] flatPeriod = period == null ? null : new byte[h * w];
        long[] flatOrthant = orthant == null ? null : new long[h * w];
        for (int j = 0; j < h; j++) {
            System.arraycopy(status[j], 0, flatStatus, j * w, w);
            if (side != null) System.arraycopy(side[j], 0, flatSide, j * w, w);
            if (period != null) System.arraycopy(period[j], 0, flatPeriod, j * w, w);
            if (orthant != null) System.arraycopy(orthant[j], 0, flatOrthant, j * w, w);
        }
        String labels = measures.labels(side != null && period != null && orthant != null);
        int[] cls = measures.classes();
        int box = measures.entropyBox();
        if (Math.min(w, h) < 32) throw new BadInputException("FILE.h5: the map is " + w + "x" + h + "; box counting needs at least 32x32 pixels");
        int[] l = LabelMaps.labels(flatStatus, flatSide, flatPeriod, flatOrthant, labels);
        BoxCounting bc = BoxCounting.of(LabelMaps.boundary(l, w, h, cls[0], cls[1]), w, h);
        BasinEntropy e = BasinEntropy.of(l, w, h, box);
        Path target = output != null ? output : input.resolveSibling(stripH5(input.getFileName().toString()) + "-measures.h5");
        if (Files.exists(target) && !force) throw new BadInputException("--output: " + target + " exists; use --force to overwrite");
        Map<String, Object> prov = Provenance.common(spec, "dimension");
        prov.put("source", input.toAbsolutePath().toString());
        AtomicFile.write(target, force, tmp -> {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putAttribute("layout", "gdsweep fractal measures");
                f.putAttribute("layout_version", 1);
                Hdf5Output.attributes(f, prov);
                Hdf5Measures.put(f.putGroup("measures"), labels, cls[0], cls[1], bc, e, null);
            }
        });
        MeasureOptions.print(out, labels, cls, bc, e, null);
        out.printf("wrote %s%n", target.toAbsolutePath());
        return Main.EXIT_OK;
    }

    private static String stripH5(String name) {
        return name.endsWith(".h5") ? name.substring(0, name.length() - 3) : name;
    }
}
