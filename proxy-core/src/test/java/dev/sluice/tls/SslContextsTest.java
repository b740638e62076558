package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.log.EventLog;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TlsTestServer;
import dev.sluice.testsupport.TrustingClients;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;

/** Real handshakes on 127.0.0.1 between a JDK client that trusts only Sluice's CA and a leaf from this package. */
class SslContextsTest {
    @TempDir
    static Path confdir;
    static CertificateAuthority ca;
    static ExecutorService worker;
    static LeafCertificates leaves;

    @BeforeAll
    static void createCa() {
        ca = CertificateAuthority.loadOrCreate(confdir, 2048, new EventLog());
        worker = Executors.newFixedThreadPool(2);
        leaves = new LeafCertificates(ca, CustomCerts.none(), worker, new EventLog());
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    private static LeafCert leaf(String... names) throws Exception {
        return leaves.get(CertRequest.of(names)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void openSslIsAvailableHere() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(SslContexts.using(SslProvider.OPENSSL).provider()).isEqualTo(SslProvider.OPENSSL);
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aClientTrustingOnlyTheCaAcceptsTheLeaf(SslProvider provider) throws Exception {
        SslContexts contexts = SslContexts.using(provider);
        LeafCert leaf = leaf("foo.example", "upstream.test");
        SSLContext client = TrustingClients.trusting(ca.certificate());

        try (TlsTestServer server = TlsTestServer.start(contexts.clientFacing(leaf, SslContexts.HTTP_1_1))) {
            TrustingClients.Exchange exchange = TrustingClients.get(client, "foo.example", server.port(), List.of("h2", "http/1.1"));

            assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK").endsWith("hello http/1.1");
            assertThat(exchange.alpn()).isEqualTo("http/1.1");
            assertThat(exchange.serverChain()).containsExactly(leaf.certificate(), ca.certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void leavesOfAnEcCaWorkToo(SslProvider provider, @TempDir Path ecConfdir) throws Exception {
        TestPki.Issued ecCa = TestPki.certificate().subject("ec ca", "ec").ca().key(TestPki.ecKeyPair("secp256r1")).selfSigned();
        Files.writeString(ecConfdir.resolve("sluice-ca.pem"), TestPki.pkcs8(ecCa.privateKey()) + TestPki.pem(ecCa.certificate()));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(ecConfdir, 2048, new EventLog());
        LeafCert leaf = new LeafCertificates(ca, CustomCerts.none(), worker, new EventLog())
                .get(CertRequest.of("ec.test")).get(10, TimeUnit.SECONDS);

        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withECDSA");
        try (TlsTestServer server = TlsTestServer.start(SslContexts.using(provider).clientFacing(leaf, SslContexts.HTTP_1_1))) {
            TrustingClients.Exchange exchange = TrustingClients.get(TrustingClients.trusting(ecCa.certificate()),
                    "ec.test", server.port(), SslContexts.HTTP_1_1);
            assertThat(exchange.response()).endsWith("hello http/1.1");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void httpsUrlConnectionToAnIpLiteralChecksTheIpSan(SslProvider provider) throws Exception {
        LeafCert leaf = leaf("127.0.0.1");
        try (TlsTestServer server = TlsTestServer.start(SslContexts.using(provider).clientFacing(leaf, SslContexts.HTTP_1_1))) {
            HttpsURLConnection connection = (HttpsURLConnection) new URL("https://127.0.0.1:" + server.port() + "/").openConnection();
            connection.setSSLSocketFactory(TrustingClients.trusting(ca.certificate()).getSocketFactory());
            try (InputStream in = connection.getInputStream()) {
                assertThat(connection.getResponseCode()).isEqualTo(200);
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello none"); // HttpsURLConnection offers no ALPN
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void anEmptyAlpnListNegotiatesNoProtocol(SslProvider provider) throws Exception {
        try (TlsTestServer server = TlsTestServer.start(SslContexts.using(provider).clientFacing(leaf("noalpn.test"), List.of()))) {
            TrustingClients.Exchange exchange = TrustingClients.get(TrustingClients.trusting(ca.certificate()),
                    "noalpn.test", server.port(), List.of("h2", "http/1.1"));

            assertThat(exchange.alpn()).isEmpty();
            assertThat(exchange.response()).endsWith("hello none");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void aClientThatDoesNotTrustTheCaRejectsTheLeaf(SslProvider provider) throws Exception {
        SSLContext stranger = TrustingClients.trusting(TestPki.ca("someone else").certificate());
        try (TlsTestServer server = TlsTestServer.start(SslContexts.using(provider).clientFacing(leaf("pinned.test"), SslContexts.HTTP_1_1))) {
            assertThatThrownBy(() -> TrustingClients.get(stranger, "pinned.test", server.port(), List.of()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"JDK", "OPENSSL"})
    void leavesSharingTheCaKeyEachPresentTheirOwnCertificate(SslProvider provider) throws Exception {
        SslContexts contexts = SslContexts.using(provider);
        LeafCert first = leaf("first.shared.test");
        LeafCert second = leaf("second.shared.test");
        SSLContext client = TrustingClients.trusting(ca.certificate());

        try (TlsTestServer one = TlsTestServer.start(contexts.clientFacing(first, SslContexts.HTTP_1_1));
             TlsTestServer two = TlsTestServer.start(contexts.clientFacing(second, SslContexts.HTTP_1_1))) {
            for (int round = 0; round < 2; round++) {
                assertThat(TrustingClients.get(client, "first.shared.test", one.port(), SslContexts.HTTP_1_1).serverChain())
                        .containsExactly(first.certificate(), ca.certificate());
                assertThat(TrustingClients.get(client, "second.shared.test", two.port(), SslContexts.HTTP_1_1).serverChain())
                        .containsExactly(second.certificate(), ca.certificate());
            }
        }
    }

    @Test
    void leavesOfOneCaHandOpenSslOneParsedKey() throws Exception {
        PrivateKey first = leaf("one.native.test").privateKeyForOpenSsl();
        PrivateKey second = leaf("two.native.test").privateKeyForOpenSsl();

        assertThat(second).isSameAs(first);
        assertThat(first).as("parsed by OpenSSL, not the Java key").isNotSameAs(ca.privateKey());
        assertThat(first.getEncoded()).as("the key stays inside OpenSSL").isNull();
    }

    @Test
    void aKeyOpenSslCannotParseIsHandedOverAsTheJavaKey() {
        PrivateKey opaque = new PrivateKey() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getAlgorithm() {
                return "RSA";
            }

            @Override
            public String getFormat() {
                return null;
            }

            @Override
            public byte[] getEncoded() {
                return null; // a hardware-backed key, say: nothing to give OpenSSL
            }
        };

        assertThat(new LeafKey(opaque).forOpenSsl()).isSameAs(opaque);
    }

    @Test
    void serverContextsAreBuiltOncePerLeafAndAlpnList() throws Exception {
        ClientFacingContexts contexts = new ClientFacingContexts(leaves, SslContexts.using(SslProvider.JDK), worker);
        CertRequest names = CertRequest.of("reuse.test");

        SslContext first = contexts.get(names, SslContexts.HTTP_1_1).get(10, TimeUnit.SECONDS);
        SslContext again = contexts.get(names, List.of("http/1.1")).get(10, TimeUnit.SECONDS);
        SslContext h2 = contexts.get(names, List.of("h2", "http/1.1")).get(10, TimeUnit.SECONDS);

        assertThat(again).isSameAs(first);
        assertThat(h2).isNotSameAs(first);
        assertThat(first.isServer()).isTrue();
    }

    @Test
    void theProviderCanBeForcedByASystemProperty() {
        String saved = System.getProperty(SslContexts.PROVIDER_PROPERTY);
        try {
            System.setProperty(SslContexts.PROVIDER_PROPERTY, "jdk");
            assertThat(SslContexts.fromSystemProperty().provider()).isEqualTo(SslProvider.JDK);
            System.clearProperty(SslContexts.PROVIDER_PROPERTY);
            assertThat(SslContexts.fromSystemProperty().provider())
                    .isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
            System.setProperty(SslContexts.PROVIDER_PROPERTY, "boring");
            assertThatThrownBy(SslContexts::fromSystemProperty).isInstanceOf(TlsConfigException.class)
                    .hasMessage("Invalid value for sluice.tls.provider: boring (expected jdk or openssl)");
        } finally {
            if (saved == null) System.clearProperty(SslContexts.PROVIDER_PROPERTY);
            else System.setProperty(SslContexts.PROVIDER_PROPERTY, saved);
        }
    }
}
