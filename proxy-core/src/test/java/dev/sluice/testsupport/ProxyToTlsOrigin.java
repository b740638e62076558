package dev.sluice.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLParameters;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.sluice.tls.SslContexts;

/**
 * A proxy that trusts a private CA, in front of an HTTPS echo origin whose certificate that CA
 * issued ({@code upstream.test}, {@code 127.0.0.1}); both closed after each test:
 * {@code @RegisterExtension static final ProxyToTlsOrigin rig = new ProxyToTlsOrigin("My CA");}
 * (the CA is made once per class). The test starts each side with the options it needs.
 */
public final class ProxyToTlsOrigin implements AfterEachCallback {
    private final TestPki.Issued originCa;
    private final TestPki.Issued originCertificate;
    private final Path trustedCaFile;
    private ProxyFixture proxy;
    private Origin origin;

    public ProxyToTlsOrigin(String caName) {
        originCa = TestPki.ca(caName);
        originCertificate = TestPki.certificate().subject("upstream.test", null).sans("upstream.test", "127.0.0.1").signedBy(originCa);
        try {
            trustedCaFile = originCa.writeCertificatePem(Files.createTempFile("origin-ca", ".pem"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        trustedCaFile.toFile().deleteOnExit();
    }

    /**
     * Starts the proxy with the TLS engine ({@code openssl}, {@code jdk}, or null for the default),
     * trusting the origin's CA, with the extra {@code name=value} options.
     */
    public ProxyFixture startProxy(String engine, String... options) throws Exception {
        if (engine != null) System.setProperty(SslContexts.PROVIDER_PROPERTY, engine);
        List<String> all = new ArrayList<>(List.of("ssl_verify_upstream_trusted_ca=" + trustedCaFile));
        all.addAll(List.of(options));
        proxy = new ProxyFixture(all);
        return proxy;
    }

    /** Starts the origin with TLS parameters tuned by the test, trusting client certificates of these issuers. */
    public Origin startOrigin(Consumer<SSLParameters> tuning, X509Certificate... clientIssuers) throws IOException {
        origin = Origin.tlsEcho(originCertificate.serverContext(clientIssuers), tuning);
        return origin;
    }

    /** The CA that issued the origin's certificate: what a client of a passed-through origin trusts. */
    public X509Certificate originCa() {
        return originCa.certificate();
    }

    /** {@code 127.0.0.1:<origin port>}: a CONNECT target. */
    public String target() {
        return "127.0.0.1:" + origin.port();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (proxy != null) proxy.close();
        if (origin != null) origin.close();
        proxy = null;
        origin = null;
        System.clearProperty(SslContexts.PROVIDER_PROPERTY);
    }
}
