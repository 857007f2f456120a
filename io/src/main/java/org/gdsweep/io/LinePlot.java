package org.gdsweep.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * A minimal stacked line-plot renderer (Java2D, no dependencies) for step-size scans: panels sharing the x axis,
 * each with named series, optional log-scaled y, and vertical reference lines (e.g. a theoretical critical step).
 */
public final class LinePlot {
    /** One curve; NaN values break the line. */
    public record Series(String name, double[] y, Color color) {}

    /** A vertical reference line at x, labelled. */
    public record Marker(String label, double x, Color color) {}

    /** One panel; values above {@code yMax} (when finite) are left out, so one escaping run cannot flatten the rest. */
    public record Panel(String yLabel, boolean logY, List<Series> series, double yMax) {
        public Panel(String yLabel, boolean logY, List<Series> series) {
            this(yLabel, logY, series, Double.POSITIVE_INFINITY);
        }
    }

    private static final int W = 1060, PANEL_H = 300, LEFT = 90, RIGHT = 220, TOP = 50, GAP = 40, BOTTOM = 60;

    private LinePlot() {}

    public static BufferedImage render(String title, String xLabel, double[] x, List<Panel> panels, List<Marker> markers) {
        int h = TOP + panels.size() * PANEL_H + (panels.size() - 1) * GAP + BOTTOM;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 28);
        double xmin = min(x), xmax = max(x);
        if (!(xmax > xmin)) {
            xmin -= 0.5;
            xmax += 0.5;
        }
        for (Marker m : markers) {
            if (Double.isFinite(m.x())) {
                xmin = Math.min(xmin, m.x());
                xmax = Math.max(xmax, m.x());
            }
        }
        double pad = 0.02 * (xmax - xmin);
        xmin -= pad;
        xmax += pad;
        int plotW = W - LEFT - RIGHT;
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int y0 = TOP + p * (PANEL_H + GAP);
            double ymin = Double.POSITIVE_INFINITY, ymax = Double.NEGATIVE_INFINITY;
            for (Series s : panel.series())
                for (double v : s.y())
                    if (Double.isFinite(v) && v <= panel.yMax() && (!panel.logY() || v > 0)) {
                        ymin = Math.min(ymin, v);
                        ymax = Math.max(ymax, v);
                    }
            if (!(ymin <= ymax)) {
                ymin = 0;
                ymax = 1;
            }
            if (panel.logY()) {
                ymin = Math.floor(Math.log10(ymin));
                ymax = Math.ceil(Math.log10(ymax));
                if (ymax == ymin) ymax = ymin + 1;
            } else {
                if (ymin > 0 && ymin < 0.5 * ymax) ymin = 0;
                if (ymax == ymin) ymax = ymin + 1;
                double span = ymax - ymin;
                ymax += 0.05 * span;
            }
            g.setColor(new Color(0xF4F4F4));
            g.fillRect(LEFT, y0, plotW, PANEL_H);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, y0, plotW, PANEL_H);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            // round ticks: every decade (every k-th beyond 8 decades, each drawn) on log axes, 1/2/2.5/5 steps on linear ones
            double[] yTicks;
            double yStep = Ticks.step(ymin, ymax, 5);
            if (panel.logY() && ymax - ymin <= 2) {
                yTicks = java.util.Arrays.stream(Ticks.log(Math.pow(10, ymin), Math.pow(10, ymax))).map(Math::log10).toArray();
            } else if (panel.logY()) {
                int every = (int) Math.max(1, Math.ceil((ymax - ymin) / 8));
                yTicks = java.util.stream.IntStream.rangeClosed(0, (int) Math.round(ymax - ymin) / every).mapToDouble(t -> ymin0(t, every)).toArray();
                for (int t = 0; t < yTicks.length; t++) yTicks[t] += ymin;
            } else {
                yTicks = Ticks.linear(ymin, ymax, 5);
            }
            for (double v : yTicks) {
                int py = y0 + PANEL_H - (int) Math.round(PANEL_H * (v - ymin) / (ymax - ymin));
                g.setColor(new Color(0xDDDDDD));
                g.drawLine(LEFT, py, LEFT + plotW, py);
                g.setColor(Color.BLACK);
                String label = panel.logY() ? Ticks.logLabel(Math.pow(10, v)) : Ticks.label(v, yStep);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 4);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(panel.yLabel(), 8, y0 - 8);
            int labelRow = 0;
            for (Marker m : markers) {
                if (!Double.isFinite(m.x())) continue;
                int px = LEFT + (int) Math.round((m.x() - xmin) / (xmax - xmin) * plotW);
                g.setColor(m.color());
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                g.drawLine(px, y0, px, y0 + PANEL_H);
                // at the panel's foot: the series legend sits at its top right
                // one row per marker: labels of nearby markers would overlap
                if (p == 0) g.drawString(m.label(), Math.min(px + 4, LEFT + plotW - g.getFontMetrics().stringWidth(m.label()) - 4), y0 + PANEL_H - 8 - 16 * labelRow++);
            }
            g.setStroke(new BasicStroke(2f));
            int legendY = y0 + 20;
            // the legend sits right of the panel, where no curve or marker label can lie under it
            for (Series s : panel.series()) {
                g.setColor(s.color());
                Path2D path = new Path2D.Double();
                boolean pen = false;
                for (int i = 0; i < x.length; i++) {
                    double v = s.y()[i];
                    if (!Double.isFinite(v) || v > panel.yMax() || (panel.logY() && v <= 0)) {
                        pen = false;
                        continue;
                    }
                    double yy = panel.logY() ? Math.log10(v) : v;
                    double px = LEFT + (x[i] - xmin) / (xmax - xmin) * plotW;
                    double py = y0 + PANEL_H - (yy - ymin) / (ymax - ymin) * PANEL_H;
                    if (pen) path.lineTo(px, py);
                    else path.moveTo(px, py);
                    pen = true;
                    g.fillOval((int) px - 2, (int) py - 2, 5, 5);
                }
                g.draw(path);
                g.fillRect(LEFT + plotW + 12, legendY - 6, 14, 3);
                g.drawString(s.name(), LEFT + plotW + 32, legendY);
                legendY += 16;
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int yAxis = TOP + panels.size() * PANEL_H + (panels.size() - 1) * GAP;
        double xStep = Ticks.step(xmin, xmax, 6);
        for (double v : Ticks.linear(xmin, xmax, 6)) {
            int px = LEFT + (int) Math.round((v - xmin) / (xmax - xmin) * plotW);
            g.drawLine(px, yAxis, px, yAxis + 4);
            String label = Ticks.label(v, xStep);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, yAxis + 18);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, yAxis + 40);
        g.dispose();
        return img;
    }

    private static double ymin0(int t, int every) {
        return (double) t * every;
    }

    public static void write(Path png, boolean overwrite, BufferedImage img) throws IOException {
        AtomicFile.write(png, overwrite, tmp -> {
            Png.write(img, tmp);
            PhasePause.at("png");
        });
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) if (Double.isFinite(d)) m = Math.min(m, d);
        return m;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) if (Double.isFinite(d)) m = Math.max(m, d);
        return m;
    }

    public static List<Series> list(Series... s) {
        return new ArrayList<>(List.of(s));
    }
}
