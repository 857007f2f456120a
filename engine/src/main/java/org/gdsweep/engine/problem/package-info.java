/**
 * Loss families and their problems (the base layer, no dependency on the rest of the engine): {@link
 * org.gdsweep.engine.problem.Problem} is a loss L(θ) in canonical form with its scalar reference evaluation (the
 * operation order every kernel mirrors), {@link org.gdsweep.engine.problem.LossFamily} the unit that names, builds
 * and rebuilds a family's problems, {@link org.gdsweep.engine.problem.LossFamilies} the registry, {@link
 * org.gdsweep.engine.problem.Arithmetic} the exact / FMA / float32 step. Math in docs/science.md §1–§3.
 */
package org.gdsweep.engine.problem;
