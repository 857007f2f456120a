package org.gdsweep.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A map drawn as a figure a reader understands alone: the per-start raster inside axes that carry the slice
 * coordinates with round ticks, a title, a colour bar naming the field (linear or log10 ticks) and a categorical
 * legend for the colours that are not on the bar (diverged, undecided, the saddle's basin, …).
 *
 * <p>The raster is enlarged by a whole factor, without smoothing, until its longer side is at least
 * {@link #MIN_PLOT_SIDE} pixels (a 48² map becomes 672 px wide, each start a 14-pixel square), so a figure is
 * print-sized whatever the grid; larger rasters keep one pixel per start. Java2D draws it: it ships with the JDK,
 * and a chart library's heat-map renderer draws one rectangle per cell, millions per map, where this copies one
 * image.
 */
public final class MapFigure {
    /** The smallest side of the plot area for which the raster is enlarged. */
    public static final int MIN_PLOT_SIDE = 640;

    /** A colour on the bar: the field, its range and scale. */
    public record ColourBar(String label, double low, double high, boolean logarithmic) {}

    /** A colour that is not on the bar, with what it means. */
    public record LegendEntry(int rgb, String label) {}

    /**
     * One figure.
     *
     * @param title    first line, bold: what was computed (problem, η)
     * @param subtitle second line, smaller (grid, counts); may be empty
     * @param raster   the per-start image, top row = largest y
     * @param xLabel   name of the horizontal slice coordinate
     * @param x0       coordinate of the first column's centre
     * @param x1       coordinate of the last column's centre
     * @param yLabel   name of the vertical slice coordinate
     * @param y0       coordinate of the bottom row's centre
     * @param y1       coordinate of the top row's centre
     * @param bar      the colour bar, or null (categorical colours only)
     * @param legend   categorical colours
     */
    public record Spec(String title, String subtitle, BufferedImage raster, String xLabel, double x0, double x1,
                       String yLabel, double y0, double y1, ColourBar bar, List<LegendEntry> legend) {}

    private static final int LEFT = 86, TOP = 64, BOTTOM = 62, BAR_GAP = 22, BAR_W = 22, RIGHT_COLUMN = 240;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16), SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12),
            TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12), LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private MapFigure() {}

    /** The whole factor by which a w×h raster is enlarged. */
    public static int scale(int w, int h) {
        int side = Math.max(1, Math.max(w, h));
        return side >= MIN_PLOT_SIDE ? 1 : (MIN_PLOT_SIDE + side - 1) / side;
    }

    public static BufferedImage render(Spec s) {
        int w = s.raster().getWidth(), h = s.raster().getHeight(), k = scale(w, h);
        int plotW = w * k, plotH = h * k;
        int width = LEFT + plotW + BAR_GAP + RIGHT_COLUMN, height = TOP + plotH + BOTTOM;
        height = Math.max(height, TOP + 40 + 22 * s.legend().size() + (s.bar() != null ? 260 : 0));
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(s.raster(), LEFT, TOP, plotW, plotH, null);

        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(fit(g, s.title(), width - 20), 10, 24);
        g.setFont(SUBTITLE);
        if (!s.subtitle().isEmpty()) g.drawString(fit(g, s.subtitle(), width - 20), 10, 44);

        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT - 1, TOP - 1, plotW + 1, plotH + 1);
        // Pixel i covers [x_i − Δ/2, x_i + Δ/2]: the axis spans the outer edges of the first and last column.
        double dx = w > 1 ? (s.x1() - s.x0()) / (w - 1) : 1, dy = h > 1 ? (s.y1() - s.y0()) / (h - 1) : 1;
        double xa = s.x0() - dx / 2, xb = s.x1() + dx / 2, ya = s.y0() - dy / 2, yb = s.y1() + dy / 2;
        g.setFont(TICK);
        FontMetrics fm = g.getFontMetrics();
        double xStep = Ticks.step(Math.min(xa, xb), Math.max(xa, xb), Math.max(3, plotW / 110));
        for (double t : Ticks.linear(Math.min(xa, xb), Math.max(xa, xb), Math.max(3, plotW / 110))) {
            int px = LEFT + (int) Math.round((t - xa) / (xb - xa) * plotW);
            g.drawLine(px, TOP + plotH, px, TOP + plotH + 5);
            String l = Ticks.label(t, xStep);
            g.drawString(l, px - fm.stringWidth(l) / 2, TOP + plotH + 19);
        }
        double yStep = Ticks.step(Math.min(ya, yb), Math.max(ya, yb), Math.max(3, plotH / 90));
        for (double t : Ticks.linear(Math.min(ya, yb), Math.max(ya, yb), Math.max(3, plotH / 90))) {
            int py = TOP + plotH - (int) Math.round((t - ya) / (yb - ya) * plotH);
            g.drawLine(LEFT - 6, py, LEFT - 1, py);
            String l = Ticks.label(t, yStep);
            g.drawString(l, LEFT - 9 - fm.stringWidth(l), py + 4);
        }
        g.setFont(LABEL);
        fm = g.getFontMetrics();
        g.drawString(s.xLabel(), LEFT + plotW / 2 - fm.stringWidth(s.xLabel()) / 2, TOP + plotH + 44);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(s.yLabel(), -(TOP + plotH / 2) - fm.stringWidth(s.yLabel()) / 2, 22);
        g.setTransform(saved);

        int x = LEFT + plotW + BAR_GAP, y = TOP;
        if (s.bar() != null) y = colourBar(g, s.bar(), x, y, Math.min(plotH, 360)) + 28;
        g.setFont(TICK);
        for (LegendEntry e : s.legend()) {
            g.setColor(new Color(e.rgb()));
            g.fillRect(x, y, 16, 16);
            g.setColor(Color.BLACK);
            g.drawRect(x, y, 16, 16);
            g.drawString(fit(g, e.label(), RIGHT_COLUMN - 30), x + 24, y + 13);
            y += 22;
        }
        g.dispose();
        return img;
    }

    /** Draws the bar with its label above it and ticks to its right; returns the bottom edge. */
    private static int colourBar(Graphics2D g, ColourBar bar, int x, int top, int barH) {
        g.setFont(LABEL);
        g.setColor(Color.BLACK);
        g.drawString(fit(g, bar.label(), RIGHT_COLUMN - 4), x, top + 12);
        int y0 = top + 22;
        barH = Math.max(80, barH - 22);
        for (int r = 0; r < barH; r++) {
            g.setColor(new Color(Colormap.viridis(1 - (double) r / (barH - 1))));
            g.drawLine(x, y0 + r, x + BAR_W, y0 + r);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y0, BAR_W, barH);
        g.setFont(TICK);
        double lo = bar.low(), hi = bar.high();
        boolean log = bar.logarithmic() && lo > 0 && hi > lo;
        double[] ticks;
        double step = 0;
        if (!(hi > lo)) {
            ticks = Double.isFinite(lo) ? new double[] {lo} : new double[0];
        } else if (log) {
            ticks = Ticks.log(lo, hi);
            if (ticks.length < 3) { // less than a decade: round linear values, placed on the log scale
                step = Ticks.step(lo, hi, 4);
                ticks = Ticks.linear(lo, hi, 4);
            }
        } else {
            step = Ticks.step(lo, hi, 5);
            ticks = Ticks.linear(lo, hi, 5);
        }
        for (double t : ticks) {
            double pos = !(hi > lo) ? 0.5 : log ? (Math.log10(t) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (t - lo) / (hi - lo);
            int py = y0 + barH - (int) Math.round(pos * barH);
            g.drawLine(x + BAR_W, py, x + BAR_W + 5, py);
            String l = step > 0 ? Ticks.label(t, step) : log ? Ticks.logLabel(t) : String.format(java.util.Locale.ROOT, "%.4g", t);
            g.drawString(l, x + BAR_W + 8, py + 4);
        }
        return y0 + barH;
    }

    /** The text, cut with an ellipsis to at most {@code max} pixels. */
    private static String fit(Graphics2D g, String text, int max) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= max) return text;
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > max) t = t.substring(0, t.length() - 1);
        return t + "…";
    }
}
