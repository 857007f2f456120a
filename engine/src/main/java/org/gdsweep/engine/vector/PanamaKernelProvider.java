package org.gdsweep.engine.vector;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.sweep.KernelProvider;
import org.gdsweep.engine.sweep.LaneKernel;
import org.gdsweep.engine.sweep.StopRule;

/** The Vector API kernels as a {@link KernelProvider}; created reflectively by {@link KernelProvider#vector()}. */
public final class PanamaKernelProvider implements KernelProvider {
    @Override public LaneKernel kernel(Problem problem, StopRule rule) { return VectorSupport.kernel(problem, rule); }

    @Override public LaneKernel scalarKernel(Problem problem, StopRule rule) { return FamilyKernels.scalarKernel(problem, rule); }

    @Override public void linkOperations() { VectorLinkage.link(); }

    @Override public boolean vectorised() { return true; }

    @Override public int laneBits() { return VectorSupport.laneBits(); }

    @Override public int laneCount() { return VectorSupport.laneCount(); }

    @Override public int preferredBits() { return VectorSupport.preferredBits(); }

    @Override public String checkBits(int bits) { return VectorSupport.checkBits(bits); }

    @Override public boolean lockstep() { return VectorSupport.lockstep(); }
}
