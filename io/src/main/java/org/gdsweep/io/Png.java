package org.gdsweep.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.RenderedImage;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * PNG files at a fast deflate level. Every figure gdsweep draws is a {@code TYPE_INT_RGB} image, and those are encoded
 * here: 8-bit RGB rows, unfiltered (filter type None), deflated by {@link Deflater}, CRC-32 per chunk (PNG
 * specification, ISO/IEC 15948). Unfiltered rows deflated smallest of the five filters on the default sweep's figure
 * at level 1 (352 KB, against 453-476 KB for Sub, Up, Paeth or the per-row choice ImageIO makes; its file was 352 KB
 * too), and they cost nothing to filter. Why not the JDK's ImageIO writer: it tries all five filters on every row, reads the pixels back through the
 * raster's sample model, and runs in interpreted code in a cold process. It took ~0.18 s of the default sweep's figure,
 * which is on the critical path next to the HDF5 file (BENCHMARKS.md, session 19). Other images still go through ImageIO.
 */
final class Png {
    /**
     * ImageIO compression quality: the JDK's PNG writer deflates at level round(9·(1 − quality)), so 0.9 is level 1, the
     * level the encoder here uses too. Level 1 wrote a 4096² basin map several times faster than the default, and basin
     * maps (large flat regions) barely shrink further at higher levels.
     */
    private static final float QUALITY = Float.parseFloat(System.getProperty("gdsweep.png.quality", "0.9"));
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** Bytes of deflated image data per IDAT chunk. */
    private static final int IDAT_BYTES = 1 << 16;

    private Png() {}

    static void write(RenderedImage img, Path file) throws IOException {
        if (img instanceof BufferedImage b && packedRgb(b)) {
            writeRgb(b, file);
            return;
        }
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

    /** A TYPE_INT_RGB image whose pixels are its data buffer's, row after row, from index 0 (not a sub-image). */
    static boolean packedRgb(BufferedImage b) {
        return b.getType() == BufferedImage.TYPE_INT_RGB && b.getRaster().getDataBuffer() instanceof DataBufferInt d
                && d.getNumBanks() == 1 && d.getOffset() == 0 && b.getSampleModel() instanceof SinglePixelPackedSampleModel s
                && s.getScanlineStride() == b.getWidth() && b.getRaster().getSampleModelTranslateX() == 0
                && b.getRaster().getSampleModelTranslateY() == 0 && b.getMinX() == 0 && b.getMinY() == 0;
    }

    private static void writeRgb(BufferedImage img, Path file) throws IOException {
        int width = img.getWidth(), height = img.getHeight();
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(SIGNATURE);
            byte[] header = new byte[13];
            putInt(header, 0, width);
            putInt(header, 4, height);
            header[8] = 8; // bits per sample
            header[9] = 2; // colour type: RGB
            // header[10..12] = 0: deflate, adaptive filtering (per-row filter byte), no interlace
            chunk(out, "IHDR", header, header.length);
            Deflater deflater = new Deflater(Math.round(9 * (1 - QUALITY)));
            try {
                byte[] row = new byte[1 + 3 * width], idat = new byte[IDAT_BYTES];
                int filled = 0;
                for (int y = 0; y < height; y++) {
                    row[0] = 0; // filter type None
                    for (int x = 0, at = y * width, o = 1; x < width; x++, o += 3) {
                        int p = pixels[at + x];
                        row[o] = (byte) (p >>> 16);
                        row[o + 1] = (byte) (p >>> 8);
                        row[o + 2] = (byte) p;
                    }
                    deflater.setInput(row);
                    boolean last = y == height - 1;
                    if (last) deflater.finish();
                    // the row array is refilled only once the deflater has taken all of it
                    while (last ? !deflater.finished() : !deflater.needsInput()) {
                        filled += deflater.deflate(idat, filled, idat.length - filled);
                        if (filled == idat.length) {
                            chunk(out, "IDAT", idat, filled);
                            filled = 0;
                        }
                    }
                }
                if (filled > 0) chunk(out, "IDAT", idat, filled);
            } finally {
                deflater.end();
            }
            chunk(out, "IEND", new byte[0], 0);
        }
    }

    /** One chunk: length, type, data, CRC-32 of type and data. */
    private static void chunk(OutputStream out, String type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.write(head);
        out.write(data, 0, length);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(tail);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
