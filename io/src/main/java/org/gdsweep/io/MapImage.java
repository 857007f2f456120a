package org.gdsweep.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;


import org.gdsweep.engine.problem.LimitKind;
import org.gdsweep.engine.sweep.Status;

/**
 * Renders a basin map, one raster pixel per start: runs that did not converge are grey (diverged light grey
 * #BEBEBE, undecided dark grey #5A5A5A), runs that converged to a global minimiser are coloured by a chosen per-run
 * field with {@link Colormap#viridis}, linearly or on a log10 scale between a low and a high value; runs that
 * converged to the origin (the saddle's basin) are red #D62728, to another critical point orange #FF7F0E
 * ({@link LimitKind}). The top image row is the largest β, so the picture has the orientation of a plot with α to
 * the right and β up. The PNG is the raster framed as a figure ({@link MapFigure}: axes, ticks, title, colour bar,
 * legend), or the bare raster on request; a sidecar {@code <png>.txt} states the colours and their exact values.
 */
public final class MapImage {
    public static final int DIVERGED_GREY = 0xBEBEBE;
    public static final int UNDECIDED_GREY = 0x5A5A5A;
    /** Converged to the origin where it is not the minimiser (the saddle's basin). */
    public static final int ORIGIN_RED = 0xD62728;
    /** Converged to another critical point. */
    public static final int OTHER_CRITICAL_ORANGE = 0xFF7F0E;

    /**
     * What the figure around the raster says: title lines and the slice coordinates of the first and last column and
     * of the bottom and top row ({@link MapFigure.Spec}).
     */
    public record Frame(String title, String subtitle, String xLabel, double x0, double x1, String yLabel, double y0, double y1,
                        String divergedMeaning, String undecidedMeaning) {
        /** A map of GD outcomes: light grey diverged, dark grey undecided. */
        public Frame(String title, String subtitle, String xLabel, double x0, double x1, String yLabel, double y0, double y1) {
            this(title, subtitle, xLabel, x0, x1, yLabel, y0, y1, null, null);
        }
    }

    /**
     * @param field  name of the colouring field (for the legend)
     * @param values per-run values of the field, run index j·W + i
     * @param low    value drawn as the dark end of viridis
     * @param high   value drawn as the bright end
     */
    public record Colouring(String field, double[] values, double low, double high, boolean logarithmic, boolean boundedRuns) {
        public Colouring(String field, double[] values, double low, double high) {
            this(field, values, low, high, false, false);
        }

        public Colouring(String field, double[] values, double low, double high, boolean logarithmic) {
            this(field, values, low, high, logarithmic, false);
        }

        /** Whether run r is drawn in colour: converged, or (boundedRuns: a fixed horizon) undecided with a finite value. */
        boolean coloured(byte status, int r) {
            return status == Status.CONVERGED.code || boundedRuns && status == Status.UNDECIDED.code && Double.isFinite(values[r]);
        }

        /** Position in [0,1] of a value on the colour scale (log10 scale for logarithmic colourings). */
        double position(double v) {
            if (logarithmic) {
                if (!(v > 0) || !(low > 0)) return 0;
                double span = Math.log10(high) - Math.log10(low);
                return span > 0 ? (Math.log10(v) - Math.log10(low)) / span : 0.5;
            }
            double span = high - low;
            return span > 0 ? (v - low) / span : 0.5;
        }
    }

    private MapImage() {}

    /** The [min, max] of {@code values} over converged runs (NaN, NaN if none converged). */
    public static double[] convergedRange(byte[] status, double[] values) {
        return convergedRange(status, values, false);
    }

    /** The [min, max] of {@code values} over converged runs, and undecided ones when {@code boundedRuns} (a fixed horizon). */
    public static double[] convergedRange(byte[] status, double[] values, boolean boundedRuns) {
        return convergedRange(status, null, values, boundedRuns);
    }

