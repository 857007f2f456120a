package org.gdsweep.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gdsweep.engine.problem.MatrixFactorization;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.problem.ScalarVectorFactorization;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.start.StartSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A warm start (the scalar reference first, the vector kernel once it is faster) gives results bit-identical to the
 * vector kernel alone and to the reference alone, whatever the point of hand-over, thread count or chunk size.
 */
class WarmStartTest {
    @AfterEach
    void restore() {
        Sweep.WarmStart.switchSeconds = Sweep.WarmStart.SWITCH_SECONDS;
        Sweep.WarmStart.paceFromNanos = Sweep.WarmStart.PACE_FROM_NANOS;
        Sweep.WarmStart.paceOverNanos = Sweep.WarmStart.PACE_OVER_NANOS;
        Sweep.WarmStart.handoverRatio = Sweep.WarmStart.HANDOVER_RATIO;
        Sweep.WarmStart.TRAINING.clear();
    }

    @org.junit.jupiter.api.BeforeEach
    void forget() {
        Sweep.WarmStart.COMPILED.clear(); // kernels other tests compiled: warm starts here must probe
        Sweep.WarmStart.TRAINING.clear();
        Sweep.WarmStart.REFERENCE_NANOS.clear();
    }

    private static void check(Problem problem, StartSource starts, StopRule rule) {
        int[] all = new int[problem.parameterCount()];
        for (int q = 0; q < all.length; q++) all[q] = q;
        Sweep.Options vector = new Sweep.Options(EngineKind.VECTOR, 1, 4096, all).withLimitFeatures(true).withTrailingWindow(20);
        SweepResult expected = Sweep.run(problem, starts, rule, vector, ProgressListener.NONE).result();
        SweepResult reference = Sweep.run(problem, starts, rule, vector.withEngine(EngineKind.SCALAR), ProgressListener.NONE).result();
        Sweep.WarmStart.COMPILED.clear();
        same(expected, reference, "reference alone");
        // small sweeps stay on the reference (compiling would not pay) ...
        Sweep.Outcome small = Sweep.run(problem, starts, rule, vector.withWarmStart(true).withThreads(2), ProgressListener.NONE);
        same(expected, small.result(), "warm start, reference throughout");
        assertEquals(small.stats().laneIterations(), small.stats().warmupLaneIterations(), "no hand-over in a sweep this small");
        assertTrue(Sweep.WarmStart.COMPILED.isEmpty(), "a sweep on the reference compiles nothing");
        // ... unless told that compiling always pays: then they train once the reference's pace is measured, and
        // hand over after the trainer's first chunk
        Sweep.WarmStart.switchSeconds = 0;
        Sweep.WarmStart.handoverRatio = 0;
        Sweep.WarmStart.paceFromNanos = 0;
        Sweep.WarmStart.paceOverNanos = 0;
        for (int[] tc : new int[][] {{1, 4096}, {2, 61}, {3, 7}}) {
            Sweep.Outcome o = Sweep.run(problem, starts, rule, vector.withWarmStart(true).withThreads(tc[0]).withChunkSize(tc[1]), ProgressListener.NONE);
            same(expected, o.result(), "warm start, threads=" + tc[0] + " chunk=" + tc[1]);
            assertTrue(Sweep.WarmStart.COMPILED.remove(Sweep.choose(problem, rule, EngineKind.VECTOR).kernel()), "a kernel that ran is remembered");
            long warmup = o.stats().warmupLaneIterations();
            assertTrue(warmup > 0 && warmup < o.stats().laneIterations(), "handed over mid-way: " + warmup + " of " + o.stats().laneIterations());
        }
        // a trainer whose kernel never beats the reference: it trains to the end of the sweep, the others stay on
        // the reference, nobody hands over, and the results are the same; the next sweep (the job's next tile)
        // trains from its start
        Sweep.WarmStart.handoverRatio = Double.MAX_VALUE;
        Class<?> kernelClass = Sweep.choose(problem, rule, EngineKind.VECTOR).kernel();
        for (int threads : new int[] {1, 3}) {
            Sweep.Outcome o = Sweep.run(problem, starts, rule, vector.withWarmStart(true).withThreads(threads).withChunkSize(61), ProgressListener.NONE);
            same(expected, o.result(), "trainer never hands over, threads=" + threads);
            assertTrue(Sweep.WarmStart.COMPILED.isEmpty(), "no hand-over, nothing remembered as compiled");
            assertTrue(Sweep.WarmStart.TRAINING.containsKey(kernelClass), "training left for the next sweep");
            assertTrue(o.stats().warmupLaneIterations() < o.stats().laneIterations(), "the trainer ran part of the sweep");
        }
        // once the trainer's kernel beats the reference, a sweep that starts in training hands over
        Sweep.WarmStart.handoverRatio = 0;
        Sweep.Outcome o = Sweep.run(problem, starts, rule, vector.withWarmStart(true).withThreads(2).withChunkSize(61), ProgressListener.NONE);
        same(expected, o.result(), "training carried over, then handed over");
        assertTrue(Sweep.WarmStart.COMPILED.remove(kernelClass) && !Sweep.WarmStart.TRAINING.containsKey(kernelClass), "handed over: compiled");
    }

