package org.gdsweep.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.io.IOException;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.WritableGroup;

/**
 * The one description of every file gdsweep writes: for each {@link Kind}, every dataset with its path, element type,
 * dimension names, units, description and when it is present. The writers put datasets only through
 * {@link #put}, so a dataset that is not catalogued cannot be written; {@code gdsweep layout --json} prints this
 * catalogue for {@code scripts/check_hdf5.py}, and a test checks it against {@code docs/hdf5-layout.md}.
 */
public final class Hdf5Layout {
    /** Version of the file layout, written as the root attribute {@code layout_version}; bump on incompatible changes. */
    public static final int VERSION = 1;

    /**
     * One dataset of a file kind.
     *
     * @param path        path from the file's root, e.g. {@code runs/status}
     * @param dtype       element type as h5py names it: int8, int32, int64, float64
     * @param dims        names of the axes, outermost first (the {@code dims} attribute; empty: none written)
     * @param units       units (the {@code units} attribute; empty: none written)
     * @param description the {@code description} attribute
     * @param when        when the dataset is present ({@code always}, or the option that adds it)
     */
    public record Field(String path, String dtype, List<String> dims, String units, String description, String when) {
        public Field {
            dims = List.copyOf(dims);
        }
    }

    /** The kinds of file, with the {@code layout} attribute each carries. */
    public enum Kind {
        MAP("gdsweep basin map"),
        SCAN("gdsweep step-size scan"),
        CRITICAL("gdsweep critical step sizes"),
        TRACE("gdsweep trajectories"),
        ZOOM("gdsweep zoom"),
        REFINE("gdsweep adaptive refinement"),
        MEASURES("gdsweep fractal measures"),
        MAP_INDEX("gdsweep basin map index"),
        SCAN_INDEX("gdsweep step-size scan index"),
        CRITICAL_TILE("gdsweep critical step sizes tile");

        /** The root attribute {@code layout}. */
        public final String title;

        Kind(String title) {
            this.title = title;
        }

        /** Lower case, as {@code gdsweep layout KIND} and the JSON spell it. */
        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final Map<Kind, Map<String, Field>> CATALOGUE = new LinkedHashMap<>();

    private static final String STATUS = "0 converged, 1 diverged (radius or non-finite), 2 undecided (iteration cap)";
    /** The {@code limit} datasets: {@link org.gdsweep.engine.problem.LimitKind} codes, with CF flag attributes. */
    static final String LIMIT = "what a converged run reached: 1 global minimiser, 2 the origin (a saddle unless it is the minimiser), "
            + "3 another critical point, 4 unclassified (minimum loss unknown), 0 did not converge (attributes flag_values, flag_meanings)";
    private static final String PERIOD = "1 converged, p >= 2 periodic orbit, 0 aperiodic/unknown, -1 diverged";
    private static final String SIDE = "+1 nearest, -1 farthest minimiser (regularised scalar problem), 0 otherwise";
    private static final String[] MAP_DIMS = {"beta", "alpha"}, RUN_DIMS = {"eta", "start"}, TRACE_DIMS = {"run", "point"};