    /**
     * The [min, max] of {@code values} over the runs drawn in colour: converged to a minimiser (not the origin or another
     * critical point, drawn in their own colours; {@code limit} null: every converged run), and undecided ones when
     * {@code boundedRuns}.
     */
    public static double[] convergedRange(byte[] status, byte[] limit, double[] values, boolean boundedRuns) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < status.length; r++) {
            if (!onColourScale(status, limit, r, boundedRuns) || !Double.isFinite(values[r])) continue;
            lo = Math.min(lo, values[r]);
            hi = Math.max(hi, values[r]);
        }
        if (!(lo <= hi)) return new double[] {Double.NaN, Double.NaN};
        // a field that is one number up to rounding (every minimiser of a regularised problem has N = 2(y − λ)) gets one
        // colour, not a bar stretched over its last bits
        if (hi - lo <= 1e-9 * Math.max(Math.abs(lo), Math.abs(hi))) return new double[] {0.5 * (lo + hi), 0.5 * (lo + hi)};
        return new double[] {lo, hi};
    }

    /**
     * Whether run r is drawn on the colour scale: converged to a minimiser (every converged run when {@code limit} is
     * null), and with {@code boundedRuns} (a fixed horizon) also undecided. Colour ranges are taken over these runs.
     */
    public static boolean onColourScale(byte[] status, byte[] limit, int r, boolean boundedRuns) {
        return status[r] == Status.CONVERGED.code && !elsewhere(limit, r) || boundedRuns && status[r] == Status.UNDECIDED.code;
    }

    /** Whether run r converged to the origin or another critical point, which have their own colours. */
    private static boolean elsewhere(byte[] limit, int r) {
        return limit != null && (limit[r] == LimitKind.ORIGIN.code || limit[r] == LimitKind.OTHER_CRITICAL_POINT.code);
    }

    public static BufferedImage render(byte[] status, int width, int height, Colouring c) {
        return render(status, null, width, height, c);
    }

    /** @param limit {@link LimitKind} codes per run, or null: every converged run is drawn as reaching a minimiser */
    public static BufferedImage render(byte[] status, byte[] limit, int width, int height, Colouring c) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        // write the backing array directly: setRGB per pixel costs ~100 ns (colour-model conversion)
        int[] pixels = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
        // rows are independent: render them on all cores (a 4096² map took 0.6 s on one)
        java.util.stream.IntStream.range(0, height).parallel().forEach(j -> {
            for (int i = 0; i < width; i++) {
                int r = j * width + i, rgb;
                byte kind = limit == null ? LimitKind.MINIMISER.code : limit[r];
                if (kind == LimitKind.ORIGIN.code) {
                    rgb = ORIGIN_RED;
                } else if (kind == LimitKind.OTHER_CRITICAL_POINT.code) {
                    rgb = OTHER_CRITICAL_ORANGE;
                } else if (c.coloured(status[r], r)) {
                    rgb = Colormap.viridisFast(c.position(c.values()[r]));
                } else if (status[r] < 0) {
                    rgb = 0xFFFFFF; // not a state (outside the quotient wedge)
                } else {
                    rgb = status[r] == Status.DIVERGED.code ? DIVERGED_GREY : UNDECIDED_GREY;
                }
                pixels[(height - 1 - j) * width + i] = rgb;
            }
        });
        return img;
    }

    /**
     * Writes the PNG and its legend sidecar, each atomically: the framed figure, or with {@code raw} the bare raster
     * (one pixel per start).
     */
    public static void write(Path png, boolean overwrite, byte[] status, byte[] limit, int width, int height, Colouring c,
                             Frame frame, boolean raw) throws IOException {
        BufferedImage raster = render(status, limit, width, height, c);
        // the figure writes η and λ; the legend sidecar keeps the plain text users grep ("eta=0.9,")
        String title = frame.title().replace("eta=", "\u03b7 = ").replace("lambda=", "\u03bb = ");
        BufferedImage img = raw ? raster : MapFigure.render(new MapFigure.Spec(title, frame.subtitle(), raster,
                frame.xLabel(), frame.x0(), frame.x1(), frame.yLabel(), frame.y0(), frame.y1(),
                Double.isNaN(c.low()) ? null : new MapFigure.ColourBar(barLabel(c.field()) + (c.boundedRuns() ? " (bounded runs)" : ""), c.low(), c.high(), c.logarithmic()),
                legendEntries(status, limit, c, frame)));
        String caption = frame.title() + (frame.subtitle().isEmpty() ? "" : "\n" + frame.subtitle());
        AtomicFile.write(png, overwrite, tmp -> {
            Png.write(img, tmp);
            PhasePause.at("png");
        });
        Path legend = png.resolveSibling(png.getFileName() + ".txt");
        AtomicFile.write(legend, overwrite, tmp -> Files.writeString(tmp, legend(c, caption), StandardCharsets.UTF_8));
    }

    /** "param:3 (v[0])" reads "final v[0]" on a colour bar; other fields as named. */
    private static String barLabel(String field) {
        return field.startsWith("param:") && field.contains("(") ? "final " + field.substring(field.indexOf('(') + 1, field.lastIndexOf(')')) : field;
    }

    /** The categorical colours of a map: diverged and undecided always, the others where some run has them. */
    static java.util.List<MapFigure.LegendEntry> legendEntries(byte[] status, byte[] limit, Colouring c, Frame frame) {
        boolean origin = false, other = false, outside = false;
        for (int r = 0; r < status.length; r++) {
            outside |= status[r] < 0;
            if (limit != null) {
                origin |= limit[r] == LimitKind.ORIGIN.code;
                other |= limit[r] == LimitKind.OTHER_CRITICAL_POINT.code;
            }
        }
        var l = new java.util.ArrayList<MapFigure.LegendEntry>();
        l.add(new MapFigure.LegendEntry(DIVERGED_GREY, frame.divergedMeaning() != null ? frame.divergedMeaning() : "diverged"));
        l.add(new MapFigure.LegendEntry(UNDECIDED_GREY, frame.undecidedMeaning() != null ? frame.undecidedMeaning()
                : c.boundedRuns() ? "undecided (non-finite value)" : "undecided (iteration cap)"));
        if (origin) l.add(new MapFigure.LegendEntry(ORIGIN_RED, "reached the origin (saddle)"));
        if (other) l.add(new MapFigure.LegendEntry(OTHER_CRITICAL_ORANGE, "other critical point"));
        if (outside) l.add(new MapFigure.LegendEntry(0xFFFFFF, "not a state (outside N \u2265 2|z|)"));
        return l;
    }

    static String legend(Colouring c, String caption) {
        return String.format(Locale.ROOT, """
                %s
                pixels: one per start; alpha increases to the right, beta increases upward
                %s: coloured by %s with viridis%s (dark purple = %.6g, yellow = %.6g)
                diverged: light grey #BEBEBE (|theta|^2 above the divergence radius or a non-finite value)
                undecided: dark grey #5A5A5A (%s)
                converged to the origin (the saddle's basin): red #D62728; to another critical point: orange #FF7F0E
                white: not a state (quotient maps: outside the wedge N >= 2|z|)
                """, caption, c.boundedRuns() ? "converged to a minimiser and undecided (fixed horizon)" : "converged to a minimiser", c.field(),
                c.logarithmic() ? " on a log10 scale" : "", c.low(), c.high(),
                c.boundedRuns() ? "at the horizon with a non-finite value" : "iteration cap reached");
    }
}
