package org.gdsweep.io;

import java.util.Map;

import io.jhdf.api.WritableGroup;

import org.gdsweep.engine.problem.DefiningArray;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;

/** The groups several file kinds share, each written one way: {@code slice/} and {@code problem/}. */
final class Hdf5Groups {
    private Hdf5Groups() {}

    /** {@code slice/}: θ₀, e₁, e₂ and the attributes {@code window} = [α₀, α₁, β₀, β₁] and {@code theta}. */
    static void slice(Hdf5Layout.Kind kind, WritableGroup root, Slice s) {
        WritableGroup g = root.putGroup("slice");
        Hdf5Layout.put(kind, g, "slice/origin", s.origin());
        Hdf5Layout.put(kind, g, "slice/e1", s.e1());
        Hdf5Layout.put(kind, g, "slice/e2", s.e2());
        g.putAttribute("window", new double[] {s.alpha0(), s.alpha1(), s.beta0(), s.beta1()});
        g.putAttribute("theta", "theta(alpha, beta) = origin + alpha*e1 + beta*e2");
    }

    /**
     * {@code problem/}: the parameter names, the problem's attributes and its defining arrays, everything
     * {@link Hdf5Problems#read} needs to rebuild the problem.
     */
    static void problem(Hdf5Layout.Kind kind, WritableGroup root, Problem p) {
        String[] names = new String[p.parameterCount()];
        for (int q = 0; q < names.length; q++) names[q] = p.parameterName(q);
        WritableGroup g = root.putGroup("problem");
        Hdf5Output.attribute(g, "parameter_names", names);
        for (Map.Entry<String, Object> e : p.attributes().entrySet()) Hdf5Output.attribute(g, e.getKey(), e.getValue());
        g.putAttribute("loss_family", p.family().name());
        for (DefiningArray a : p.definingArrays())
            Hdf5Layout.putFamilyDefined(kind, g, "problem/" + a.name(), Hdf5Output.grid(a.values(), a.rows(), a.cols()), a.description(), "", a.dims());
    }
}