    static {
        Kind k = Kind.MAP;
        add(k, "status", "int8", MAP_DIMS, "", STATUS, "always");
        add(k, "limit", "int8", MAP_DIMS, "", LIMIT, "always");
        add(k, "iterations", "int32", MAP_DIMS, "steps", "GD steps taken", "--fields iterations (default)");
        add(k, "loss", "float64", MAP_DIMS, "loss", "canonical loss at the final iterate", "--fields loss (default)");
        add(k, "grad_norm", "float64", MAP_DIMS, "loss/parameter", "Euclidean norm of the gradient at the final iterate", "--fields grad_norm (default)");
        add(k, "norm2", "float64", MAP_DIMS, "parameter^2", "N = squared Euclidean norm of the final iterate", "--fields norm2 (default)");
        add(k, "imbalance", "float64", MAP_DIMS, "parameter^2", "D = |first factor|^2 - |second factor|^2 at the final iterate", "--fields imbalance (default)");
        add(k, "{derived}", "float64", MAP_DIMS, "(the family's)", "SYMBOL at the final iterate: a derived quantity of the family (scalar: product u'v)", "the family defines it (--fields)");
        add(k, "sharpness", "float64", MAP_DIMS, "loss/parameter^2", "top Hessian eigenvalue at the limit of converged runs (of every bounded run with --fixed-horizon; NaN otherwise)", "--sharpness");
        add(k, "period", "int8", MAP_DIMS, "", PERIOD, "--limit-features");
        add(k, "distance", "float64", MAP_DIMS, "", "|theta_final - theta_0|", "--limit-features");
        add(k, "minimiser_side", "int8", MAP_DIMS, "", SIDE, "--limit-features");
        add(k, "limit_orthant", "int64", MAP_DIMS, "",
                "sign pattern of the final iterate: sum_q 3^(P-1-q) (s_q + 1), s_q = sign(theta_q), 0 within sqrt(tol) of 0 (exact up to 39 parameters)", "--limit-features");
        add(k, "asymptotic_grad_norm", "float64", MAP_DIMS, "", "undecided: mean |grad L| over the trailing window; converged: final; diverged: NaN", "--limit-features");
        add(k, "alpha", "float64", new String[] {"alpha"}, "", "coordinate along slice/e1 of each column (grid includes window edges)", "always");
        add(k, "beta", "float64", new String[] {"beta"}, "", "coordinate along slice/e2 of each row (grid includes window edges)", "always");
        slice(k, "theta_0, the slice origin");
        problem(k);
        add(k, "theta", "float64", new String[] {"parameter", "beta", "alpha"}, "",
                "final parameters, parameter axis first: theta[q, j, i] is parameter theta_index[q]", "--save-params or --color param:K");
        add(k, "theta_index", "int32", new String[0], "", "indices into the parameter vector of theta's rows", "--save-params or --color param:K");
        measures(k, "--measure or --uncertainty");

        k = Kind.SCAN;
        add(k, "eta", "float64", new String[] {"eta"}, "", "canonical step size of each scan point", "always");
        add(k, "eta_written", "float64", new String[] {"eta"}, "", "step size for the loss as written (paper form)", "--c/--mu");
        add(k, "converged_fraction", "float64", new String[] {"eta"}, "", "fraction of starts that converged", "always");
        add(k, "diverged_fraction", "float64", new String[] {"eta"}, "", "fraction of starts that diverged", "always");
        add(k, "undecided_fraction", "float64", new String[] {"eta"}, "", "fraction of starts still running at the cap", "always");
        add(k, "minimiser_fraction", "float64", new String[] {"eta"}, "", "fraction of starts that converged to a global minimiser (limit 1)", "always");
        add(k, "limit_counts", "int64", new String[] {"eta", "limit"}, "", "runs per limit code (column = code of runs/limit: 0 none, 1 minimiser, 2 origin, 3 other critical point, 4 unclassified)", "always");
        add(k, "asymptotic_grad_norm", "float64", new String[] {"eta"}, "", "mean over bounded runs of the asymptotic |grad L| (see runs/asymptotic_grad_norm)", "always");
        add(k, "bounded_runs", "int64", new String[] {"eta"}, "", "number of runs behind asymptotic_grad_norm", "always");
        add(k, "period_counts", "int64", new String[] {"eta", "period"}, "",
                "runs per orbit period p at column p + 1: p = -1 diverged, 0 aperiodic/unknown, 1 converged, 2.. periodic", "always");
        add(k, "nearest_fraction", "float64", new String[] {"eta"}, "", "regularised scalar problem: fraction of minimiser-reaching runs at the nearest minimiser", "always");
        add(k, "farthest_fraction", "float64", new String[] {"eta"}, "", "... at the farthest minimiser", "always");
        add(k, "quantile_levels", "float64", new String[] {"quantile"}, "", "probabilities of the quantiles", "always");
        for (String g : List.of("norm2", "imbalance", "sharpness", "iterations")) {
            String when = g.equals("sharpness") ? "unless --no-sharpness" : "always";
            add(k, g + "/quantiles", "float64", new String[] {"eta", "quantile"}, "", "quantiles[e][q] at quantile_levels[q] over converged runs (bounded runs with --fixed-horizon; NaN: none)", when);
            add(k, g + "/histogram", "int64", new String[] {"eta", "bin"}, "", "counts[e][b] of converged runs (bounded runs with --fixed-horizon) in [edges[b], edges[b+1])", when);
            add(k, g + "/edges", "float64", new String[] {"edge"}, "", "histogram bin edges, shared by all eta", when);
        }
        add(k, "runs/status", "int8", RUN_DIMS, "", "0 converged, 1 diverged, 2 undecided", "always");
        add(k, "runs/limit", "int8", RUN_DIMS, "", LIMIT, "always");
        add(k, "runs/iterations", "int32", RUN_DIMS, "", "GD steps taken", "always");
        add(k, "runs/loss", "float64", RUN_DIMS, "", "final loss", "always");
        add(k, "runs/grad_norm", "float64", RUN_DIMS, "", "final |grad L|", "always");
        add(k, "runs/norm2", "float64", RUN_DIMS, "", "final N = |theta|^2", "always");
        add(k, "runs/imbalance", "float64", RUN_DIMS, "", "final imbalance D", "always");
        add(k, "runs/{derived}", "float64", RUN_DIMS, "", "final SYMBOL: a derived quantity of the family (scalar: product u'v)", "the family defines it");
        add(k, "runs/sharpness", "float64", RUN_DIMS, "", "top Hessian eigenvalue at the limit (converged runs, every bounded run with --fixed-horizon; NaN otherwise)", "unless --no-sharpness");
        add(k, "runs/asymptotic_grad_norm", "float64", RUN_DIMS, "",
                "undecided: mean |grad L| over the trailing window after the cap; converged: final |grad L|; diverged: NaN", "always");
        add(k, "runs/period", "int8", RUN_DIMS, "", PERIOD, "always");
        add(k, "runs/distance", "float64", RUN_DIMS, "", "|theta_final - theta_0|", "always");
        add(k, "runs/minimiser_side", "int8", RUN_DIMS, "", SIDE, "always");
        add(k, "starts", "float64", new String[] {"parameter", "start"}, "", "start points theta_0, parameter axis first", "always");
        add(k, "critical_eta_theory", "float64", new String[] {"start"}, "", "closed-form per-start critical step size ([LM] Theorem 1)", "the family has a per-start closed form");
        add(k, "alpha", "float64", new String[] {"alpha"}, "", "alpha of the grid columns; start index j*W + i", "--starts grid");
        add(k, "beta", "float64", new String[] {"beta"}, "", "beta of the grid rows", "--starts grid");
        slice(k, "theta_0 of the start grid");
        problem(k);

        k = Kind.CRITICAL;
        add(k, "critical_eta", "float64", MAP_DIMS, "", "per-start critical step size (canonical), NaN if not bracketed", "always (dims start with --starts gaussian)");
        add(k, "eta_lo", "float64", MAP_DIMS, "", "largest step size seen to converge", "always");
        add(k, "eta_hi", "float64", MAP_DIMS, "", "smallest step size seen not to converge", "always");
        add(k, "flag", "int8", MAP_DIMS, "", "0 bracketed, 1 not converged even at eta_lo, 2 converged at eta_hi", "always");
        add(k, "critical_eta_theory", "float64", MAP_DIMS, "", "closed-form critical step size where theory gives one (NaN elsewhere)", "the family has a per-start closed form");
        add(k, "relative_difference", "float64", MAP_DIMS, "",
                "critical_eta / critical_eta_theory - 1 (null sets of the theorem, e.g. the saddle's basin, stand out)", "the family has a per-start closed form");
        add(k, "starts", "float64", new String[] {"parameter", "start"}, "", "start points theta_0, parameter axis first", "always");
        add(k, "alpha", "float64", new String[] {"alpha"}, "", "alpha of the grid columns", "--starts grid");
        add(k, "beta", "float64", new String[] {"beta"}, "", "beta of the grid rows", "--starts grid");
        slice(k, "theta_0");
        problem(k);
        add(k, "population_quantile_levels", "float64", new String[0], "", "probabilities", "always");
        add(k, "population_quantiles", "float64", new String[0], "", "quantiles of the bracketed per-start critical step sizes", "always");

        k = Kind.TRACE;
        add(k, "step", "int32", TRACE_DIMS, "", "GD step of each recorded point (-1: padding after the run ended)", "always");
        add(k, "loss", "float64", TRACE_DIMS, "", "loss (NaN padding)", "always");
        add(k, "grad_norm", "float64", TRACE_DIMS, "", "|grad L|", "always");
        add(k, "norm2", "float64", TRACE_DIMS, "", "N = |theta|^2", "always");
        add(k, "imbalance", "float64", TRACE_DIMS, "", "imbalance D", "always");
        add(k, "sharpness", "float64", TRACE_DIMS, "", "top Hessian eigenvalue (NaN where not computed)", "always");
        add(k, "theta", "float64", new String[] {"parameter", "run", "point"}, "", "parameters, parameter axis first", "always");
        add(k, "status", "int8", new String[] {"run"}, "", "0 converged, 1 diverged, 2 undecided", "always");
        add(k, "iterations", "int32", new String[] {"run"}, "", "GD steps taken", "always");
        add(k, "points", "int32", new String[] {"run"}, "", "recorded points per run", "always");
        add(k, "starts", "float64", new String[] {"parameter", "run"}, "", "start points", "always");
        problem(k);

        k = Kind.ZOOM;
        add(k, "status", "int8", new String[] {"frame", "beta", "alpha"}, "", "status per frame: 0 converged, 1 diverged, 2 undecided", "always");
        add(k, "window", "float64", new String[] {"frame", "bound"}, "", "alpha0, alpha1, beta0, beta1 of each frame", "always");
        add(k, "box_dimension", "float64", new String[] {"frame"}, "", "box-counting dimension of the boundary", "always");
        add(k, "box_dimension_error", "float64", new String[] {"frame"}, "", "its error: sqrt(fit^2 + range^2 + offset^2 + resolution^2) (science.md section 5)", "always");
        add(k, "box_dimension_standard_error", "float64", new String[] {"frame"}, "", "the fit component: the regression's standard error", "always");
        add(k, "box_dimension_error_range", "float64", new String[] {"frame"}, "", "the range component: half the spread over every admissible scaling range", "always");
        add(k, "box_dimension_error_offset", "float64", new String[] {"frame"}, "", "the offset component: half the spread over the 4 offset box grids", "always");
        add(k, "box_dimension_error_resolution", "float64", new String[] {"frame"}, "", "the resolution component: |D - D at half resolution| (NaN below 128 px a side)", "always");
        add(k, "basin_entropy", "float64", new String[] {"frame"}, "", "S_b", "always");
        add(k, "boundary_basin_entropy", "float64", new String[] {"frame"}, "", "S_bb", "always");
        slice(k, "theta_0, the slice origin");
        problem(k);

        k = Kind.MAP_INDEX;
        add(k, "alpha", "float64", new String[] {"alpha"}, "", "alpha_i of the whole map", "always");
        add(k, "beta", "float64", new String[] {"beta"}, "", "beta_j of the whole map", "always");
        add(k, "tile_row0", "int32", new String[] {"tile"}, "", "first row (beta index) of each tile", "always");
        add(k, "tile_rows", "int32", new String[] {"tile"}, "", "rows of each tile", "always");
        slice(k, "theta_0, the slice origin");
        problem(k);
        measures(k, "--measure or --uncertainty");

        // A tiled scan too large to join: every per-eta statistic of the whole scan, the per-run results in its tiles.
        k = Kind.SCAN_INDEX;
        for (Field f : CATALOGUE.get(Kind.SCAN).values())
            if (!f.path().startsWith("runs/")) add(k, f.path(), f.dtype(), f.dims().toArray(String[]::new), f.units(), f.description(), f.when());
        add(k, "tile_eta0", "int32", new String[] {"tile"}, "", "first step size (eta index) of each tile", "always");
        add(k, "tile_etas", "int32", new String[] {"tile"}, "", "step sizes in each tile", "always");

        k = Kind.CRITICAL_TILE;
        add(k, "critical_eta", "float64", new String[] {"start"}, "", "per-start critical step size of the tile's starts (NaN outside the bracket)", "always");
        add(k, "eta_lo", "float64", new String[] {"start"}, "", "largest eta found converging", "always");
        add(k, "eta_hi", "float64", new String[] {"start"}, "", "smallest eta found not converging", "always");
        add(k, "flag", "int8", new String[] {"start"}, "", "0 bracketed, 1 below the range, 2 above it", "always");

        k = Kind.REFINE;
        add(k, "level", "int32", new String[] {"level"}, "", "refinement level; cell side = window / (coarse * 2^level)", "always");
        add(k, "boundary_cells", "int64", new String[] {"level"}, "", "cells whose corners disagree in label found by corner refinement, per level (lower bounds)", "always");
        add(k, "estimated_boundary_cells", "float64", new String[] {"level"}, "", "the uniform grid's cells whose corners disagree, estimated from the found cells and the weighted finds of the probes", "always");
        add(k, "estimated_boundary_cells_error", "float64", new String[] {"level"}, "", "standard error of estimated_boundary_cells (jackknife over groups of probes)", "always");
        add(k, "uncertainty_epsilon", "float64", new String[] {"epsilon"}, "", "perturbation size relative to the window width", "--uncertainty");
        add(k, "uncertain_fraction", "float64", new String[] {"epsilon"}, "", "fraction of epsilon-uncertain starts", "--uncertainty");
        slice(k, "theta_0, the slice origin");
        problem(k);

        measures(Kind.MEASURES, "always");
        longAttributes(Kind.MEASURES);
    }

