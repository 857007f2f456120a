package org.gdsweep.engine.problem;

/**
 * A full batch of training data: n samples of inputs xₛ ∈ ℝ^{d₀} and targets yₛ ∈ ℝ^{out}, both row-major (sample s
 * at {@code x[s·d₀ …]}, {@code y[s·out …]}). Validated on construction: at least one sample, every value finite.
 *
 * @param samples n ≥ 1
 * @param inputs  d₀ ≥ 1
 * @param outputs out ≥ 1
 * @param x       n × d₀ inputs
 * @param y       n × out targets
 */
public record TrainingData(int samples, int inputs, int outputs, double[] x, double[] y) {
    /** Most values a data set may hold (x and y together): 2²⁸ doubles, 2 GiB. */
    public static final long MAX_VALUES = 1L << 28;

    public TrainingData {
        if (samples < 1) throw new ProblemSpecException("--data needs at least one sample, got " + samples);
        if (inputs < 1 || outputs < 1) throw new ProblemSpecException("--data needs X and Y with at least one column each");
        if ((long) samples * (inputs + outputs) > MAX_VALUES) throw new ProblemSpecException("--data holds more than 2^28 values");
        if (x.length != samples * inputs) throw new ProblemSpecException("--data: X has " + x.length + " values for " + samples + " x " + inputs);
        if (y.length != samples * outputs) throw new ProblemSpecException("--data: Y has " + y.length + " values for " + samples + " x " + outputs);
        for (int i = 0; i < x.length; i++)
            if (!Double.isFinite(x[i])) throw new ProblemSpecException("--data: X[" + i / inputs + "," + i % inputs + "] is not finite");
        for (int i = 0; i < y.length; i++)
            if (!Double.isFinite(y[i])) throw new ProblemSpecException("--data: Y[" + i / outputs + "," + i % outputs + "] is not finite");
        x = x.clone();
        y = y.clone();
    }

    @Override public double[] x() { return x.clone(); }

    @Override public double[] y() { return y.clone(); }

    /**
     * A teacher data set: inputs i.i.d. N(0, 1) from the stream "data-inputs" of {@code seed}; targets the outputs of a
     * random teacher network with the given widths and activation (weights N(0, 1/fan-in), biases N(0, 0.1²) when
     * {@code biases}, from the stream "teacher"), evaluated in float64.
     */
    public static TrainingData teacher(int[] widths, Activation activation, boolean biases, int samples, long seed) {
        int d0 = widths[0], out = widths[widths.length - 1];
        Rng inputs = Rng.stream(seed, "data-inputs");
        double[] x = new double[samples * d0];
        for (int i = 0; i < x.length; i++) x[i] = inputs.nextGaussian();
        MultilayerPerceptron net = MultilayerPerceptron.shapeOnly(widths, activation, biases);
        double[] w = new double[net.parameterCount()];
        Rng rng = Rng.stream(seed, "teacher");
        for (int p = 0; p < w.length; p++) w[p] = rng.nextGaussian() * (net.isBias(p) ? 0.1 : 1 / Math.sqrt(net.fanIn(p)));
        double[] y = new double[samples * out];
        double[] scratch = new double[net.activationScratch()];
        for (int s = 0; s < samples; s++) net.outputs(w, x, s, y, s * out, scratch);
        return new TrainingData(samples, d0, out, x, y);
    }
}
