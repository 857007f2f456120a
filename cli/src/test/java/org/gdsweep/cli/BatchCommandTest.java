package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many commands in one process: parsed up front, run in order, stopped at the first failure unless told otherwise. */
class BatchCommandTest {
    @TempDir Path dir;

    private Path batch(String... lines) throws Exception {
        Path f = dir.resolve("batch.txt");
        Files.write(f, List.of(lines));
        return f;
    }

    private String map(String name) {
        return "map --loss scalar --d 1 --y 1 --eta 0.9 --size 24 --max-iter 200 --no-png -q -o '" + dir.resolve(name) + "'";
    }

    @Test
    void runsEveryLineInOrder() throws Exception {
        Path f = batch("# two maps", "", map("a.h5"), "gdsweep " + map("b.h5") + " --seed 3");
        CliRun r = CliRun.of("batch", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("a.h5")) && Files.exists(dir.resolve("b.h5")));
        assertTrue(r.err().contains("[1/2] line 3") && r.err().contains("[2/2] line 4"), r.err());
    }

    @Test
    void aBadLineStopsTheBatchBeforeAnythingRuns() throws Exception {
        CliRun r = CliRun.of("batch", batch(map("a.h5"), "map --eta 0.9 --etta 1").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2") && r.err().contains("--etta"), r.err());
        assertFalse(Files.exists(dir.resolve("a.h5")), "nothing ran");
        r = CliRun.of("batch", batch(map("a.h5"), "map --eta 'unclosed").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("line 2: unclosed '"), r.err());
        r = CliRun.of("batch", batch("batch x.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a batch cannot run a batch"), r.err());
    }

    @Test
    void aFailingCommandStopsTheRestUnlessKeepGoing() throws Exception {
        Files.writeString(dir.resolve("exists.h5"), "x");
        Path f = batch(map("exists.h5"), map("c.h5"));
        CliRun r = CliRun.of("batch", f.toString());
        assertEquals(2, r.code(), "the first failure's exit code");
        assertFalse(Files.exists(dir.resolve("c.h5")), "the rest is not run");
        assertTrue(r.err().contains("the remaining 1 not run"), r.err());
        r = CliRun.of("batch", "--keep-going", f.toString());
        assertEquals(2, r.code());
        assertTrue(Files.exists(dir.resolve("c.h5")), "--keep-going runs the rest");
    }

    @Test
    void wordsSplitAsAShellWould() {
        assertEquals(List.of("a", "b c", "d\"e", "f g", "h$i", "j k"), BatchCommand.words("a 'b c' \"d\\\"e\" f\\ g \"h\\$i\"  j\\ k"));
        assertThrows(IllegalArgumentException.class, () -> BatchCommand.words("a \"b"));
        assertThrows(IllegalArgumentException.class, () -> BatchCommand.words("a \\"));
    }
}
