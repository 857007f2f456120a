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
}
