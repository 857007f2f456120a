package org.gdsweep.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.UncertaintyExponent;

/** Writes fractal measures into a group (layout in docs/hdf5-layout.md, "Fractal measures"). */
public final class Hdf5Measures {
    private Hdf5Measures() {}

    /**
     * Writes a map file's {@code measures} group ({@code g} is the file's root). The same group is the whole of a
     * measures file ({@link #write}).
     */
    public static void put(WritableGroup root, String labels, int classA, int classB, BoxCounting bc, BasinEntropy e,
                           UncertaintyExponent u) {
        put(Hdf5Layout.Kind.MAP, root, labels, classA, classB, bc, e, u);
    }

    /** A measures file ({@code gdsweep dimension}): provenance and the {@code measures} group, written atomically. */
    public static void write(Path target, boolean overwrite, Map<String, Object> provenance, String labels, int classA, int classB,
                             BoxCounting bc, BasinEntropy e) throws IOException {
        Hdf5Layout.write(Hdf5Layout.Kind.MEASURES, target, overwrite, provenance,
                f -> put(Hdf5Layout.Kind.MEASURES, f, labels, classA, classB, bc, e, null));
    }

    private static void put(Hdf5Layout.Kind kind, WritableGroup root, String labels, int classA, int classB, BoxCounting bc,
                            BasinEntropy e, UncertaintyExponent u) {
        WritableGroup g = root.putGroup("measures");
        g.putAttribute("labels", labels);
        g.putAttribute("boundary_classes", classA < 0 ? "any two classes" : classA + "," + classB);
        Hdf5Layout.put(kind, g, "measures/box_sizes", bc.boxSizes());
        Hdf5Layout.put(kind, g, "measures/box_counts", bc.counts());
        g.putAttribute("box_dimension", bc.dimension());
        g.putAttribute("box_dimension_standard_error", bc.standardError());
        // the error and its components (science.md §5): fit, scaling range, grid offset, resolution (NaN: not computed)
        g.putAttribute("box_dimension_error", bc.error());
        g.putAttribute("box_dimension_error_fit", bc.standardError());
        g.putAttribute("box_dimension_error_range", bc.rangeError());
        g.putAttribute("box_dimension_error_offset", bc.offsetError());
        g.putAttribute("box_dimension_error_resolution", bc.resolutionError());
        g.putAttribute("box_dimension_half_resolution", bc.halfResolutionDimension());
        g.putAttribute("box_dimension_range_pixels", bc.range());
        g.putAttribute("box_dimension_fit", "slope of ln N(s) vs ln(1/s) over the contiguous range of >= 4 scales (N >= 8, >= 16 boxes per side) with the smallest standard error");
        g.putAttribute("entropy_box", e.boxSize());
        g.putAttribute("basin_entropy", e.sb());
        g.putAttribute("boundary_basin_entropy", e.sbb());
        g.putAttribute("entropy_boxes", e.boxes());
        g.putAttribute("entropy_boundary_boxes", e.boundaryBoxes());
        if (u != null) {
            Hdf5Layout.put(kind, g, "measures/uncertainty_epsilon", u.epsilons());
            Hdf5Layout.put(kind, g, "measures/uncertain_fraction", u.uncertain());
            uncertaintyAttributes(u, bc.dimension(), bc.error()).forEach(g::putAttribute);
        }
    }

    /**
     * The uncertainty exponent's attributes and its agreement with another estimate D ± E of the same dimension (box
     * counting's, refinement's): α with its error and components, 2 − α, the samples; D − (2 − α), the combined error
     * √(E² + error(α)²) and whether the difference is within twice it. One set of names for every kind of file.
     */
    public static Map<String, Object> uncertaintyAttributes(UncertaintyExponent u, double dimension, double error) {
        Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("uncertainty_exponent", u.alpha());
        a.put("uncertainty_exponent_standard_error", u.fit().standardError());
        a.put("uncertainty_dimension", u.boundaryDimension());
        a.put("uncertainty_samples", u.samples());
        a.put("uncertainty_exponent_error", u.error());
        a.put("uncertainty_exponent_error_sampling", u.samplingError());
        a.put("uncertainty_exponent_error_range", u.rangeError());
        double diff = dimension - u.boundaryDimension(), combined = Math.hypot(error, u.error());
        a.put("estimators_difference", diff);
        a.put("estimators_combined_error", combined);
        a.put("estimators_agree", Math.abs(diff) <= 2 * combined ? "yes" : "no");
        return a;
    }
}
