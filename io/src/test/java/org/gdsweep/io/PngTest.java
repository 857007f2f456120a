package org.gdsweep.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gdsweep's own PNG encoder (RGB images) writes what the JDK's decoder reads back pixel for pixel: one-pixel and
 * odd-sized images, flat regions (a basin map), noise that spans several IDAT chunks, and pixels whose unused top byte
 * is set; other images go through ImageIO and read back too.
 */
class PngTest {
    @TempDir Path dir;

    @Test
    void rgbImagesReadBackPixelForPixel() throws Exception {
        Random random = new Random(19);
        int[][] sizes = {{1, 1}, {1, 7}, {7, 1}, {3, 5}, {257, 131}, {400, 300}};
        for (int[] size : sizes)
            for (int pattern = 0; pattern < 3; pattern++) {
                BufferedImage img = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
                int[] pixels = ((java.awt.image.DataBufferInt) img.getRaster().getDataBuffer()).getData();
                for (int i = 0; i < pixels.length; i++)
                    pixels[i] = switch (pattern) {
                        case 0 -> random.nextInt(); // noise, top byte set: 400 x 300 of it takes several IDAT chunks
                        case 1 -> (i / size[0]) % 3 == 0 ? 0x2f4f4f : i % size[0] < size[0] / 2 ? 0xd3d3d3 : 0x440154;
                        default -> 0xffffff;
                    };
                assertTrue(Png.packedRgb(img));
                Path file = dir.resolve("p.png");
                Png.write(img, file);
                BufferedImage back = ImageIO.read(file.toFile());
                assertEquals(size[0], back.getWidth());
                assertEquals(size[1], back.getHeight());
                int[] read = back.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
                int[] expected = img.getRGB(0, 0, size[0], size[1], null, 0, size[0]);
                assertArrayEquals(expected, read, size[0] + "x" + size[1] + " pattern " + pattern);
                Files.delete(file);
            }
    }

    @Test
    void otherImagesGoThroughImageIo() throws Exception {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(2, 1, 0x80123456);
        BufferedImage rgb = new BufferedImage(9, 9, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(4, 4, 0x123456);
        BufferedImage sub = rgb.getSubimage(2, 3, 5, 4); // shares rgb's buffer at an offset: not packed from index 0
        assertFalse(Png.packedRgb(argb));
        assertFalse(Png.packedRgb(sub));
        for (BufferedImage img : new BufferedImage[] {argb, sub}) {
            Path file = dir.resolve("o.png");
            Png.write(img, file);
            BufferedImage back = ImageIO.read(file.toFile());
            int w = img.getWidth(), h = img.getHeight();
            assertArrayEquals(img.getRGB(0, 0, w, h, null, 0, w), back.getRGB(0, 0, w, h, null, 0, w));
            Files.delete(file);
        }
    }
}