    /** The slice group: θ₀, e₁, e₂ (its {@code window} and {@code theta} attributes are written by {@link Hdf5Slices}). */
    private static void slice(Kind k, String originDescription) {
        String when = k == Kind.SCAN || k == Kind.CRITICAL ? "--starts grid" : "always";
        add(k, "slice/origin", "float64", new String[0], "", originDescription, when);
        add(k, "slice/e1", "float64", new String[0], "", "direction of alpha", when);
        add(k, "slice/e2", "float64", new String[0], "", "direction of beta", when);
    }

    /**
     * Attributes too large for the object header, stored as datasets of the same name ({@link Hdf5Output#attribute}):
     * those whose size depends on the user's input.
     */
    private static void longAttributes(Kind k) {
        String when = "the attribute of the same name would exceed " + Hdf5Output.MAX_ATTRIBUTE_BYTES + " bytes";
        add(k, "command_line", "string", new String[0], "", "the command line, shell-quoted", when);
        if (k == Kind.MEASURES) return;
        add(k, "target_spec", "string", new String[0], "", "how the target was given (--Y)", when);
        add(k, "problem/parameter_names", "string", new String[] {"parameter"}, "", "the name of each parameter of theta", when);
    }

    /** The problem group: {@link org.gdsweep.engine.problem.DefiningArray}s (attributes: the problem's). */
    private static void problem(Kind k) {
        longAttributes(k);
        add(k, "problem/{array}", "float64", new String[0], "", "an array that defines the problem, e.g. Y: target Y (m x n) or Phi (nH x n0); networks' data X (sample x input), Y (sample x output), axes named in dims", "the family has one");
    }

