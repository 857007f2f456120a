package org.gdsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jhdf.HdfFile;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.DeepChain;
import org.gdsweep.engine.problem.LinearNetwork;
import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.io.Hdf5Reader;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every family's file rebuilds its problem: the {@code problem} group (attributes and defining arrays such as Y or Φ)
 * holds everything {@link Hdf5Reader#problem} needs, for every kind of file, and the root records the arithmetic that ran.
 */
class ProblemRoundTripTest {
    @TempDir Path dir;

    static Problem expected(String family, Arithmetic a) {
        return switch (family) {
            case "scalar" -> new ScalarVectorFactorization(3, 0.7, 0.1, a);
            case "matrix" -> new MatrixFactorization(2, 2, 3, new double[] {1, 0, 0.5, 0, 0.25, 0}, 0.1, a);
            case "chain" -> new DeepChain(4, 0.7, 0.1, a);
            case "network" -> new LinearNetwork(new int[] {3, 2, 2}, new double[] {1, 0, 0.5, 0, 0.25, 0}, 0.1, a);
            default -> throw new IllegalArgumentException(family);
        };
    }

    static List<String> familyArgs(String family) {
        return switch (family) {
            case "scalar" -> List.of("--loss", "scalar", "--d", "3", "--y", "0.7");
            case "matrix" -> List.of("--loss", "matrix", "--k", "2", "--m", "2", "--n", "3", "--Y", "1,0,0.5;0,0.25,0");
            case "chain" -> List.of("--loss", "chain", "--depth", "4", "--y", "0.7");
            case "network" -> List.of("--loss", "network", "--widths", "3,2,2", "--Y", "1,0,0.5;0,0.25,0");
            default -> throw new IllegalArgumentException(family);
        };
    }

    static List<String> commandArgs(String command, String family) {
        int p = expected(family, Arithmetic.EXACT).parameterCount();
        String start = String.join(",", java.util.Collections.nCopies(p, "0.3"));
        return switch (command) {
            case "map" -> List.of("map", "--eta", "0.5", "--size", "8", "--slice", "random", "--max-iter", "200", "--no-png");
            case "scan" -> List.of("scan", "--etas", "0.3,0.5", "--count", "20", "--max-iter", "200", "--no-png");
            case "critical" -> List.of("critical", "--count", "10", "--eta-range", "0.05:2", "--accuracy", "0.1", "--max-iter", "200", "--no-png");
            case "trace" -> List.of("trace", "--eta", "0.5", "--start", start, "--max-iter", "50", "--no-png");
            case "zoom" -> List.of("zoom", "--eta", "0.5", "--size", "32", "--frames", "1", "--center", "0,0", "--slice", "random", "--labels", "convergence", "--max-iter", "100", "--no-png");
            case "refine" -> List.of("refine", "--eta", "0.5", "--coarse", "4", "--levels", "1", "--recheck", "0", "--slice", "random", "--labels", "convergence", "--max-iter", "100");
            default -> throw new IllegalArgumentException(command);
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "map, scalar, exact", "map, matrix, fma", "map, chain, float32", "map, network, exact", "map, network, float32",
        "scan, scalar, fma", "scan, matrix, exact", "scan, chain, exact", "scan, network, fma",
        "critical, scalar, exact", "critical, network, float32",
        "trace, scalar, float32", "trace, matrix, exact", "trace, chain, fma", "trace, network, exact",
        "zoom, matrix, exact", "zoom, network, fma", "refine, chain, exact", "refine, network, exact",
    })
    void fileRebuildsItsProblem(String command, String family, String arithmetic) throws Exception {
        Path out = dir.resolve(command + "-" + family + ".h5");
        List<String> args = new ArrayList<>(commandArgs(command, family));
        args.addAll(familyArgs(family));
        args.addAll(List.of("--lambda", "0.1", "--arithmetic", arithmetic, "-q", "-o", out.toString()));
        StringWriter so = new StringWriter(), se = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(so, true), new PrintWriter(se, true));
        assertEquals(0, code, String.join(" ", args) + "\n" + se);
        Arithmetic a = Arithmetic.valueOf(arithmetic.toUpperCase(java.util.Locale.ROOT));
        Problem rebuilt = Hdf5Reader.problem(out);
        assertEquals(expected(family, a), rebuilt, command + " " + family);
        try (HdfFile f = new HdfFile(out)) {
            assertEquals(a == Arithmetic.FLOAT32 ? "float32" : "float64", f.getAttribute("precision").getData(), "precision attribute");
            assertEquals(a == Arithmetic.FMA ? "on" : "off", f.getAttribute("fma").getData(), "fma attribute");
            assertEquals(family, f.getAttribute("loss_family").getData());
        }
        if (family.equals("network") || family.equals("matrix"))
            assertEquals(Arrays.toString(new double[] {1, 0, 0.5, 0, 0.25, 0}),
                    Arrays.toString(((Object) rebuilt instanceof MatrixFactorization m ? m.targetCopy() : ((LinearNetwork) rebuilt).targetCopy())));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"matrix", "network"})
    void targetSeedIsSeparateFromTheSliceSeed(String family) throws Exception {
        // four slices of one problem: --seed moves the slice, --target-seed keeps Y; without it Y follows --seed as before
        List<String> loss = family.equals("matrix") ? List.of("--loss", "matrix", "--k", "2", "--m", "3", "--n", "3")
                : List.of("--loss", "network", "--widths", "3,2,3");
        Problem[] problems = new Problem[3];
        String[][] seeds = {{"--seed", "1", "--target-seed", "7"}, {"--seed", "2", "--target-seed", "7"}, {"--seed", "7"}};
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve(family + i + ".h5");
            List<String> args = new ArrayList<>(List.of("map", "--eta", "0.3", "--size", "4", "--slice", "random", "--max-iter", "10", "--no-png", "-q",
                    "-o", out.toString()));
            args.addAll(loss);
            args.addAll(List.of(seeds[i]));
            assertEquals(0, Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
            problems[i] = Hdf5Reader.problem(out);
        }
        assertEquals(problems[0], problems[1], "same --target-seed, same target");
        assertEquals(problems[0], problems[2], "--target-seed defaults to --seed");
    }
}
