package org.gdsweep.io;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Several figures as the panels of one, in a grid of rows of {@code columns}, under a common title — the layout of a
 * paper's multi-panel figure ([LM] Fig. 4: one panel per λ; Fig. 5: four slices). Panels keep their own axes and
 * colour bars and are scaled down together (bilinear) to at most {@code maxWidth} pixels.
 */
public final class FigureGrid {
    private FigureGrid() {}

    /** Composes the PNG panels into {@code out} (written atomically; {@code overwrite} as for every output). */
    public static void write(Path out, boolean overwrite, String title, List<Path> panels, int columns, int maxWidth) throws IOException {
        BufferedImage[] images = new BufferedImage[panels.size()];
        int cellW = 0, cellH = 0;
        for (int i = 0; i < images.length; i++) {
            images[i] = ImageIO.read(panels.get(i).toFile());
            if (images[i] == null) throw new IOException("not an image: " + panels.get(i));
            cellW = Math.max(cellW, images[i].getWidth());
            cellH = Math.max(cellH, images[i].getHeight());
        }
        int cols = Math.max(1, Math.min(columns, images.length)), rows = (images.length + cols - 1) / cols;
        double scale = Math.min(1, (double) maxWidth / (cols * cellW));
        int w = (int) Math.round(cellW * scale), h = (int) Math.round(cellH * scale), top = 40;
        BufferedImage img = new BufferedImage(cols * w, top + rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 12, 27);
        for (int i = 0; i < images.length; i++) {
            int x = (i % cols) * w, y = top + (i / cols) * h;
            g.drawImage(images[i], x, y, (int) Math.round(images[i].getWidth() * scale), (int) Math.round(images[i].getHeight() * scale), null);
        }
        g.dispose();
        AtomicFile.write(out, overwrite, tmp -> Png.write(img, tmp));
    }
}
