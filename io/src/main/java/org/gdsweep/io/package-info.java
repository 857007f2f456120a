/**
 * Everything gdsweep writes and reads back: HDF5 files described once by the layout catalogue {@link
 * org.gdsweep.io.Hdf5Layout} (the only package that imports jhdf), written atomically ({@link org.gdsweep.io.AtomicFile}),
 * and the PNG figures.
 */
package org.gdsweep.io;
