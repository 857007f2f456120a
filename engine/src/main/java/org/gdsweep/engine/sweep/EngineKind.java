package org.gdsweep.engine.sweep;

/** Which implementation advances the lanes. Both give bit-identical results. */
public enum EngineKind {
    /** SIMD lanes in lockstep with the Vector API (default). */
    VECTOR,
    /** The plain scalar reference, one run at a time. */
    SCALAR
}
