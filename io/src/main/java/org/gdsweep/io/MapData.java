package org.gdsweep.io;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.gdsweep.engine.Problem;
import org.gdsweep.engine.Slice;
import org.gdsweep.engine.SweepResult;

/**
 * Everything a basin-map file holds: the slice, the per-run results and the provenance attributes.
 *
 * @param problem    the canonical problem that ran
 * @param slice      the grid of starts
 * @param result     per-run outcomes, run index j·W + i
 * @param provenance root attributes (String, Integer, Long, Double or their arrays), in order
 * @param fields     which of {@link #OPTIONAL_FIELDS} to write (status and the geometry are always written)
 */
public record MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance, Set<String> fields) {
    /** Per-run maps a user may leave out of a file (`--fields`), in file order. */
    public static final List<String> OPTIONAL_FIELDS = List.of("iterations", "loss", "grad_norm", "norm2", "imbalance", "product");
    /** The optional fields evaluated at the final iterate (skipped when none is wanted: Sweep.Options#withFinalValues). */
    public static final List<String> FINAL_VALUE_FIELDS = OPTIONAL_FIELDS.subList(1, OPTIONAL_FIELDS.size());

    public MapData {
        if (result.runs() != slice.count()) throw new IllegalArgumentException("result size does not match the slice");
        if (!OPTIONAL_FIELDS.containsAll(fields)) throw new IllegalArgumentException("unknown fields in " + fields);
        provenance = new LinkedHashMap<>(provenance);
        fields = Set.copyOf(fields);
    }

    /** Every field. */
    public MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance) {
        this(problem, slice, result, provenance, Set.copyOf(OPTIONAL_FIELDS));
    }

    boolean writes(String field) {
        return fields.contains(field);
    }
}