    private static void measures(Kind k, String when) {
        add(k, "measures/box_sizes", "int32", new String[] {"scale"}, "", "box side s in pixels", when);
        add(k, "measures/box_counts", "int64", new String[] {"scale"}, "", "N(s): occupied boxes (minimum over 4 offset grids)", when);
        add(k, "measures/uncertainty_epsilon", "float64", new String[] {"epsilon"}, "", "perturbation size relative to the window width", "--uncertainty");
        add(k, "measures/uncertain_fraction", "float64", new String[] {"epsilon"}, "", "fraction of epsilon-uncertain starts", "--uncertainty");
    }

    private static void add(Kind kind, String path, String dtype, String[] dims, String units, String description, String when) {
        Field f = new Field(path, dtype, List.of(dims), units, description, when);
        if (CATALOGUE.computeIfAbsent(kind, x -> new LinkedHashMap<>()).put(path, f) != null)
            throw new IllegalStateException(kind + " catalogues " + path + " twice");
    }

    private Hdf5Layout() {}

    /** Every dataset of a kind of file, in file order. */
    public static List<Field> fields(Kind kind) {
        return new ArrayList<>(CATALOGUE.get(kind).values());
    }

    /** The catalogued field for a path ({@code {derived}} and {@code {array}} entries stand for the family's names). */
    static Field field(Kind kind, String path, boolean familyDefined) {
        Map<String, Field> fields = CATALOGUE.get(kind);
        Field f = fields.get(path);
        if (f == null && familyDefined) {
            int slash = path.lastIndexOf('/');
            String group = slash < 0 ? "" : path.substring(0, slash + 1);
            f = fields.getOrDefault(group + "{derived}", fields.get(group + "{array}"));
        }
        if (f == null) throw new IllegalStateException(kind + " files have no catalogued dataset '" + path + "' (add it to Hdf5Layout)");
        return f;
    }

