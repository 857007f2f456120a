package org.gdsweep.cli;

import java.io.PrintWriter;
import java.util.Locale;

import org.gdsweep.engine.sweep.ProgressListener;

/**
 * Shows progress with rate and ETA: a self-overwriting line every 0.25 s on a terminal, a plain log line every
 * 10 s otherwise (so logs of batch jobs stay readable). Silent for runs that finish within a second.
 */
final class ProgressPrinter implements ProgressListener {
    private final PrintWriter err;
    private final boolean terminal;
    private final String label, unit;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    ProgressPrinter(PrintWriter err, boolean terminal, String label) {
        this(err, terminal, label, "runs");
    }

    /** @param unit what {@code done} and {@code total} count, plural ("runs", "cells") */
    ProgressPrinter(PrintWriter err, boolean terminal, String label, String unit) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
        this.unit = unit;
        this.lastPrint = start;
    }

    /** Whether the user sees a terminal on stderr (the launcher pipes stderr, so it tells us). */
    static boolean stderrIsTerminal() {
        String env = System.getenv("GDSWEEP_TTY");
        if (env != null) return env.equals("1");
        return System.console() != null && System.console().isTerminal();
    }

    @Override
    public synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        long interval = terminal ? 250_000_000L : 10_000_000_000L;
        if (now - start < 1_000_000_000L || (now - lastPrint < interval && done < total)) return;
        if (done >= total && !printed) return;
        lastPrint = now;
        printed = true;
        double seconds = (now - start) * 1e-9;
        double rate = done / seconds;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        String line = String.format(Locale.ROOT, "%s: %5.1f%% %,d/%,d %s, %.3g %s/s, ETA %s",
                label, 100.0 * done / total, done, total, unit, rate, unit, clock(eta));
        if (terminal) {
            err.print("\r" + line + "\u001b[K");
            if (done >= total) err.println();
        } else {
            err.println(line);
        }
        err.flush();
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
