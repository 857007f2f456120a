package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Write-to-temporary-then-rename, so a crash or Ctrl-C leaves either the old file or a complete new one, never a
 * torn file. The temporary lives next to the target (same file system, so the rename is atomic). When an
 * {@link OutputSet} holding the target is open, the temporary is left for the set to commit with its other files.
 */
public final class AtomicFile {
    /** Temporaries being written; a shutdown hook (Ctrl-C, SIGTERM) deletes whatever is left of them. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort while the JVM exits; the target itself was never touched
                }
            }
        }, "gdsweep-temporary-cleanup"));
    }

    /** Writes a file at the given temporary path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path temporary) throws IOException;
    }

    private AtomicFile() {}

    /**
     * @param target    final path
     * @param overwrite replace an existing target; if false and it exists, fails before writing anything
     */
    public static void write(Path target, boolean overwrite, Writer writer) throws IOException {
        Path staged = OutputSet.stage(target);
        if (staged != null) { // part of an output set: it renames all of its files together, or deletes them
            try {
                writer.write(staged);
            } finally {
                OutputSet.written(staged);
            }
            return;
        }
        Path abs = target.toAbsolutePath();
        if (!overwrite && Files.exists(abs)) throw new FileAlreadyExistsException(abs.toString());
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        PENDING.add(tmp);
        try {
            writer.write(tmp);
            if (!overwrite && Files.exists(abs)) throw new FileAlreadyExistsException(abs.toString());
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }
}
