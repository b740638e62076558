package dev.sluice.testsupport;

import dev.sluice.log.EventLog;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A home directory and confdir for tests, never the user's: one per test JVM, deleted when it
 * exits. The confdir is the home's {@code .sluice} and holds a CA from the start, so the proxies
 * of tests only load it, and sluicedump processes started with this home (their default
 * confdir) print no "created" line.
 */
public final class TestConfdir {
    private static Path home;

    private TestConfdir() {
    }

    /** The home directory given to processes started by tests. */
    public static synchronized Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("sluice-test-home");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = home;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            CertificateAuthority.loadOrCreate(home.resolve(".sluice"), CertificateAuthority.MIN_KEY_SIZE, new EventLog());
        }
        return home;
    }

    /** The confdir with the tests' CA: {@code ~/.sluice} of {@link #home()}. */
    public static Path shared() {
        return home().resolve(".sluice");
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
