package org.gdsweep.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.gdsweep.engine.vector.VectorSupport;

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
                          int trailingWindow) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1");
            if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be ≥ 1");
            if (trailingWindow < 0) throw new IllegalArgumentException("trailing window must be ≥ 0");
            thetaIndex = thetaIndex.clone();
        }

        public Options(EngineKind engine, int threads, int chunkSize, int[] thetaIndex) {
            this(engine, threads, chunkSize, thetaIndex, false, 0);
        }

        public static Options defaults() {
            return new Options(EngineKind.VECTOR, Runtime.getRuntime().availableProcessors(), 4096, new int[0]);
        }

        public Options withThreads(int t) { return new Options(engine, t, chunkSize, thetaIndex, sharpness, trailingWindow); }

        public Options withChunkSize(int c) { return new Options(engine, threads, c, thetaIndex, sharpness, trailingWindow); }

        public Options withEngine(EngineKind e) { return new Options(e, threads, chunkSize, thetaIndex, sharpness, trailingWindow); }

        public Options withThetaIndex(int... idx) { return new Options(engine, threads, chunkSize, idx, sharpness, trailingWindow); }

        /** Also compute the sharpness at the limit of converged runs. */
        public Options withSharpness(boolean on) { return new Options(engine, threads, chunkSize, thetaIndex, on, trailingWindow); }

        /** Also compute the asymptotic gradient norm over a trailing window of T steps after the cap (0 = off). */
        public Options withTrailingWindow(int t) { return new Options(engine, threads, chunkSize, thetaIndex, sharpness, t); }
    }

    /** The finished result with its cost. */
    public record Outcome(SweepResult result, SweepStats stats) {}

    private Sweep() {}

    /** A new kernel for one worker thread. */
    public static LaneKernel kernel(Problem problem, StopRule rule, EngineKind engine) {
        return engine == EngineKind.SCALAR ? new ReferenceKernel(problem, rule) : VectorSupport.kernel(problem, rule);
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
        int runs = (int) starts.count();
        SweepResult result = new SweepResult(runs, problem instanceof ScalarVectorFactorization, options.thetaIndex(),
                options.sharpness(), options.trailingWindow() > 0);
        int chunks = (int) ((runs + (long) options.chunkSize() - 1) / options.chunkSize());
        int threads = Math.max(1, Math.min(options.threads(), chunks));
        AtomicLong nextChunk = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        AtomicLong slotSteps = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LaneKernel probe = kernel(problem, rule, options.engine());
        int width = probe.laneWidth();
        int bits = options.engine() == EngineKind.SCALAR ? 64 : VectorSupport.laneBits();
        long t0 = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            LaneKernel kernel = w == 0 ? probe : kernel(problem, rule, options.engine());
            Thread t = Thread.ofPlatform().name("gdsweep-worker-" + w).daemon(true).unstarted(() -> {
                try {
                    LaneSink sink = new Recorder(problem, rule, starts, options, result);
                    for (long c; (c = nextChunk.getAndIncrement()) < chunks && failure.get() == null; ) {
                        long first = c * options.chunkSize();
                        int count = (int) Math.min(options.chunkSize(), runs - first);
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

    /** Evaluates each retired run's final iterate with the scalar reference and stores it. One per thread. */
    private static final class Recorder implements LaneSink {
        private final Problem problem;
        private final StopRule rule;
        private final StartSource starts;
        private final int window;
        private final SweepResult out;
        private final double[] theta, gradient, scratch;
        private final Sharpness sharpness;

        Recorder(Problem problem, StopRule rule, StartSource starts, Options options, SweepResult out) {
            this.problem = problem;
            this.rule = rule;
            this.starts = starts;
            this.window = options.trailingWindow();
            this.out = out;
            this.theta = new double[problem.parameterCount()];
            this.gradient = new double[problem.parameterCount()];
            this.scratch = new double[problem.scratchSize()];
            this.sharpness = options.sharpness() ? new Sharpness(problem) : null;
        }

        @Override
        public void retire(long index, byte status, int iterations, double[] buf, int offset, int stride) {
            for (int p = 0; p < theta.length; p++) theta[p] = buf[offset + p * stride];
            int r = (int) index;
            out.status[r] = status;
            out.iterations[r] = iterations;
            out.gradNorm[r] = Math.sqrt(problem.gradient(theta, gradient, scratch));
            out.loss[r] = problem.loss(theta);
            out.norm2[r] = problem.norm2(theta);
            out.imbalance[r] = problem.imbalance(theta);
            if (out.product != null) out.product[r] = ((ScalarVectorFactorization) problem).product(theta);
            for (int q = 0; q < out.thetaIndex.length; q++) out.theta[q][r] = theta[out.thetaIndex[q]];
            if (out.sharpness != null)
                out.sharpness[r] = status == Status.CONVERGED.code ? sharpness.at(theta) : Double.NaN;
            if (out.asymptoticGradNorm != null) {
                out.asymptoticGradNorm[r] = status == Status.CONVERGED.code ? out.gradNorm[r]
                        : status == Status.UNDECIDED.code ? trailingMean(starts.stepSize(index)) : Double.NaN;
            }
        }

        /** Mean ‖∇L‖ over θ_cap … θ_{cap+T−1}, continuing GD from the final iterate (destroys {@link #theta}). */
        private double trailingMean(double eta) {
            double sum = 0;
            for (int t = 0; t < window; t++) {
                double g2 = problem.gradient(theta, gradient, scratch);
                if (!(problem.norm2(theta) <= rule.divergenceNorm2()) || !(g2 < Double.POSITIVE_INFINITY)) return Double.NaN;
                sum += Math.sqrt(g2);
                for (int p = 0; p < theta.length; p++) theta[p] = theta[p] - eta * gradient[p];
            }
            return sum / window;
        }
    }
}
