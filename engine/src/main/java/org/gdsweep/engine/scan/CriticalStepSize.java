package org.gdsweep.engine.scan;

import org.gdsweep.engine.start.PerRunStepSizes;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.ProgressListener;
import org.gdsweep.engine.start.StartSource;
import org.gdsweep.engine.sweep.Status;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.Sweep;

/**
 * Per-start critical step size: the largest η for which GD from that start converges, by bracketing and bisection
 * on all starts at once (every round is one lockstep sweep in which each lane carries its own trial η).
 *
 * <p>Bracket: each start is first run at η_lo and η_hi. A start that does not converge at η_lo is reported as
 * below the range (NaN, flag {@link #BELOW}); one that converges at η_hi as above it (NaN, flag {@link #ABOVE}).
 * Otherwise rounds replace lo or hi by the geometric midpoint √(lo·hi) — converged: lo, not converged (diverged or
 * undecided): hi — until hi/lo − 1 ≤ the requested relative accuracy; the estimate is √(lo·hi), within that relative
 * accuracy of the transition. Bisection assumes that the converging step sizes of a start form an interval
 * (0, η_c), as [LM] Theorem 1 proves for the unregularised scalar-vector problem; elsewhere it finds one transition
 * inside the bracket. "Not converged within the iteration cap" counts as not converged, so runs that converge very
 * slowly just below η_c need a cap large enough for the requested accuracy.
 */
public final class CriticalStepSize {
    public static final byte FOUND = 0, BELOW = 1, ABOVE = 2;

    /**
     * @param estimate √(lo·hi) per start, NaN if not bracketed
     * @param lo       largest step size seen to converge
     * @param hi       smallest step size seen not to converge
     * @param flag     {@link #FOUND}, {@link #BELOW} or {@link #ABOVE}
     * @param rounds   sweeps run (2 bracket checks + bisection rounds)
     * @param laneIterations Σ GD steps over all sweeps
     * @param kernelSeconds  Σ kernel wall time
     */
    public record Result(double[] estimate, double[] lo, double[] hi, byte[] flag, int rounds, long laneIterations,
                         double kernelSeconds) {}

    private CriticalStepSize() {}

    public static Result bisect(Problem problem, StartSource starts, StopRule rule, Sweep.Options options,
                                double etaLo, double etaHi, double relativeAccuracy, ProgressListener progress) {
        if (!(etaLo > 0) || !(etaHi > etaLo) || Double.isInfinite(etaHi))
            throw new IllegalArgumentException("need 0 < eta_lo < eta_hi < inf");
        if (!(relativeAccuracy > 0) || !(relativeAccuracy < 1)) throw new IllegalArgumentException("relative accuracy in (0,1)");
        int n = (int) starts.count();
        double[] lo = new double[n], hi = new double[n], trial = new double[n];
        byte[] flag = new byte[n];
        java.util.Arrays.fill(lo, etaLo);
        java.util.Arrays.fill(hi, etaHi);
        int rounds = (int) Math.ceil(Math.log(Math.log(etaHi / etaLo) / Math.log1p(relativeAccuracy)) / Math.log(2)) + 3;
        int totalRounds = rounds + 2;
        long laneIterations = 0;
        double seconds = 0;
        Sweep.Options opts = options.withThetaIndex().withSharpness(false).withTrailingWindow(0);

        java.util.Arrays.fill(trial, etaLo);
        // every round sweeps up to n runs: a warm start judges the whole bisection's work, not one round's
        Sweep.Outcome atLo = Sweep.run(problem, new PerRunStepSizes(starts, trial), rule, opts.withRunsToCome(options.runsToCome() + (long) n * (totalRounds - 1)),
                scaled(progress, 0, totalRounds));
        java.util.Arrays.fill(trial, etaHi);
        Sweep.Outcome atHi = Sweep.run(problem, new PerRunStepSizes(starts, trial), rule, opts.withRunsToCome(options.runsToCome() + (long) n * (totalRounds - 2)),
                scaled(progress, 1, totalRounds));
        laneIterations += atLo.stats().laneIterations() + atHi.stats().laneIterations();
        seconds += atLo.stats().kernelSeconds() + atHi.stats().kernelSeconds();
        for (int i = 0; i < n; i++) {
            if (atLo.result().status[i] != Status.CONVERGED.code) flag[i] = BELOW;
            else if (atHi.result().status[i] == Status.CONVERGED.code) flag[i] = ABOVE;
        }
        int done = 2;
        for (int round = 0; round < rounds; round++) {
            // Only starts whose bracket is still too wide run again.
            int[] open = java.util.stream.IntStream.range(0, n)
                    .filter(i -> flag[i] == FOUND && hi[i] / lo[i] - 1 > relativeAccuracy).toArray();
            if (open.length == 0) break;
            double[] mid = new double[open.length];
            for (int q = 0; q < open.length; q++) mid[q] = Math.sqrt(lo[open[q]] * hi[open[q]]);
            Sweep.Outcome o = Sweep.run(problem, new PerRunStepSizes(new Subset(starts, open), mid), rule,
                    opts.withRunsToCome(options.runsToCome() + (long) open.length * (totalRounds - done - 1)), scaled(progress, done, totalRounds));
            done++;
            laneIterations += o.stats().laneIterations();
            seconds += o.stats().kernelSeconds();
            for (int q = 0; q < open.length; q++) {
                if (o.result().status[q] == Status.CONVERGED.code) lo[open[q]] = mid[q];
                else hi[open[q]] = mid[q];
            }
        }
        double[] estimate = new double[n];
        for (int i = 0; i < n; i++) estimate[i] = flag[i] == FOUND ? Math.sqrt(lo[i] * hi[i]) : Double.NaN;
        return new Result(estimate, lo, hi, flag, done, laneIterations, seconds);
    }

    /** Starts {@code base[index[q]]}, q = 0 … len−1. */
    private record Subset(StartSource base, int[] index) implements StartSource {
        @Override public long count() { return index.length; }

        @Override public int parameterCount() { return base.parameterCount(); }

        @Override public void start(long q, double[] dst, int offset, int stride) { base.start(index[(int) q], dst, offset, stride); }

        @Override public double stepSize(long q) { return base.stepSize(index[(int) q]); }
    }

    private static ProgressListener scaled(ProgressListener p, int round, int rounds) {
        return (done, total) -> p.progress(round * total + done, (long) rounds * total);
    }
}
