package dev.sluice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A confdir for tests, never the user's {@code ~/.sluice}: one per test JVM, so the CA is
 * created once and then only loaded; deleted when the JVM exits.
 */
public final class TestConfdir {
    private static Path shared;

    private TestConfdir() {
    }

    public static synchronized Path shared() {
        if (shared == null) {
            try {
                shared = Files.createTempDirectory("sluice-test-confdir");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return shared;
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
