package org.gdsweep.engine.problem;

/**
 * A per-run quantity of the final iterate that only some families define (the scalar-vector family's uᵀv): recorded
 * beside L, ‖∇L‖, N and D, written as a map, offered as a colour. Its value is {@link Problem#derived(int, double[])}
 * with this quantity's index in {@link Problem#derivedQuantities()}, evaluated with the scalar reference.
 *
 * @param name   field name in files and on the command line, e.g. {@code product}
 * @param symbol the quantity in ASCII, e.g. {@code u'v}; files describe the field as "SYMBOL at the final iterate"
 * @param units  units, e.g. {@code parameter^2}
 */
public record DerivedQuantity(String name, String symbol, String units) {}