    /**
     * Writes the catalogued dataset {@code path} of a {@code kind} file into {@code group} (the group that holds it:
     * the root, or the group named by the path's prefix), with the catalogue's description, dims and units.
     */
    static WritableDataset put(Kind kind, WritableGroup group, String path, Object data) {
        Field f = field(kind, path, false);
        return write(group, path, data, f.description(), f.dims(), f.units());
    }

    /** As {@link #put}, with the axis names of this file (a field whose dims depend on the command, e.g. critical). */
    static WritableDataset put(Kind kind, WritableGroup group, String path, Object data, String... dims) {
        Field f = field(kind, path, false);
        return write(group, path, data, f.description(), List.of(dims), f.units());
    }

    /** A {@code limit} dataset ({@link #LIMIT}) with the CF attributes {@code flag_values} and {@code flag_meanings}. */
    static WritableDataset putLimit(Kind kind, WritableGroup group, String path, Object data) {
        WritableDataset d = put(kind, group, path, data);
        d.putAttribute("flag_values", org.gdsweep.engine.problem.LimitKind.flagValues());
        d.putAttribute("flag_meanings", org.gdsweep.engine.problem.LimitKind.flagMeanings());
        return d;
    }

    /** A family-defined dataset ({@code {derived}}, {@code {array}} in the catalogue) with its own description and units. */
    static WritableDataset putFamilyDefined(Kind kind, WritableGroup group, String path, Object data, String description, String units) {
        return putFamilyDefined(kind, group, path, data, description, units, List.of());
    }

