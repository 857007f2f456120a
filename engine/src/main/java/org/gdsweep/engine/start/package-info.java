/**
 * Where runs start and with which step size: slices θ₀ + αe₁ + βe₂ of parameter space on a grid, the planar quotient
 * (z, N) of the scalar-vector family (docs/science.md §2), seeded Gaussian starts and per-run step sizes. Depends on
 * {@code problem} only.
 */
package org.gdsweep.engine.start;
