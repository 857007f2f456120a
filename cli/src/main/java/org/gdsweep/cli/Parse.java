package org.gdsweep.cli;

import java.util.Locale;

import org.gdsweep.engine.problem.ProblemArguments;

/**
 * Small parsers for option values; every failure names the option and is reported as bad input (a
 * {@link BadInputException}, or the engine's {@link org.gdsweep.engine.problem.ProblemSpecException}).
 */
final class Parse {
    private Parse() {}

    /** Finite numbers separated by {@code separator}; the one parser is {@link ProblemArguments#numbers}. */
    static double[] numbers(String option, String text, String separator) {
        return ProblemArguments.numbers(option, text, separator);
    }

    /**
     * Refuses an option the user gave that the rest of the command line makes meaningless (it would be ignored):
     * one line naming both.
     */
    static void refuseIgnored(picocli.CommandLine.Model.CommandSpec spec, String option, boolean ignored, String because) {
        if (ignored && spec.commandLine().getParseResult().hasMatchedOption(option))
            throw new BadInputException(option + " has no effect " + because + "; remove it");
    }

    /** "W" or "WxH", each in [1, 2^20], W·H ≤ 2^30. */
    static int[] size(String option, String text) {
        return size(option, text, 1L << 30);
    }

    /** "W" or "WxH", each in [1, 2^20], W·H ≤ {@code maxRuns} (a tiled map may have more runs than one sweep holds). */
    static int[] size(String option, String text, long maxRuns) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (parts.length < 1 || parts.length > 2) throw new NumberFormatException();
            for (String p : parts) if (!p.trim().matches("\\d{1,18}")) throw new NumberFormatException();
            long w = Long.parseLong(parts[0].trim()), h = parts.length == 2 ? Long.parseLong(parts[1].trim()) : w;
            if (w < 1 || h < 1) throw new BadInputException(option + " must be positive (W or WxH, each >= 1), got '" + text + "'");
            if (w > 1 << 20 || h > 1 << 20)
                throw new BadInputException(option + " W and H must be at most 2^20 = 1048576 each, got '" + text + "'");
            if (w * h > maxRuns)
                throw new BadInputException(option + " W*H must be at most 2^" + Long.numberOfTrailingZeros(maxRuns) + " runs, got '" + text + "'");
            return new int[] {(int) w, (int) h};
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " must be W or WxH with positive integers, got '" + text + "'");
        }
    }
}
