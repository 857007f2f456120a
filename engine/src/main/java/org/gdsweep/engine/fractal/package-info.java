/**
 * Fractal measures of label images: labels from run outcomes, box counting, basin entropies, the uncertainty exponent
 * and adaptive boundary refinement (docs/science.md §5).
 */
package org.gdsweep.engine.fractal;
