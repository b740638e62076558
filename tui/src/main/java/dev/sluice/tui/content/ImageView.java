package dev.sluice.tui.content;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** An image's format, dimensions and size, read from its header only (no pixels are decoded). */
final class ImageView implements ContentView {
    @Override
    public String name() {
        return "image";
    }

    @Override
    public List<String> render(Input input) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(input.content()))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) throw new IllegalArgumentException("not a known image format");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                List<String> lines = new ArrayList<>();
                lines.add("Format: " + reader.getFormatName().toUpperCase(java.util.Locale.ROOT));
                lines.add("Size: " + reader.getWidth(0) + " x " + reader.getHeight(0) + " px");
                lines.add("Bytes: " + input.content().length);
                return lines;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable image: " + e.getMessage());
        }
    }
}
