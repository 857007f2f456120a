package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.KernelChoice;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.StopRule;
import org.gdsweep.engine.sweep.VectorModule;

/**
 * The Vector API kernels as a {@link KernelProvider}; created reflectively by {@link KernelProvider#vector()}. Choosing a
 * kernel and the scalar loops need no Vector API class; what does (making a kernel, the lane width) adds the module to
 * the JVM first ({@link VectorModule#require}).
 */
public final class PanamaKernelProvider implements KernelProvider {
    @Override public KernelChoice choose(Problem problem, StopRule rule) { return FamilyKernels.choose(problem, rule); }

    @Override public LaneKernel scalarKernel(Problem problem, StopRule rule) { return FamilyKernels.scalarKernel(problem, rule); }

    @Override public void linkOperations() { VectorModule.require(); VectorLinkage.link(); }

    @Override public boolean vectorised() { return true; }

    @Override public int laneBits() { VectorModule.require(); return VectorSupport.laneBits(); }

    @Override public int laneCount() { VectorModule.require(); return VectorSupport.laneCount(); }

    @Override public int preferredBits() { VectorModule.require(); return VectorSupport.preferredBits(); }

    @Override public String checkBits(int bits) { VectorModule.require(); return VectorSupport.checkBits(bits); }

    @Override public boolean lockstep() { return LaneBook.LOCKSTEP; } // LaneBook needs no Vector API class
}
