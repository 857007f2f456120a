package org.gdsweep.io;

import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** PNG files through the JDK's ImageIO writer, at a fast deflate level. */
final class Png {
    /**
     * ImageIO compression quality: the JDK's PNG writer deflates at level round(9·(1 − quality)), so 0.9 is level 1.
     * Level 1 wrote a 4096² basin map several times faster than the default, and basin maps (large flat regions)
     * barely shrink further at higher levels.
     */
    private static final float QUALITY = Float.parseFloat(System.getProperty("gdsweep.png.quality", "0.9"));

    private Png() {}

    static void write(RenderedImage img, Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("no PNG writer available");
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(QUALITY);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
