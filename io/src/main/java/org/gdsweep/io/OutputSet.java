package org.gdsweep.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Everything one command writes (HDF5 file, PNG, legend, frames), committed together: the files appear all at once or
 * not at all.
 *
 * <p>How: while a set is open, {@link AtomicFile#write} writes each of its targets to a hidden temporary next to the
 * target ({@code .NAME.tmp-PID}, same file system) and leaves it there. {@link #commit} then writes a journal
 * ({@code .PRIMARY.gdsweep-commit} next to the first target: the PID and every temporary → target pair), forces it to
 * disk, renames every temporary onto its target and deletes the journal. A SIGTERM or Ctrl-C before the commit
 * deletes the temporaries (shutdown hook) and leaves the old outputs untouched; one during the commit waits for it to
 * finish (it holds the same lock), so a set is never left half-renamed by a signal the JVM sees. A SIGKILL or power
 * loss cannot be caught: the next run on the same outputs ({@link #begin}) finds what it left behind and repairs it.
 * A journal means the temporaries were complete: the commit is rolled forward. Temporaries of a dead process with no
 * journal are deleted. Either way the outputs end up old-and-intact or wholly new, never a mix.
 *
 * <p>One set is open per JVM at a time (the CLI runs one command per process); the PNG may be written from another
 * thread while the HDF5 file is written, so the open set is process-wide, not thread-local.
 */
public final class OutputSet implements AutoCloseable {
    private static final Object LOCK = new Object();
    /** The open set, or null; guarded by LOCK. */
    private static OutputSet open;
    /**
     * Targets of sets closed without a commit; guarded by LOCK. A writer still running in another thread (the PNG)
     * must not fall back to writing such a target directly after its set was rolled back.
     */
    private static final java.util.Set<Path> ABANDONED = new java.util.HashSet<>();
    /** Staged files being written ({@link AtomicFile} between {@link #stage} and {@link #written}); guarded by LOCK. */
    private static int writing;
    /**
     * How long the exit hook waits for staged writes in progress before it deletes the temporaries: a writer in another
     * thread (the PNG, drawn while the HDF5 file is written) creates its temporary when it starts writing, and one that
     * did so after the hook had deleted the temporaries left it behind (seen once in check-signals: TERM at the hdf5
     * phase left {@code .m.png.tmp-PID}). A writer that does not finish meanwhile (one paused by a test hook, or a
     * large file) is cut off when the JVM halts; the next run on the same outputs removes what it left.
     */
    static final long EXIT_WAIT_MILLIS = 1000;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputSet::abandonOnExit, "gdsweep-output-set-rollback"));
    }

    private final List<Path> targets;
    private final boolean overwrite;
    private final Map<Path, Path> staged = new LinkedHashMap<>();
    private final List<String> notes;
    private boolean committed, aborted;

    private OutputSet(List<Path> targets, boolean overwrite, List<String> notes) {
        this.targets = targets;
        this.overwrite = overwrite;
        this.notes = notes;
    }

    /**
     * Opens the set of files a command will write. First repairs what a killed run on the same targets left (see the
     * class comment), then checks that no target exists unless {@code overwrite}.
     *
     * @param targets every file the command will write, the primary (HDF5) output first
     * @throws FileAlreadyExistsException if a target exists and {@code overwrite} is false
     * @throws IOException when another live process is writing the same outputs, or the repair fails
     */
    public static OutputSet begin(boolean overwrite, List<Path> targets) throws IOException {
        if (targets.isEmpty()) throw new IllegalArgumentException("an output set needs at least one file");
        List<Path> abs = new ArrayList<>();
        for (Path t : targets) abs.add(t.toAbsolutePath().normalize());
        if (new LinkedHashSet<>(abs).size() != abs.size()) throw new IllegalArgumentException("an output set names a file twice: " + abs);
        List<String> notes = new ArrayList<>();
        recover(abs, notes);
        if (!overwrite) for (Path t : abs) if (Files.exists(t)) throw new FileAlreadyExistsException(t.toString());
        OutputSet set = new OutputSet(List.copyOf(abs), overwrite, notes);
        synchronized (LOCK) {
            if (open != null) throw new IllegalStateException("another output set is open in this JVM: " + open.targets);
            open = set;
            ABANDONED.removeAll(set.targets);
        }
        return set;
    }

    /** What {@link #begin} repaired (one line each), for the command to print. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** The files of this set. */
    public List<Path> targets() {
        return targets;
    }

    /**
     * Where {@link AtomicFile} writes {@code target}: its temporary, if an open set holds the target, or null.
     *
     * @throws IOException if the set was abandoned (a signal arrived): nothing more may be staged
     */
    static Path stage(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        synchronized (LOCK) {
            if (ABANDONED.contains(abs)) throw new IOException("interrupted: the output set of " + abs + " was rolled back");
            OutputSet s = open;
            if (s == null || !s.targets.contains(abs)) return null;
            if (s.aborted) throw new IOException("interrupted: output set abandoned");
            if (s.committed) throw new IllegalStateException(abs + " written after its set was committed");
            Path tmp = temporary(abs, ProcessHandle.current().pid());
            Files.deleteIfExists(tmp);
            s.staged.put(abs, tmp);
            writing++;
            return tmp;
        }
    }

    /**
     * The writer of a staged temporary ({@link #stage}) returned, normally or not. If its set was abandoned meanwhile
     * (a signal), the temporary it may just have created is deleted.
     */
    static void written(Path tmp) {
        synchronized (LOCK) {
            writing--;
            LOCK.notifyAll();
            OutputSet s = open;
            if (s != null && s.aborted) deleteQuietly(tmp);
        }
    }

    /**
     * Renames every file of the set into place, together (see the class comment).
     *
     * @throws IllegalStateException if a target of the set was never written (a bug of the command)
     * @throws FileAlreadyExistsException if a target appeared meanwhile and {@code overwrite} is false
     */
    public void commit() throws IOException {
        synchronized (LOCK) {
            if (aborted) throw new IOException("interrupted: output set abandoned");
            for (Path t : targets) if (!staged.containsKey(t)) throw new IllegalStateException("output " + t + " was never written");
            if (!overwrite) for (Path t : targets) if (Files.exists(t)) throw new FileAlreadyExistsException(t.toString());
            Path journal = journal(targets.get(0));
            StringBuilder j = new StringBuilder("pid\t").append(ProcessHandle.current().pid()).append('\n');
            for (Path t : targets) j.append(staged.get(t)).append('\t').append(t).append('\n');
            for (Path tmp : staged.values()) force(tmp);
            Files.writeString(journal, j, StandardCharsets.UTF_8);
            force(journal);
            for (Path t : targets) {
                move(staged.get(t), t);
                if (t.equals(targets.get(0))) PhasePause.at("commit");
            }
            Files.delete(journal);
            committed = true;
        }
    }

    /** Deletes the temporaries of an uncommitted set (an exception or early return) and closes it. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (!committed) {
                deleteTemporaries();
                ABANDONED.addAll(targets);
            }
            if (open == this) open = null;
        }
    }

    /** Closes whatever set is still open (called by the CLI after every command, whatever happened). */
    public static void closeOpen() {
        OutputSet s;
        synchronized (LOCK) {
            s = open;
        }
        if (s != null) s.close();
    }

    static void abandonOnExit() {
        synchronized (LOCK) { // waits for a commit in progress
            if (open != null && !open.committed) {
                open.aborted = true; // nothing more is staged; writers in progress delete their temporary when done
                long end = System.nanoTime() + EXIT_WAIT_MILLIS * 1_000_000;
                for (long left; writing > 0 && (left = end - System.nanoTime()) > 0; ) {
                    try {
                        LOCK.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                open.deleteTemporaries();
            }
        }
    }

    private void deleteTemporaries() {
        for (Path tmp : staged.values()) deleteQuietly(tmp);
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: the next run on these outputs removes temporaries of dead processes
        }
    }

    /** The temporary of {@code target} written by process {@code pid}. */
    static Path temporary(Path target, long pid) {
        return target.resolveSibling("." + target.getFileName() + ".tmp-" + pid);
    }

    static Path journal(Path primary) {
        return primary.resolveSibling("." + primary.getFileName() + ".gdsweep-commit");
    }

    /**
     * Repairs what a killed run on these targets left: rolls a journalled commit forward, deletes temporaries of dead
     * processes. Refuses if a live process is writing any of them.
     */
    private static void recover(List<Path> targets, List<String> notes) throws IOException {
        Path journal = journal(targets.get(0));
        if (Files.exists(journal)) {
            List<String> lines = Files.readAllLines(journal, StandardCharsets.UTF_8);
            long pid = lines.isEmpty() ? -1 : parsePid(lines.get(0));
            if (pid != ProcessHandle.current().pid() && alive(pid))
                throw new IOException("another gdsweep (pid " + pid + ") is writing " + targets.get(0));
            int moved = 0;
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.split("\t");
                if (f.length != 2) continue;
                Path tmp = Path.of(f[0]), target = Path.of(f[1]);
                if (Files.exists(tmp)) {
                    move(tmp, target);
                    moved++;
                }
            }
            Files.delete(journal);
            notes.add("completed the interrupted commit of " + targets.get(0) + " by process " + pid + " (" + moved + " files renamed)");
        }
        for (Path t : targets)
            if (Files.isDirectory(t.getParent()))
                removeStale(t.getParent(), java.util.regex.Pattern.quote("." + t.getFileName()) + "\\.tmp-\\d+", t.toString(), notes);
    }

    /**
     * Deletes the temporaries ({@code .NAME.tmp-PID}) in {@code directory} whose names match {@code pattern} and whose
     * process is dead, one note each; refuses if a live JVM is writing one of them ({@code what} names the output).
     */
    private static void removeStale(Path directory, String pattern, String what, List<String> notes) throws IOException {
        removeStale(directory, pattern, what, notes, false);
    }

    /** As above; with {@code liveWritersExpected} a live process's temporary is left alone instead of refused. */
    private static void removeStale(Path directory, String pattern, String what, List<String> notes, boolean liveWritersExpected) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, f -> f.getFileName().toString().matches(pattern))) {
            for (Path stale : ds) {
                String name = stale.getFileName().toString();
                long pid = parsePid("pid\t" + name.substring(name.lastIndexOf('-') + 1));
                if (pid == ProcessHandle.current().pid()) continue;
                if (alive(pid)) {
                    if (liveWritersExpected) continue;
                    throw new IOException("another gdsweep (pid " + pid + ") is writing " + what);
                }
                Files.deleteIfExists(stale);
                notes.add("removed " + stale + ", left by process " + pid + " (killed before it finished)");
            }
        }
    }

    /**
     * Removes the temporaries ({@code .NAME.tmp-PID}) that dead processes left in a tile directory; one note per file
     * removed. Those of live processes stay: the shards of a job array write their own tiles into one directory at the
     * same time, and a task that starts while another is writing must not take that for a conflict (Slurm starts array
     * tasks whenever it has room; a loaded machine did exactly that in check-slurm.sh).
     */
    public static List<String> removeStaleTemporaries(Path directory) throws IOException {
        List<String> notes = new ArrayList<>();
        removeStale(directory, "\\..+\\.tmp-\\d+", "in " + directory, notes, true);
        return notes;
    }

    private static long parsePid(String line) {
        String[] f = line.split("\t");
        try {
            return f.length == 2 && f[0].equals("pid") ? Long.parseLong(f[1].trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether {@code pid} is a live JVM (a PID reused by an unrelated program does not block a rerun). */
    private static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().map(c -> c.contains("java")).orElse(true)).orElse(false);
    }

    private static void force(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
