package org.gdsweep.engine.sweep;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.net.URI;

/**
 * The Vector API's module, {@code jdk.incubator.vector}, in this JVM: in its boot layer (a JVM started with
 * {@code --add-modules=jdk.incubator.vector}: tests, benchmarks, users' own command lines), or defined here, at the first
 * call of {@link #require}, in a JVM started without it (the {@code gdsweep} launcher): when a sweep first makes a
 * vector kernel, so that a command whose sweeps all stay on scalar code never loads the Vector API.
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
 * --add-exports java.base/jdk.internal.loader=ALL-UNNAMED}). Without them {@link #available} is false,
 * {@link #unavailableReason} says why, and the sweeps run on the scalar reference; on a JDK whose internals differ
 * {@link #require} fails with the reason.
 */
public final class VectorModule {
    /** The Vector API's module. */
    public static final String NAME = "jdk.incubator.vector";
    /**
     * System property: {@code off} keeps the Vector API out of this JVM (the scalar reference runs every sweep), to
     * compare or to rule it out.
     */
    public static final String OFF_PROPERTY = "gdsweep.vector";

    private static Module module;
    private static String unavailableReason;

    private VectorModule() {}

    /**
     * Whether the Vector API can be used in this JVM: its module is in the boot layer, or it can be added
     * ({@link #require}; the two JDK-internal packages are exported to gdsweep). Cheap: adds nothing.
     */
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
        Module base = Object.class.getModule(), here = VectorModule.class.getModule();
        if (!base.isExported("jdk.internal.access", here) || !base.isExported("jdk.internal.loader", here)) {
            unavailableReason = NAME + " is not in this JVM, and gdsweep cannot add it without --add-exports "
                    + "java.base/jdk.internal.access=ALL-UNNAMED --add-exports java.base/jdk.internal.loader=ALL-UNNAMED"
                    + " (the launcher's); start the JVM with --add-modules=" + NAME;
            return false;
        }
        return true;
    }

    /**
     * Makes sure the module is in the JVM, adding it if the boot layer lacks it (once; about 10 ms of a core, and the
     * Vector API's classes load from the JDK's modules afterwards). Call before loading any class that uses the Vector
     * API.
     *
     * @throws IllegalStateException if {@link #available} is false, or the module could not be added (a JDK whose
     *                               internals differ from JDK 25's); nothing of the Vector API was loaded then
     */
    public static synchronized void require() {
        if (!available()) throw new IllegalStateException(unavailableReason);
        if (module != null) return;
        try {
            Module defined = define();
            // the module's own classes link against java.base's internals: a JDK whose module has other needs fails
            // here, before any kernel class is loaded
            Class.forName(NAME + ".DoubleVector", true, null);
            module = defined;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException t && t.getCause() != null ? t.getCause() : e;
            unavailableReason = NAME + " is not in this JVM and could not be added at run time (" + cause
                    + "); start the JVM with --add-modules=" + NAME + " (the launcher: GDSWEEP_JAVA_OPTS=--add-modules=" + NAME + ")";
            throw new IllegalStateException(unavailableReason, cause);
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
