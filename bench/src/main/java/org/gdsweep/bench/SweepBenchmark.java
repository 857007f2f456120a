package org.gdsweep.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.sweep.ProgressListener;
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
 * Whole sweeps through {@link Sweep#run}: scalar reference vs vector kernel, 1 vs 2 threads. The figure of merit is
 * the {@code laneIterations} counter (GD steps of all runs per second); every configuration's answer is checked
 * once against the scalar reference before timing, so no configuration can win by computing less.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class SweepBenchmark {

    // also (Workloads): SCALAR_D1_FMA, SCALAR_D1_F32, SCALAR_D1_2048, SCALAR_VECTOR_D5_FMA, SCALAR_VECTOR_D5_F32,
    // SCALAR_VECTOR_D10, MATRIX_5X4_FMA, MATRIX_5X4_F32, MATRIX_5X4_384, MATRIX_10X10, DEEP_CHAIN_3, DEEP_CHAIN_3_FMA,
    // DEEP_CHAIN_3_F32, NETWORK_232, NETWORK_232_FMA, NETWORK_232_F32
    @Param({"SCALAR_D1", "SCALAR_VECTOR_D5", "MATRIX_5X4"})
    public Workloads workload;

    @Param({"SCALAR", "VECTOR"})
    public EngineKind engine;

    @Param({"1", "2"})
    public int threads;

    /**
     * Whether final values (L, ‖∇L‖, N, D, derived quantities) are kept per run: "false" is what a map written with
     * {@code --fields iterations} records (status, iterations and limit only), where the per-run bookkeeping is lightest.
     */
    @Param({"true"})
    public boolean finalValues;

    private Sweep.Options options;
    private long laneIterationsPerSweep;

    @Setup(Level.Trial)
    public void verifyAgainstReference() {
        options = Sweep.Options.defaults().withEngine(engine).withThreads(threads).withFinalValues(finalValues);
        SweepResult mine = Sweep.run(workload.problem, workload.slice, workload.rule, options, ProgressListener.NONE).result();
        SweepResult ref = Sweep.run(workload.problem, workload.slice, workload.rule,
                Sweep.Options.defaults().withEngine(EngineKind.SCALAR), ProgressListener.NONE).result();
        if (!Arrays.equals(mine.status, ref.status) || !Arrays.equals(mine.iterations, ref.iterations)
                || !Arrays.equals(mine.limit, ref.limit) || finalValues && !Arrays.equals(mine.norm2, ref.norm2))
            throw new IllegalStateException(workload + " " + engine + ": result differs from the scalar reference");
        laneIterationsPerSweep = ref.laneIterations();
    }

    @Benchmark
    public SweepResult sweep(LaneIterations counters) {
        SweepResult r = Sweep.run(workload.problem, workload.slice, workload.rule, options, ProgressListener.NONE).result();
        counters.laneIterations += laneIterationsPerSweep;
        return r;
    }
}
