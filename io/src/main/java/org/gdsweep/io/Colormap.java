package org.gdsweep.io;

/**
 * Viridis (van der Walt &amp; Smith, matplotlib's default): perceptually uniform, readable in grey scale and by
 * colour-blind readers. Evaluated with the degree-6 polynomial fit by Matt Zucconi (public domain), within about
 * 1% of the tabulated map on [0,1].
 */
public final class Colormap {
    private static final double[][] C = {
        {0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
        {0.1050930431085774, 1.404613529898575, 1.384590162594685},
        {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
        {-4.634230498983486, -5.799100973351585, -19.33244095627987},
        {6.228269936347081, 14.17993336680509, 56.69055260068105},
        {4.776384997670288, -13.74514537774601, -65.35303263337234},
        {-5.435455855934631, 4.645852612178535, 26.3124352495832},
    };

    /** Table size of {@link #viridisFast}: 4096 steps are finer than 8-bit colour resolves. */
    private static final int STEPS = 4096;
    private static final int[] TABLE = new int[STEPS];

    static {
        for (int k = 0; k < STEPS; k++) TABLE[k] = viridis((double) k / (STEPS - 1));
    }

    private Colormap() {}

    /** {@link #viridis} at t rounded to the nearest of 4096 steps, from a table (for millions of pixels). */
    public static int viridisFast(double t) {
        if (!(t >= 0)) t = 0;
        if (t > 1) t = 1;
        return TABLE[(int) (t * (STEPS - 1) + 0.5)];
    }

    /** 0xRRGGBB of viridis at t, clamped to [0,1]; NaN maps to 0. */
    public static int viridis(double t) {
        if (!(t >= 0)) t = 0;
        if (t > 1) t = 1;
        int rgb = 0;
        for (int ch = 0; ch < 3; ch++) {
            double v = C[6][ch];
            for (int k = 5; k >= 0; k--) v = C[k][ch] + t * v;
            rgb = (rgb << 8) | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
        }
        return rgb;
    }
}
