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
                          int trailingWindow, boolean limitFeatures, boolean finalValues, boolean warmStart, long runsToCome) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1");
            if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be ≥ 1");
            if (trailingWindow < 0) throw new IllegalArgumentException("trailing window must be ≥ 0");
            thetaIndex = thetaIndex.clone();
        }

        public Options(EngineKind engine, int threads, int chunkSize, int[] thetaIndex) {
            this(engine, threads, chunkSize, thetaIndex, false, 0, false, true, false, 0);
        }

        public static Options defaults() {
            return new Options(EngineKind.VECTOR, Runtime.getRuntime().availableProcessors(), 4096, new int[0]);
        }

        public Options withThreads(int t) { return new Options(engine, t, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues, warmStart, runsToCome); }

        public Options withChunkSize(int c) { return new Options(engine, threads, c, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues, warmStart, runsToCome); }

        public Options withEngine(EngineKind e) { return new Options(e, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues, warmStart, runsToCome); }

        public Options withThetaIndex(int... idx) { return new Options(engine, threads, chunkSize, idx, sharpness, trailingWindow, limitFeatures, finalValues, warmStart, runsToCome); }

        /** Also compute the sharpness at the limit of converged runs. */
        public Options withSharpness(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, on, trailingWindow, limitFeatures, finalValues, warmStart, runsToCome); }

        /** Also compute the asymptotic gradient norm over a trailing window of T steps after the cap (0 = off). */
        public Options withTrailingWindow(int t) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, t, limitFeatures, finalValues, warmStart, runsToCome); }

        /** Also classify orbits (period), measure the distance from the start and which minimiser was reached. */
        public Options withLimitFeatures(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, on, finalValues, warmStart, runsToCome); }

        /**
         * Whether to evaluate and keep L, ‖∇L‖, N, D (and uᵀv) of every final iterate (default true); false leaves those
         * arrays of the {@link SweepResult} null, for sweeps that only need statuses and iteration counts.
         */
        public Options withFinalValues(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, on, warmStart, runsToCome); }

        /**
         * Whether a vector sweep starts on scalar code ({@link KernelProvider#scalarKernel}: the reference, or a loop
         * of the family's own that matches it bit for bit) and switches to the vector kernel only when the sweep is
         * long enough to repay the kernel's JIT warm-up (default false; see {@link WarmStart}). Results are
         * bit-identical either way (the scalar code does the same operations in the same order), so only the time
         * changes. For processes that start cold (the CLI); benchmarks and tests of the vector kernels leave it off.
         */
        public Options withWarmStart(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues, on, runsToCome); }

        /**
         * Runs the job will sweep after this sweep (the later tiles of a tiled map or scan), for the warm start's
         * judgement of whether compiling the vector kernel pays: it is compiled once for the whole job.
         */
        public Options withRunsToCome(long runs) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, trailingWindow, limitFeatures, finalValues, warmStart, runs); }
    }

    /** The finished result with its cost. */
    public record Outcome(SweepResult result, SweepStats stats) {}

    private Sweep() {}

    /**
     * Runs in a job (this sweep and the tiles to come) from which a cold sweep readies the vector path on a thread of its
     * own ({@link KernelProvider#linkOperations}) while its warm start runs the scalar code: 4M, a 2048² map. Smaller
     * jobs are mostly finished by the scalar code (a 1024² map of ½(xy − 1)², the default sweep, 5×4 maps up to 512²),
     * and readying it for them cost them 0.07-0.17 s of their 0.5-1.1 s (medians of 10 alternated runs; BENCHMARKS.md,
     * session 20).
     */
    public static final long PREFETCH_RUNS = 1L << 22;
    private static final java.util.concurrent.atomic.AtomicBoolean PREFETCHED = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts {@link KernelProvider#linkOperations} on a daemon thread, once per JVM: by a cold sweep of at least
     * {@link #PREFETCH_RUNS} runs, or by a command line that asks for one, at the process's start, where a core is idle
     * while the command line is parsed (the CLI's {@code Main}).
     */
    public static void prefetchVectorPath() {
        if (!PREFETCHED.compareAndSet(false, true)) return;
        Thread.ofPlatform().name("gdsweep-vector-linkage").daemon(true).start(() -> {
            try {
                KernelProvider.vector().linkOperations();
            } catch (RuntimeException | LinkageError e) { // a head start, nothing more: the trainer makes its kernel itself
                if (System.getenv("GDSWEEP_DEBUG") != null) e.printStackTrace();
            }
        });
    }

    /** A new kernel for one worker thread. */
    public static LaneKernel kernel(Problem problem, StopRule rule, EngineKind engine) {
        return choose(problem, rule, engine).make().get();
    }

    /** The kernel a sweep on {@code engine} runs, not yet made ({@link KernelChoice}). */
    public static KernelChoice choose(Problem problem, StopRule rule, EngineKind engine) {
        return (engine == EngineKind.SCALAR ? KernelProvider.REFERENCE : KernelProvider.vector()).choose(problem, rule);
    }

    /** An empty result of {@code runs} runs holding what a sweep with these options records (a tile read back). */
    public static SweepResult emptyResult(Problem problem, Options options, int runs) {
        return new SweepResult(runs, problem.derivedQuantities(), options.thetaIndex(), options.sharpness(), options.trailingWindow() > 0,
                options.limitFeatures(), options.finalValues());
    }

    public static Outcome run(Problem problem, StartSource starts, StopRule rule, Options options,
                              ProgressListener progress) {
        return run(problem, starts, rule, options, progress, null);
    }

    /**
     * {@link #run(Problem, StartSource, StopRule, Options, ProgressListener)} into a result the caller owns: {@code into}
     * is what {@link #emptyResult} made for the same problem, options and run count (every entry of every run is
     * overwritten), or null for a new one. A tiled map reuses two results for all its tiles: a new 2M-run result per
     * tile kept the young generation full of arrays that survived into the next collection, and a cold 4096² map spent
     * 0.26 s in GC pauses instead of 0.06 s untiled (BENCHMARKS.md, session 13).
     */
    public static Outcome run(Problem problem, StartSource starts, StopRule rule, Options options,
                              ProgressListener progress, SweepResult into) {
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
        if (into != null && into.runs() != runs) throw new IllegalArgumentException("a result of " + into.runs() + " runs for a sweep of " + runs);
        SweepResult result = into != null ? into : emptyResult(problem, options, runs);
        // Small jobs (bisection rounds, short scans) are split finer so that every thread gets work; never below
        // 64 runs (8 vectors), so that lanes stay full, unless the job has fewer than 64 runs per thread: then each
        // thread gets an equal share (a 30-step-size network scan ran on one core of two). Results do not depend on
        // the chunk size.
        long perThread = ((long) runs + options.threads() - 1) / options.threads();
        int chunkSize = (int) Math.max(1, Math.min(options.chunkSize(),
                Math.max(Math.min(64, perThread), ((long) runs + 4L * options.threads() - 1) / (4L * options.threads()))));
        int chunks = (int) ((runs + (long) chunkSize - 1) / chunkSize);
        int threads = Math.max(1, Math.min(options.threads(), chunks));
        AtomicLong finished = new AtomicLong();
        AtomicLong slotSteps = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        KernelChoice choice = choose(problem, rule, options.engine());
        // A kernel that ran a sweep in this JVM is compiled (or about to be): no warm start.
        WarmStart warm = options.warmStart() && options.engine() == EngineKind.VECTOR && !WarmStart.COMPILED.contains(choice.kernel())
                ? WarmStart.forSweep(choice, options.runsToCome(), threads) : null;
        // With a warm start each worker makes its kernel when it first leaves the scalar code (KernelChoice: a sweep
        // that the scalar code finishes never loads the Vector API); without one, or once the vector path is being
        // readied for a long job (the kernel will most likely be trained), every worker's kernel now, as before the
        // kernels were made lazily.
        LaneKernel[] kernels = new LaneKernel[threads];
        if (warm != null && (long) runs + options.runsToCome() >= PREFETCH_RUNS) prefetchVectorPath();
        if (warm == null || PREFETCHED.get()) for (int w = 0; w < threads; w++) kernels[w] = choice.make().get();
        // segments of at least SEGMENT_MIN_RUNS runs: in a small sweep of expensive runs (64 networks) one-run segments
        // left the vector kernel one run per claim, one lane busy of eight
        WorkQueue queue = new WorkQueue(runs, warm == null ? 1 : (int) Math.max(1, Math.min(WorkQueue.SEGMENTS, runs / WarmStart.SEGMENT_MIN_RUNS)));
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            Thread t = Thread.ofPlatform().name("gdsweep-worker-" + w).daemon(true).unstarted(() -> {
                try {
                    LaneSink sink = new RunRecorder(problem, rule, starts, options, result);
                    LaneKernel reference = warm == null ? null : KernelProvider.vector().scalarKernel(problem, rule);
                    // reference chunks start at one run and double while a chunk takes under REFERENCE_CHUNK_NANOS,
                    // up to REFERENCE_CHUNK: a network run can take the reference a fifth of a second, and 16 of them
                    // before the first decision kept it on the reference for half the sweep
                    int referenceChunk = 1;
                    // the trainer's vector chunks: four lanes' worth at least, so that lanes retire and refill in the
                    // profile the JIT compiles from (a kernel compiled without refills deoptimises at the first one);
                    // taken round robin over the sweep like the reference's (below), so that the trainer is judged on
                    // runs like those the reference's rate comes from: a cold 4096² map's first rows are runs of 3-4
                    // steps, where even the compiled kernel is little faster than the reference, and a trainer that
                    // took its chunks in order there handed over 0.4 s after its kernel was compiled
                    int trainingChunk = WarmStart.TRAINING_CHUNK;
                    LaneKernel kernel = kernels[worker];
                    while (failure.get() == null) {
                        WarmStart.Mode mode = warm == null ? WarmStart.Mode.VECTOR : warm.mode(worker, finished.get(), runs, System.nanoTime() - t0);
                        boolean vector = mode != WarmStart.Mode.REFERENCE;
                        if (vector && kernel == null) {
                            kernel = kernels[worker] = choice.make().get();
                            trainingChunk = Math.max(WarmStart.TRAINING_CHUNK, 4 * kernel.laneWidth());
                        }
                        long claim = queue.claim(switch (mode) {
                            case REFERENCE -> referenceChunk;
                            case TRAINING -> trainingChunk;
                            case VECTOR -> chunkSize;
                        }, mode != WarmStart.Mode.VECTOR);
                        if (claim < 0) break;
                        long first = WorkQueue.first(claim);
                        int count = WorkQueue.count(claim);
                        long c0 = System.nanoTime();
                        if (mode == WarmStart.Mode.TRAINING) warm.watch(kernel, c0 - t0);
                        (vector ? kernel : reference).run(starts, first, count, sink);
                        long nanos = System.nanoTime() - c0;
                        if (mode == WarmStart.Mode.REFERENCE) {
                            if (nanos < WarmStart.REFERENCE_CHUNK_NANOS) referenceChunk = Math.min(WarmStart.REFERENCE_CHUNK, 2 * referenceChunk);
                            warm.referenceDid(result.laneIterations((int) first, count));
                            warm.lookAtTrainer(System.nanoTime() - t0);
                        } else if (mode == WarmStart.Mode.TRAINING) {
                            if (nanos < WarmStart.TRAINING_CHUNK_NANOS) trainingChunk = Math.min(chunkSize, 2 * trainingChunk);
                            long pause = warm.trainerDid(result.laneIterations((int) first, count), nanos, System.nanoTime() - t0);
                            if (pause > 0) Thread.sleep(java.time.Duration.ofNanos(pause));
                        }
                        progress.progress(finished.addAndGet(count), runs);
                    }
                    slotSteps.addAndGet((kernel == null ? 0 : kernel.laneSlotSteps()) + (reference == null ? 0 : reference.laneSlotSteps()));
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
        long sweepNanos = System.nanoTime() - t0;
        double seconds = sweepNanos * 1e-9;
        if (failure.get() != null) throw new IllegalStateException("sweep failed: " + failure.get(), failure.get());
        if (options.engine() == EngineKind.VECTOR) WarmStart.sweepEnded(choice.kernel(), warm, runs, sweepNanos);
        // the lanes of the code that ran: a sweep that never left the scalar code reports one 64-bit lane
        LaneKernel ran = java.util.Arrays.stream(kernels).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        int width = ran == null ? 1 : ran.laneWidth();
        int bits = ran == null || options.engine() == EngineKind.SCALAR ? 64 : KernelProvider.vector().laneBits();
        SweepStats stats = new SweepStats(seconds, result.laneIterations(), slotSteps.get(), threads, width, bits,
                warm == null ? 0 : warm.handoverSeconds(seconds), warm == null ? 0 : warm.referenceLaneIterations(),
                warm == null ? 0 : warm.trainerLaneIterations());
        return new Outcome(result, stats);
    }

    /**
     * The hand-over from the scalar reference to the vector kernel in a cold process ({@link Options#withWarmStart}).
     * ("The reference" below is the provider's scalar kernel, {@link KernelProvider#scalarKernel}: the reference itself,
     * or for the scalar-vector factorization a plain loop with its arithmetic, 1.3-1.5x as fast cold, and for the 5×4
     * matrix factorization a straight-line step, about 4x as fast warm: 1.19-1.24e7 against 2.3-3.3e6 lane-iterations/s
     * on one thread, separate runs.)
     * Until the JIT has compiled a vector kernel, it runs interpreted or in C1 code (every vector operation boxed,
     * 10-100x slower than the reference), and compiling it takes C1 and C2 0.25-0.55 s each of a core (measured, 2
     * cores, JDK 25). The reference, plain scalar code, compiles in milliseconds. So a sweep starts on the reference
     * in small chunks spread over the sweep ({@link Mode#REFERENCE}); once it is compiled, its pace says how long it
     * would take for the rest. Less than {@link #SWITCH_SECONDS} (times the kernel's {@link KernelChoice#warmUpCost}), and the reference finishes the sweep. More, and one
     * worker, the trainer, runs the vector kernel on small chunks of real work ({@link Mode#TRAINING}) while the others
     * keep to the reference: the JIT compiles the kernel from the trainer's calls, and when a trainer's chunk runs
     * {@link #HANDOVER_RATIO} times faster than a reference worker, the compiled code is in, and every worker switches
     * ({@link Mode#VECTOR}). The workers thus never wait on interpreted vector code: only the trainer does (before,
     * every worker switched at once and the sweep crawled until C2 was done: a cold 5×4 matrix map took 1.1 s or 2.6 s
     * depending on the decision). Kernels whose calls take long (networks) report their progress, and reference workers
     * judge the trainer's pace inside its call ({@link #lookAtTrainer}); runs that are expensive on the reference are
     * trained for without waiting for the pace window. A trainer that has not seen the kernel beat the reference after
     * {@link #TRAINING_GIVE_UP_NANOS} (or half the reference time at stake, if longer) returns to it. A kernel class that has run a sweep on the vector path in this
     * JVM is taken as compiled ({@link #COMPILED}), and later sweeps (tiles, scans' bisection rounds, warm-up runs)
     * start on it.
     */
    static final class WarmStart {
        /** What a worker's next chunk runs on. */
        enum Mode { REFERENCE, TRAINING, VECTOR }

        /**
         * Remaining reference time above which the vector kernel is trained: training costs a worker, in slow code
         * while the JIT compiles (0.3-1 s of a core), and the compile time itself (measured: a 5×4 matrix map whose
         * reference needed 0.35 s more took 1.0-1.6 s when trained at 0.5 s).
         */
        static final double SWITCH_SECONDS = 1.0;
        /** {@link #SWITCH_SECONDS}; tests set it to 0 to switch as soon as the pace is measured. */
        static volatile double switchSeconds = SWITCH_SECONDS;
        /**
         * Runs per reference chunk at most. A reference chunk grows (doubling from one run) while it takes less than
         * {@link #REFERENCE_CHUNK_NANOS}, so that the switch to the vector kernel comes within a millisecond or two of
         * the hand-over. Chunks were capped at 16 runs: a cold 4096² map's runs of 3-40 steps made a chunk 3-4 µs of
         * work, and the workers spent a third of the reference phase between chunks (claims, atomic counters, the
         * warm start's and the progress line's locks, both contended by the two workers).
         */
        static final int REFERENCE_CHUNK = 4096;
        static final long REFERENCE_CHUNK_NANOS = 1_000_000L;
        /** A trainer's first chunk, in runs (at least four lanes' worth). */
        static final int TRAINING_CHUNK = 16;
        /** Runs per segment of a warm start's work queue at least (64 segments at most). */
        static final int SEGMENT_MIN_RUNS = 64;
        /** A trainer's chunk grows (doubling, up to the sweep's chunk size) while it takes less than this. */
        static final long TRAINING_CHUNK_NANOS = 2_000_000L;
        /** Lane-iterations per second of a trainer's chunk, over a reference worker's, at which every worker switches. */
        static final double HANDOVER_RATIO = 1.5;
        /** {@link #HANDOVER_RATIO}; tests set it to 0 to hand over after the trainer's first chunk. */
        static volatile double handoverRatio = HANDOVER_RATIO;
        /** Longest pause of a trainer between two of its chunks ({@link #trainerDid}). */
        static final long TRAINING_PAUSE_NANOS = 50_000_000L;
        /**
         * A trainer gives up after this long, or after {@link #TRAINING_GIVE_UP_SHARE} of the reference time it was to
         * save if that is longer (a kernel the JIT cannot make faster than the reference here). The share: a network
         * kernel's compilation alone took 5 s of the only core of a 30 s sweep (2026-12-02), and the trainer's chunks are
         * real work done at about the reference's pace meanwhile, so waiting longer for a 10x faster kernel costs little.
         */
        static final long TRAINING_GIVE_UP_NANOS = 5_000_000_000L;
        static final double TRAINING_GIVE_UP_SHARE = 0.5;
        /**
         * Kernel classes whose training a sweep left unfinished (it ended before the hand-over), with a reference
         * worker's rate: the job's next sweep (its next tile) trains from its start.
         */
        static final java.util.Map<Class<?>, Double> TRAINING = new java.util.concurrent.ConcurrentHashMap<>();
        /**
         * Nanoseconds that sweeps of each kernel class have run on the reference in this JVM (until a hand-over): the
         * reference's own JIT warm-up, which {@link #PACE_FROM_NANOS} waits out, is the JVM's, not a sweep's. A cold
         * 4096² map's first tile (2M runs) ended after 0.08 s, before its pace window opened; the second tile waited
         * 0.15 s again for a reference compiled long before, ended inside its window, and only the third trained.
         */
        static final java.util.Map<Class<?>, Long> REFERENCE_NANOS = new java.util.concurrent.ConcurrentHashMap<>();
        /** Kernel classes that ran a sweep on the vector path in this JVM. */
        static final java.util.Set<Class<?>> COMPILED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /**
         * The reference's pace is measured from {@link #PACE_FROM_NANOS} of reference time in this JVM (this sweep's and
         * earlier ones', {@link #REFERENCE_NANOS}) and 1 % of this sweep's runs, over at least
         * {@link #PACE_OVER_NANOS} (and 2 % of the runs): its own first 0.1-0.2 s run interpreted and in
         * C1 code, 3-4x slower than once C2 has compiled it (measured), which would overestimate the rest.
         */
        static final long PACE_FROM_NANOS = 150_000_000, PACE_OVER_NANOS = 100_000_000;
        /**
         * Runs that take the reference at least {@link #EARLY_SECONDS_PER_RUN} each, in a sweep whose first runs predict
         * more than {@link #EARLY_FACTOR} × {@link #SWITCH_SECONDS} of reference time, are trained for without the pace
         * window; the rate to beat is then {@link #EARLY_RATE_FACTOR} × the reference's pace so far, which includes its
         * own warm-up.
         */
        static final double EARLY_SECONDS_PER_RUN = 0.01, EARLY_FACTOR = 10, EARLY_RATE_FACTOR = 2;
        /** {@link #PACE_FROM_NANOS}, {@link #PACE_OVER_NANOS}: tests set them to 0 to decide after 3 % of the runs. */
        static volatile long paceFromNanos = PACE_FROM_NANOS, paceOverNanos = PACE_OVER_NANOS;
        /** Shortest stretch of a trainer's call over which {@link #lookAtTrainer} measures its pace. */
        static final long LOOK_NANOS = 100_000_000L;

        private final long runsToCome, referenceNanosBefore;
        private final int threads;
        /** The kernel's {@link KernelChoice#warmUpCost}: the remaining reference time to train at is this × {@link #switchSeconds}. */
        private final double warmUpCost;
        /**
         * The pace window: {@link KernelChoice#paceWindowScale} of {@link #paceFromNanos} and {@link #paceOverNanos} in a job
         * of several sweeps, until a judgement on that shorter window says not to train ({@link #judge}); the usual
         * window otherwise.
         */
        private volatile long paceFrom, paceOver;
        /** Whether the trainer pauses between chunks ({@link #trainerDid}). */
        private final boolean pauseTrainer;
        /** When every worker switched to the vector kernel (nanoseconds into the sweep), or -1 until then. */
        private final AtomicLong handoverNanos = new AtomicLong(-1), referenceLaneIterations = new AtomicLong();
        /** When the pace measurement began: runs done, nanoseconds, reference lane-iterations. */
        private final AtomicLong markRuns = new AtomicLong(-1), markNanos = new AtomicLong(), markLaneIterations = new AtomicLong();
        /** Set once the reference is to finish the sweep. */
        private volatile boolean decided;
        /** The trainer (a worker index) from the decision to train on, -1 before; its start and the rate to beat. */
        private volatile int trainer = -1;
        private volatile long trainingFromNanos, giveUpNanos = TRAINING_GIVE_UP_NANOS;
        private volatile double referenceRatePerWorker;
        /** The trainer's kernel during its current call; its progress at the call's start and at the last look (−1: none). */
        private LaneKernel watched;
        private long callProgress, lookProgress = -1, lookNanos;
        /** Lane-iterations the trainer did before the hand-over (its calls, and the part of the call it came in). */
        private long trainerLaneIterations;

        /**
         * @param trainFrom a reference worker's rate (lane-iterations per second) when an earlier sweep of the same
         *                  job left this kernel in training (a tile that ended before the hand-over): this sweep trains
         *                  from its start against that rate, instead of measuring the pace again; null otherwise
         */
        WarmStart(long runsToCome, int threads, Double trainFrom, double warmUpCost) {
            this(runsToCome, threads, trainFrom, warmUpCost, 0, 1);
        }

        /**
         * @param referenceNanosBefore how long earlier sweeps in this JVM ran the same reference ({@link #REFERENCE_NANOS}):
         *                             the pace window opens that much sooner
         */
        WarmStart(long runsToCome, int threads, Double trainFrom, double warmUpCost, long referenceNanosBefore, double paceWindowScale) {
            this.referenceNanosBefore = referenceNanosBefore;
            // only in a job of several sweeps (a tiled map: millions of runs); a lone sweep judged that early was
            // trained when the scalar code would have finished it in 0.2 s (BENCHMARKS.md, session 17)
            double scale = runsToCome > 0 ? paceWindowScale : 1;
            this.paceFrom = (long) (paceFromNanos * scale);
            this.paceOver = (long) (paceOverNanos * scale);
            this.runsToCome = runsToCome;
            this.warmUpCost = warmUpCost;
            this.threads = threads;
            this.pauseTrainer = threads >= Runtime.getRuntime().availableProcessors();
            if (trainFrom != null) {
                referenceRatePerWorker = trainFrom;
                trainingFromNanos = 0;
                trainer = 0;
            }
        }

        /**
         * The warm start of a vector sweep that runs {@code choice}'s kernel, resuming what earlier sweeps of this
         * JVM left for its class: training to carry on ({@link #TRAINING}) and the reference's time so far
         * ({@link #REFERENCE_NANOS}).
         */
        static WarmStart forSweep(KernelChoice choice, long runsToCome, int threads) {
            Class<?> k = choice.kernel();
            return new WarmStart(runsToCome, threads, TRAINING.get(k), choice.warmUpCost(), REFERENCE_NANOS.getOrDefault(k, 0L), choice.paceWindowScale());
        }

        /**
         * What a vector sweep of {@code runs} runs, {@code sweepNanos} long, leaves for the next sweeps of its kernel
         * class in this JVM: compiled ({@link #COMPILED}) once the vector kernel ran it (no warm start, or a hand-over);
         * otherwise the reference's time, and training to carry on, in progress or worth starting
         * ({@link #rateIfTheRestPays}).
         */
        static void sweepEnded(Class<?> kernelClass, WarmStart warm, long runs, long sweepNanos) {
            if (warm == null || warm.handedOver()) {
                COMPILED.add(kernelClass);
                TRAINING.remove(kernelClass);
                return;
            }
            REFERENCE_NANOS.merge(kernelClass, sweepNanos, Long::sum);
            double rate = warm.training() ? warm.referenceRatePerWorker : warm.rateIfTheRestPays(runs, sweepNanos);
            if (warm.training() || rate > 0) TRAINING.put(kernelClass, rate);
        }

        /** Whether a trainer is running (the kernel was judged worth compiling and has not yet beaten the reference). */
        boolean training() {
            return trainer >= 0 && !handedOver();
        }

        boolean handedOver() {
            return handoverNanos.get() >= 0;
        }

        /**
         * What worker {@code worker}'s next chunk runs on. The reference's pace is measured on chunks taken round
         * robin from segments spread over the sweep ({@link WorkQueue}), so that it is the pace of the whole sweep, not
         * of its first rows; then whether to train is decided once and for all.
         */
        Mode mode(int worker, long finishedRuns, long runs, long elapsedNanos) {
            if (handedOver()) return Mode.VECTOR;
            if (trainer >= 0) return trainer == worker ? Mode.TRAINING : Mode.REFERENCE;
            if (decided) return Mode.REFERENCE;
            if (finishedRuns < Math.max(1, runs / 100) || referenceNanosBefore + elapsedNanos < paceFrom) return Mode.REFERENCE;
            if (markRuns.get() < 0) {
                synchronized (this) { // the mark's three parts together, as judge reads them
                    if (markRuns.get() < 0) {
                        markNanos.set(elapsedNanos);
                        markLaneIterations.set(referenceLaneIterations.get());
                        markRuns.set(finishedRuns);
                    }
                }
                return Mode.REFERENCE;
            }
            long m = markRuns.get(), remaining = runs - finishedRuns + runsToCome;
            if (finishedRuns < m + Math.max(1, runs / 50) || elapsedNanos < markNanos.get() + paceOver) {
                // expensive runs (networks): their first runs already say the reference would take far too long, and
                // the pace window would wait for 3 % of the runs (3 s of a 200-network sweep at 1 s a run)
                double secondsPerRun = elapsedNanos * 1e-9 / finishedRuns, referenceSeconds = secondsPerRun * remaining;
                if (secondsPerRun >= EARLY_SECONDS_PER_RUN && referenceSeconds > EARLY_FACTOR * warmUpCost * switchSeconds)
                    return decide(true, worker, elapsedNanos,
                            EARLY_RATE_FACTOR * referenceLaneIterations.get() / (elapsedNanos * 1e-9 * threads), referenceSeconds);
                return Mode.REFERENCE;
            }
            return judge(worker, finishedRuns, runs, elapsedNanos);
        }

        /**
         * The pace window has closed: whether to train, from the reference's pace since the mark. On a shortened window
         * (a tiled map's kernel that compiles quickly, {@link KernelChoice#paceWindowScale}) only a decision to train is
         * final: the pace that early is the interpreted code's and the tile may be the map's cheapest, so a "no" starts
         * the usual window instead (cold 4096² maps whose first tiles each said "no" on a short window handed over later
         * than with the usual one; BENCHMARKS.md, session 17). Synchronized, so that the window and its mark change
         * together.
         */
        private synchronized Mode judge(int worker, long finishedRuns, long runs, long elapsedNanos) {
            if (handedOver()) return Mode.VECTOR;
            if (trainer >= 0) return trainer == worker ? Mode.TRAINING : Mode.REFERENCE;
            if (decided) return Mode.REFERENCE;
            long m = markRuns.get();
            // another worker started the usual window meanwhile: its mark is new, or not yet taken
            if (m < 0 || finishedRuns < m + Math.max(1, runs / 50) || elapsedNanos < markNanos.get() + paceOver) return Mode.REFERENCE;
            double referenceSeconds = referenceSecondsSinceMark(runs - finishedRuns + runsToCome, finishedRuns, elapsedNanos);
            boolean train = referenceSeconds > warmUpCost * switchSeconds;
            if (!train && paceFrom < paceFromNanos) {
                paceFrom = paceFromNanos;
                paceOver = paceOverNanos;
                markRuns.set(-1);
                return Mode.REFERENCE;
            }
            return decide(train, worker, elapsedNanos, ratePerWorkerSinceMark(elapsedNanos), referenceSeconds);
        }

        /**
         * Seconds the reference would take for {@code runs} more runs at its pace since the mark ({@code finishedRuns}
         * runs done {@code elapsedNanos} into the sweep, after the mark).
         */
        private double referenceSecondsSinceMark(long runs, long finishedRuns, long elapsedNanos) {
            return (elapsedNanos - markNanos.get()) * 1e-9 / (finishedRuns - markRuns.get()) * runs;
        }

        /** A reference worker's lane-iterations per second since the mark, {@code elapsedNanos} into the sweep. */
        private double ratePerWorkerSinceMark(long elapsedNanos) {
            return (referenceLaneIterations.get() - markLaneIterations.get()) / ((elapsedNanos - markNanos.get()) * 1e-9 * threads);
        }

        /** Whether to train, decided once (by whichever worker comes first: it becomes the trainer). */
        private synchronized Mode decide(boolean train, int worker, long elapsedNanos, double ratePerWorker, double referenceSeconds) {
            if (handedOver()) return Mode.VECTOR;
            if (trainer >= 0) return trainer == worker ? Mode.TRAINING : Mode.REFERENCE;
            if (decided) return Mode.REFERENCE;
            if (!train) {
                decided = true;
                return Mode.REFERENCE;
            }
            referenceRatePerWorker = ratePerWorker;
            giveUpNanos = Math.max(TRAINING_GIVE_UP_NANOS, (long) (TRAINING_GIVE_UP_SHARE * referenceSeconds * 1e9));
            trainingFromNanos = elapsedNanos;
            trainer = worker;
            return Mode.TRAINING;
        }

        /**
         * A sweep that ended on the reference after its pace window opened but before it closed (a tile shorter than
         * {@link #PACE_FROM_NANOS} + {@link #PACE_OVER_NANOS}): a reference worker's rate over the part of the window it
         * saw if, at the pace of that part, the job's later sweeps ({@link Options#withRunsToCome}) would take the
         * reference longer than the kernel's warm-up is worth, so that the next sweep trains from its start; otherwise 0.
         * Without it the first tile of a cold 4096² map (2M runs of 3-4 steps, 0.17-0.25 s) ended undecided, and the
         * second measured the pace again from scratch: its training began 0.25 s later.
         */
        double rateIfTheRestPays(long finishedRuns, long elapsedNanos) {
            if (decided || trainer >= 0 || handedOver() || runsToCome == 0) return 0;
            long m = markRuns.get();
            if (m < 0 || finishedRuns <= m || elapsedNanos <= markNanos.get()) return 0;
            return referenceSecondsSinceMark(runsToCome, finishedRuns, elapsedNanos) > warmUpCost * switchSeconds
                    ? ratePerWorkerSinceMark(elapsedNanos) : 0;
        }

        void referenceDid(long laneIterations) {
            referenceLaneIterations.addAndGet(laneIterations);
        }

        /**
         * The trainer ran {@code laneIterations} in {@code nanos}: every worker switches once that beats the reference.
         * Returns how long the trainer pauses before its next chunk (0: none). While its kernel is still slower than the
         * reference it leaves the cores to the JIT's compiler threads and the reference workers for as long as its chunk
         * took (it is there to be profiled, not to compute), but only when the workers take every core: with fewer
         * workers than cores the compiler threads have a core of their own, and a trainer that is the only worker would
         * only lose time.
         */
        long trainerDid(long laneIterations, long nanos, long elapsedNanos) {
            synchronized (this) {
                if (!handedOver()) trainerLaneIterations += laneIterations;
            }
            if (beatsReference(laneIterations, nanos)) {
                handoverNanos.compareAndSet(-1, elapsedNanos);
                return 0;
            }
            if (elapsedNanos - trainingFromNanos > giveUpNanos) {
                decided = true;
                trainer = -1;
            }
            return pauseTrainer ? Math.min(TRAINING_PAUSE_NANOS, nanos) : 0;
        }

        /** The hand-over rule: the trainer's lane-iterations in {@code nanos} beat a reference worker by {@link #handoverRatio}. */
        private boolean beatsReference(long laneIterations, long nanos) {
            return laneIterations * 1e9 >= handoverRatio * referenceRatePerWorker * nanos;
        }

        /** The trainer starts a call of {@code kernel} (a chunk) at {@code elapsedNanos}. */
        synchronized void watch(LaneKernel kernel, long elapsedNanos) {
            watched = kernel;
            lookProgress = kernel.progress();
            callProgress = Math.max(0, lookProgress);
            lookNanos = elapsedNanos;
        }

        synchronized long trainerLaneIterations() {
            return trainerLaneIterations;
        }

        /**
         * A reference worker, between two of its chunks, looks at the trainer's call in progress (kernels that report
         * {@link LaneKernel#progress}): every worker switches once the trainer's pace since the last look (at least
         * {@link #LOOK_NANOS} ago) beats a reference worker's by {@link #handoverRatio}. Without it the hand-over waited
         * for the end of the trainer's call: 32 networks × 5000 steps take seconds even once compiled, and [LM]'s
         * 200-step-size sweep ran on the reference for its first 10.8 s (BENCHMARKS.md, session 10).
         */
        synchronized void lookAtTrainer(long elapsedNanos) {
            if (watched == null || trainer < 0 || handedOver()) return;
            long progress = watched.progress();
            if (progress < 0 || elapsedNanos - lookNanos < LOOK_NANOS) return;
            if (lookProgress >= 0 && beatsReference(progress - lookProgress, elapsedNanos - lookNanos)
                    && handoverNanos.compareAndSet(-1, elapsedNanos))
                trainerLaneIterations += progress - callProgress;
            lookProgress = progress;
            lookNanos = elapsedNanos;
        }

        /** Seconds from the first kernel call to the hand-over (the whole sweep if it never came). */
        double handoverSeconds(double sweepSeconds) {
            return handedOver() ? handoverNanos.get() * 1e-9 : sweepSeconds;
        }

        /** Lane-iterations done by the reference. */
        long referenceLaneIterations() {
            return referenceLaneIterations.get();
        }
    }

    /**
     * The runs of a sweep as work: {@code segments} contiguous segments, each consumed from its start. Chunks are claimed
     * either in order (segment after segment: contiguous work, as a sweep without warm start takes it) or round robin
     * over the segments (a warm start's reference chunks, so that its pace is that of the whole sweep). Results do not
     * depend on which thread or chunk computes a run.
     */
    static final class WorkQueue {
        static final int SEGMENTS = 64;
        private final long[] end;
        private final AtomicLong[] cursor;
        private final AtomicLong roundRobin = new AtomicLong();
        private final java.util.concurrent.atomic.AtomicInteger current = new java.util.concurrent.atomic.AtomicInteger();

        WorkQueue(long runs, int segments) {
            int n = (int) Math.max(1, Math.min(segments, runs));
            end = new long[n];
            cursor = new AtomicLong[n];
            for (int k = 0; k < n; k++) {
                cursor[k] = new AtomicLong(runs * k / n);
                end[k] = runs * (k + 1) / n;
            }
        }

        /** A claim of {@code size} runs at most, packed as first run and count ({@link #first}, {@link #count}); -1 when none is left. */
        long claim(int size, boolean spread) {
            size = Math.min(size, 1 << 23); // the count's 24 bits
            int n = end.length;
            if (spread) {
                for (int tries = 0; tries < n; tries++) {
                    int k = (int) (roundRobin.getAndIncrement() % n);
                    long c = take(k, size);
                    if (c >= 0) return c;
                }
            }
            for (int k = current.get(); k < n; k = current.get()) {
                long c = take(k, size);
                if (c >= 0) return c;
                current.compareAndSet(k, k + 1);
            }
            return -1;
        }

        private long take(int k, int size) {
            long first = cursor[k].getAndAdd(size);
            if (first >= end[k]) return -1;
            int count = (int) Math.min(size, end[k] - first);
            return first << 24 | count;
        }

        static long first(long claim) {
            return claim >>> 24;
        }

        static int count(long claim) {
            return (int) (claim & 0xFFFFFF);
        }
    }
}
