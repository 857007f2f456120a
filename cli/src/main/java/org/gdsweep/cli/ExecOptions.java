package org.gdsweep.cli;

import java.util.Locale;
import java.util.Map;

import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.sweep.SweepStats;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.VectorModule;

import picocli.CommandLine.Option;

/** How a sweep runs; results never depend on these. */
final class ExecOptions {
    @Option(names = "--threads", order = 60, description = "Worker threads (1..4096). Default: all cores.")
    Integer threads;
    @Option(names = "--chunk", order = 61, defaultValue = "4096", description = "Runs per work item (>= 1). Default: ${DEFAULT-VALUE}.")
    int chunk;
    @Option(names = "--engine", order = 62, defaultValue = "vector", description = "vector (SIMD lanes) or scalar (the reference; bit-identical, slower). Default: ${DEFAULT-VALUE}.")
    String engine;
    @Option(names = "--no-warm-start", order = 63,
            description = "Run the vector kernel from the first run. By default a vector sweep starts on scalar code (the reference's arithmetic, bit for bit) while the JIT compiles the vector kernel (interpreted, it is 10-100x slower) and hands over once the vector kernel is the faster; results are bit-identical either way.")
    boolean noWarmStart;
    @Option(names = "--vector-bits", order = 63, description = "Force the SIMD width: 64, 128, 256 or 512 (at most the CPU's). Default: the CPU's preferred width.")
    Integer vectorBits;
    @Option(names = {"-q", "--quiet"}, order = 64, description = "No progress display.")
    boolean quiet;

    EngineKind engineKind() {
        return engine.equalsIgnoreCase("scalar") ? EngineKind.SCALAR : EngineKind.VECTOR;
    }

