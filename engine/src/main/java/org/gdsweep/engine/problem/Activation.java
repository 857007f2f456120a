package org.gdsweep.engine.problem;

import java.util.Locale;

/**
 * The activation σ of a network's hidden layers ({@link MultilayerPerceptron}), with σ′ and σ″ for gradients and exact
 * Hessian-vector products. The output layer is always linear.
 *
 * <ul>
 *   <li>{@link #RELU}: σ(z) = z for z &gt; 0, else +0.0; σ′(z) = 1 for z &gt; 0, else 0 (the subgradient 0 at z = 0, as
 *       PyTorch and JAX take it); σ″ = 0. Exact in every arithmetic.</li>
 *   <li>{@link #TANH}: σ = {@link #tanh}, gdsweep's own tanh (not {@link Math#tanh}, whose result may differ between
 *       the JIT's intrinsic and the interpreter and has no lane-wise twin that is guaranteed to round the same way);
 *       σ′ = 1 − t², σ″ = −2t(1 − t²) with t = σ(z).</li>
 *   <li>{@link #LINEAR}: σ(z) = z; the network is then a deep linear network with biases.</li>
 * </ul>
 */
public enum Activation {
    RELU, TANH, LINEAR;

    /** Clamp of tanh's argument: tanh(±20) rounds to ±1 in float64 (1 − tanh(20) ≈ 8.5e-18 &lt; ulp(1)/2). */
    public static final double TANH_CLAMP = 20;
    /** log₂ e. */
    public static final double LOG2E = 1.4426950408889634;
    /** 1.5·2⁵²: adding and subtracting it rounds a double of magnitude &lt; 2⁵¹ to the nearest integer (ties to even). */
    public static final double ROUNDING_SHIFTER = 6755399441055744.0;
    /** ln 2 split in two (fdlibm's ln2HI / ln2LO): k·LN2_HI is exact for |k| &lt; 2¹¹. */
    public static final double LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
    /** 1/k! for k = 13 down to 2: the Taylor coefficients of (eʳ − 1 − r)/r² … evaluated by Horner from the top. */
    public static final double[] EXPM1_COEFFICIENTS = {
            1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0,
            1.0 / 5040.0, 1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 1.0 / 2.0};

    /**
     * gdsweep's tanh, the same bits in the scalar reference and every lane kernel: x is clamped to [−20, 20];
     * t = 2x = k·ln 2 + r with k = round(t/ln 2) (Cody–Waite, |r| ≤ ln2/2); eʳ − 1 = r + r²/2! + … + r¹³/13! by Horner
     * (truncation ≤ 4e-18 relative); eᵗ − 1 = 2ᵏ(eʳ − 1) + (2ᵏ − 1); tanh x = (eᵗ − 1)/(eᵗ − 1 + 2). Every operation is a
     * separate IEEE multiply, add, subtract or divide (never fused, in every arithmetic), so vector lanes reproduce it.
     * Within 4 ulp of {@link StrictMath#tanh} (MultilayerPerceptronTest);
     * tanh(0) = +0, tanh(±20 and beyond) = ±1, NaN stays NaN.
     */
    public static double tanh(double x) {
        double c = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        double t = c * 2.0;
        double k = (t * LOG2E + ROUNDING_SHIFTER) - ROUNDING_SHIFTER;
        double r = (t - k * LN2_HI) - k * LN2_LO;
        double[] cs = EXPM1_COEFFICIENTS;
        double q = cs[0];
        for (int i = 1; i < cs.length; i++) q = q * r + cs[i];
        q = q * r + 1.0;
        q = q * r;
        double scale = Double.longBitsToDouble(((long) k + 1023L) << 52);
        double em1 = scale * q + (scale - 1.0);
        return em1 / (em1 + 2.0);
    }

    /** Clamp of the float tanh's argument: tanh(±10) rounds to ±1 in float32. */
    public static final float TANH_CLAMP_FLOAT = 10f;
    /** log₂ e, 1.5·2²³ (rounds floats of magnitude &lt; 2²² to integers) and ln 2 split for float (k·LN2_HI_FLOAT exact for |k| &lt; 2¹²). */
    public static final float LOG2E_FLOAT = 1.442695041f, ROUNDING_SHIFTER_FLOAT = 12582912f, LN2_HI_FLOAT = 0.693145751953125f,
            LN2_LO_FLOAT = 1.42860677e-06f;
    /** 1/k! for k = 8 down to 2, as floats (truncation after r⁸/8!: ≤ 2e-10 relative for |r| ≤ ln2/2). */
    public static final float[] EXPM1_COEFFICIENTS_FLOAT = {1f / 40320f, 1f / 5040f, 1f / 720f, 1f / 120f, 1f / 24f, 1f / 6f, 1f / 2f};

    /**
     * The float32 twin of {@link #tanh}: the same algorithm with every operation a float operation, the clamp at ±10,
     * a degree-8 expm1 polynomial and 2ᵏ from float bits. Within 4 ulp (of float) of tanh (MultilayerPerceptronTest).
     */
    public static float tanhFloat(float x) {
        float c = Math.max(-TANH_CLAMP_FLOAT, Math.min(TANH_CLAMP_FLOAT, x));
        float t = c * 2f;
        float k = (t * LOG2E_FLOAT + ROUNDING_SHIFTER_FLOAT) - ROUNDING_SHIFTER_FLOAT;
        float r = (t - k * LN2_HI_FLOAT) - k * LN2_LO_FLOAT;
        float[] cs = EXPM1_COEFFICIENTS_FLOAT;
        float q = cs[0];
        for (int i = 1; i < cs.length; i++) q = q * r + cs[i];
        q = q * r + 1f;
        q = q * r;
        float scale = Float.intBitsToFloat(((int) k + 127) << 23);
        float em1 = scale * q + (scale - 1f);
        return em1 / (em1 + 2f);
    }

    /** σ(z) for a hidden unit in {@code ar}'s precision (float32: {@link #tanhFloat}). */
    public double apply(double z, Arithmetic ar) {
        return switch (this) {
            case RELU -> z > 0 ? z : 0.0;
            case TANH -> ar == Arithmetic.FLOAT32 ? tanhFloat((float) z) : tanh(z);
            case LINEAR -> z;
        };
    }

    /**
     * The back-propagated error of a hidden unit, e·σ′(z), with t = σ(z) already computed: e for z &gt; 0 else +0.0
     * (ReLU), e·(1 − t²) (tanh, as {@code ar.mul(e, ar.sub(1, ar.mul(t, t)))}), e (linear).
     */
    public double backpropagate(double e, double z, double t, Arithmetic ar) {
        return switch (this) {
            case RELU -> z > 0 ? e : 0.0;
            case TANH -> ar.mul(e, ar.sub(1.0, ar.mul(t, t)));
            case LINEAR -> e;
        };
    }

    /** σ′(z) given t = σ(z), in float64. */
    public double slope(double z, double t) {
        return switch (this) {
            case RELU -> z > 0 ? 1.0 : 0.0;
            case TANH -> 1.0 - t * t;
            case LINEAR -> 1.0;
        };
    }

    /** σ″(z) given t = σ(z), in float64 (0 for ReLU and linear). */
    public double curvature(double t) {
        return this == TANH ? -2.0 * t * (1.0 - t * t) : 0.0;
    }

    /** Lower-case name, as {@code --activation} takes it and files record it. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The activation {@code --activation NAME} names. */
    public static Activation named(String name) {
        for (Activation a : values()) if (a.label().equals(name.trim())) return a;
        throw new ProblemSpecException("--activation must be one of relu, tanh, linear, got '" + name + "'");
    }
}
