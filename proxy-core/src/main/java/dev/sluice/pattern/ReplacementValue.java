package dev.sluice.pattern;

import dev.sluice.option.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replacement piece of modify_body and modify_headers: escape-decoded literal bytes, or
 * {@code @path}, a file whose bytes are the value. A file must be readable when the option is set
 * and is read again on every use, so editing it takes effect with the next message.
 */
public sealed interface ReplacementValue {

    /**
     * The value's bytes: the literal, or the file's current contents.
     *
     * @throws IOException with a message naming the reason and the file
     */
    byte[] read() throws IOException;

    /** Whether {@link #read()} touches the disk (and so must run off the event loop). */
    boolean readsFile();

    record Literal(byte[] bytes) implements ReplacementValue {
        @Override
        public byte[] read() {
            return bytes;
        }

        @Override
        public boolean readsFile() {
            return false;
        }
    }

    /** {@code @path}: {@code written} as the user wrote it, {@code path} absolute with {@code ~} expanded. */
    record FromFile(String written, Path path) implements ReplacementValue {
        @Override
        public byte[] read() throws IOException {
            try {
                return Files.readAllBytes(path);
            } catch (IOException e) {
                throw new IOException(FileReasons.withPath(e, path), e);
            }
        }

        @Override
        public boolean readsFile() {
            return true;
        }
    }

    /**
     * Parses a replacement piece; {@code @path} is opened and read from now to prove it readable.
     *
     * @throws IllegalArgumentException {@code Invalid file path: <path> (<reason>)} or an escape error
     */
    static ReplacementValue parse(String piece) {
        if (!piece.startsWith("@")) return new Literal(Escapes.decode(piece));
        String written = piece.substring(1);
        FromFile file = new FromFile(written, Paths.expand(written).toAbsolutePath());
        if (Files.isDirectory(file.path())) throw invalidPath(written, "Is a directory");
        try (InputStream in = Files.newInputStream(file.path())) {
            in.read();
        } catch (IOException e) {
            throw invalidPath(written, FileReasons.of(e));
        }
        return file;
    }

    private static IllegalArgumentException invalidPath(String written, String reason) {
        return new IllegalArgumentException("Invalid file path: " + written + " (" + reason + ")");
    }
}
