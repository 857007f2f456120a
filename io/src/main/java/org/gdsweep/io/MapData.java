package org.gdsweep.io;

import org.gdsweep.engine.sweep.Sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gdsweep.engine.problem.DerivedQuantity;
import org.gdsweep.engine.problem.Problem;
import org.gdsweep.engine.start.Slice;
import org.gdsweep.engine.sweep.SweepResult;

/**
 * Everything a basin-map file holds: the slice, the per-run results and the provenance attributes.
 *
 * @param problem    the canonical problem that ran
 * @param slice      the grid of starts
 * @param result     per-run outcomes, run index j·W + i
 * @param provenance root attributes (String, Integer, Long, Double or their arrays), in order
 * @param fields     which of {@link #optionalFields} to write (status and the geometry are always written)
 * @param row0       first row of the slice the result covers (a tile of a map; 0 for a whole map)
 * @param rows       rows the result covers (H for a whole map); run index (j − row0)·W + i
 */
public record MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance, Set<String> fields,
                      int row0, int rows) {
    /** Per-run maps every family has that a user may leave out of a file (`--fields`), in file order. */
    public static final List<String> COMMON_OPTIONAL_FIELDS = List.of("iterations", "loss", "grad_norm", "norm2", "imbalance");

    /**
     * The maps a user may choose with {@code --fields} for this problem, in file order: {@link #COMMON_OPTIONAL_FIELDS}
     * then the family's derived quantities. All but the first (iterations) are evaluated at the final iterate and are
     * skipped when none is wanted (Sweep.Options#withFinalValues).
     */
    public static List<String> optionalFields(Problem problem) {
        List<String> all = new java.util.ArrayList<>(COMMON_OPTIONAL_FIELDS);
        for (DerivedQuantity q : problem.derivedQuantities()) all.add(q.name());
        return List.copyOf(all);
    }

    /** The optional fields evaluated at the final iterate: all but {@code iterations}. */
    public static List<String> finalValueFields(Problem problem) {
        return optionalFields(problem).stream().filter(f -> !f.equals("iterations")).toList();
    }

    public MapData {
        if (row0 < 0 || rows < 1 || (long) row0 + rows > slice.height()) throw new IllegalArgumentException("rows outside the slice");
        if (result.runs() != (long) rows * slice.width()) throw new IllegalArgumentException("result size does not match the slice rows");
        if (!optionalFields(problem).containsAll(fields)) throw new IllegalArgumentException("unknown fields in " + fields);
        provenance = new LinkedHashMap<>(provenance);
        fields = Set.copyOf(fields);
    }

    /** The whole slice. */
    public MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance, Set<String> fields) {
        this(problem, slice, result, provenance, fields, 0, slice.height());
    }

    /** Every field, the whole slice. */
    public MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance) {
        this(problem, slice, result, provenance, Set.copyOf(optionalFields(problem)));
    }

    boolean writes(String field) {
        return fields.contains(field);
    }
}
