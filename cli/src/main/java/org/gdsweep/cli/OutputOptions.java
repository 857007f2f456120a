package org.gdsweep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.gdsweep.io.Hdf5Output;

import picocli.CommandLine.Option;

/** Where results go. Outputs are written atomically and never replace a file without --force. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", order = 80, description = "HDF5 output. Default: gdsweep-out/<command>.h5.")
    Path output;
    @Option(names = "--png", paramLabel = "FILE.png", order = 81, description = "PNG output (a legend goes to FILE.png.txt). Default: the HDF5 path with .png.")
    Path png;
    @Option(names = "--no-png", order = 82, description = "Do not write a PNG.")
    boolean noPng;
    @Option(names = "--force", order = 83, description = "Overwrite existing output files.")
    boolean force;
    @Option(names = "--compression", order = 84, defaultValue = "fast",
            description = "HDF5 filters: none, fast (integer maps shuffle+deflate 1, float64 maps unfiltered) or small (shuffle+deflate 6 everywhere). Default: ${DEFAULT-VALUE}.")
    String compression;

    Path h5(String command) {
        switch (compression == null ? "fast" : compression.trim()) {
            case "none" -> Hdf5Output.compression(Hdf5Output.Compression.NONE);
            case "fast" -> Hdf5Output.compression(Hdf5Output.Compression.FAST);
            case "small" -> Hdf5Output.compression(Hdf5Output.Compression.SMALL);
            default -> throw new BadInputException("--compression must be none, fast or small, got '" + compression + "'");
        }
        Path out = output != null ? output : Path.of("gdsweep-out", command + ".h5");
        checkWritable("--output", out);
        return out;
    }

    /** The PNG path, or null with --no-png. */
    Path png(Path h5) {
        if (noPng) return null;
        Path p = png != null ? png : withExtension(h5, ".png");
        if (p.toAbsolutePath().equals(h5.toAbsolutePath())) throw new BadInputException("--png must differ from --output");
        checkWritable("--png", p);
        return p;
    }

    private void checkWritable(String option, Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) throw new BadInputException(option + ": " + path + " is a directory; give a file name");
        if (Files.exists(abs) && !force) throw new BadInputException(option + ": " + path + " exists; use --force to overwrite");
        if (dir == null || !Files.isDirectory(dir)) {
            if (dir != null && !Files.exists(dir) && dir.endsWith("gdsweep-out")) {
                try {
                    Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new BadInputException(option + ": cannot create directory " + dir + ": " + e.getMessage());
                }
            } else {
                throw new BadInputException(option + ": directory " + dir + " does not exist");
            }
        }
        if (!Files.isWritable(dir)) throw new BadInputException(option + ": directory " + dir + " is not writable");
    }

    static Path withExtension(Path p, String ext) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return p.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ext);
    }
}