    /** Validates, fixes the lane width for this JVM if asked, and returns sweep options. */
    Sweep.Options build() {
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1 || nThreads > 4096) throw new BadInputException("--threads must be in [1, 4096], got " + nThreads);
        if (chunk < 1) throw new BadInputException("--chunk must be >= 1, got " + chunk);
        if (!engine.equalsIgnoreCase("vector") && !engine.equalsIgnoreCase("scalar"))
            throw new BadInputException("--engine must be vector or scalar, got '" + engine + "'");
        if (vectorBits != null) {
            String why = KernelProvider.vector().checkBits(vectorBits);
            if (why != null) throw new BadInputException("--vector-bits: " + why);
            String current = System.getProperty(KernelProvider.BITS_PROPERTY);
            if (current != null && !current.equals(vectorBits.toString()))
                throw new BadInputException("--vector-bits: this JVM already runs " + current + "-bit lanes");
            System.setProperty(KernelProvider.BITS_PROPERTY, vectorBits.toString());
        }
        return new Sweep.Options(engineKind(), nThreads, chunk, new int[0]).withWarmStart(!noWarmStart);
    }

    void describe(Map<String, Object> a, SweepStats stats) {
        a.putIfAbsent("precision", "float64"); // the problem's arithmetic (ProblemOptions.Built) says "float32" when it is
        a.putIfAbsent("fma", "off"); // the problem's arithmetic (ProblemOptions.Built) says "on" when it is fused
        a.put("engine", engineKind().name().toLowerCase(Locale.ROOT));
        a.put("lane_bits", stats.laneBits());
        a.put("lane_refill", engineKind() != EngineKind.VECTOR ? "none (scalar reference)"
                : KernelProvider.vector().lockstep() ? "lockstep blocks (gdsweep.lockstep)" : "refill");
        a.put("lane_width", stats.laneWidth());
        a.put("threads", stats.threads());
        a.put("chunk_runs", chunk);
        a.put("kernel_seconds", stats.kernelSeconds());
        a.put("warm_start", engineKind() == EngineKind.VECTOR && !noWarmStart ? "scalar code (the reference's arithmetic, bit for bit) until the vector kernel is faster" : "off");
        a.put("warmup_seconds", stats.warmupSeconds());
        a.put("warmup_lane_iterations", stats.warmupLaneIterations());
        a.put("warmup_trainer_lane_iterations", stats.trainerLaneIterations());
        a.put("steady_lane_iterations_per_second", stats.steadyLaneIterationsPerSecond());
        a.put("lane_iterations", stats.laneIterations());
        a.put("lane_iterations_per_second", stats.laneIterationsPerSecond());
        a.put("lane_utilisation", stats.laneUtilisation());
    }

    /**
     * Refuses jobs whose results cannot fit in the heap, before any work: per run about {@code bytesPerRun} bytes of
     * results, and as much again while HDF5 datasets are assembled (jhdf keeps them as nested arrays until close).
     */
    static void checkMemory(String option, long runs, long bytesPerRun) {
        checkHeap(option, String.format(Locale.ROOT, "%,d runs", runs), runs * bytesPerRun * 2);
    }

    /**
     * Refuses, before any work, a job that needs about {@code bytes} of heap (plus 64 MiB for the JVM's own use) when
     * this JVM may not use that much: one line naming the option, with advice that fits this machine.
     */
    static void checkHeap(String option, String what, long bytes) {
        long need = bytes + JVM_RESERVE, have = Runtime.getRuntime().maxMemory();
        if (!fitsInHeap(bytes))
            throw new BadInputException(String.format(Locale.ROOT, "%s: %s need about %s of heap, this JVM may use %s; %s",
                    option, what, bytes < 0 ? "more than 9 EB" : size(need), size(have), heapAdvice(bytes < 0 ? Long.MAX_VALUE : need)));
    }

    /** Bytes in MB below 10 GB, else in GB (decimal units, as -Xmx advice is rounded up anyway). */
    static String size(long bytes) {
        return bytes < 10_000_000_000L ? String.format(Locale.ROOT, "%d MB", (bytes + 999_999) / 1_000_000)
                : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** Heap the JVM, picocli and jhdf use besides a job's arrays. */
    static final long JVM_RESERVE = 64L << 20;

    /** Whether a job holding about {@code bytes} fits in this JVM's heap (the test {@link #checkHeap} refuses on). */
    static boolean fitsInHeap(long bytes) {
        return bytes >= 0 && bytes + JVM_RESERVE <= Runtime.getRuntime().maxMemory();
    }

    /** How to get {@code need} bytes of heap on this machine: more heap if its memory allows, else a smaller job. */
    static String heapAdvice(long need) {
        long physical = physicalMemory();
        if (physical > 0 && need > physical * 0.8)
            return String.format(Locale.ROOT, "this machine has %.1f GB of memory in all: make the job smaller", physical / 1e9);
        return String.format(Locale.ROOT, "make the job smaller or set GDSWEEP_JAVA_OPTS=-Xmx%dg", Math.max(1, (long) Math.ceil(need / 1e9 * 1.2)));
    }

    /** Advice after an out-of-memory error, where the need is unknown. */
    static String heapAdvice() {
        long physical = physicalMemory();
        long have = Runtime.getRuntime().maxMemory();
        if (physical <= 0 || have * 2 > physical * 0.8) return "make the job smaller";
        return String.format(Locale.ROOT, "make the job smaller or set GDSWEEP_JAVA_OPTS=-Xmx%dg (this machine has %.1f GB)",
                (long) Math.max(1, Math.min(have * 2 / 1e9 + 1, physical * 0.8 / 1e9)), physical / 1e9);
    }

    /** Physical memory of this machine in bytes, or 0 when the JVM cannot tell. */
    static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getTotalMemorySize();
        return 0;
    }

    /** jhdf writes each dataset from one buffer, so a dataset may hold at most 2 GiB (2^31 − 1 bytes). */
    static final long MAX_DATASET_BYTES = Integer.MAX_VALUE;

    /** Refuses, before any work, a dataset of {@code bytes} that jhdf could not write. */
    static void checkDataset(String option, String dataset, long bytes) {
        if (bytes > MAX_DATASET_BYTES)
            throw new BadInputException(String.format(Locale.ROOT,
                    "%s: the '%s' dataset would be %.1f GiB; an HDF5 dataset written by gdsweep (jhdf) holds at most 2 GiB: make the job smaller",
                    option, dataset, bytes / (double) (1L << 30)));
    }

    static String summary(double wallSeconds, String split, SweepStats stats) {
        return String.format(Locale.ROOT,
                "summary: wall %.2f s (%s), %.4g lane-iterations, %.3g lane-iterations/s%s, lane use %.1f%%, %d threads, %d-bit vectors, %d lane%s per kernel%s",
                wallSeconds, split, (double) stats.laneIterations(), stats.laneIterationsPerSecond(), warmup(stats),
                100 * stats.laneUtilisation(), stats.threads(), stats.laneBits(), stats.laneWidth(), stats.laneWidth() == 1 ? "" : "s", noVectorApi());
    }

    /** Why a sweep that asked for the vector kernels ran on the scalar reference (the Vector API's module was not there). */
    private static String noVectorApi() {
        String why = VectorModule.unavailableReason();
        return why == null ? "" : " (scalar reference only: " + why + ")";
    }

    /** What the JIT warm-up cost, for the summary line: nothing without a warm start. */
    private static String warmup(SweepStats stats) {
        if (stats.warmupLaneIterations() == 0) return "";
        if (stats.warmupLaneIterations() >= stats.laneIterations())
            return " (scalar code throughout: too short a sweep to repay compiling the vector kernel)";
        double share = 100.0 * stats.warmupLaneIterations() / stats.laneIterations();
        // the rest of the work before the hand-over was the trainer's (one worker running the vector kernel while the
        // JIT compiled it); a sweep can end before the trainer's kernel beats the reference
        if (!Double.isFinite(stats.steadyLaneIterationsPerSecond()) || stats.endedInTraining())
            return String.format(Locale.ROOT, " (JIT warm-up: scalar code ran %.0f%% of the work while one worker trained the vector kernel, "
                    + "which did not take over before the sweep ended)", share);
        return String.format(Locale.ROOT, " (JIT warm-up: scalar code ran the first %.2f s, %.0f%% of the work, while one worker trained "
                        + "the vector kernel; %.3g lane-iterations/s after)", stats.warmupSeconds(), share, stats.steadyLaneIterationsPerSecond());
    }
}
