/**
 * Drivers built on sweeps: step-size scans and their per-η statistics, per-start critical step sizes by lockstep
 * bisection and the population's collapse point, and single trajectories (docs/science.md §3).
 */
package org.gdsweep.engine.scan;
