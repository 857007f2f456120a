package org.gdsweep.cli;

import java.util.Locale;
import java.util.regex.Pattern;

/** Small parsers for option values; every failure is a {@link BadInputException} naming the option. */
final class Parse {
    private Parse() {}

    static double[] numbers(String option, String text, String separator) {
        String[] parts = text.split(Pattern.quote(separator), -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new BadInputException(option + ": '" + parts[i].trim() + "' is not a number (in '" + text + "')");
            }
            if (!Double.isFinite(v[i])) throw new BadInputException(option + " values must be finite, got '" + parts[i].trim() + "'");
        }
        return v;
    }

    /** "W" or "WxH", each in [1, 2^20], W·H ≤ 2^30. */
    static int[] size(String option, String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            if (parts.length < 1 || parts.length > 2) throw new NumberFormatException();
            long w = Long.parseLong(parts[0].trim()), h = parts.length == 2 ? Long.parseLong(parts[1].trim()) : w;
            if (w < 1 || h < 1) throw new BadInputException(option + " must be positive (W or WxH, each >= 1), got '" + text + "'");
            if (w * h > 1L << 30 || w > 1 << 20 || h > 1 << 20)
                throw new BadInputException(option + " W*H must be at most 2^30 runs, got '" + text + "'");
            return new int[] {(int) w, (int) h};
        } catch (NumberFormatException e) {
            throw new BadInputException(option + " must be W or WxH with positive integers, got '" + text + "'");
        }
    }
}
