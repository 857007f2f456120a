package org.gdsweep.io;

import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.fractal.BasinEntropy;
import org.gdsweep.engine.fractal.BoxCounting;
import org.gdsweep.engine.fractal.UncertaintyExponent;

/** Writes fractal measures into a group (layout in docs/hdf5-layout.md, "Fractal measures"). */
public final class Hdf5Measures {
    private Hdf5Measures() {}

    public static void put(WritableGroup g, String labels, int classA, int classB, BoxCounting bc, BasinEntropy e,
                           UncertaintyExponent u) {
        g.putAttribute("labels", labels);
        g.putAttribute("boundary_classes", classA < 0 ? "any two classes" : classA + "," + classB);
        Hdf5Output.put(g, "box_sizes", bc.boxSizes(), "box side s in pixels", "scale");
        Hdf5Output.put(g, "box_counts", bc.counts(), "N(s): occupied boxes (minimum over 4 offset grids)", "scale");
        g.putAttribute("box_dimension", bc.dimension());
        g.putAttribute("box_dimension_standard_error", bc.standardError());
        g.putAttribute("box_dimension_range_pixels", bc.range());
        g.putAttribute("box_dimension_fit", "slope of ln N(s) vs ln(1/s) over the contiguous range of >= 4 scales (N >= 8, >= 16 boxes per side) with the smallest standard error");
        g.putAttribute("entropy_box", e.boxSize());
        g.putAttribute("basin_entropy", e.sb());
        g.putAttribute("boundary_basin_entropy", e.sbb());
        g.putAttribute("entropy_boxes", e.boxes());
        g.putAttribute("entropy_boundary_boxes", e.boundaryBoxes());
        if (u != null) {
            Hdf5Output.put(g, "uncertainty_epsilon", u.epsilons(), "perturbation size relative to the window width", "epsilon");
            Hdf5Output.put(g, "uncertain_fraction", u.uncertain(), "fraction of epsilon-uncertain starts", "epsilon");
            g.putAttribute("uncertainty_exponent", u.alpha());
            g.putAttribute("uncertainty_exponent_standard_error", u.fit().standardError());
            g.putAttribute("uncertainty_dimension", u.boundaryDimension());
            g.putAttribute("uncertainty_samples", u.samples());
        }
    }
}
