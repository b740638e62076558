package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;

import javax.net.ssl.SSLEngine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import dev.sluice.testsupport.Eventually;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TlsTestServer;
import dev.sluice.testsupport.TrustingClients;
import dev.sluice.tls.LeafCert;
import dev.sluice.tls.SslContexts;

/** The key-exchange groups Sluice offers a server follow what its client offered it. */
class KeyExchangeTowardsServerTest {
    private static final int X25519 = 0x001d;
    private static final int X25519_MLKEM768 = 0x11ec;

    private TlsTestServer origin;
    private ProxyFixture proxy;

    @BeforeEach
    void start() throws Exception {
        TestPki.Issued certificate = TestPki.certificate().sans("127.0.0.1").signedBy(TestPki.ca("key exchange test ca"));
        origin = TlsTestServer.start(SslContexts.using(SslProvider.JDK)
                .clientFacing(new LeafCert(certificate.chain(), certificate.privateKey()), SslContexts.HTTP_1_1));
        proxy = new ProxyFixture(List.of("ssl_insecure=true"));
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.close();
    }

    @Test
    void aClientOfferingOnlyClassicalGroupsGetsOnlyClassicalGroupsOfferedToTheServer() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "only BoringSSL offers post-quantum groups to leave out");
        byte[] jdkHello = ClientHelloTest.clientHelloRecord(null, List.of("http/1.1"));
        assertThat(groups(jdkHello)).doesNotContain(X25519_MLKEM768);

        assertThat(groupsOfferedToTheServerAfter(jdkHello)).contains(X25519).doesNotContain(X25519_MLKEM768);
    }

    @Test
    void aClientOfferingAPostQuantumGroupGetsOneOfferedToTheServer() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "BoringSSL writes the post-quantum ClientHello");
        byte[] boringSslHello = boringSslClientHello();
        assertThat(groups(boringSslHello)).contains(X25519_MLKEM768);

        assertThat(groupsOfferedToTheServerAfter(boringSslHello)).contains(X25519_MLKEM768);
    }

    @Test
    void aPlainHttpClientsHttpsRequestGetsTheEnginesDefaultGroups() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "BoringSSL's defaults include a post-quantum group");
        String authority = "127.0.0.1:" + origin.port();
        assertThat(proxy.raw("GET https://" + authority + "/ HTTP/1.1\r\nHost: " + authority + "\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");

        Eventually.until(() -> !origin.clientHellos().isEmpty());
        assertThat(groups(origin.clientHellos().get(0))).contains(X25519_MLKEM768);
    }

    /** Sends the client's ClientHello into a tunnel to the origin and returns the groups of the one the origin then got. */
    private List<Integer> groupsOfferedToTheServerAfter(byte[] clientHello) throws Exception {
        try (Socket tunnel = TrustingClients.connectThroughProxy(proxy.port(), "127.0.0.1:" + origin.port())) {
            OutputStream out = tunnel.getOutputStream();
            out.write(clientHello);
            out.flush();
            Eventually.until(() -> !origin.clientHellos().isEmpty());
            // the proxy's ServerHello: its plan is complete, nothing of it is left in flight at the end of the test
            tunnel.setSoTimeout(10_000);
            assertThat(tunnel.getInputStream().read()).isEqualTo(0x16);
        }
        return groups(origin.clientHellos().get(0));
    }

    private static List<Integer> groups(byte[] record) {
        return ClientHello.parse(ClientHelloTest.handshakeBody(record)).groups();
    }

    private static byte[] boringSslClientHello() throws Exception {
        SSLEngine engine = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                .newEngine(UnpooledByteBufAllocator.DEFAULT, "origin.test", 443);
        ByteBuffer record = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), record);
        engine.closeOutbound();
        record.flip();
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        return bytes;
    }

}
