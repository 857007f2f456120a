package org.gdsweep.cli;

import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

import picocli.CommandLine.Option;

/** A 2-D slice θ₀ + α·e₁ + β·e₂ sampled on a W × H grid over its window. */
final class SliceOptions extends SliceWindowOptions {
    @Option(names = "--size", paramLabel = "W[xH]", order = 24, defaultValue = "256", description = "Grid points per side, W or WxH. Default: ${DEFAULT-VALUE}.")
    String size;

    /** Most runs a slice may have: 2^30 for one sweep in memory; the map command raises it for tiled maps. */
    long maxRuns = 1L << 30;

    Slice build(Problem problem, long seed, double eta) {
        int[] wh = Parse.size("--size", size, maxRuns);
        return build(problem, seed, eta, wh[0], wh[1]);
    }
}
