package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 11: input is never misread, outputs are checked before any work, failures say why. */
class NothingMisreadTest {
    @TempDir Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private void assertRefused(CliRun r, String... mentions) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), "one line: " + r.err());
        for (String m : mentions) assertTrue(r.err().contains(m), "'" + m + "' in: " + r.err());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map --loss matrix --k 2 --m 2 --n 2 --Y 1,0;0,0.5; --eta 0.5 --size 8 | --Y",
        "map --eta 0.9 --window=-3:3,-3:3, --size 8                           | --window",
        "map --eta 0.9 --fields iterations, --size 8                          | --fields",
        "map --eta 0.9 --size 5x                                              | --size",
        "map --eta 0.9 --size 8x8x                                            | --size",
        "map --eta 0.9 --window=-3:3,,-3:3 --size 8                           | --window",
        "map --eta 0.9 --window=-3:3d,-3:3 --size 8                           | --window",
        "scan --etas 0.9,,1.0 --count 8                                       | --etas",
        "trace --eta 0.5 --start 1,1,                                         | --start",
    })
    void trailingAndDoubledSeparatorsAndSuffixesAreRefusedNotDropped(String line, String option) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(line.trim().split(" ")));
        args.addAll(List.of("-o", dir.resolve("x.h5").toString()));
        assertRefused(run(args.toArray(String[]::new)), option);
        assertEquals(List.of(), files(), "nothing written");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "scan --etas 0.9,1.0 --spacing geometric --count 8                     | --spacing | --etas",
        "critical --starts grid --count 5 --size 8 --max-iter 20               | --count   | --starts grid",
        "critical --window=-1:1,-1:1 --count 5 --max-iter 20                   | --window  | --starts gaussian",
        "trace --eta 0.5 --start 1,1 --count 3                                 | --count   | --start",
        "map --eta 0.9 --size 8 --png p.png --no-png                           | --png     | --no-png",
        "zoom --eta 0.9 --size 32 --frames 1 --center 5,5                      | --center  | --window",
    })
    void optionsThatWouldBeIgnoredAreRefusedNamingBoth(String line, String option, String other) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of(line.trim().split(" ")));
        args.addAll(List.of("-o", dir.resolve("x.h5").toString()));
        assertRefused(run(args.toArray(String[]::new)), option, other);
        assertEquals(List.of(), files(), "nothing written");
    }

    @Test
    void outputPathsAreCheckedBeforeAnyWork() throws IOException {
        assertRefused(run("map", "--eta", "0.9", "--size", "8", "-o", dir + "/"), "names a directory");
        assertRefused(run("map", "--eta", "0.9", "--size", "8", "-o", dir.resolve("missing/x.h5").toString()), "does not exist");
        assertRefused(run("map", "--eta", "0.9", "--size", "8", "-o", dir.resolve("x".repeat(250) + ".h5").toString()), "file name is", "bytes");
        // A leftover legend alone blocks the run up front (not after the work), naming it.
        Files.writeString(dir.resolve("m.png.txt"), "old legend");
        assertRefused(run("map", "--eta", "0.9", "--size", "8", "-o", dir.resolve("m.h5").toString()), "m.png.txt", "--force");
        // Old frame PNGs of a zoom, likewise.
        Files.writeString(dir.resolve("z-frame00.png"), "old frame");
        assertRefused(run("zoom", "--eta", "0.9", "--size", "32", "--frames", "1", "-o", dir.resolve("z.h5").toString()), "z-frame00.png");
        assertEquals(List.of("m.png.txt", "z-frame00.png"), files());
    }

    @Test
    void dimensionNeverReplacesItsInputAndChecksItsOutputFirst() throws IOException {
        Path map = dir.resolve("m.h5");
        assertEquals(0, run("map", "--eta", "0.9", "--size", "32", "--max-iter", "50", "-o", map.toString(), "-q").code());
        byte[] before = Files.readAllBytes(map);
        assertRefused(run("dimension", map.toString(), "-o", map.toString(), "--force"), "is the input map");
        assertRefused(run("dimension", map.toString(), "-o", dir.resolve("./m.h5").toString(), "--force"), "is the input map");
        assertRefused(run("dimension", map.toString(), "-o", dir.resolve("no/such/dir/x.h5").toString()), "does not exist");
        assertArrayEquals(before, Files.readAllBytes(map));
    }

    @Test
    void dimensionValidatesWhatItReads() throws IOException {
        byte[][] status = new byte[32][32];
        status[3][4] = 7;
        Path bad = dir.resolve("bad.h5");
        try (WritableHdfFile f = HdfFile.write(bad)) {
            f.putDataset("status", status);
        }
        assertRefused(run("dimension", bad.toString(), "-o", dir.resolve("out.h5").toString()), "'status' holds 7 at row 3, column 4");
        status[3][4] = 0;
        Path shapes = dir.resolve("shapes.h5");
        try (WritableHdfFile f = HdfFile.write(shapes)) {
            f.putDataset("status", status);
            f.putDataset("minimiser_side", new byte[16][32]);
        }
        assertRefused(run("dimension", shapes.toString(), "-o", dir.resolve("out.h5").toString()), "minimiser_side");
        assertFalse(Files.exists(dir.resolve("out.h5")));
    }

    @Test
    void failuresNameTheirCause() {
        Exception diskFull = new RuntimeException("Exception writing", new UncheckedIOException(new IOException("No space left on device")));
        assertTrue(Main.describe(diskFull).startsWith("disk full"), Main.describe(diskFull));
        Exception denied = new UncheckedIOException(new java.nio.file.AccessDeniedException("/x/y.h5"));
        assertEquals("permission denied (/x/y.h5)", Main.describe(denied));
        Exception tooLong = new java.nio.file.FileSystemException("/x/" + "y".repeat(300), null, "File name too long");
        assertTrue(Main.describe(tooLong).startsWith("file name too long"), Main.describe(tooLong));
    }

    @Test
    void theCommandLineIsRecordedSoThatItCanBePastedBack() {
        assertEquals("gdsweep map --Y '1,0;0,1' -o 'a b.h5' --window=-3:3,-3:3 --caption 'it'\\''s'",
                Provenance.commandLine(List.of("map", "--Y", "1,0;0,1", "-o", "a b.h5", "--window=-3:3,-3:3", "--caption", "it's")));
        assertEquals("gdsweep map ''", Provenance.commandLine(List.of("map", "")));
    }
}
