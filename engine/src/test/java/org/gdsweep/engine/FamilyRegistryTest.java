package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.LossFamily;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ProblemArguments;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.ReferenceKernel;
import org.gdsweep.engine.sweep.StopRule;
import org.junit.jupiter.api.Test;

/** The family registry, the kernel provider seam and the one-way package dependencies of the engine. */
class FamilyRegistryTest {
    static Problem defaults(LossFamily f, Arithmetic a) {
        Map<String, Object> values = new java.util.HashMap<>();
        for (var o : LossFamilies.options()) {
            Object v = o.type() == int.class ? (Object) Integer.valueOf(o.defaultValue())
                    : o.type() == double.class ? (Object) Double.valueOf(o.defaultValue()) : o.defaultValue();
            values.put(o.name(), v);
        }
        return f.build(ProblemArguments.of(values, 1), 0.1, a);
    }

    @Test
    void problemByNameBuildsWhatTheCommandLineBuilds() {
        assertEquals(new org.gdsweep.engine.problem.MatrixFactorization(5, 4, 4,
                        org.gdsweep.engine.problem.MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0, Arithmetic.FMA),
                LossFamilies.problem("matrix", 0, Arithmetic.FMA, 1, "--k", "5"));
        assertEquals(new org.gdsweep.engine.problem.LinearNetwork(new int[] {2, 3, 2}, new double[] {1, 0, 0, 0.5}, 0.1,
                        Arithmetic.EXACT),
                LossFamilies.problem("network", 0.1, Arithmetic.EXACT, 7, "--widths", "2,3,2", "--Y", "1,0;0,0.5"));
        assertEquals("--loss scalar has no option --depth",
                org.junit.jupiter.api.Assertions.assertThrows(org.gdsweep.engine.problem.ProblemSpecException.class,
                        () -> LossFamilies.problem("scalar", 0, Arithmetic.EXACT, 1, "--depth", "3")).getMessage());
    }

    @Test
    void everyBuiltInFamilyHasAVectorKernelForEveryArithmetic() {
        assertEquals(List.of("scalar", "matrix", "chain", "network", "mlp"), LossFamilies.all().stream().map(LossFamily::name).toList());
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 10);
        for (LossFamily f : LossFamilies.all()) {
            for (Arithmetic a : Arithmetic.values()) {
                Problem p = defaults(f, a);
                assertEquals(f, p.family());
                assertEquals(f.fileKind(), p.kind());
                var kernel = KernelProvider.vector().kernel(p, rule);
                // what a sweep chooses before it makes a kernel (KernelChoice) names the class it then makes
                assertEquals(kernel.getClass(), KernelProvider.vector().choose(p, rule).kernel(), f.name() + " " + a);
                assertFalse(kernel instanceof ReferenceKernel, f.name() + " " + a + " falls back to the scalar reference");
                assertTrue(kernel.getClass().getSimpleName().contains(a == Arithmetic.FMA ? "Fused" : a == Arithmetic.FLOAT32 ? "Float32" : "Lanes")
                        && (a != Arithmetic.EXACT || !kernel.getClass().getSimpleName().matches("(Fused|Float32).*")),
                        f.name() + " " + a + " runs " + kernel.getClass().getSimpleName());
                // the file form rebuilds the same problem
                Map<String, double[]> arrays = new java.util.HashMap<>();
                for (var d : p.definingArrays()) arrays.put(d.name(), d.values());
                assertEquals(p, f.rebuild(p.attributes(), arrays));
            }
        }
    }

    @Test
    void unknownFamilyIsOneLineNamingTheOption() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> LossFamilies.named("relu"));
        assertEquals("--loss must be one of scalar, matrix, chain, network, mlp, got 'relu'", e.getMessage());
    }

    /** problem ← start ← sweep ← scan, fractal; vector sees the core, the core never imports vector. */
    @Test
    void packageDependenciesGoOneWay() throws IOException {
        Map<String, List<String>> allowed = Map.of(
                "problem", List.of(),
                "start", List.of("problem"),
                "sweep", List.of("problem", "start"),
                "scan", List.of("problem", "start", "sweep"),
                "fractal", List.of("problem", "start", "sweep", "scan"),
                "vector", List.of("problem", "start", "sweep"));
        Path root = Path.of("src/main/java/org/gdsweep/engine");
        Pattern imp = Pattern.compile("^import (?:static )?org\\.gdsweep\\.engine\\.(\\w+)\\.", Pattern.MULTILINE);
        Pattern qualified = Pattern.compile("org\\.gdsweep\\.engine\\.(\\w+)\\.[A-Z]");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f.getParent()).toString();
                String src = Files.readString(f);
                for (Pattern p : List.of(imp, qualified)) {
                    Matcher m = p.matcher(src);
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg) && !allowed.get(pkg).contains(used) && !src.contains("Class.forName(\"org.gdsweep.engine." + used))
                            violations.add(f.getFileName() + " (" + pkg + ") uses " + used);
                    }
                }
                if (!pkg.equals("vector")) assertFalse(src.contains("import jdk.incubator.vector"), f + " imports the Vector API outside the vector package");
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
