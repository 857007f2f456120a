package org.gdsweep.engine.problem;

/**
 * A problem specification the user must fix: the message names the option and the allowed range. The CLI reports it
 * as one line with exit code 2.
 */
public final class ProblemSpecException extends IllegalArgumentException {
    public ProblemSpecException(String message) {
        super(message);
    }
}
