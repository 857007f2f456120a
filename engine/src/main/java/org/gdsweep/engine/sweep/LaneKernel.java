package org.gdsweep.engine.sweep;

import org.gdsweep.engine.start.StartSource;

/**
 * Runs GD for a contiguous block of runs to completion. One instance per thread: kernels own mutable lane
 * buffers and are not thread-safe. Kernels do no I/O; results leave through the {@link LaneSink}.
 */
public interface LaneKernel {

    /** Runs runs {@code first … first+count−1} of {@code starts}, reporting each to {@code sink} exactly once. */
    void run(StartSource starts, long first, int count, LaneSink sink);

    /** Lanes advanced per instruction: 1 for the scalar reference, the species length for vector kernels. */
    int laneWidth();

    /** Total lane slots stepped so far (vector steps × lane width): the denominator of lane utilisation. */
    long laneSlotSteps();

    /**
     * Lane-iterations of live runs done so far, updated while {@link #run} runs and readable from another thread, or −1
     * where a kernel does not report them (its runs are short: a call's end is news enough). The warm start reads it to
     * see a trainer's pace inside a long call (Sweep.WarmStart#lookAtTrainer).
     */
    default long progress() {
        return -1;
    }

    /**
     * What compiling this kernel costs a cold process, relative to a typical vector kernel (1): a cold sweep's warm start
     * trains the kernel only when the scalar code's predicted remaining time exceeds this many times
     * Sweep.WarmStart#SWITCH_SECONDS. Kernels whose C2 compilation takes seconds of a core, rather than tenths, say so
     * here, so that sweeps the scalar code finishes sooner are not slowed down by compiling them.
     */
    default double warmUpCost() {
        return 1;
    }

    /**
     * How soon a cold sweep's warm start judges the scalar code's pace, as a fraction of Sweep.WarmStart's window (from
     * 150 ms of scalar time in this JVM, over 100 ms). 1 by default: the scalar code runs interpreted and in C1 code
     * first, and its early pace overstates what is left (15-fold for the 5×4 scalar step 50 ms in), so a kernel whose
     * compilation is expensive would be trained for sweeps the scalar code finishes sooner. A kernel that is cheap to
     * compile may judge sooner in a job of several sweeps (a tiled map, {@code Sweep.Options#withRunsToCome}): training
     * it wrongly costs little there, and waiting costs the job a quarter of a second. A lone sweep keeps the full window.
     */
    default double paceWindowScale() {
        return 1;
    }
}
