package org.gdsweep.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.LabelMaps;
import org.gdsweep.engine.fractal.UncertaintyExponent;

import picocli.CommandLine.Option;

/** Which labels and boundary the fractal measures use. */
final class MeasureOptions {
    @Option(names = "--labels", order = 70, description = "Label classes: convergence (converged / not), attractor (nearest / farthest minimiser / other converged / diverged / undecided) or orbit (which fixed point or periodic orbit: orbit period + sign pattern of the final iterate; for problems with more than two attractors). attractor and orbit need --limit-features. Default: attractor when minimiser sides are known, else convergence.")
    String labels;
    @Option(names = "--classes", paramLabel = "A,B", order = 71, description = "Measure the boundary between label classes A and B only. Default: 0,1 (converged to a minimiser / not converged) for convergence labels, any two classes otherwise.")
    String classes;
    @Option(names = "--entropy-box", order = 72, defaultValue = "5", description = "Box side n (pixels) of the basin entropy (>= 2). Default: ${DEFAULT-VALUE}.")
    int entropyBox;

    String labels(boolean limitFeaturesKnown) {
        return checkLabels("--labels", labels != null ? labels : limitFeaturesKnown ? LabelMaps.ATTRACTOR : LabelMaps.CONVERGENCE, limitFeaturesKnown);
    }

    /** The label kind named by an option, validated: attractor and orbit labels need the limit features. */
    static String checkLabels(String option, String value, boolean limitFeaturesKnown) {
        String l = value.trim();
        if (!l.equals(LabelMaps.ATTRACTOR) && !l.equals(LabelMaps.CONVERGENCE) && !l.equals(LabelMaps.ORBIT))
            throw new BadInputException(option + " must be convergence, attractor or orbit, got '" + value + "'");
        if (LabelMaps.needsLimitFeatures(l) && !limitFeaturesKnown)
            throw new BadInputException(option + " " + l + " needs the limit features (map with --limit-features)");
        return l;
    }

    /** The classes to measure between: --classes, else the labelling's default (convergence: 0 and 1, see LabelMaps). */
    int[] classes(String labelKind) {
        return classes(classes, labelKind);
    }

    /** {@code --classes} text (null: not given) for labels of {@code labelKind}, validated. */
    static int[] classes(String text, String labelKind) {
        if (text == null) return LabelMaps.defaultClasses(labelKind);
        if (LabelMaps.ORBIT.equals(labelKind))
            throw new BadInputException("--classes applies to convergence or attractor labels (orbit labels have no fixed numbering)");
        double[] c = Parse.numbers("--classes", text, ",");
        if (c.length != 2 || c[0] != Math.rint(c[0]) || c[1] != Math.rint(c[1]) || c[0] < 0 || c[1] < 0 || c[0] == c[1] || c[0] > 4 || c[1] > 4)
            throw new BadInputException("--classes must be two distinct labels in [0, 4], got '" + text + "'");
        return new int[] {(int) c[0], (int) c[1]};
    }

    int entropyBox() {
        if (entropyBox < 2 || entropyBox > 4096) throw new BadInputException("--entropy-box must be in [2, 4096], got " + entropyBox);
        return entropyBox;
    }

    /**
     * Box counting and basin entropies of a tiled map (its tiles in row order, W × H in all), read one tile at a time:
     * memory holds a tile and the boundary, and the numbers equal those of the whole map in memory.
     */
    static org.gdsweep.engine.fractal.StreamingMeasures measureTiles(java.util.List<java.nio.file.Path> tiles, int width, int height,
                                                                     String labels, int[] cls, int box) {
        var m = new org.gdsweep.engine.fractal.StreamingMeasures(width, height, cls[0], cls[1], box);
        for (java.nio.file.Path t : tiles) {
            org.gdsweep.io.Hdf5Reader.LabelFields f = org.gdsweep.io.Hdf5Reader.labelFields(t);
            m.addRows(org.gdsweep.engine.fractal.LabelMaps.labels(f.status(), f.limit(), f.minimiserSide(), f.period(), f.limitOrthant(), labels), f.height());
        }
        return m;
    }

    static void print(PrintWriter out, String labels, int[] cls, BoxCounting bc, BasinEntropy e, UncertaintyExponent u) {
        int[] range = bc.range();
        out.printf(Locale.ROOT, "box-counting dimension of the %s boundary (%s): %.4f +- %.4f (boxes %d..%d px, %d scales; error = fit %.4f, range %.4f, offset %.4f, resolution %s)%n",
                labels, cls[0] < 0 ? "any two classes" : "classes " + cls[0] + "," + cls[1], bc.dimension(), bc.error(),
                range[0], range[1], bc.fit().points(), bc.standardError(), bc.rangeError(), bc.offsetError(),
                Double.isNaN(bc.resolutionError()) ? "not computed" : String.format(Locale.ROOT, "%.4f (half resolution %.4f)", bc.resolutionError(), bc.halfResolutionDimension()));
        out.printf(Locale.ROOT, "basin entropy S_b = %.4f, boundary basin entropy S_bb = %.4f (%d-px boxes, %,d of %,d on a boundary; ln 2 = %.4f)%n",
                e.sb(), e.sbb(), e.boxSize(), e.boundaryBoxes(), e.boxes(), Math.log(2));
        if (u != null) printUncertainty(out, u, "box counting", bc.dimension(), bc.error());
    }

    /** {@code --uncertainty N}: N in [100, 10^8] (null: not asked for). */
    static void checkUncertaintySamples(Integer samples) {
        if (samples != null && (samples < 100 || samples > 100_000_000))
            throw new BadInputException("--uncertainty must be in [100, 100000000], got " + samples);
    }

    /** Refuses up front an uncertainty exponent whose runs cannot fit in the heap (null: not asked for). */
    static void checkUncertaintyHeap(Integer samples) {
        if (samples != null) // N samples, each run at 1 + 2·9 points (status, iterations, limit features ~ 80 B) + its point
            ExecOptions.checkHeap("--uncertainty", String.format(Locale.ROOT, "%,d samples (%,d runs)", samples, 19L * samples),
                    samples * (19L * 80 + 32));
    }

    /** The uncertainty exponent's line, and whether it agrees with another estimate D ± E ({@code name}) of the dimension. */
    static void printUncertainty(PrintWriter out, UncertaintyExponent u, String name, double dimension, double error) {
        out.printf(Locale.ROOT, "uncertainty exponent alpha = %.4f +- %.4f -> boundary dimension 2 - alpha = %.4f (%,d samples; error = sampling %.4f, range %.4f, fit %.4f)%n",
                u.alpha(), u.error(), u.boundaryDimension(), u.samples(), u.samplingError(), u.rangeError(), u.fit().standardError());
        double diff = dimension - u.boundaryDimension(), combined = Math.hypot(error, u.error());
        out.printf(Locale.ROOT, "the two estimators %s: %s - (2 - alpha) = %+.4f, %.1f times their combined error %.4f%n",
                Math.abs(diff) <= 2 * combined ? "agree" : "DISAGREE", name, diff, Math.abs(diff) / combined, combined);
    }
}
