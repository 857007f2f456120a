/**
 * The sweep driver and run recording: {@link org.gdsweep.engine.sweep.Sweep} hands chunks of runs to one lane kernel
 * per thread, {@link org.gdsweep.engine.sweep.RunRecorder} records each finished run and its limit features, {@link
 * org.gdsweep.engine.sweep.ReferenceKernel} is the scalar reference every vector kernel matches bit for bit, and
 * {@link org.gdsweep.engine.sweep.KernelProvider} is the seam behind which the Vector API code sits (the driver never
 * imports it). Drivers do no math of their own: they ask the problem.
 */
package org.gdsweep.engine.sweep;
