package dev.sluice.bench;

import dev.sluice.testsupport.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Certificates for the HTTPS benchmark: {@code java ... BenchPki <dir>} writes {@code origin-ca.pem}
 * (the CA the clients and the proxy trust) and {@code origin.pem} (chain and key of the origin),
 * valid for every {@code *.test} name and for 127.0.0.1, so one origin can stand for a thousand
 * hosts reached by IP with distinct SNI names.
 */
public final class BenchPki {
    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        TestPki.Issued ca = TestPki.ca("Sluice Bench Origin CA");
        TestPki.Issued origin = TestPki.certificate().subject("bench.test", "Bench").sans("*.test", "bench.test", "127.0.0.1")
                .signedBy(ca);
        ca.writeCertificatePem(dir.resolve("origin-ca.pem"));
        origin.writePem(dir.resolve("origin.pem"));
    }
}
