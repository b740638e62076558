package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawServer;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TrustingClients;
import dev.sluice.testsupport.TrustingClients.Exchange;
import dev.sluice.tls.SslContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CONNECT tunnels end to end on 127.0.0.1: a real proxy, real TLS origins whose certificates
 * carry several SANs, and clients that trust only what a device would trust.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelPipelineTest {
    @TempDir
    static Path files;
    static TestPki.Issued originCa;
    static TestPki.Issued originCert;
    static Path trustedOriginCa;

    private ProxyFixture proxy;
    private Origin origin;
    private String target;

    @BeforeAll
    static void pki() throws IOException {
        originCa = TestPki.ca("Origin Test CA");
        originCert = TestPki.certificate().subject("upstream.test", "UpOrg")
                .sans("upstream.test", "alt.upstream.test", "127.0.0.1").signedBy(originCa);
        trustedOriginCa = originCa.writeCertificatePem(files.resolve("origin-ca.pem"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) proxy.close();
        if (origin != null) origin.close();
        System.clearProperty(SslContexts.PROVIDER_PROPERTY);
    }

    /** The proxy trusting the origin's CA, plus the given options; the TLS origin echoing requests. */
    private void start(String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of("ssl_verify_upstream_trusted_ca=" + trustedOriginCa));
        all.addAll(List.of(options));
        proxy = new ProxyFixture(all);
        origin = Origin.tlsEcho(originCert.serverContext());
        target = "127.0.0.1:" + origin.port();
    }

    private SSLContext device() {
        return TrustingClients.trusting(proxy.caCertificate());
    }

    private Exchange get(String sni, String path) throws IOException {
        return TrustingClients.getThroughProxy(device(), proxy.port(), target, sni, List.of("h2", "http/1.1"), path);
    }

    private static List<String> sans(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        Collection<List<?>> all = certificate.getSubjectAlternativeNames();
        if (all != null) for (List<?> san : all) names.add(String.valueOf(san.get(1)));
        return names;
    }

    private Flow onlyFlow() {
        List<Flow> flows = proxy.sluice().flows().snapshot();
        assertThat(flows).hasSize(1);
        return flows.get(0);
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void decryptsHttpsForAClientThatTrustsOnlySluicesCa(String provider) throws Exception {
        System.setProperty(SslContexts.PROVIDER_PROPERTY, provider);
        start();
        Exchange exchange = get("alt.upstream.test", "/hello?x=1");

        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("target=/hello?x=1\nbody=");
        assertThat(exchange.alpn()).isEqualTo("http/1.1");
        assertThat(exchange.serverChain().get(0).getIssuerX500Principal()).isEqualTo(proxy.caCertificate().getSubjectX500Principal());
        assertThat(origin.serverNames()).containsExactly("alt.upstream.test");
        Flow flow = onlyFlow();
        assertThat(flow.request().url()).isEqualTo("https://" + target + "/hello?x=1");
        assertThat(flow.client().sni()).isEqualTo("alt.upstream.test");
        assertThat(flow.client().alpn()).isEqualTo("http/1.1");
        assertThat(flow.client().tlsVersion()).startsWith("TLSv1.");
        assertThat(flow.client().cipher()).isNotBlank();
        assertThat(flow.server().sni()).isEqualTo("alt.upstream.test");
        assertThat(flow.server().alpn()).isEqualTo("http/1.1");
        assertThat(flow.server().tlsVersion()).startsWith("TLSv1.");
        assertThat(flow.server().peer().getPort()).isEqualTo(origin.port());
        assertThat(flow.server().certificateChain()).hasSize(2);
        assertThat(flow.server().certificateChain().get(0).subject()).isEqualTo("CN=upstream.test,O=UpOrg");
        assertThat(flow.server().certificateChain().get(0).sans()).containsExactly("upstream.test", "alt.upstream.test", "127.0.0.1");
    }

    @Test
    void curlTrustingTheCaFileFromTheConfdirGetsThroughAndCurlWithoutItIsTurnedAway() throws Exception {
        start();
        Path caFile = dev.sluice.testsupport.TestConfdir.shared().resolve("sluice-ca-cert.pem");
        String url = "https://127.0.0.1:" + origin.port() + "/curl";
        String[] trusting = {"curl", "-sS", "--max-time", "10", "--cacert", caFile.toString(), "-x", "http://127.0.0.1:" + proxy.port(), url};
        assertThat(run(trusting)).endsWith("target=/curl\nbody=");
        String[] distrusting = {"curl", "-sS", "--max-time", "10", "--cacert", trustedOriginCa.toString(), "-x",
                "http://127.0.0.1:" + proxy.port(), url};
        assertThat(run(distrusting)).contains("SSL certificate problem");
        awaitLog("Client TLS handshake failed. The client");
    }

    /** Runs a command (skipping the test when it is not installed) and returns its stdout and stderr. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, command[0] + " is not installed");
            return null;
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void copiesTheServersNamesIntoThePresentedCertificate() throws Exception {
        start("ssl_insecure=true"); // foo.example is not the server's name: only the copy is under test here
        X509Certificate leaf = get("foo.example", "/").serverChain().get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("O=UpOrg,CN=upstream.test");
        assertThat(sans(leaf)).containsExactly("upstream.test", "alt.upstream.test", "127.0.0.1", "foo.example");
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void addUpstreamCertsSendsTheServersChainAfterSluicesOwn(String provider) throws Exception {
        System.setProperty(SslContexts.PROVIDER_PROPERTY, provider);
        start("add_upstream_certs_to_client_chain=true");
        List<X509Certificate> received = get("upstream.test", "/").serverChain();
        assertThat(received).hasSize(4);
        assertThat(received.get(0).getIssuerX500Principal()).isEqualTo(proxy.caCertificate().getSubjectX500Principal());
        assertThat(received.subList(1, 4)).containsExactly(proxy.caCertificate(), originCert.certificate(), originCa.certificate());
        assertThat(get("upstream.test", "/again").response()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void withoutUpstreamCertTheCertificateNamesOnlyTheSniAndTarget() throws Exception {
        start("ssl_insecure=true", "upstream_cert=false");
        X509Certificate leaf = get("foo.example", "/").serverChain().get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=foo.example");
        assertThat(sans(leaf)).containsExactly("foo.example", "127.0.0.1");
    }

    @Test
    void withoutSniTheCertificateNamesTheAddress() throws Exception {
        start("upstream_cert=false");
        Exchange exchange = get(null, "/no-sni");
        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(sans(exchange.serverChain().get(0))).containsExactly("127.0.0.1");
        assertThat(origin.serverNames()).containsExactly(""); // no SNI for an IP literal
    }

    @Test
    void aServerThatFailsVerificationGets502WithTheReasonForEveryRequest() throws Exception {
        start();
        origin.close();
        TestPki.Issued selfSigned = TestPki.certificate().subject("self.test", null).sans("self.test", "127.0.0.1").selfSigned();
        origin = Origin.tlsEcho(selfSigned.serverContext());
        target = "127.0.0.1:" + origin.port();

        Exchange exchange = get("self.test", "/");
        assertThat(exchange.response()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("Content-Type: text/html\r\n", "Connection: close\r\n", "Server: Sluice ")
                .contains("Certificate verify failed: self-signed certificate");
        assertThat(proxy.logged("Server TLS handshake failed. Certificate verify failed: self-signed certificate")).isTrue();
        Flow flow = onlyFlow();
        assertThat(flow.error().msg()).isEqualTo("Certificate verify failed: self-signed certificate");
        assertThat(flow.response()).isNull();
        assertThat(origin.poll()).isNull();
    }

    @Test
    void aSelfSignedServerListedInTheTrustedCaFileIsAccepted() throws Exception {
        TestPki.Issued selfSigned = TestPki.certificate().subject("self.test", null).sans("self.test", "127.0.0.1").selfSigned();
        proxy = new ProxyFixture(List.of("ssl_verify_upstream_trusted_ca=" + selfSigned.writeCertificatePem(files.resolve("self.pem"))));
        origin = Origin.tlsEcho(selfSigned.serverContext());
        target = "127.0.0.1:" + origin.port();

        assertThat(get("self.test", "/").response()).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(onlyFlow().error()).isNull();
    }

    @Test
    void aHostNameMismatchIsReportedWithTheNamesTheCertificateHas() throws Exception {
        start();
        Exchange exchange = get("elsewhere.test", "/");
        assertThat(exchange.response()).startsWith("HTTP/1.1 502 ")
                .contains("Certificate verify failed: hostname mismatch: elsewhere.test not in [upstream.test, alt.upstream.test, 127.0.0.1]");
    }

    @Test
    void sslInsecureAcceptsAnyServerCertificate() throws Exception {
        start("ssl_insecure=true");
        assertThat(get("elsewhere.test", "/").response()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void lazyStrategyVerifiesAtTheFirstRequest() throws Exception {
        start("connection_strategy=lazy");
        assertThat(get("elsewhere.test", "/").response()).startsWith("HTTP/1.1 502 ")
                .contains("Certificate verify failed: hostname mismatch: elsewhere.test");
        assertThat(get("alt.upstream.test", "/fine").response()).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(origin.serverNames()).contains("alt.upstream.test");
    }

    @Test
    void lazyStrategyPresentsACertificateBeforeAnyServerConnection() throws Exception {
        start("connection_strategy=lazy");
        origin.close(); // nothing listens there any more
        Exchange exchange = get("offline.test", "/");
        assertThat(sans(exchange.serverChain().get(0))).containsExactly("offline.test", "127.0.0.1");
        assertThat(exchange.alpn()).isEqualTo("http/1.1");
        assertThat(exchange.response()).startsWith("HTTP/1.1 502 ").contains("Cannot connect to " + target);
        origin = null;
    }

    @Test
    void ignoredHostsPassThroughAndTheClientSeesTheOriginsCertificate() throws Exception {
        start("ignore_hosts=^127\\.0\\.0\\.1:");
        SSLContext trustsTheOrigin = TrustingClients.trusting(originCa.certificate());
        Exchange exchange = TrustingClients.getThroughProxy(trustsTheOrigin, proxy.port(), target, "upstream.test",
                List.of("http/1.1"), "/untouched");
        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("target=/untouched\nbody=");
        assertThat(exchange.serverChain().get(0)).isEqualTo(originCert.certificate());
        assertThat(proxy.sluice().flows().snapshot()).isEmpty();
        assertThat(proxy.tls().leafCertificates().generations()).isZero();
    }

    @Test
    void theSniCountsForIgnoredHosts() throws Exception {
        start("ignore_hosts=^UPSTREAM\\.test:");
        Exchange exchange = TrustingClients.getThroughProxy(TrustingClients.trusting(originCa.certificate()), proxy.port(),
                target, "upstream.test", List.of(), "/");
        assertThat(exchange.serverChain().get(0)).isEqualTo(originCert.certificate());
        assertThat(get("alt.upstream.test", "/").serverChain().get(0).getIssuerX500Principal())
                .isEqualTo(proxy.caCertificate().getSubjectX500Principal());
    }

    @Test
    void allowHostsInterceptsOnlyWhatMatches() throws Exception {
        start("allow_hosts=^alt\\.");
        assertThat(get("alt.upstream.test", "/").serverChain().get(0).getIssuerX500Principal())
                .isEqualTo(proxy.caCertificate().getSubjectX500Principal());
        Exchange other = TrustingClients.getThroughProxy(TrustingClients.trusting(originCa.certificate()), proxy.port(),
                target, "upstream.test", List.of(), "/");
        assertThat(other.serverChain().get(0)).isEqualTo(originCert.certificate());
    }

    @Test
    void repeatedConnectionsToAHostGenerateOneCertificate() throws Exception {
        start();
        for (int i = 0; i < 4; i++) assertThat(get("alt.upstream.test", "/" + i).response()).startsWith("HTTP/1.1 200 ");
        assertThat(proxy.tls().leafCertificates().generations()).isEqualTo(1);
    }

    @Test
    void aClientThatRejectsTheCertificateIsLoggedWithTheHost() throws Exception {
        start();
        SSLContext stranger = TrustingClients.trusting(TestPki.ca("someone else").certificate());
        assertThatThrownBy(() -> TrustingClients.getThroughProxy(stranger, proxy.port(), target, "alt.upstream.test", List.of(), "/"))
                .isInstanceOf(SSLHandshakeException.class);
        awaitLog("Client TLS handshake failed. The client does not trust the proxy's certificate for alt.upstream.test (certificate_unknown)");
        awaitOriginConnectionsClosed(); // the server connection made for the tunnel ends with it
    }

    private void awaitOriginConnectionsClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (origin.closedConnectionCount() < origin.connectionCount() && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(origin.closedConnectionCount()).isEqualTo(origin.connectionCount()).isPositive();
    }

    @Test
    void aClientThatHangsUpDuringTheHandshakeIsLoggedWithTheHost() throws Exception {
        start();
        try (Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), target)) {
            tunnel.getOutputStream().write(ClientHelloTest.clientHelloRecord("alt.upstream.test", List.of("http/1.1")));
            tunnel.getOutputStream().flush();
            assertThat(tunnel.getInputStream().read()).isEqualTo(0x16); // the ServerHello is on its way
        }
        awaitLog("Client TLS handshake failed. The client disconnected during the handshake. If this happens consistently for "
                + "alt.upstream.test, the client probably does not trust the proxy's certificate.");
        awaitOriginConnectionsClosed();
    }

    @Test
    void plainHttpInsideATunnelGoesToTheTunnelsDestination() throws Exception {
        proxy = new ProxyFixture();
        origin = Origin.echo();
        try (Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), "127.0.0.1:" + origin.port())) {
            ProxyFixture.write(tunnel, "GET /inside HTTP/1.1\r\nHost: cdn.example\r\nConnection: close\r\n\r\n");
            assertThat(ProxyFixture.readAll(tunnel)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("target=/inside\nbody=");
        }
        assertThat(origin.take().header("Host")).isEqualTo("cdn.example");
        Flow flow = onlyFlow();
        assertThat(flow.request().url()).isEqualTo("http://127.0.0.1:" + origin.port() + "/inside");
        assertThat(flow.request().prettyHost()).isEqualTo("cdn.example");
    }

    @Test
    void bytesSentRightBehindTheConnectReachTheTunnel() throws Exception {
        proxy = new ProxyFixture();
        origin = Origin.echo();
        try (Socket s = proxy.connect()) {
            String target = "127.0.0.1:" + origin.port();
            ProxyFixture.write(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"
                    + "GET /same-packet HTTP/1.1\r\nHost: " + target + "\r\nConnection: close\r\n\r\n");
            assertThat(ProxyFixture.readAll(s)).startsWith("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\n")
                    .endsWith("target=/same-packet\nbody=");
        }
    }

    @Test
    void otherProtocolsAreRelayedAsRawTcp() throws Exception {
        proxy = new ProxyFixture();
        try (RawServer echo = RawServer.echo(); Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), echo.target())) {
            byte[] binary = {0, 1, 2, (byte) 0xff, 'h', 'i'};
            tunnel.getOutputStream().write(binary);
            tunnel.getOutputStream().flush();
            assertThat(tunnel.getInputStream().readNBytes(binary.length)).isEqualTo(binary);
            tunnel.shutdownOutput(); // the half-close reaches the server, which then closes
            assertThat(tunnel.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aServerThatSpeaksFirstIsRelayedAsRawTcp() throws Exception {
        proxy = new ProxyFixture();
        try (RawServer smtp = RawServer.greeting("220 smtp.test ready\r\n");
             Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), smtp.target())) {
            byte[] greeting = tunnel.getInputStream().readNBytes("220 smtp.test ready\r\n".length());
            assertThat(new String(greeting, StandardCharsets.US_ASCII)).isEqualTo("220 smtp.test ready\r\n");
        }
    }

    @Test
    void withoutRawTcpUnknownProtocolsAreClosedAndLogged() throws Exception {
        proxy = new ProxyFixture(List.of("rawtcp=false"));
        try (RawServer echo = RawServer.echo(); Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), echo.target())) {
            tunnel.getOutputStream().write(new byte[]{0, 1, 2});
            assertThat(tunnel.getInputStream().read()).isEqualTo(-1);
            awaitLog("Unknown protocol in tunnel to " + echo.target() + "; closing (rawtcp is off).");
        }
    }

    @Test
    void connectToAClosedPortGets502NamingHostPortAndReason() throws Exception {
        proxy = new ProxyFixture();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String response = proxy.raw("CONNECT 127.0.0.1:" + closed + " HTTP/1.1\r\nHost: 127.0.0.1:" + closed + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("Cannot connect to 127.0.0.1:" + closed + ": Connection refused");
        Flow flow = onlyFlow();
        assertThat(flow.request().method()).isEqualTo("CONNECT");
        assertThat(flow.response().statusCode()).isEqualTo(502);
        assertThat(flow.error().msg()).isEqualTo("Cannot connect to 127.0.0.1:" + closed + ": Connection refused");
    }

    @Test
    void anAddonCanRefuseAConnectAndTheClientMayRetryOnTheSameConnection() throws Exception {
        proxy = new ProxyFixture(new dev.sluice.addon.Addon() {
            @Override
            public void httpConnect(Flow flow) {
                if (flow.request().headers().get("Proxy-Authorization") == null) {
                    flow.setResponse(dev.sluice.flow.Response.make(407, new byte[0],
                            dev.sluice.flow.Headers.of("Proxy-Authenticate", "Basic realm=\"sluice\"")));
                }
            }
        });
        origin = Origin.echo();
        String target = "127.0.0.1:" + origin.port();
        try (Socket s = proxy.connect()) {
            ProxyFixture.write(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
            assertThat(TrustingClients.readResponse(s.getInputStream())).startsWith("HTTP/1.1 407 Proxy Authentication Required\r\n");
            ProxyFixture.write(s, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nProxy-Authorization: Basic eDp5\r\n\r\n");
            assertThat(ProxyFixture.readHead(s.getInputStream())).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
        }
    }

    @Test
    void aConnectStormToDistinctHostsLeavesOtherClientsResponsive() throws Exception {
        start("connection_strategy=lazy", "upstream_cert=false"); // certificates only: no server is contacted
        int hosts = 200;
        java.util.concurrent.ExecutorService storm = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> handshakes = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            String sni = "storm-" + i + ".test";
            handshakes.add(storm.submit(() -> {
                try (Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), target);
                     javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) device().getSocketFactory()
                             .createSocket(tunnel, sni, 443, true)) {
                    tls.startHandshake();
                }
                return null;
            }));
        }
        try (Origin plain = Origin.echo()) {
            long slowest = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                assertThat(proxy.raw("GET " + plain.url("/" + i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + plain.port()
                        + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK\r\n");
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            for (var handshake : handshakes) handshake.get(30, TimeUnit.SECONDS);
            // generous for a shared machine: a blocked event loop would wait for the whole storm
            assertThat(slowest).isLessThan(TimeUnit.SECONDS.toNanos(2));
        } finally {
            storm.shutdownNow();
        }
        assertThat(proxy.tls().leafCertificates().generations()).isEqualTo(hosts);
        assertThat(proxy.tls().leafCertificates().size()).isEqualTo(hosts);
    }

    private void awaitLog(String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!proxy.logged(message) && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(proxy.logged(message)).as("a log line containing <%s> among %s", message, proxy.log()).isTrue();
    }

    /** A TCP server on 127.0.0.1 that echoes what it gets, or greets first. */
}
