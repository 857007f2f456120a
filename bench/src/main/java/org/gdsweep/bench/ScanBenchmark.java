package org.gdsweep.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.gdsweep.engine.scan.CriticalStepSize;
import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.scan.StepSizeScan;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
import org.gdsweep.engine.sweep.SweepResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Step-size science workloads on ½(uv − 1)² (d = 1): a scan whose vectors mix 16 step sizes in 0.5 … 1.2 (run i uses
 * start i/16 and step size i mod 16, so every 8-lane vector holds 8 different η), the same starts at the single
 * step size 0.85, and the per-start bisection of critical step sizes (256 starts, 1e-4 relative). Figure of merit:
 * lane-iterations per second; each configuration is checked once against the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ScanBenchmark {
    static final Problem PROBLEM = LossFamilies.problem("scalar", 0, Arithmetic.EXACT, 1, "--d", "1");
    static final StopRule RULE = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 20_000);
    static final double[] ETAS = StepSizeScan.linear(0.5, 1.2, 16);

    @Param({"1", "2"})
    public int threads;

    private Sweep.Options options;
    private StartSource mixed, single;
    private long mixedIterations, singleIterations, bisectionIterations;

    /** Run i: start i/16 of the Gaussian set, step size ETAS[i mod 16]. */
    record Interleaved(GaussianStarts base) implements StartSource {
        @Override public long count() { return base.count() * ETAS.length; }
        @Override public int parameterCount() { return 2; }
        @Override public void start(long i, double[] dst, int off, int stride) { base.start(i / ETAS.length, dst, off, stride); }
        @Override public double stepSize(long i) { return ETAS[(int) (i % ETAS.length)]; }
    }

    @Setup(Level.Trial)
    public void verify() {
        options = Sweep.Options.defaults().withThreads(threads);
        mixed = new Interleaved(new GaussianStarts(4096, 2, 1, 1, 1));
        single = new StepSizeScan(new GaussianStarts(4096 * ETAS.length, 2, 1, 1, 1), new double[] {0.85});
        mixedIterations = check(mixed);
        singleIterations = check(single);
        GaussianStarts starts = new GaussianStarts(256, 2, 0.8, 3, 1);
        CriticalStepSize.Result v = CriticalStepSize.bisect(PROBLEM, starts, RULE, options, 0.05, 3, 1e-4, ProgressListener.NONE);
        CriticalStepSize.Result s = CriticalStepSize.bisect(PROBLEM, starts, RULE, options.withEngine(EngineKind.SCALAR), 0.05, 3, 1e-4,
                ProgressListener.NONE);
        if (!Arrays.equals(v.estimate(), s.estimate())) throw new IllegalStateException("bisection differs from the scalar reference");
        bisectionIterations = v.laneIterations();
    }

    private long check(StartSource src) {
        SweepResult v = Sweep.run(PROBLEM, src, RULE, options, ProgressListener.NONE).result();
        SweepResult s = Sweep.run(PROBLEM, src, RULE, options.withEngine(EngineKind.SCALAR), ProgressListener.NONE).result();
        if (!Arrays.equals(v.status, s.status) || !Arrays.equals(v.iterations, s.iterations))
            throw new IllegalStateException("scan differs from the scalar reference");
        return v.laneIterations();
    }

    @Benchmark
    public SweepResult mixedStepSizes(LaneIterations c) {
        c.laneIterations += mixedIterations;
        return Sweep.run(PROBLEM, mixed, RULE, options, ProgressListener.NONE).result();
    }

    @Benchmark
    public SweepResult singleStepSize(LaneIterations c) {
        c.laneIterations += singleIterations;
        return Sweep.run(PROBLEM, single, RULE, options, ProgressListener.NONE).result();
    }

    @Benchmark
    public CriticalStepSize.Result bisection(LaneIterations c) {
        c.laneIterations += bisectionIterations;
        return CriticalStepSize.bisect(PROBLEM, new GaussianStarts(256, 2, 0.8, 3, 1), RULE, options, 0.05, 3, 1e-4, ProgressListener.NONE);
    }
}
