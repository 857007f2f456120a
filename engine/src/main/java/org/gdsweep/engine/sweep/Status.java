package org.gdsweep.engine.sweep;

/**
 * Outcome of one GD run. The numeric codes are the on-disk values of the {@code status} dataset.
 */
public enum Status {
    /** The stopping criterion of the {@link StopRule} was met. */
    CONVERGED(0),
    /** ‖θ‖² left the divergence radius, or a value became non-finite (NaN or ±∞). */
    DIVERGED(1),
    /** Neither happened within the iteration cap. */
    UNDECIDED(2);

    /** Code stored in files (int8). */
    public final byte code;

    Status(int code) {
        this.code = (byte) code;
    }

    public static Status ofCode(int code) {
        return switch (code) {
            case 0 -> CONVERGED;
            case 1 -> DIVERGED;
            case 2 -> UNDECIDED;
            default -> throw new IllegalArgumentException("no status with code " + code);
        };
    }
}
