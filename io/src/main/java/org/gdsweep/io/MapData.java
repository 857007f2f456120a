package org.gdsweep.io;

import java.util.LinkedHashMap;
import java.util.Map;

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
 */
public record MapData(Problem problem, Slice slice, SweepResult result, Map<String, Object> provenance) {

    public MapData {
        if (result.runs() != slice.count()) throw new IllegalArgumentException("result size does not match the slice");
        provenance = new LinkedHashMap<>(provenance);
    }
}
