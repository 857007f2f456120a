package org.gdsweep.cli;

/** Input the user must fix; reported as one line with exit code 2. The message names the option and the allowed range. */
final class BadInputException extends RuntimeException {
    BadInputException(String message) {
        super(message);
    }
}
