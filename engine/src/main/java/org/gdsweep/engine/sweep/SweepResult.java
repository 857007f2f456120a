package org.gdsweep.engine.sweep;

import java.util.List;

import org.gdsweep.engine.problem.DerivedQuantity;

/**
 * Per-run outcomes of a sweep, as flat arrays indexed by run (for a slice: j·W + i).
 * Final-value fields are evaluated at the final iterate with the scalar reference.
 */
public final class SweepResult {
    /** {@link Status#code} per run. */
    public final byte[] status;
    /**
     * {@link org.gdsweep.engine.problem.LimitKind#code} per run: what a converged run reached (a global minimiser, the
     * origin, another critical point), {@code NONE} for runs that did not converge. Always kept (one byte per run).
     */
    public final byte[] limit;
    /** GD steps taken. */
    public final int[] iterations;
    /** L(θ_final); null when the sweep did not keep final values ({@link Sweep.Options#withFinalValues}). */
    public final double[] loss;
    /** ‖∇L(θ_final)‖. */
    public final double[] gradNorm;
    /** N = ‖θ_final‖². */
    public final double[] norm2;
    /** D = ‖first factor‖² − ‖second factor‖² at θ_final. */
    public final double[] imbalance;
    /** The family's derived quantities ({@link org.gdsweep.engine.problem.Problem#derivedQuantities()}), in order. */
    public final List<DerivedQuantity> derivedQuantities;
    /** derived[k][run] = derivedQuantities[k] at θ_final; null when the sweep did not keep final values. */
    public final double[][] derived;
    /** Which parameters' final values are kept (indices into θ), ascending. */
    public final int[] thetaIndex;
    /** theta[q][run] = final θ_{thetaIndex[q]}. */
    public final double[][] theta;
    /** Sharpness (top Hessian eigenvalue, {@link Sharpness}) at the limit of converged runs, NaN otherwise; null if not requested. */
    public final double[] sharpness;
    /**
     * Asymptotic gradient norm: for undecided (bounded) runs the mean ‖∇L‖ over the T iterates that follow the cap
     * (continued with the scalar reference), for converged runs the final ‖∇L‖, NaN for diverged runs (or runs that
     * leave the radius within the window); null if not requested.
     */
    public final double[] asymptoticGradNorm;

    /** Orbit period ({@link RunRecorder}): 1 converged, p ≥ 2 periodic, 0 aperiodic/unknown, −1 diverged; null if not requested. */
    public final byte[] period;
    /** ‖θ_final − θ₀‖; null if not requested. */
    public final double[] distance;
    /**
     * Regularised scalar-vector problem (y &gt; λ &gt; 0): +1 if the reached minimiser ±√(y−λ)(u₀+v₀)/‖u₀+v₀‖ is the
     * nearest one (u∞·(u₀+v₀) &gt; 0), −1 the farthest, 0 otherwise (not converged, not defined); null if not requested.
     */
    public final byte[] minimiserSide;
    /**
     * Sign pattern of the final iterate θ_final (at the cap for undecided runs, so all of them share one phase), as
     * {@link RunRecorder#orthant}; null if not requested. With the period it identifies which fixed point or periodic
     * orbit (of the map applied p times) a run ended on (the orbit labels of the fractal measures).
     */
    public final long[] limitOrthant;

    public SweepResult(int runs, List<DerivedQuantity> derivedQuantities, int[] thetaIndex) {
        this(runs, derivedQuantities, thetaIndex, false, false, false);
    }

    public SweepResult(int runs, List<DerivedQuantity> derivedQuantities, int[] thetaIndex, boolean hasSharpness, boolean hasAsymptotic,
                       boolean hasLimitFeatures) {
        this(runs, derivedQuantities, thetaIndex, hasSharpness, hasAsymptotic, hasLimitFeatures, true);
    }

    /** @param hasFinalValues keep L, ‖∇L‖, N, D and the derived quantities per run; when false those arrays are null */
    public SweepResult(int runs, List<DerivedQuantity> derivedQuantities, int[] thetaIndex, boolean hasSharpness, boolean hasAsymptotic,
                       boolean hasLimitFeatures, boolean hasFinalValues) {
        status = new byte[runs];
        limit = new byte[runs];
        iterations = new int[runs];
        loss = hasFinalValues ? new double[runs] : null;
        gradNorm = hasFinalValues ? new double[runs] : null;
        norm2 = hasFinalValues ? new double[runs] : null;
        imbalance = hasFinalValues ? new double[runs] : null;
        this.derivedQuantities = List.copyOf(derivedQuantities);
        derived = hasFinalValues ? new double[derivedQuantities.size()][runs] : null;
        this.thetaIndex = thetaIndex.clone();
        theta = new double[thetaIndex.length][runs];
        sharpness = hasSharpness ? new double[runs] : null;
        asymptoticGradNorm = hasAsymptotic ? new double[runs] : null;
        period = hasLimitFeatures ? new byte[runs] : null;
        distance = hasLimitFeatures ? new double[runs] : null;
        minimiserSide = hasLimitFeatures ? new byte[runs] : null;
        limitOrthant = hasLimitFeatures ? new long[runs] : null;
    }