    /** As above, with the axes named by the family ({@code dims}, e.g. sample and input of a network's data) when given. */
    static WritableDataset putFamilyDefined(Kind kind, WritableGroup group, String path, Object data, String description, String units,
                                            List<String> dims) {
        Field f = field(kind, path, true);
        return write(group, path, data, description, dims.isEmpty() ? f.dims() : dims, units);
    }

    private static WritableDataset write(WritableGroup group, String path, Object data, String description, List<String> dims, String units) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        WritableDataset d = Hdf5Output.put(group, name, data, description, dims.toArray(String[]::new));
        if (!units.isEmpty()) d.putAttribute("units", units);
        return d;
    }

    /** What a writer puts into a file after its header. */
    @FunctionalInterface
    interface Content {
        void write(WritableHdfFile file);
    }

    /**
     * Writes a {@code kind} file atomically ({@link AtomicFile}): the root attributes {@code layout} and
     * {@code layout_version}, then the provenance attributes in order, then {@code content}.
     */
    static void write(Kind kind, Path target, boolean overwrite, Map<String, Object> provenance, Content content) throws IOException {
        AtomicFile.write(target, overwrite, tmp -> {
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putAttribute("layout", kind.title);
                f.putAttribute("layout_version", VERSION);
                Hdf5Output.attributes(f, provenance);
                PhasePause.at("hdf5");
                content.write(f);
            }
        });
    }

    /** The catalogue as JSON (for scripts/check_hdf5.py and users): {kind: [{path, dtype, dims, units, description, when}]}. */
    public static String json() {
        StringBuilder s = new StringBuilder("{\"layout_version\": ").append(VERSION).append(", \"kinds\": {");
        boolean firstKind = true;
        for (Kind k : Kind.values()) {
            s.append(firstKind ? "" : ",").append("\n  \"").append(k.name().toLowerCase(java.util.Locale.ROOT)).append("\": {\"layout\": ")
                    .append(quote(k.title)).append(", \"fields\": [");
            firstKind = false;
            boolean first = true;
            for (Field f : fields(k)) {
                s.append(first ? "" : ",").append("\n    {\"path\": ").append(quote(f.path())).append(", \"dtype\": ").append(quote(f.dtype()))
                        .append(", \"dims\": [");
                for (int i = 0; i < f.dims().size(); i++) s.append(i == 0 ? "" : ", ").append(quote(f.dims().get(i)));
                s.append("], \"units\": ").append(quote(f.units())).append(", \"description\": ").append(quote(f.description()))
                        .append(", \"when\": ").append(quote(f.when())).append("}");
                first = false;
            }
            s.append("]}");
        }
        return s.append("\n}}\n").toString();
    }

    private static String quote(String v) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\') s.append('\\').append(c);
            else if (c < 0x20) s.append(String.format("\\u%04x", (int) c));
            else s.append(c);
        }
        return s.append('"').toString();
    }
}
