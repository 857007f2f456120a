package org.gdsweep.engine.sweep;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.net.URI;

/**
 * The Vector API's module, {@code jdk.incubator.vector}, in this JVM: in its boot layer (a JVM started with
 * {@code --add-modules=jdk.incubator.vector}: tests, benchmarks, users' own command lines), or defined here, at the first
 * call of {@link #available}, in a JVM started without it (the {@code gdsweep} launcher).
 *
 * <p>Why the launcher leaves it out: a boot layer with an incubator module is never archived, so the JDK's AOT cache
 * then holds classes but no module graph, and without that graph the JVM links none of them ahead of time
 * ({@code -Xlog:aot}: "full module graph: disabled", "Using AOT-linked classes: false"); every process resolves its
 * lambdas, string concatenations and constant pools itself (picocli, jhdf, gdsweep), 0.09 s of `map --help` on the
 * machine of BENCHMARKS.md (session 20). Started without the module, the JVM maps an AOT-linked cache, and the module
 * is added when a sweep first asks for the vector kernels.
 *
 * <p>How: the module is defined to the boot class loader, as the JDK's own module system does for the modules of its
 * boot layer ({@code Module.defineModules}, {@code jdk.internal.loader.BootLoader.loadModule}), with the exports
 * {@code java.base} names for it (its qualified exports to {@code jdk.incubator.vector}) and its own. HotSpot
 * switches on its Vector API support ({@code EnableVectorSupport}) when a module of that name is defined, whenever
 * that happens, and the boot loader's classes keep their {@code @ForceInline} and intrinsics: the kernels compile to
 * the same vector code (a JMH-style loop ran 4.2-4.4 ms per call either way). This needs two JDK-internal packages,
 * which the launcher exports to gdsweep ({@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED
 * --add-exports java.base/jdk.internal.loader=ALL-UNNAMED}). Without them, or on a JDK whose internals differ,
 * {@link #available} is false, {@link #unavailableReason} says why, and the sweeps run on the scalar reference.
 */
public final class VectorModule {
    /** The Vector API's module. */
    public static final String NAME = "jdk.incubator.vector";
    /**
     * System property: {@code off} keeps the Vector API out of this JVM (the scalar reference runs every sweep). The
     * launcher's AOT-cache training run sets it: a class it loads from the module would be in the cache's class list,
     * and the JVM that assembles the cache, where nobody defines the module, could not load it.
     */
    public static final String OFF_PROPERTY = "gdsweep.vector";

    private static Module module;
    private static String unavailableReason;

    private VectorModule() {}

    /** Whether the Vector API can be used in this JVM; the first call defines its module if the boot layer lacks it. */
    public static synchronized boolean available() {
        if (module != null) return true;
        if (unavailableReason != null) return false;
        if ("off".equals(System.getProperty(OFF_PROPERTY))) {
            unavailableReason = "the Vector API is switched off (-D" + OFF_PROPERTY + "=off)";
            return false;
        }
        java.util.Optional<Module> inBootLayer = ModuleLayer.boot().findModule(NAME);
        if (inBootLayer.isPresent()) {
            module = inBootLayer.get();
            return true;
        }
        try {
            Module defined = define();
            // the module's own classes link against java.base's internals: a JDK whose module has other needs fails
            // here, before any kernel class is loaded, and the sweeps fall back to the reference
            Class.forName(NAME + ".DoubleVector", true, null);
            module = defined;
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException t && t.getCause() != null ? t.getCause() : e;
            unavailableReason = NAME + " is not in this JVM and could not be added at run time (" + cause
                    + "); start the JVM with --add-modules=" + NAME;
            return false;
        }
    }

    /** Why {@link #available} is false (null while it is true or not yet asked). */
    public static synchronized String unavailableReason() {
        return unavailableReason;
    }

    /** Defines the module to the boot loader with the reads and exports the boot layer would have given it. */
    private static Module define() throws ReflectiveOperationException {
        ModuleReference reference = ModuleFinder.ofSystem().find(NAME)
                .orElseThrow(() -> new IllegalStateException("the JDK has no module " + NAME));
        ModuleDescriptor descriptor = reference.descriptor();
        // the boot loader's package map first (BootLoader.loadModule), so that the application class loader delegates
        // the module's packages to it, as for the modules of the boot layer
        Class.forName("jdk.internal.loader.BootLoader").getMethod("loadModule", ModuleReference.class).invoke(null, reference);
        Class<?> access = Class.forName("jdk.internal.access.JavaLangAccess");
        Object lang = Class.forName("jdk.internal.access.SharedSecrets").getMethod("getJavaLangAccess").invoke(null);
        Method defineModule = access.getMethod("defineModule", ClassLoader.class, ModuleDescriptor.class, URI.class);
        Method addReads = access.getMethod("addReads", Module.class, Module.class);
        Method addExports = access.getMethod("addExports", Module.class, String.class);
        Method addExportsTo = access.getMethod("addExports", Module.class, String.class, Module.class);
        Method addOpensTo = access.getMethod("addOpens", Module.class, String.class, Module.class);
        Module vector = (Module) defineModule.invoke(lang, null, descriptor, reference.location().orElse(null));
        for (ModuleDescriptor.Requires r : descriptor.requires()) {
            Module required = ModuleLayer.boot().findModule(r.name())
                    .orElseThrow(() -> new IllegalStateException(NAME + " requires " + r.name() + ", which is not in the boot layer"));
            addReads.invoke(lang, vector, required);
        }
        for (ModuleDescriptor.Exports e : descriptor.exports())
            if (!e.isQualified()) addExports.invoke(lang, vector, e.source());
        // what the boot layer's modules export or open to this one by name (java.base: jdk.internal.vm.vector,
        // jdk.internal.misc, jdk.internal.vm.annotation, ...): skipped when the boot layer was made without it
        for (Module other : ModuleLayer.boot().modules()) {
            ModuleDescriptor d = other.getDescriptor();
            for (ModuleDescriptor.Exports e : d.exports())
                if (e.targets().contains(NAME)) addExportsTo.invoke(lang, other, e.source(), vector);
            for (ModuleDescriptor.Opens o : d.opens())
                if (o.targets().contains(NAME)) addOpensTo.invoke(lang, other, o.source(), vector);
        }
        return vector;
    }
}
