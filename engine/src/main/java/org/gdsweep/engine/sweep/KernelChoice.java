package org.gdsweep.engine.sweep;

import java.util.function.Supplier;

/**
 * The lane kernel a provider chose for a problem, before it is made: its class, what compiling it costs a cold process,
 * and how to make one (one per worker thread).
 *
 * <p>Why not the kernel itself: a cold sweep starts on scalar code and makes its vector kernels only when it decides to
 * train one ({@link Sweep.WarmStart}). A sweep that the scalar code finishes (most maps up to ~1024² here) then never
 * loads the Vector API: its module (added at run time, {@link VectorModule}), its ~130 classes and the ~100 classes it
 * spins for its operations cost a 1024² map 0.07 s of its 0.56 s whole process, and the default sweep 0.17 s of its
 * 1.10 s (medians of 10 alternated runs; BENCHMARKS.md, session 20).
 *
 * @param kernel          the class of the kernels {@link #make} returns (the key of the warm start's per-JVM records)
 * @param warmUpCost      what compiling the kernel costs a cold process, relative to a typical vector kernel (1): a
 *                        cold sweep's warm start trains it only when the scalar code's predicted remaining time
 *                        exceeds this many times {@link Sweep.WarmStart#SWITCH_SECONDS}. Kernels whose C2 compilation
 *                        takes seconds of a core, rather than tenths, say so here, so that sweeps the scalar code
 *                        finishes sooner are not slowed down by compiling them.
 * @param paceWindowScale how soon a cold sweep's warm start judges the scalar code's pace, as a fraction of its window
 *                        (from 150 ms of scalar time in this JVM, over 100 ms). 1 for most kernels: the scalar code runs
 *                        interpreted and in C1 code first, and its early pace overstates what is left (15-fold for the
 *                        5×4 scalar step 50 ms in), so a kernel whose compilation is expensive would be trained for
 *                        sweeps the scalar code finishes sooner. A kernel that is cheap to compile may judge sooner in
 *                        a job of several sweeps (a tiled map, {@link Sweep.Options#withRunsToCome}): training it
 *                        wrongly costs little there, and waiting costs the job a quarter of a second. A lone sweep keeps
 *                        the full window.
 * @param make            a new kernel of class {@link #kernel} (for a vector kernel, this adds the Vector API's module
 *                        to the JVM if it is not there yet)
 */
public record KernelChoice(Class<? extends LaneKernel> kernel, double warmUpCost, double paceWindowScale, Supplier<LaneKernel> make) {
    /** A kernel with the usual warm-up: cost 1, the full pace window. */
    public static KernelChoice of(Class<? extends LaneKernel> kernel, Supplier<LaneKernel> make) {
        return new KernelChoice(kernel, 1, 1, make);
    }
}
