package org.gdsweep.engine.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.StartSource;

/**
 * Runs every start of a {@link StartSource} to completion on a pool of worker threads and collects a
 * {@link SweepResult}. Work is handed out in chunks of consecutive runs; each worker owns one lane kernel.
 * Results do not depend on the thread count, the chunk size or the lane width: every run is computed by the
 * same operations whichever lane, chunk or thread carries it.
 */
public final class Sweep {

    /**
     * @param engine     vector kernels or the scalar reference
     * @param threads    worker threads, ≥ 1
     * @param chunkSize  runs per work item, ≥ 1 (a few thousand keeps the kernel hot and the load balanced)
     * @param thetaIndex which final parameters to keep
     */
    public record Options(EngineKind engine, int threads, int chunkSize, int[] thetaIndex, boolean sharpness,
                          int trailingWindow, boolean limitFeatures, boolean finalValues) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1");
            if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be ≥ 1");
            if (trailingWindow < 0) throw new IllegalArgumentException("trailing window must be ≥ 0");
            thetaIndex = thetaIndex.clone();
        }

        public Options(EngineKind engine, int threads, int chunkSize, int[] thetaIndex) {
            this(engine, threads, chunkSize, thetaIndex, false, 0, false, true);
        }

        public static Options defaults() {
            return new Options(EngineKind.VECTOR, Runtime.getRuntime().availableProcessors(), 4096, new int[0]);
        }

        public Options withThreads(int t) { return new Options(engine, t, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues); }

        public Options withChunkSize(int c) { return new Options(engine, threads, c, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues); }

        public Options withEngine(EngineKind e) { return new Options(e, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues); }

        public Options withThetaIndex(int... idx) { return new Options(engine, threads, chunkSize, idx, sharpness, trailingWindow, limitFeatures, finalValues); }

        /** Also compute the sharpness at the limit of converged runs. */
        public Options withSharpness(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, on, trailingWindow, limitFeatures, finalValues); }

        /** Also compute the asymptotic gradient norm over a trailing window of T steps after the cap (0 = off). */
        public Options withTrailingWindow(int t) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, t, limitFeatures, finalValues); }

        /** Also classify orbits (period), measure the distance from the start and which minimiser was reached. */
        public Options withLimitFeatures(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, on, finalValues); }

        /**
         * Whether to evaluate and keep L, ‖∇L‖, N, D (and uᵀv) of every final iterate (default true); false leaves those
         * arrays of the {@link SweepResult} null, for sweeps that only need statuses and iteration counts.
         */
        public Options withFinalValues(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, on); }
    }

    /** The finished result with its cost. */
    public record Outcome(SweepResult result, SweepStats stats) {}

    private Sweep() {}

    /** A new kernel for one worker thread. */
    public static LaneKernel kernel(Problem problem, StopRule rule, EngineKind engine) {
        return engine == EngineKind.SCALAR ? new ReferenceKernel(problem, rule) : KernelProvider.vector().kernel(problem, rule);
    }

    /** An empty result of {@code runs} runs holding what a sweep with these options records (a tile read back). */
    public static SweepResult emptyResult(Problem problem, Options options, int runs) {
        return new SweepResult(runs, problem.derivedQuantities(), options.thetaIndex(), options.sharpness(), options.trailingWindow() > 0,
                options.limitFeatures(), options.finalValues());
    }

    public static Outcome run(Problem problem, StartSource starts, StopRule rule, Options options,
                              ProgressListener progress) {
        if (starts.parameterCount() != problem.parameterCount())
            throw new IllegalArgumentException("start points have " + starts.parameterCount()
                    + " coordinates but the problem has " + problem.parameterCount() + " parameters");
        if (starts.count() > Integer.MAX_VALUE) throw new IllegalArgumentException("at most 2^31-1 runs per sweep");
        if (rule.criterion() == StopRule.Criterion.LOSS && problem.lambda() != 0)
            throw new IllegalArgumentException("the loss criterion needs lambda = 0 (the minimum loss is not 0 otherwise)");
        for (int q : options.thetaIndex())
            if (q < 0 || q >= problem.parameterCount()) throw new IllegalArgumentException("parameter index out of range: " + q);
        if (starts.count() > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("one sweep holds at most 2^31 - 9 runs; tile larger ones");
        int runs = (int) starts.count();
        SweepResult result = emptyResult(problem, options, runs);
        // Small jobs (bisection rounds, short scans) are split finer so that every thread gets work; never below
        // 64 runs (8 vectors), so that lanes stay full. Results do not depend on the chunk size.
        int chunkSize = (int) Math.max(1, Math.min(options.chunkSize(),
                Math.max(64, ((long) runs + 4L * options.threads() - 1) / (4L * options.threads()))));
        int chunks = (int) ((runs + (long) chunkSize - 1) / chunkSize);
        int threads = Math.max(1, Math.min(options.threads(), chunks));
        AtomicLong nextChunk = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong slotSteps = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LaneKernel probe = kernel(problem, rule, options.engine());
        int width = probe.laneWidth();
        int bits = options.engine() == EngineKind.SCALAR ? 64 : KernelProvider.vector().laneBits();
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            LaneKernel kernel = w == 0 ? probe : kernel(problem, rule, options.engine());
            Thread t = Thread.ofPlatform().name("gdsweep-worker-" + w).daemon(true).unstarted(() -> {
                try {
                    LaneSink sink = new RunRecorder(problem, rule, starts, options, result);
                    for (long c; (c = nextChunk.getAndIncrement()) < chunks && failure.get() == null; ) {
                        long first = c * chunkSize;
                        int count = (int) Math.min(chunkSize, runs - first);
                        kernel.run(starts, first, count, sink);
                        progress.progress(finished.addAndGet(count), runs);
                    }
                    slotSteps.addAndGet(kernel.laneSlotSteps());
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (failure.get() != null) throw new IllegalStateException("sweep failed: " + failure.get(), failure.get());
        SweepStats stats = new SweepStats(seconds, result.laneIterations(), slotSteps.get(), threads, width, bits);
        return new Outcome(result, stats);
    }
}