    private static void same(SweepResult a, SweepResult b, String what) {
        assertArrayEquals(a.status, b.status, what);
        assertArrayEquals(a.iterations, b.iterations, what);
        assertArrayEquals(a.loss, b.loss, what);
        assertArrayEquals(a.norm2, b.norm2, what);
        assertArrayEquals(a.asymptoticGradNorm, b.asymptoticGradNorm, what);
        assertArrayEquals(a.period, b.period, what);
        for (int q = 0; q < a.theta.length; q++) assertArrayEquals(a.theta[q], b.theta[q], what + " theta " + q);
    }

    @Test
    void scalarFactorization() {
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        double[][] e = Slice.axes(2, 0, 1);
        check(p, new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 131, 97, 0.9), StopRule.defaults());
    }

    @Test
    void matrixFactorization() {
        Problem p = new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0);
        double[][] e = Slice.randomOrthonormal(p.parameterCount(), 1);
        check(p, new Slice(new double[p.parameterCount()], e[0], e[1], -3, 3, -3, 3, 53, 41, 0.45),
                new StopRule(StopRule.Criterion.GRADIENT_NORM, 1e-8, 1e8, 3000));
    }

    /** A kernel whose progress the test sets (the trainer's call in progress). */
    private static final class ProgressingKernel implements LaneKernel {
        long progress;
        @Override public void run(StartSource starts, long first, int count, LaneSink sink) { throw new UnsupportedOperationException(); }
        @Override public int laneWidth() { return 8; }
        @Override public long laneSlotSteps() { return 0; }
        @Override public long progress() { return progress; }
    }

    @Test
    void handsOverInsideATrainersLongCallOnceItsPaceBeatsTheReference() {
        long ms = 1_000_000;
        // trainer 0, a reference worker's rate 1000 lane-iterations/s: the hand-over needs 1500/s over ≥ 100 ms
        Sweep.WarmStart warm = new Sweep.WarmStart(0, 2, 1000.0, 1);
        ProgressingKernel k = new ProgressingKernel();
        warm.watch(k, 0);
        k.progress = 100;
        warm.lookAtTrainer(50 * ms);
        assertTrue(!warm.handedOver(), "looked too soon to judge (2000/s over 50 ms)");
        k.progress = 200;
        warm.lookAtTrainer(200 * ms);
        assertTrue(!warm.handedOver(), "200 lane-iterations in 0.2 s: slower than the reference");
        k.progress = 490;
        warm.lookAtTrainer(400 * ms);
        assertTrue(!warm.handedOver(), "290 in 0.2 s: 1450/s, under 1.5x");
        k.progress = 800;
        warm.lookAtTrainer(600 * ms);
        assertTrue(warm.handedOver(), "310 in 0.2 s: 1550/s");
        assertEquals(Sweep.WarmStart.Mode.VECTOR, warm.mode(1, 10, 100, 600 * ms));

        Sweep.WarmStart silent = new Sweep.WarmStart(0, 2, 1000.0, 1);
        ProgressingKernel quiet = new ProgressingKernel();
        quiet.progress = -1;
        silent.watch(quiet, 0);
        silent.lookAtTrainer(10_000 * ms);
        assertTrue(!silent.handedOver(), "a kernel that reports no progress is judged at the end of its calls only");
    }

    @Test
    void expensiveRunsAreTrainedForBeforeThePaceWindowCloses() {
        long ms = 1_000_000;
        // 200 runs of 1 s each on two reference workers: the first two runs say ~200 s of reference work
        Sweep.WarmStart warm = new Sweep.WarmStart(0, 2, null, 1);
        warm.referenceDid(2 * 5000);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, warm.mode(0, 2, 200, 1000 * ms), "the mark");
        assertEquals(Sweep.WarmStart.Mode.TRAINING, warm.mode(1, 2, 200, 1010 * ms), "decided at once");
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, warm.mode(0, 2, 200, 1020 * ms));
        // cheap runs (1 ms each) still wait for the pace window
        Sweep.WarmStart cheap = new Sweep.WarmStart(0, 2, null, 1);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, cheap.mode(0, 200, 20_000, 200 * ms));
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, cheap.mode(1, 210, 20_000, 210 * ms));
    }

    @Test
    void aTileThatEndsInsideThePaceWindowLeavesTrainingToTheNextWhenTheRestOfTheJobPays() {
        long ms = 1_000_000;
        restore(); // the decision rules as shipped, whatever another test class left behind
        // a tile of 100 000 runs: the window opens at 150 ms (run 1000) and the tile ends at 200 ms, 99 000 runs and
        // 4e6 reference lane-iterations later: 0.5 us a run, 2e7 lane-iterations/s per worker of two
        for (long toCome : new long[] {1_000_000, 10_000_000}) {
            Sweep.WarmStart warm = new Sweep.WarmStart(toCome, 2, null, 1);
            warm.referenceDid(12_345);
            assertEquals(0, warm.rateIfTheRestPays(1000, 120 * ms), "no pace before the window opens");
            assertEquals(Sweep.WarmStart.Mode.REFERENCE, warm.mode(0, 1000, 100_000, 150 * ms), "the mark");
            warm.referenceDid(4_000_000);
            double rate = warm.rateIfTheRestPays(100_000, 200 * ms);
            if (toCome == 1_000_000) assertEquals(0, rate, "0.5 s of reference work to come: not worth training");
            else assertEquals(4e6 / (0.05 * 2), rate, 1e-6 * rate, "5 s to come: the next tile trains against this rate");
        }
        // a sweep whose decision was made (train or not) leaves nothing to carry
        Sweep.WarmStart decided = new Sweep.WarmStart(10_000_000, 2, null, 1);
        decided.mode(0, 1000, 100_000, 150 * ms);
        decided.referenceDid(4_000_000);
        assertEquals(Sweep.WarmStart.Mode.TRAINING, decided.mode(1, 4000, 100_000, 250 * ms));
        assertEquals(0, decided.rateIfTheRestPays(100_000, 300 * ms), "in training: the sweep itself carries its training over");
    }

    @Test
    void thePaceWindowOpensOnTheReferenceTimeOfEarlierSweepsInThisJvm() {
        long ms = 1_000_000;
        restore(); // the decision rules as shipped, whatever another test class left behind
        // a job's second tile, 20 ms in: alone it waits for 150 ms of its own; after a first tile of 80 ms on the
        // same reference it takes its mark now, and decides 100 ms later instead of 230 ms later
        Sweep.WarmStart fresh = new Sweep.WarmStart(10_000_000, 2, null, 1, 0, 1);
        Sweep.WarmStart second = new Sweep.WarmStart(10_000_000, 2, null, 1, 80 * ms, 1);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, fresh.mode(0, 2000, 100_000, 70 * ms));
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, second.mode(0, 2000, 100_000, 70 * ms), "the mark");
        fresh.referenceDid(4_000_000);
        second.referenceDid(4_000_000);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, fresh.mode(1, 12_000, 100_000, 170 * ms), "the mark, only now");
        assertEquals(Sweep.WarmStart.Mode.TRAINING, second.mode(1, 12_000, 100_000, 170 * ms), "10 000 runs in 0.1 s: 100 s of work to come in the job");
    }

    @Test
    void aKernelCheapToCompileJudgesThePaceSooner() {
        long ms = 1_000_000;
        restore();
        // paceWindowScale 0.2 in a job with tiles to come: the window opens at 30 ms of reference time and lasts 20 ms,
        // instead of 150 + 100 ms
        Sweep.WarmStart usual = new Sweep.WarmStart(10_000_000, 2, null, 1, 0, 1);
        Sweep.WarmStart soon = new Sweep.WarmStart(10_000_000, 2, null, 1, 0, 0.2);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, usual.mode(0, 2000, 100_000, 30 * ms));
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, soon.mode(0, 2000, 100_000, 30 * ms), "the mark");
        usual.referenceDid(4_000_000);
        soon.referenceDid(4_000_000);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, usual.mode(1, 12_000, 100_000, 50 * ms), "still before its window");
        assertEquals(Sweep.WarmStart.Mode.TRAINING, soon.mode(1, 12_000, 100_000, 50 * ms), "10 000 runs in 20 ms: 20 s of work to come");
        // on the short window only "train" is final: a "no" (there 0.4 s of work to come) starts the usual window,
        // from 150 ms of reference time, on which a slower pace (1.8 s to come) still trains
        Sweep.WarmStart early = new Sweep.WarmStart(100_000, 2, null, 1, 0, 0.2);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, early.mode(0, 2000, 100_000, 30 * ms), "the short window's mark");
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, early.mode(0, 12_000, 100_000, 50 * ms), "no: the usual window instead");
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, early.mode(1, 20_000, 100_000, 100 * ms), "before it");
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, early.mode(1, 30_000, 100_000, 160 * ms), "its mark");
        assertEquals(Sweep.WarmStart.Mode.TRAINING, early.mode(1, 40_000, 100_000, 270 * ms), "10 000 runs in 110 ms: 1.8 s to come");
        // a lone sweep (no tiles to come) keeps the full window whatever its kernel
        Sweep.WarmStart lone = new Sweep.WarmStart(0, 2, null, 1, 0, 0.2);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, lone.mode(0, 2000, 100_000, 30 * ms));
        lone.referenceDid(4_000_000);
        assertEquals(Sweep.WarmStart.Mode.REFERENCE, lone.mode(1, 12_000, 100_000, 50 * ms), "before its window");
        assertEquals(0.2, Sweep.choose(new ScalarVectorFactorization(1, 1, 0), StopRule.defaults(), EngineKind.VECTOR).paceWindowScale(), "d = 1");
        assertEquals(0.2, Sweep.choose(new ScalarVectorFactorization(5, 1, 0), StopRule.defaults(), EngineKind.VECTOR).paceWindowScale(), "d = 5");
        MatrixFactorization m = new MatrixFactorization(5, 4, 4, MatrixFactorization.drawDiagonalTarget(4, 4, 1), 0);
        assertEquals(1.0, Sweep.choose(m, StopRule.defaults(), EngineKind.VECTOR).paceWindowScale(), "the 5x4 kernel, costly to compile");
        // what each costs to compile, in units of the reference time left that repays it: the default problem's kernel
        // (any d) and the register-blocked 5x4 kernel four times the d = 1 kernel's
        assertEquals(1.0, Sweep.choose(new ScalarVectorFactorization(1, 1, 0), StopRule.defaults(), EngineKind.VECTOR).warmUpCost(), "d = 1");
        assertEquals(4.0, Sweep.choose(new ScalarVectorFactorization(5, 1, 0.3), StopRule.defaults(), EngineKind.VECTOR).warmUpCost(), "d = 5");
        assertEquals(4.0, Sweep.choose(m, StopRule.defaults(), EngineKind.VECTOR).warmUpCost(), "5x4");
    }

    @Test
    void aSweepOnTheReferenceAddsItsTimeToTheKernelsReferenceTime() {
        Problem p = new ScalarVectorFactorization(1, 1, 0);
        double[][] e = Slice.axes(2, 0, 1);
        Slice starts = new Slice(new double[2], e[0], e[1], -3, 3, -3, 3, 64, 64, 0.9);
        Sweep.Options warm = new Sweep.Options(EngineKind.VECTOR, 2, 4096, new int[0]).withWarmStart(true);
        Class<?> kernelClass = Sweep.choose(p, StopRule.defaults(), EngineKind.VECTOR).kernel();
        Sweep.Outcome first = Sweep.run(p, starts, StopRule.defaults(), warm, ProgressListener.NONE);
        long after = Sweep.WarmStart.REFERENCE_NANOS.get(kernelClass);
        assertTrue(after >= first.stats().kernelSeconds() * 1e9 * 0.99 && after > 0, "the sweep's time: " + after);
        Sweep.run(p, starts, StopRule.defaults(), warm, ProgressListener.NONE);
        assertTrue(Sweep.WarmStart.REFERENCE_NANOS.get(kernelClass) > after, "and the next one's");
    }

    @Test
    void aKernelThatCostsMoreToCompileNeedsMoreRemainingWorkToBeTrained() {
        long ms = 1_000_000;
        restore(); // the decision rules as shipped, whatever another test class left behind
        // 100 000 runs; 5000 of them in the 0.1 s pace window: 94 000 left predict 1.88 s of reference work
        for (double cost : new double[] {1, 4}) {
            Sweep.WarmStart warm = new Sweep.WarmStart(0, 2, null, cost);
            assertEquals(Sweep.WarmStart.Mode.REFERENCE, warm.mode(0, 1000, 100_000, 150 * ms), "the mark");
            warm.referenceDid(5000 * 40);
            assertEquals(cost == 1 ? Sweep.WarmStart.Mode.TRAINING : Sweep.WarmStart.Mode.REFERENCE,
                    warm.mode(1, 6000, 100_000, 250 * ms), "1.88 s left, warm-up cost " + cost);
        }
    }
}
