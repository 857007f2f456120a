package org.gdsweep.engine.problem;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), chosen because it is tiny, fully specified and therefore produces the
 * same numbers on every machine and JDK, and is easy to reproduce in NumPy for cross-checks.
 *
 * <p>State update s ← s + 0x9E3779B97F4A7C15; output z = mix(s) with the standard two multiply-xorshift rounds.
 * Uniform doubles are (z ≫ 11)·2⁻⁵³ ∈ [0,1). Gaussians use Box–Muller with {@link StrictMath} (bit-reproducible):
 * g = √(−2 ln(1 − u₁))·cos(2π u₂), one normal per two uniforms.
 */
public final class Rng {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * An independent stream for one purpose: seed' = mix(seed ^ mix(h)) where h is {@link String#hashCode()} of
     * the stream name (specified by the JLS). Streams used: "slice" (directions), "origin" (θ₀), "target" (Y).
     */
    public static Rng stream(long seed, String name) {
        return new Rng(mix(seed ^ mix(name.hashCode() + 0x9E3779B97F4A7C15L)));
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    /** Uniform in [0,1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by Box–Muller (cosine branch only). */
    public double nextGaussian() {
        double u1 = nextDouble(), u2 = nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(1 - u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
    }
}
