package org.gdsweep.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.gdsweep.io.Hdf5Output;
import org.gdsweep.io.OutputSet;

import picocli.CommandLine.Option;

/**
 * Where results go. Every path is checked before any work starts; everything a command writes is one
 * {@link OutputSet}, committed together; nothing is replaced without --force.
 */
final class OutputOptions {
    /** Longest file name most file systems take (ext4, XFS, APFS: 255 bytes), with room for ".NAME.tmp-PID". */
    static final int MAX_NAME_BYTES = 255 - 24;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.h5", order = 80, description = "HDF5 output. Default: gdsweep-out/<command>.h5.")
    String output;
    @Option(names = "--png", paramLabel = "FILE.png", order = 81, description = "PNG output (a legend goes to FILE.png.txt). Default: the HDF5 path with .png.")
    String png;
    @Option(names = "--no-png", order = 82, description = "Do not write a PNG.")
    boolean noPng;
    @Option(names = "--png-raw", order = 82, description = "Maps (map, critical, zoom): write the bare raster, one pixel per start, instead of the figure (axes, ticks, colour bar, legend).")
    boolean pngRaw;
    @Option(names = "--force", order = 83, description = "Overwrite existing output files.")
    boolean force;
    @Option(names = "--compression", order = 84, defaultValue = "fast",
            description = "HDF5 filters: none, fast (integer maps shuffle+deflate 1, float64 maps unfiltered) or small (shuffle+deflate 6 everywhere). Default: ${DEFAULT-VALUE}.")
    String compression;

    Path h5(String command) {
        applyCompression();
        if (png != null && noPng) throw new BadInputException("--png and --no-png contradict each other; give one");
        Path out = output != null ? file("--output", output) : Path.of("gdsweep-out", command + ".h5");
        checkWritable("--output", out, force);
        return out;
    }

    /** Sets the HDF5 filters ({@code --compression}) for what this command writes: before {@link #h5}, where a decision needs them. */
    void applyCompression() {
        switch (compression == null ? "fast" : compression.trim()) {
            case "none" -> Hdf5Output.compression(Hdf5Output.Compression.NONE);
            case "fast" -> Hdf5Output.compression(Hdf5Output.Compression.FAST);
            case "small" -> Hdf5Output.compression(Hdf5Output.Compression.SMALL);
            default -> throw new BadInputException("--compression must be none, fast or small, got '" + compression + "'");
        }
    }

    /**
     * The tile directory a shard writes into: {@code -o} (default gdsweep-out/COMMAND.tiles), created if missing (its
     * parent must exist). Several shards share it, so an existing one is not an error.
     */
    Path tileDirectory(String command) {
        if (png != null) throw new BadInputException("--png: a shard writes tiles only; merge them with gdsweep merge");
        Path dir = output != null ? Path.of(output.endsWith("/") ? output.substring(0, output.length() - 1) : output)
                : Path.of("gdsweep-out", command + ".tiles");
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) throw new BadInputException("--output: " + dir + " is a file; with --shard, -o names the tile directory");
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) throw new BadInputException("--output: directory " + parent + " does not exist");
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new BadInputException("--output: cannot create " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(abs)) throw new BadInputException("--output: " + dir + " is not writable");
        return dir;
    }

    /** The PNG path, or null with --no-png. */
    Path png(Path h5) {
        if (noPng) return null;
        Path p = png != null ? file("--png", png) : withExtension(h5, ".png");
        if (p.toAbsolutePath().normalize().equals(h5.toAbsolutePath().normalize())) throw new BadInputException("--png must differ from --output");
        checkWritable("--png", p, force);
        return p;
    }

    /** {@link #png}, for a map PNG that brings its legend sidecar {@code FILE.png.txt} (checked too). */
    Path pngWithLegend(Path h5) {
        Path p = png(h5);
        if (p != null) checkWritable("--png", legend(p), force);
        return p;
    }

    /** The legend sidecar of a map PNG ({@code FILE.png.txt}). */
    static Path legend(Path png) {
        return png.resolveSibling(png.getFileName() + ".txt");
    }

    /** A path option's value as a file path: refuses a name that ends in a separator (it names a directory). */
    static Path file(String option, String text) {
        if (text.isBlank()) throw new BadInputException(option + " must name a file, got an empty name");
        if (text.endsWith("/") || text.endsWith(java.io.File.separator))
            throw new BadInputException(option + ": '" + text + "' ends with '/' and so names a directory; give a file name");
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadInputException(option + ": '" + text + "' is not a valid path (" + e.getReason() + ")");
        }
    }

    /**
     * Opens the set of files the command will write (see {@link OutputSet}), printing to {@code err} what it repaired
     * of an earlier run killed on the same outputs.
     */
    OutputSet begin(PrintWriter err, List<Path> files) {
        return open(err, force, files);
    }

    static OutputSet open(PrintWriter err, boolean force, List<Path> files) {
        OutputSet set;
        try {
            set = OutputSet.begin(force, files);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException("--output: " + e.getFile() + " exists; use --force to overwrite");
        } catch (IOException e) {
            throw new BadInputException("--output: " + e.getMessage());
        }
        for (String note : set.notes()) err.println("gdsweep: " + note);
        err.flush();
        org.gdsweep.io.PhasePause.at("compute");
        return set;
    }

    /** Every file of a list, in order, skipping nulls (an optional PNG). */
    static List<Path> files(Path... paths) {
        List<Path> l = new ArrayList<>();
        for (Path p : paths) if (p != null) l.add(p);
        return l;
    }

    /**
     * Checks, before any work, that {@code path} can be written: not a directory, absent unless {@code force}, a name
     * the file system takes, in a directory that exists (the default gdsweep-out/ is created) and is writable.
     */
    static void checkWritable(String option, Path path, boolean force) {
        Path abs = path.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (abs.getFileName() == null) throw new BadInputException(option + ": " + path + " names no file");
        int nameBytes = abs.getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES)
            throw new BadInputException(option + ": the file name is " + nameBytes + " bytes long; at most " + MAX_NAME_BYTES + " are allowed");
        if (Files.isDirectory(abs)) throw new BadInputException(option + ": " + path + " is a directory; give a file name");
        if (Files.exists(abs) && !force) throw new BadInputException(option + ": " + path + " exists; use --force to overwrite");
        if (Files.exists(abs) && !Files.isWritable(abs) && !Files.isWritable(dir))
            throw new BadInputException(option + ": " + path + " exists and cannot be replaced (no write permission)");
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
