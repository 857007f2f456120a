package org.gdsweep.engine.vector;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one double species every kernel uses. It is {@code static final} because C2 only intrinsifies Vector API
 * calls whose species is a compile-time constant; the price is that the width is fixed once per JVM, from the
 * system property {@code gdsweep.vector.bits} (64, 128, 256 or 512, at most the CPU's preferred width), read
 * when this class initialises. Tests cover narrow widths in separate JVM forks, as Lucene does.
 */
final class LaneSpecies {
    static final VectorSpecies<Double> SPECIES = choose(System.getProperty(VectorSupport.BITS_PROPERTY));
    /** Floats of the same vector width, for the opt-in float32 kernel (twice the lanes). */
    static final VectorSpecies<Float> FLOAT_SPECIES = VectorSpecies.of(float.class, SPECIES.vectorShape());

    private LaneSpecies() {}

    private static VectorSpecies<Double> choose(String requested) {
        if (requested == null || requested.isBlank() || requested.equals("auto")) return DoubleVector.SPECIES_PREFERRED;
        int bits;
        try {
            bits = Integer.parseInt(requested.trim());
        } catch (NumberFormatException e) {
            return DoubleVector.SPECIES_PREFERRED; // validated at the edge by VectorSupport.checkBits
        }
        if (VectorSupport.checkBits(bits) != null) return DoubleVector.SPECIES_PREFERRED;
        return VectorSpecies.of(double.class, VectorShape.forBitSize(bits));
    }
}
