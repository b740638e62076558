package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TlsTestClient;
import dev.sluice.testsupport.TlsTestServer;
import io.netty.handler.ssl.SslProvider;

/** Verification of servers (tls.md §5) through real handshakes against local origins, with both providers. */
class UpstreamTrustTest {
    @TempDir
    static Path tmp;
    static TestPki.Issued originCa;
    static Path originCaFile;
    static Path originCaDir;
    static TlsTestClient client;

    private static final Instant NOW = Instant.now();

    @BeforeAll
    static void pki() throws Exception {
        originCa = TestPki.ca("Test Origin CA");
        originCaFile = Files.writeString(tmp.resolve("origin-ca.pem"), TestPki.pem(originCa.certificate()));
        originCaDir = Files.createDirectories(tmp.resolve("cas"));
        Files.writeString(originCaDir.resolve("origin-ca.pem"), TestPki.pem(originCa.certificate()));
        Files.writeString(originCaDir.resolve("README"), "not a certificate");
        client = new TlsTestClient();
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    enum Trust {
        JDK_ONLY(UpstreamTrust::jdkDefault),
        TRUSTED_CA_FILE(() -> UpstreamTrust.verifying(originCaFile, null)),
        TRUSTED_CA_DIR(() -> UpstreamTrust.verifying(null, originCaDir)),
        INSECURE(UpstreamTrust::insecure);

        final Supplier<UpstreamTrust> make;

        Trust(Supplier<UpstreamTrust> make) {
            this.make = make;
        }
    }

    private static TestPki.Issued signed(TestPki.CertBuilder b) {
        return b.signedBy(originCa);
    }

    static Stream<Arguments> origins() {
        Function<TestPki.CertBuilder, TestPki.Issued> signed = UpstreamTrustTest::signed;
        Function<TestPki.CertBuilder, TestPki.Issued> self = TestPki.CertBuilder::selfSigned;
        String[] upstreamSans = {"upstream.test", "alt.upstream.test", "127.0.0.1"};
        return Stream.of(
                // what, certificate, issued how, trust, name sent (SNI / IP), expected reason (null = trusted)
                Arguments.of("trusted CA file", TestPki.certificate().subject("upstream.test", "UpOrg").sans(upstreamSans), signed,
                        Trust.TRUSTED_CA_FILE, "upstream.test", null),
                Arguments.of("trusted CA directory", TestPki.certificate().sans(upstreamSans), signed,
                        Trust.TRUSTED_CA_DIR, "alt.upstream.test", null),
                Arguments.of("IP literal against IP SANs", TestPki.certificate().sans(upstreamSans), signed,
                        Trust.TRUSTED_CA_FILE, "127.0.0.1", null),
                Arguments.of("wildcard label", TestPki.certificate().sans("*.wild.test"), signed,
                        Trust.TRUSTED_CA_FILE, "a.wild.test", null),
                Arguments.of("private CA unknown to the JDK", TestPki.certificate().sans(upstreamSans), signed,
                        Trust.JDK_ONLY, "upstream.test", "unable to get local issuer certificate"),
                Arguments.of("self-signed", TestPki.certificate().subject("self.test", null).sans("self.test"), self,
                        Trust.TRUSTED_CA_FILE, "self.test", "self-signed certificate"),
                Arguments.of("expired", TestPki.certificate().sans("old.test")
                                .validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))), signed,
                        Trust.TRUSTED_CA_FILE, "old.test", "certificate has expired"),
                Arguments.of("not yet valid", TestPki.certificate().sans("new.test")
                                .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))), signed,
                        Trust.TRUSTED_CA_FILE, "new.test", "certificate is not yet valid"),
                Arguments.of("name not among the SANs", TestPki.certificate().sans(upstreamSans), signed,
                        Trust.TRUSTED_CA_FILE, "other.test", "hostname mismatch: other.test not in [upstream.test, alt.upstream.test, 127.0.0.1]"),
                Arguments.of("IP not among the IP SANs", TestPki.certificate().sans(upstreamSans), signed,
                        Trust.TRUSTED_CA_FILE, "127.0.0.2", "hostname mismatch: 127.0.0.2 not in [upstream.test, alt.upstream.test, 127.0.0.1]"),
                Arguments.of("no CN fallback", TestPki.certificate().subject("cn-only.test", null), signed,
                        Trust.TRUSTED_CA_FILE, "cn-only.test", "hostname mismatch: cn-only.test not in []"),
                Arguments.of("wildcard covers one label only", TestPki.certificate().sans("*.wild.test"), signed,
                        Trust.TRUSTED_CA_FILE, "a.b.wild.test", "hostname mismatch: a.b.wild.test not in [*.wild.test]"),
                Arguments.of("no partial-label wildcard", TestPki.certificate().sans("f*.wild.test"), signed,
                        Trust.TRUSTED_CA_FILE, "foo.wild.test", "hostname mismatch: foo.wild.test not in [f*.wild.test]"),
                Arguments.of("ssl_insecure accepts anything", TestPki.certificate().subject("bad.test", null).sans("bad.test")
                                .validity(NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))), self,
                        Trust.INSECURE, "other.test", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("origins")
    void verification(String what, TestPki.CertBuilder certificate, Function<TestPki.CertBuilder, TestPki.Issued> issue,
                      Trust trust, String name, String reason) throws Exception {
        TestPki.Issued origin = issue.apply(certificate);
        for (SslProvider provider : List.of(SslProvider.JDK, SslProvider.OPENSSL)) {
            SslContexts contexts = SslContexts.using(provider);
            var serverContext = SslContexts.using(SslProvider.JDK)
                    .clientFacing(new LeafCert(origin.chain(), origin.privateKey()), SslContexts.HTTP_1_1);
            try (TlsTestServer server = TlsTestServer.start(serverContext)) {
                TlsTestClient.Handshake handshake = client.handshake(
                        contexts.upstream(trust.make.get(), SslContexts.HTTP_1_1), name, server.port());

                if (reason == null) {
                    assertThat(handshake.failure()).as(provider.name()).isNull();
                    assertThat(handshake.serverChain().get(0)).isEqualTo(origin.certificate());
                } else {
                    assertThat(handshake.failure()).as(provider.name()).isNotNull();
                    assertThat(CertificateVerifyException.reasonOf(handshake.failure())).as(provider.name()).hasValue(reason);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aSelfSignedServerCertificateListedAsTrustedIsAccepted(SslProvider provider) throws Exception {
        TestPki.Issued selfSigned = TestPki.certificate().subject("self.test", null).sans("self.test").selfSigned();
        Path listed = selfSigned.writeCertificatePem(tmp.resolve("self-" + provider + ".pem"));
        var serverContext = SslContexts.using(SslProvider.JDK)
                .clientFacing(new LeafCert(selfSigned.chain(), selfSigned.privateKey()), SslContexts.HTTP_1_1);
        try (TlsTestServer server = TlsTestServer.start(serverContext)) {
            var upstream = SslContexts.using(provider).upstream(UpstreamTrust.verifying(listed, null), SslContexts.HTTP_1_1);

            TlsTestClient.Handshake handshake = client.handshake(upstream, "self.test", server.port());

            assertThat(handshake.failure()).isNull();
            assertThat(handshake.serverChain().get(0)).isEqualTo(selfSigned.certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void theServersAlpnChoiceIsReported(SslProvider provider) throws Exception {
        TestPki.Issued origin = TestPki.certificate().sans("h1.test").signedBy(originCa);
        var http1Only = SslContexts.using(SslProvider.JDK).clientFacing(new LeafCert(origin.chain(), origin.privateKey()),
                SslContexts.HTTP_1_1);
        try (TlsTestServer server = TlsTestServer.start(http1Only)) {
            var upstream = SslContexts.using(provider).upstream(UpstreamTrust.verifying(originCaFile, null), List.of("h2", "http/1.1"));

            TlsTestClient.Handshake handshake = client.handshake(upstream, "h1.test", server.port());

            assertThat(handshake.failure()).isNull();
            assertThat(handshake.alpn()).isEqualTo("http/1.1");
        }
    }

    @Test
    void aHandshakeThatFailedForAnotherReasonHasNoVerifyReason() {
        assertThat(CertificateVerifyException.reasonOf(new SSLHandshakeException("protocol_version"))).isEmpty();
    }

    @Test
    void aChainMetAgainIsValidatedOnceButItsNameEveryTime() throws Exception {
        AtomicInteger validations = new AtomicInteger();
        X509TrustManager countingValidator = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                validations.incrementAndGet();
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        VerifyingTrustManager trust = new VerifyingTrustManager(countingValidator);
        X509Certificate[] chain = TestPki.certificate().subject("again.test", null).sans("again.test").signedBy(originCa)
                .chain().toArray(X509Certificate[]::new);
        for (int i = 0; i < 3; i++) trust.checkServerTrusted(chain, "RSA", SSLContext.getDefault().createSSLEngine("again.test", 443));
        assertThat(validations).hasValue(1);
        assertThatThrownBy(() -> trust.checkServerTrusted(chain, "RSA", SSLContext.getDefault().createSSLEngine("other.test", 443)))
                .hasMessage("hostname mismatch: other.test not in [again.test]");
    }

    @Test
    void trustPathsMustExist() {
        Path missing = tmp.resolve("missing.pem");
        assertThatThrownBy(() -> UpstreamTrust.verifying(missing, null)).isInstanceOf(TlsConfigException.class)
                .hasMessage("Invalid value for ssl_verify_upstream_trusted_ca: file does not exist: " + missing);
        assertThatThrownBy(() -> UpstreamTrust.verifying(null, missing)).isInstanceOf(TlsConfigException.class)
                .hasMessage("Invalid value for ssl_verify_upstream_trusted_confdir: directory does not exist: " + missing);
        assertThatThrownBy(() -> UpstreamTrust.verifying(originCaDir.resolve("README"), null))
                .hasMessage("Invalid value for ssl_verify_upstream_trusted_ca: no certificate in " + originCaDir.resolve("README"));
    }

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "example.com, example.com, true",
            "Example.COM, example.com, true",
            "example.com., example.com, true",
            "www.example.com, *.example.com, true",
            "example.com, *.example.com, false",
            "a.b.example.com, *.example.com, false",
            "foo.example.com, f*.example.com, false",
            "bücher.example, xn--bcher-kva.example, true",
            "127.0.0.1, 127.0.0.1, true",
            "[::1], 0:0:0:0:0:0:0:1, true",
            "127.0.0.1, *.0.0.1, false",
    })
    void hostNameRules(String name, String san, boolean matches) {
        assertThat(VerifyingTrustManager.matchesAny(name, List.of(san))).isEqualTo(matches);
    }
}