    public int runs() { return status.length; }

    /** An empty result of {@code runs} runs with the same fields as this one (the whole map of which this is a tile). */
    public SweepResult emptyLike(int runs) {
        return new SweepResult(runs, derivedQuantities, thetaIndex, sharpness != null, asymptoticGradNorm != null, period != null, loss != null);
    }

    /** Copies every run of this result into {@code whole} from run {@code offset} on (a tile into its map). */
    public void copyTo(SweepResult whole, int offset) {
        int n = runs();
        System.arraycopy(status, 0, whole.status, offset, n);
        System.arraycopy(limit, 0, whole.limit, offset, n);
        System.arraycopy(iterations, 0, whole.iterations, offset, n);
        copy(loss, whole.loss, offset);
        copy(gradNorm, whole.gradNorm, offset);
        copy(norm2, whole.norm2, offset);
        copy(imbalance, whole.imbalance, offset);
        for (int k = 0; derived != null && k < derived.length; k++) copy(derived[k], whole.derived[k], offset);
        for (int q = 0; q < theta.length; q++) copy(theta[q], whole.theta[q], offset);
        copy(sharpness, whole.sharpness, offset);
        copy(asymptoticGradNorm, whole.asymptoticGradNorm, offset);
        copy(period, whole.period, offset);
        copy(distance, whole.distance, offset);
        copy(minimiserSide, whole.minimiserSide, offset);
        copy(limitOrthant, whole.limitOrthant, offset);
    }

    private static void copy(Object from, Object to, int offset) {
        if (from != null) System.arraycopy(from, 0, to, offset, java.lang.reflect.Array.getLength(from));
    }

    /** The values of the derived quantity of that name, or null when the family has none or final values were skipped. */
    public double[] derived(String name) {
        if (derived == null) return null;
        for (int k = 0; k < derivedQuantities.size(); k++) if (derivedQuantities.get(k).name().equals(name)) return derived[k];
        return null;
    }

    /** Number of runs with the given status. */
    public long count(Status s) {
        return statusCounts()[s.code & 0xFF];
    }

    /** Number of runs whose limit is of the given kind (converged runs only; {@code NONE} counts the others). */
    public long count(org.gdsweep.engine.problem.LimitKind k) {
        return limitCounts()[k.code & 0xFF];
    }

    /**
     * Runs per status code: entry {@code c & 0xFF} counts the runs of code {@code c} (negative codes, such as the
     * quotient plane's points outside its wedge, included). One pass over the map, for summaries that need every count.
     */
    public long[] statusCounts() {
        return histogram(status);
    }

    /** Runs per limit code, as {@link #statusCounts}. */
    public long[] limitCounts() {
        return histogram(limit);
    }

    /**
     * Occurrences of each byte value, entry {@code b & 0xFF}. Four tables, one per position mod 4: a run of equal codes
     * (most of a map) then makes four independent chains of increments instead of one, each waiting on the last store.
     * A summary of a 4096² map counted each code in a pass of its own (9 passes, 0.09 s in a cold process).
     */
    private static long[] histogram(byte[] codes) {
        int[] t = new int[4 * 256];
        int n = codes.length, i = 0;
        for (; i + 4 <= n; i += 4) {
            t[codes[i] & 0xFF]++;
            t[256 + (codes[i + 1] & 0xFF)]++;
            t[512 + (codes[i + 2] & 0xFF)]++;
            t[768 + (codes[i + 3] & 0xFF)]++;
        }
        for (; i < n; i++) t[codes[i] & 0xFF]++;
        long[] counts = new long[256];
        for (int b = 0; b < 256; b++) counts[b] = (long) t[b] + t[256 + b] + t[512 + b] + t[768 + b];
        return counts;
    }

    /** Σ iterations: the useful lane-iterations of the sweep. */
    public long laneIterations() {
        return laneIterations(0, runs());
    }

    /** Σ GD steps of runs first … first+count−1. */
    public long laneIterations(int first, int count) {
        long sum = 0;
        for (int i = first; i < first + count; i++) sum += iterations[i];
        return sum;
    }
}
