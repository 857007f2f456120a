package org.gdsweep.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Vector API's module added at run time ({@link VectorModule}), as the launcher's JVM gets it: a JVM started without
 * {@code --add-modules=jdk.incubator.vector} runs the vector kernels, and its sweeps are bit-identical to those of a JVM
 * with the module in its boot layer (this one, under Maven). Without the launcher's two {@code --add-exports}, or with
 * {@code -Dgdsweep.vector=off}, it says why and falls back to the scalar reference, again with the same bits. A cold
 * sweep that its scalar loop finishes adds nothing.
 */
class VectorModuleTest {
    private static final List<String> EXPORTS = List.of("--add-exports=java.base/jdk.internal.access=ALL-UNNAMED",
            "--add-exports=java.base/jdk.internal.loader=ALL-UNNAMED");

    @Test
    void addedAtRunTimeRunsTheVectorKernelsWithTheSameBits() throws Exception {
        Map<String, String> child = probe(EXPORTS);
        assertEquals("false", child.get("boot-layer"), child.toString());
        assertEquals("false", child.get("vector-api-after-a-scalar-sweep"), child.toString());
        assertEquals("true", child.get("available"), child.toString());
        assertEquals("true", child.get("vectorised"), child.toString());
        assertEquals(VectorModuleProbe.digest(), child.get("digest"));
    }

    @Test
    void withoutTheExportsTheReferenceRunsAndSaysWhy() throws Exception {
        Map<String, String> child = probe(List.of());
        assertEquals("false", child.get("available"), child.toString());
        assertEquals("false", child.get("vectorised"), child.toString());
        assertTrue(child.get("reason").contains("--add-modules=jdk.incubator.vector"), child.get("reason"));
        assertEquals(VectorModuleProbe.digest(), child.get("digest"));
    }

    @Test
    void switchedOff() throws Exception {
        List<String> flags = new ArrayList<>(EXPORTS);
        flags.add("-D" + VectorModule.OFF_PROPERTY + "=off");
        Map<String, String> child = probe(flags);
        assertEquals("false", child.get("vectorised"), child.toString());
        assertTrue(child.get("reason").contains("switched off"), child.get("reason"));
        assertEquals(VectorModuleProbe.digest(), child.get("digest"));
    }

    /** Runs {@link VectorModuleProbe} in a JVM with {@code flags} and without the module in its boot layer. */
    private static Map<String, String> probe(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.addAll(List.of("-Xshare:auto", "-cp", System.getProperty("java.class.path"), VectorModuleProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int space = line.indexOf(' ');
            if (space > 0) lines.put(line.substring(0, space), line.substring(space + 1));
        }
        return lines;
    }
}
