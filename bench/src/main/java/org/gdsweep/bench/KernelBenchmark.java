package org.gdsweep.bench;

import java.util.concurrent.TimeUnit;

import org.gdsweep.engine.problem.Arithmetic;
import org.gdsweep.engine.sweep.EngineKind;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.LaneSink;
import org.gdsweep.engine.problem.LossFamilies;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
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
 * One lane kernel on one thread, long runs (mostly bounded orbits beyond the critical step size that never converge,
 * capped at {@code maxIter}), so lane refill is rare and the figure is the inner loop's speed. The sink only counts
 * lane-iterations and consumes the final iterate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class KernelBenchmark {

    @Param({"SCALAR", "VECTOR"})
    public EngineKind engine;

    /**
     * d1: ½(xy − 1)², η = 1.5 on [−1.2,1.2]²; sv5: [LM] Fig. 1 loss at η = 1.5; matrix: 5×4, η = 1.3 &gt; 1/σ_max(Y).
     * d1map: ½(xy − 1)² as the peer comparison maps it (η = 0.9 on [−3,3]², cap 1000): runs of ~38 steps, so lanes
     * retire and refill every few blocks and the figure includes the kernel's own refill work (the sweep's sink is
     * still a stub here).
     */
    @Param({"d1", "d1map", "d1fma", "d1f32", "sv5", "sv5fma", "matrix", "matrixfma", "matrixf32"})
    public String problem;

    @Param({"200"})
    public int maxIter;

    private LaneKernel kernel;
    private Slice starts;

    @Setup(Level.Trial)
    public void setUp() {
        Problem p = switch (problem) {
            case "d1", "d1map" -> LossFamilies.problem("scalar", 0, Arithmetic.EXACT, 1, "--d", "1");
            case "d1fma" -> LossFamilies.problem("scalar", 0, Arithmetic.FMA, 1, "--d", "1");
            case "d1f32" -> LossFamilies.problem("scalar", 0, Arithmetic.FLOAT32, 1, "--d", "1");
            case "sv5" -> LossFamilies.problem("scalar", 0.3, Arithmetic.EXACT, 1, "--d", "5");
            case "sv5fma" -> LossFamilies.problem("scalar", 0.3, Arithmetic.FMA, 1, "--d", "5");
            case "matrixf32" -> LossFamilies.problem("matrix", 0, Arithmetic.FLOAT32, 1, "--k", "5", "--m", "4", "--n", "4");
            case "matrixfma" -> LossFamilies.problem("matrix", 0, Arithmetic.FMA, 1, "--k", "5", "--m", "4", "--n", "4");
            default -> LossFamilies.problem("matrix", 0, Arithmetic.EXACT, 1, "--k", "5", "--m", "4", "--n", "4");
        };
        boolean map = problem.equals("d1map");
        StopRule rule = new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, map ? 1000 : maxIter);
        kernel = Sweep.kernel(p, rule, engine);
        int n = p.parameterCount();
        double[][] e = n == 2 ? Slice.axes(2, 0, 1) : Slice.randomOrthonormal(n, 1);
        double[] origin = n == 2 ? new double[2] : Slice.randomOrigin(n, 3, 0.4);
        double eta = problem.startsWith("matrix") ? 1.3 : 1.5;
        starts = map ? new Slice(origin, e[0], e[1], -3, 3, -3, 3, 64, 64, 0.9)
                : new Slice(origin, e[0], e[1], -1.2, 1.2, -1.2, 1.2, 64, 64, eta);
    }

    @Benchmark
    public void chunk(LaneIterations counters, Blackhole bh) {
        LaneSink sink = (index, status, iterations, gradNorm2, norm2, theta, offset, stride) -> {
            counters.laneIterations += iterations;
            bh.consume(theta[offset]);
            bh.consume(gradNorm2);
        };
        kernel.run(starts, 0, 4096, sink);
    }
}
