package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output sets: all files or none; what a killed run left is repaired by the next run (signals: check-signals.sh). */
class OutputSetTest {
    @TempDir Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aSignalWhileAnotherThreadStartsWritingLeavesNoTemporary() throws Exception {
        // the PNG thread has its temporary's name but creates the file only 200 ms later, after the signal's exit
        // hook ran: the hook waits for it (up to EXIT_WAIT_MILLIS), then deletes the temporaries
        Path a = dir.resolve("x.h5"), b = dir.resolve("x.png");
        try (OutputSet set = OutputSet.begin(false, List.of(a, b))) {
            java.util.concurrent.CountDownLatch staged = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean wrote = new java.util.concurrent.atomic.AtomicBoolean();
            Thread png = new Thread(() -> {
                try {
                    AtomicFile.write(b, false, t -> {
                        staged.countDown();
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            throw new java.io.InterruptedIOException();
                        }
                        Files.writeString(t, "B");
                        wrote.set(true);
                    });
                } catch (IOException ignored) {
                    // the set was abandoned
                }
            });
            png.start();
            staged.await();
            long t0 = System.nanoTime();
            OutputSet.abandonOnExit();
            assertTrue(wrote.get(), "the hook waited for the writer (the JVM halts right after it)");
            assertEquals(List.of(), listing(), "and then deleted its temporary");
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "the hook waits at most about EXIT_WAIT_MILLIS");
            png.join();
            assertEquals(List.of(), listing(), "no temporary left, nothing in place");
            assertThrows(IOException.class, () -> AtomicFile.write(a, false, t -> Files.writeString(t, "A")), "nothing is staged after the signal");
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void filesAppearOnlyAtTheCommit() throws IOException {
        Path a = dir.resolve("a.h5"), b = dir.resolve("a.png");
        try (OutputSet set = OutputSet.begin(false, List.of(a, b))) {
            AtomicFile.write(a, false, t -> Files.writeString(t, "A"));
            AtomicFile.write(b, false, t -> Files.writeString(t, "B"));
            assertFalse(Files.exists(a) || Files.exists(b), "nothing in place before the commit");
            set.commit();
        }
        assertEquals(List.of("a.h5", "a.png"), listing());
        assertEquals("B", Files.readString(b));
    }

    @Test
    void aFailureBeforeTheCommitLeavesTheOldFilesAndNoTemporary() throws IOException {
        Path a = dir.resolve("a.h5"), b = dir.resolve("a.png");
        Files.writeString(a, "old A");
        Files.writeString(b, "old B");
        try (OutputSet set = OutputSet.begin(true, List.of(a, b))) {
            AtomicFile.write(a, true, t -> Files.writeString(t, "new A"));
            assertThrows(IOException.class, () -> AtomicFile.write(b, true, t -> {
                throw new IOException("No space left on device");
            }));
        }
        assertEquals(List.of("a.h5", "a.png"), listing());
        assertEquals("old A", Files.readString(a));
    }

    @Test
    void aWriterStillRunningAfterARollbackCannotReplaceTheOldFile() throws IOException {
        // The PNG is drawn in another thread; if the HDF5 write fails (disk full) the set is rolled back, and a PNG
        // or legend finished afterwards must not land beside the old HDF5 file.
        Path a = dir.resolve("a.png.txt");
        Files.writeString(a, "old legend");
        try (OutputSet set = OutputSet.begin(true, List.of(a))) {
            // nothing staged: the command failed before this file's turn
        }
        assertThrows(IOException.class, () -> AtomicFile.write(a, true, t -> Files.writeString(t, "new legend")));
        assertEquals("old legend", Files.readString(a));
        assertEquals(List.of("a.png.txt"), listing());
        try (OutputSet set = OutputSet.begin(true, List.of(a))) { // a new set on the same file may write it again
            AtomicFile.write(a, true, t -> Files.writeString(t, "new legend"));
            set.commit();
        }
        assertEquals("new legend", Files.readString(a));
    }

