package org.gdsweep.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No method of a lane kernel is too large for the JIT. HotSpot compiles no method over 8,000 bytes of bytecode
 * ({@code -XX:HugeMethodLimit}, with {@code DontCompileHugeMethods} on by default): such a kernel would run
 * interpreted for good, 100x slower, and no result would show it. The generated straight-line kernels
 * ({@code ScalarMatrixRuns5x4x4.mayStop}: 4,736 bytes) and the unrolled register-blocked ones are the ones at risk when a
 * shape is added to {@code scripts/generate-kernels.py}.
 */
class KernelMethodSizeTest {

    private static final int HUGE_METHOD_LIMIT = 8000;

    @Test
    void everyKernelMethodIsSmallEnoughToBeCompiled() throws IOException {
        Path classes = Path.of(org.gdsweep.engine.vector.PanamaKernelProvider.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("org/gdsweep/engine/vector");
        List<String> huge = new ArrayList<>();
        int methods = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                ClassModel model = ClassFile.of().parse(f);
                for (MethodModel m : model.methods()) {
                    int length = m.findAttribute(java.lang.classfile.Attributes.code()).map(c -> ((CodeAttribute) c).codeLength()).orElse(0);
                    methods++;
                    if (length > HUGE_METHOD_LIMIT) huge.add(model.thisClass().asInternalName() + "." + m.methodName().stringValue() + ": " + length + " bytes");
                }
            }
        }
        assertTrue(methods > 100, "found the kernel classes (" + methods + " methods under " + classes + ")");
        assertTrue(huge.isEmpty(), "methods the JIT will never compile: " + huge);
    }
}
