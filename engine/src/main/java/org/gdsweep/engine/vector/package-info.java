/**
 * The Vector API lane kernels, the only code that imports {@code jdk.incubator.vector}: one species fixed per JVM
 * ({@code LaneSpecies}), each family's kernels for every arithmetic chosen in {@code FamilyKernels}, offered to the
 * core as {@link org.gdsweep.engine.vector.PanamaKernelProvider}. Twin kernels (FMA, float32, shape-specialised) are
 * generated from hand-written templates by {@code scripts/generate-kernels.py}, checked by {@code ./run-tests}.
 */
package org.gdsweep.engine.vector;
