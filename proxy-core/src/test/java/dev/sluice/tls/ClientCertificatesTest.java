package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToTlsOrigin;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TrustingClients;

/** {@code client_certs} (tls.md §5): the certificate Sluice presents to servers that ask for one. */
class ClientCertificatesTest {
    @RegisterExtension
    static final ProxyToTlsOrigin rig = new ProxyToTlsOrigin("Client Cert Test Origin CA");
    @TempDir
    static Path files;
    static TestPki.Issued clientCa;
    static Path clientPem;
    static Path otherClientPem;

    private ProxyFixture proxy;
    private Origin origin;

    @BeforeAll
    static void clientPki() throws IOException {
        clientCa = TestPki.ca("Client Cert Test Client CA");
        clientPem = TestPki.certificate().subject("sluice-client", null).signedBy(clientCa).writePem(files.resolve("client.pem"));
        otherClientPem = TestPki.certificate().subject("other-client", null).signedBy(clientCa).writePem(files.resolve("other.pem"));
    }

    /** The proxy with these options; the origin demanding a client certificate from the client CA. */
    private void start(String engine, String... options) throws Exception {
        proxy = rig.startProxy(engine, options);
        origin = rig.startOrigin(parameters -> parameters.setNeedClientAuth(true), clientCa.certificate());
    }

    private String get(String sni) throws IOException {
        return TrustingClients.getThroughProxy(TrustingClients.trusting(proxy.caCertificate()), proxy.port(),
                rig.target(), sni, List.of("http/1.1"), "/").response();
    }

    @ParameterizedTest(name = "TLS engine {0}")
    @ValueSource(strings = {"openssl", "jdk"})
    void aServerThatAsksGetsTheCertificateOfTheFile(String provider) throws Exception {
        start(provider, "client_certs=" + clientPem);
        assertThat(get("upstream.test")).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void withoutAClientCertificateTheServerRefusesAndTheClientGets502() throws Exception {
        start(null);
        // under TLS 1.3 the server refuses after the handshake: the request is what fails
        assertThat(get("upstream.test")).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
        assertThat(origin.poll()).isNull();
    }

    @Test
    void aDirectoryGivesEachServerTheFileNamedForItsSni() throws Exception {
        Path dir = Files.createDirectories(files.resolve("by-host"));
        Files.copy(clientPem, dir.resolve("upstream.test.pem"));
        start(null, "client_certs=" + dir);
        assertThat(get("upstream.test")).startsWith("HTTP/1.1 200 OK\r\n");
        // no file for the IP literal the tunnel goes to without SNI: no certificate, refused
        assertThat(get(null)).startsWith("HTTP/1.1 502 Bad Gateway\r\n");
    }

    @Test
    void aPooledConnectionIsNotReusedOnceTheClientCertificateChanged() throws Exception {
        start(null, "client_certs=" + clientPem);
        String byAddress = "GET https://127.0.0.1:" + origin.port() + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n";
        try (Socket client = proxy.connect()) {
            ProxyFixture.write(client, byAddress);
            assertThat(TrustingClients.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n");
            ProxyFixture.write(client, byAddress);
            assertThat(TrustingClients.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(origin.connectionCount()).isEqualTo(1);

            proxy.set("client_certs=" + otherClientPem);
            ProxyFixture.write(client, byAddress);
            assertThat(TrustingClients.readResponse(client.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(origin.connectionCount()).isEqualTo(2);
        }
    }
}
