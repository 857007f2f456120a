package org.gdsweep.io;

/**
 * A test hook for the signal tests ({@code scripts/check-signals.sh}): with {@code GDSWEEP_PAUSE_AT=PHASE} in the
 * environment, the process stops for a minute at that phase, after saying so on stderr, so that a test can send a
 * signal exactly there. Phases: {@code compute} (outputs checked, nothing written yet), {@code hdf5} (the HDF5
 * temporary is half written), {@code png} (the PNG temporary is written), {@code commit} (the first file of the set
 * has been renamed into place, the others not yet), {@code tile} (a tiled sweep has written a tile and waits before
 * the next). Without the variable it does nothing.
 */
public final class PhasePause {
    private static final String PHASE = System.getenv("GDSWEEP_PAUSE_AT");

    private PhasePause() {}

    /** Whether the process will pause at {@code phase}. */
    public static boolean active(String phase) {
        return phase.equals(PHASE);
    }

    public static void at(String phase) {
        if (PHASE == null || !PHASE.equals(phase)) return;
        System.err.println("gdsweep: paused at " + phase + " (GDSWEEP_PAUSE_AT)");
        System.err.flush();
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
