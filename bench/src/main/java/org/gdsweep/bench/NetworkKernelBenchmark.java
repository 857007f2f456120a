package org.gdsweep.bench;

import java.util.concurrent.TimeUnit;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.GaussianStarts;
import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The network kernel ({@code --loss mlp}) on one thread: 256 networks from Gaussian starts at the initialisation scale,
 * step size 0.05, 20 steps each (so every lane refills a few times per call), teacher data. The two workloads of
 * {@code scripts/compare-peers.sh}'s network table: tanh 4-16-16-1 on 64 samples (369 parameters) and ReLU 16-32-32-1
 * without biases on 100 samples (1,568 parameters). Figure of merit: lane-iterations (network steps) per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class NetworkKernelBenchmark {

    @Param({"SCALAR", "VECTOR"})
    public EngineKind engine;

    /** tanh: 4-16-16-1, 64 samples; relu: 16-32-32-1 without biases, 100 samples; suffix fma: {@code --arithmetic fma}. */
    @Param({"tanh", "relu", "tanhfma"})
    public String network;

    private LaneKernel kernel;
    private GaussianStarts starts;

    @Setup(Level.Trial)
    public void setUp() {
        Arithmetic arithmetic = network.endsWith("fma") ? Arithmetic.FMA : Arithmetic.EXACT;
        Problem p = network.startsWith("relu")
                ? LossFamilies.problem("mlp", 0, arithmetic, 1, "--widths", "16,32,32,1", "--activation", "relu", "--bias", "off", "--samples", "100")
                : LossFamilies.problem("mlp", 0, arithmetic, 1, "--widths", "4,16,16,1", "--activation", "tanh", "--samples", "64");
        // a tolerance no run reaches: every run takes the 20 steps
        kernel = Sweep.kernel(p, new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-30, 1e8, 20), engine);
        starts = GaussianStarts.atInitialisationScale(256, p, 1.0, 7, 0.05);
    }

    @Benchmark
    public void chunk(LaneIterations counters, Blackhole bh) {
        LaneSink sink = (index, status, iterations, gradNorm2, norm2, theta, offset, stride) -> {
            counters.laneIterations += iterations;
            bh.consume(theta[offset]);
            bh.consume(gradNorm2);
        };
        kernel.run(starts, 0, 256, sink);
    }
}