    @Test
    void aCommitNeedsEveryFileAndRefusesToReplaceWithoutOverwrite() throws IOException {
        Path a = dir.resolve("a.h5"), b = dir.resolve("a.png");
        try (OutputSet set = OutputSet.begin(false, List.of(a, b))) {
            AtomicFile.write(a, false, t -> Files.writeString(t, "A"));
            assertThrows(IllegalStateException.class, set::commit);
        }
        Files.writeString(b, "there");
        assertThrows(FileAlreadyExistsException.class, () -> OutputSet.begin(false, List.of(a, b)));
        assertEquals(List.of("a.png"), listing());
    }

    @Test
    void theNextRunCompletesAJournalledCommitOfAKilledProcess() throws IOException {
        // What a SIGKILL between two renames leaves: the journal, the first file renamed, the second still temporary.
        Path a = dir.resolve("a.h5"), b = dir.resolve("a.png");
        long dead = deadPid();
        Path ta = OutputSet.temporary(a, dead), tb = OutputSet.temporary(b, dead);
        Files.writeString(a, "new A");
        Files.writeString(b, "old B");
        Files.writeString(tb, "new B");
        Files.writeString(OutputSet.journal(a), "pid\t" + dead + "\n" + ta + "\t" + a + "\n" + tb + "\t" + b + "\n");
        try (OutputSet set = OutputSet.begin(true, List.of(a, b))) {
            assertEquals(1, set.notes().size(), set.notes().toString());
            assertTrue(set.notes().get(0).startsWith("completed the interrupted commit"));
        }
        assertEquals("new B", Files.readString(b));
        assertEquals(List.of("a.h5", "a.png"), listing());
    }

    @Test
    void theNextRunRemovesTemporariesOfADeadProcess() throws IOException {
        Path a = dir.resolve("a.h5");
        Files.writeString(OutputSet.temporary(a, deadPid()), "half written");
        try (OutputSet set = OutputSet.begin(false, List.of(a))) {
            assertEquals(1, set.notes().size());
        }
        assertEquals(List.of(), listing());
    }

    @Test
    void aLiveWriterOfTheSameOutputIsRefusedButOurOwnTemporariesDoNotBlock() throws Exception {
        Path a = dir.resolve("a.h5");
        Path program = dir.getParent().resolve("Wait" + ProcessHandle.current().pid() + ".java");
        Files.writeString(program, "class Wait { public static void main(String[] a) throws Exception { Thread.sleep(60_000); } }");
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), program.toString()).start();
        try {
            Path theirs = OutputSet.temporary(a.toAbsolutePath(), other.pid());
            Files.writeString(theirs, "being written");
            IOException e = assertThrows(IOException.class, () -> OutputSet.begin(false, List.of(a)));
            assertEquals("another gdsweep (pid " + other.pid() + ") is writing " + a.toAbsolutePath(), e.getMessage());
            // in a tile directory the shards of one job write at once: a live writer's tile temporary is left alone,
            // a dead one's removed (a Slurm task starting while another wrote its tile was refused before)
            Path tiles = Files.createDirectories(dir.resolve("tiles"));
            Path live = OutputSet.temporary(tiles.resolve("tile-000001.h5").toAbsolutePath(), other.pid());
            Path dead = OutputSet.temporary(tiles.resolve("tile-000002.h5").toAbsolutePath(), deadPid());
            Files.writeString(live, "being written");
            Files.writeString(dead, "left by a killed task");
            assertEquals(1, OutputSet.removeStaleTemporaries(tiles).size());
            assertTrue(Files.exists(live) && !Files.exists(dead));
            Files.delete(live);
            Files.delete(theirs);
        } finally {
            other.destroyForcibly();
            Files.deleteIfExists(program);
        }
        Files.writeString(OutputSet.temporary(a.toAbsolutePath(), ProcessHandle.current().pid()), "ours");
        try (OutputSet set = OutputSet.begin(false, List.of(a))) {
            assertEquals(List.of(), set.notes());
        }
    }

    /** A PID that no process has now. */
    private static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) pid++;
        return pid;
    }
}
