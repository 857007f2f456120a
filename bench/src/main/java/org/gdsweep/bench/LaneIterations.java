package org.gdsweep.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The figure of merit every gdsweep benchmark reports: JMH prints this counter's rate, lane-iterations (GD steps of
 * one run) per second, as {@code <benchmark>:laneIterations}. A benchmark method takes it as a parameter and adds the
 * lane-iterations its call did.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class LaneIterations {
    public long laneIterations;

    @Setup(Level.Iteration)
    public void reset() {
        laneIterations = 0;
    }
}
