package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MapCommandTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    static Run gdsweep(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private String[] map(String... extra) {
        List<String> a = new ArrayList<>(List.of("map", "--eta", "0.9", "--size", "9", "-q", "-o", dir.resolve("x.h5").toString()));
        a.addAll(List.of(extra));
        return a.toArray(String[]::new);
    }

    @Test
    void smallMapWritesHdf5AndPngAndLegend() {
        Run r = gdsweep(map());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("x.h5")));
        assertTrue(Files.exists(dir.resolve("x.png")));
        assertTrue(Files.exists(dir.resolve("x.png.txt")));
        assertTrue(r.out().contains("lane-iterations/s"), r.out());
    }

    @Test
    void fieldsLimitWhatIsWritten() throws Exception {
        Run r = gdsweep(map("--fields", "iterations,norm2", "--no-png"));
        assertEquals(0, r.code(), r.err());
        try (var f = new io.jhdf.HdfFile(dir.resolve("x.h5"))) {
            var names = f.getChildren().keySet();
            assertTrue(names.containsAll(List.of("status", "iterations", "norm2", "alpha", "beta")), names.toString());
            for (String absent : List.of("loss", "grad_norm", "imbalance", "product")) assertFalse(names.contains(absent), absent);
            assertEquals("iterations,norm2", f.getAttribute("fields").getData());
        }
        // a colour that is not written is still evaluated for the PNG; with no such need the values are skipped
        r = gdsweep(map("--fields", "iterations", "--color", "loss", "--force"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("coloured by loss"), r.out());
        r = gdsweep(map("--fields", "iterations", "--color", "iterations", "--force"));
        assertEquals(0, r.code(), r.err());
        try (var f = new io.jhdf.HdfFile(dir.resolve("x.h5"))) {
            assertEquals("iterations", f.getAttribute("fields").getData());
            assertFalse(f.getChildren().containsKey("loss"));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "fma     | --d 1",
        "fma     | --d 5 --slice random",
        "fma     | --loss chain --depth 3 --slice random",
        "fma     | --loss matrix --k 5 --m 4 --n 4 --slice random",
        "float32 | --d 5 --slice random",
        "float32 | --loss matrix --k 5 --m 4 --n 4 --slice random",
        "float32 | --loss matrix --k 2 --m 3 --n 2 --slice random",
        "float32 | --loss chain --depth 4 --slice random",
        "fma     | --loss network --widths 2,3,2 --slice random",
        "float32 | --loss network --widths 2,3,2 --slice random",
    })
    void optInArithmeticIsRecorded(String arithmetic, String problem) throws Exception {
        List<String> args = new ArrayList<>(List.of("--arithmetic", arithmetic, "--no-png"));
        args.addAll(List.of(problem.trim().split(" +")));
        Run r = gdsweep(map(args.toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
        boolean single = arithmetic.equals("float32");
        try (var f = new io.jhdf.HdfFile(dir.resolve("x.h5"))) {
            assertEquals(single ? "off" : "on", f.getAttribute("fma").getData());
            assertEquals(arithmetic, f.getAttribute("problem_arithmetic").getData());
            assertEquals(single ? "float32" : "float64", f.getAttribute("precision").getData());
            assertEquals(single ? 1e-4 : 1e-8, ((Number) f.getAttribute("tolerance").getData()).doubleValue()); // per-precision default
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"--d 1", "--d 3 --slice random", "--loss matrix --k 2 --m 2 --n 2 --slice random"})
    void float32ParametersAreFloats(String problem) throws Exception {
        List<String> args = new ArrayList<>(List.of("--arithmetic", "float32", "--no-png", "--save-params"));
        args.addAll(List.of(problem.trim().split(" +")));
        Run r = gdsweep(map(args.toArray(String[]::new)));
        assertEquals(0, r.code(), r.err());
        try (var f = new io.jhdf.HdfFile(dir.resolve("x.h5"))) {
            double[][][] theta = (double[][][]) f.getDatasetByPath("theta").getData();
            for (double[][] plane : theta)
                for (double[] row : plane)
                    for (double v : row) assertTrue(Double.isNaN(v) || v == (double) (float) v, "float32 parameters are floats: " + v);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--bogus                              | Unknown option",
        "--window=3:-3,-3:3                   | --window",
        "--window=1:1,-3:3                    | --window",
        "--window=-3:3                        | --window",
        "--size 0                             | --size",
        "--size -4                            | --size",
        "--eta NaN                            | --eta",
        "--eta 0                              | --eta",
        "--eta -1                             | --eta",
        "--y NaN                              | --y",
        "--lambda -0.1                        | --lambda",
        "--tol 0                              | --tol",
        "--max-iter -1                        | --max-iter",
        "--threads 0                          | --threads",
        "--d 0                                | --d",
        "--slice axes:0,0                     | --slice",
        "--slice sideways                     | --slice",
        "--origin 1,2,3                       | --origin",
        "--color nonsense                     | --color",
        "--lambda 0.1 --criterion loss        | --criterion",
        "--lambda 0.1 --mu 0.2                | --lambda",
        "--vector-bits 100                    | --vector-bits",
        "--vector-bits 4096                   | --vector-bits",
        "--size 30000 --tile-runs 900000000  | heap",
        "--color-log --color-range=-1:5       | --color-range",
        "--arithmetic fast                    | --arithmetic",
        "--arithmetic float32 --max-iter 20000000 | --max-iter",
        "--labels orbit --measure             | --labels",
        "--fields iterations,bogus            | --fields",
    })
    void badInputIsOneLineWithExitCode2(String options, String mentions) {
        List<String> a = new ArrayList<>(List.of(map()));
        for (String replaced : new String[] {"--eta", "--size"}) {  // the case replaces the default value
            if (options.startsWith(replaced + " ")) {
                int i = a.indexOf(replaced);
                a.remove(i);
                a.remove(i);
            }
        }
        a.addAll(List.of(options.trim().split("\\s+")));
        Run r = gdsweep(a.toArray(String[]::new));
        assertEquals(2, r.code(), options + " -> " + r.err());
        assertTrue(r.err().contains(mentions), "error names the option: " + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(Files.exists(dir.resolve("x.h5")), "nothing written");
    }

    @Test
    void existingOutputNeedsForceAndIsNotTouched() throws Exception {
        Path out = dir.resolve("x.h5");
        Files.writeString(out, "precious");
        Run r = gdsweep(map());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals("precious", Files.readString(out));
        Run forced = gdsweep(map("--force"));
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1).equals("precious"));
    }

    @Test
    void unwritableDirectoryIsBadInput() {
        Run r = gdsweep("map", "--eta", "0.9", "--size", "4", "-o", dir.resolve("no/such/dir/x.h5").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--output"), r.err());
    }

    @Test
    void paperFormIsConvertedAndRecorded() throws Exception {
        Run r = gdsweep(map("--c", "0.5", "--mu", "0.1", "--y", "0.5", "--no-png"));
        assertEquals(0, r.code(), r.err());
        try (var f = new io.jhdf.HdfFile(dir.resolve("x.h5"))) {
            assertEquals(0.9, (double) f.getAttribute("eta").getData(), 1e-15);        // 2 * 0.5 * 0.9
            assertEquals(0.2, (double) f.getAttribute("lambda").getData(), 1e-15);     // 0.1 / 0.5
            assertEquals(0.9, (double) f.getAttribute("written_eta").getData(), 0);
        }
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void logarithmicColouringIsRecordedInTheLegend() throws Exception {
        Run r = gdsweep(map("--color", "iterations", "--color-log"));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(dir.resolve("x.png.txt")).contains("log10 scale"));
    }

    @Test
    void helpListsOptions() {
        Run r = gdsweep("map", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--window") && r.out().contains("--diverge-norm2"));
    }
}
