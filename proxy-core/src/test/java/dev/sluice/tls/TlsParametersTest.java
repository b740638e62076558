package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToTlsOrigin;
import dev.sluice.testsupport.TrustingClients;

/** TLS versions and cipher suites towards clients and servers (tls.md §5.1), with both engines. */
class TlsParametersTest {
    private static final String ONLY_SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

    @RegisterExtension
    static final ProxyToTlsOrigin rig = new ProxyToTlsOrigin("Parameters Test CA");

    private ProxyFixture proxy;
    private Origin origin;

    private void start(String provider, String... options) throws Exception {
        proxy = rig.startProxy(provider, options);
    }

    private static final Consumer<SSLParameters> DEFAULTS = parameters -> { };

    /** An origin speaking only TLS 1.2 with {@value #ONLY_SUITE}. */
    private static final Consumer<SSLParameters> ONE_SUITE = parameters -> {
        parameters.setProtocols(new String[]{"TLSv1.2"});
        parameters.setCipherSuites(new String[]{ONLY_SUITE});
    };

    /** A GET through the proxy from a client speaking only these TLS versions. */
    private String getWith(String... protocols) throws IOException {
        SSLContext device = TrustingClients.trusting(proxy.caCertificate());
        Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), rig.target());
        try (SSLSocket tls = (SSLSocket) device.getSocketFactory().createSocket(tunnel, "upstream.test", origin.port(), true)) {
            tls.setEnabledProtocols(protocols);
            tls.startHandshake();
            OutputStream out = tls.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: upstream.test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return TrustingClients.readResponse(tls.getInputStream());
        }
    }

    private Flow lastFlow() {
        List<Flow> flows = proxy.sluice().flows().snapshot();
        return flows.get(flows.size() - 1);
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void aTls12ClientIsRefusedOnceTheClientMinimumIsTls13(String provider) throws Exception {
        start(provider);
        origin = rig.startOrigin(DEFAULTS);
        assertThat(getWith("TLSv1.2")).startsWith("HTTP/1.1 200 ");
        assertThat(lastFlow().client().tlsVersion()).isEqualTo("TLSv1.2");

        proxy.set("tls_version_client_min=TLS1_3"); // the context made for this host before is not reused

        assertThatThrownBy(() -> getWith("TLSv1.2")).isInstanceOf(SSLHandshakeException.class);
        assertThat(getWith("TLSv1.3")).startsWith("HTTP/1.1 200 ");
        assertThat(lastFlow().client().tlsVersion()).isEqualTo("TLSv1.3");
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void theServerMaximumBoundsTheVersionTowardsServers(String provider) throws Exception {
        start(provider, "tls_version_server_max=TLS1_2");
        origin = rig.startOrigin(DEFAULTS);
        assertThat(getWith("TLSv1.3")).startsWith("HTTP/1.1 200 ");
        assertThat(lastFlow().client().tlsVersion()).isEqualTo("TLSv1.3");
        assertThat(lastFlow().server().tlsVersion()).isEqualTo("TLSv1.2");
    }

    @ParameterizedTest(name = "TLS engine {0}, ciphers_server={1}")
    @CsvSource({
            "openssl, " + ONLY_SUITE,
            "openssl, ECDHE-RSA-AES128-GCM-SHA256",
            "jdk, " + ONLY_SUITE,
            "jdk, ECDHE-RSA-AES128-GCM-SHA256",
    })
    void aServerAcceptingOneSuiteIsReachedWhenCiphersServerNamesIt(String provider, String ciphers) throws Exception {
        start(provider, "ciphers_server=ECDHE-RSA-AES256-GCM-SHA384:" + ciphers);
        origin = rig.startOrigin(ONE_SUITE);
        assertThat(getWith("TLSv1.3")).startsWith("HTTP/1.1 200 ");
        assertThat(lastFlow().server().cipher()).isEqualTo(ONLY_SUITE);
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void aServerAcceptingOneSuiteFailsWith502WhenCiphersServerLeavesItOut(String provider) throws Exception {
        start(provider, "ciphers_server=ECDHE-RSA-AES256-GCM-SHA384");
        origin = rig.startOrigin(ONE_SUITE);
        assertThat(getWith("TLSv1.3")).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("Server TLS handshake failed: ");
        assertThat(lastFlow().error().msg()).startsWith("Server TLS handshake failed: ");
    }

    @Test
    void openSslNamesAreMappedAndTheVersionsFollowTheSuites() {
        TlsParameters onlyTls12Suites = TlsParameters.of("client", "UNBOUNDED", "UNBOUNDED", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA");
        assertThat(onlyTls12Suites.ciphers()).containsExactly(ONLY_SUITE, "TLS_RSA_WITH_AES_256_CBC_SHA");
        assertThat(onlyTls12Suites.protocols()).containsExactly("TLSv1", "TLSv1.1", "TLSv1.2");
        TlsParameters onlyTls13Suites = TlsParameters.of("server", "TLS1_2", "UNBOUNDED", "TLS_AES_128_GCM_SHA256");
        assertThat(onlyTls13Suites.protocols()).containsExactly("TLSv1.3");
        assertThat(TlsParameters.of("server", "SSL3", "TLS1_1", null).protocols()).containsExactly("TLSv1", "TLSv1.1");
        assertThat(TlsParameters.of("client", "TLS1_2", "UNBOUNDED", "")).isEqualTo(TlsParameters.DEFAULTS);
        assertThatThrownBy(() -> TlsParameters.of("client", "TLS1_3", "UNBOUNDED", "AES128-SHA"))
                .hasMessage("Invalid value for ciphers_client: no listed cipher suite belongs to TLSv1.3");
    }
}
