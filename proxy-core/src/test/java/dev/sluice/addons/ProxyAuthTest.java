package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.auth.Credentials;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.Slapd;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TrustingClients;
import javax.net.ssl.SSLContext;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyAuthTest {

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    private String get(String credentialHeader) throws Exception {
        return rig.proxy().raw("GET " + rig.origin().url("/auth") + " HTTP/1.1\r\nHost: 127.0.0.1:" + rig.origin().port() + "\r\n"
                + (credentialHeader == null ? "" : credentialHeader + "\r\n") + "Connection: close\r\n\r\n");
    }

    private static String basic(String user, String password) {
        return "Proxy-Authorization: " + new Credentials(user, password).toBasicHeader();
    }

    @Test
    void withoutCredentialsTheClientGets407AndTheServerNothing() throws Exception {
        rig.proxy().sluice().options().set("proxyauth=alice:secret");
        String response = get(null);
        assertThat(response).startsWith("HTTP/1.1 407 Proxy Authentication Required\r\n")
                .contains("Proxy-Authenticate: Basic realm=\"sluice\"\r\n", "Content-Type: text/html", "<title>407 Proxy Authentication Required</title>");
        assertThat(rig.origin().poll()).isNull();
    }

    /** features.md §14: a body behind a 407 is read and discarded, so the client can retry on the same connection. */
    @Test
    void aBodyBehindA407IsDiscardedAndTheConnectionServesTheRetry() throws Exception {
        rig.proxy().sluice().options().set("proxyauth=alice:secret");
        String post = "POST " + rig.origin().url("/up") + " HTTP/1.1\r\nHost: 127.0.0.1:" + rig.origin().port()
                + "\r\nContent-Length: 100000\r\n";
        try (java.net.Socket s = rig.proxy().connect()) {
            s.setSoTimeout(10_000);
            dev.sluice.testsupport.ProxyFixture.write(s, post + "\r\n" + "x".repeat(100_000));
            java.io.InputStream in = s.getInputStream();
            String refused = dev.sluice.testsupport.ProxyFixture.readHead(in);
            assertThat(refused).startsWith("HTTP/1.1 407");
            in.readNBytes(Integer.parseInt(refused.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")));
            dev.sluice.testsupport.ProxyFixture.write(s, post + basic("alice", "secret") + "\r\n\r\n" + "y".repeat(100_000));
            assertThat(dev.sluice.testsupport.ProxyFixture.readHead(in)).startsWith("HTTP/1.1 200 OK");
        }
        assertThat(rig.origin().take().bodyText()).isEqualTo("y".repeat(100_000));
    }

    @Test
    void goodCredentialsPassAndNeverReachTheServer() throws Exception {
        rig.proxy().sluice().options().set("proxyauth=alice:secret");
        assertThat(get(basic("alice", "secret"))).startsWith("HTTP/1.1 200 OK");
        Origin.Received received = rig.origin().take();
        assertThat(received.header("Proxy-Authorization")).isNull();
        Flow flow = rig.proxy().sluice().flows().snapshot().get(0);
        assertThat(flow.metadata()).containsEntry("proxyauth", List.of("alice", "secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Proxy-Authorization: Basic YWxpY2U6d3Jvbmc=", "Proxy-Authorization: Basic !!!",
            "Proxy-Authorization: Basic YWxpY2U=", "Proxy-Authorization: Basic YTpi c", "Proxy-Authorization: Digest abc"})
    void wrongOrMalformedCredentialsGet407Again(String header) throws Exception {
        rig.proxy().sluice().options().set("proxyauth=alice:secret");
        assertThat(get(header)).startsWith("HTTP/1.1 407 ");
        assertThat(rig.origin().poll()).isNull();
    }

    @Test
    void aRetryOnTheSameKeepAliveConnectionSucceeds() throws Exception {
        rig.proxy().sluice().options().set("proxyauth=any");
        try (Socket s = rig.proxy().connect()) {
            String req = "GET " + rig.origin().url("/k") + " HTTP/1.1\r\nHost: 127.0.0.1:" + rig.origin().port() + "\r\n";
            ProxyFixture.write(s, req + "\r\n");
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 407 ");
            ProxyFixture.write(s, req + basic("a", "b") + "\r\nConnection: close\r\n\r\n");
            assertThat(ProxyFixture.readAll(s)).contains("HTTP/1.1 200 OK");
        }
    }

    @Test
    void htpasswdBcryptChecksRunOffTheEventLoop(@TempDir Path dir) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Path file = dir.resolve("users");
        Files.writeString(file, "bob:" + OpenBSDBCrypt.generate("2b", "pw".toCharArray(), salt, 6) + "\n");
        rig.proxy().sluice().options().set("proxyauth=@" + file);
        assertThat(get(basic("bob", "pw"))).startsWith("HTTP/1.1 200 OK");
        assertThat(get(basic("bob", "nope"))).startsWith("HTTP/1.1 407 ");
        assertThat(get(basic("bob", "pw"))).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void credentialsOnAConnectAuthoriseEveryRequestInsideTheTunnel(@TempDir Path dir) throws Exception {
        TestPki.Issued originCa = TestPki.ca("Origin Test CA");
        TestPki.Issued originCert = TestPki.certificate().subject("upstream.test", null).sans("upstream.test", "127.0.0.1").signedBy(originCa);
        try (ProxyFixture proxy = new ProxyFixture(List.of("ssl_verify_upstream_trusted_ca=" + originCa.writeCertificatePem(dir.resolve("ca.pem")),
                "proxyauth=alice:secret")); Origin tls = Origin.tlsEcho(originCert.serverContext())) {
            String target = "127.0.0.1:" + tls.port();
            SSLContext device = TrustingClients.trusting(proxy.caCertificate());
            assertThatThrownBy(() -> TrustingClients.connectThroughProxy(proxy.port(), target))
                    .hasMessageContaining("407 Proxy Authentication Required");
            TrustingClients.Exchange exchange = TrustingClients.getThroughProxy(device, proxy.port(), target, "upstream.test",
                    List.of(), "/inside", basic("alice", "secret"));
            assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK");
            assertThat(tls.take().header("Proxy-Authorization")).isNull();
            Flow inside = proxy.sluice().flows().snapshot().stream().filter(f -> !f.request().isConnect()).findFirst().orElseThrow();
            assertThat(inside.metadata()).containsEntry("proxyauth", List.of("alice", "secret"));
        }
    }

    @Test
    void ldapLoginsAreCheckedAgainstARealDirectory() throws Exception {
        assumeTrue(Slapd.available(), "slapd is not installed (.ci/run installs it)");
        try (Slapd ldap = new Slapd()) {
            rig.proxy().sluice().options().set("proxyauth=ldap:127.0.0.1:" + ldap.port() + ":" + Slapd.ADMIN_DN + ":" + Slapd.ADMIN_PASSWORD
                    + ":" + Slapd.PEOPLE + "?search_filter_key=uid");
            assertThat(get(basic("alice", "secret"))).startsWith("HTTP/1.1 200 OK");
            assertThat(get(basic("alice", "wrong"))).startsWith("HTTP/1.1 407 ");
            assertThat(get(basic("*", "secret"))).startsWith("HTTP/1.1 407 ");
            assertThat(get(basic("nobody", "secret"))).startsWith("HTTP/1.1 407 ");
        }
    }

    @Test
    void aWrongLdapBindPasswordIsRefusedWhenSet() throws Exception {
        assumeTrue(Slapd.available(), "slapd is not installed (.ci/run installs it)");
        try (Slapd ldap = new Slapd()) {
            assertThatThrownBy(() -> rig.proxy().sluice().options().set("proxyauth=ldap:127.0.0.1:" + ldap.port() + ":" + Slapd.ADMIN_DN
                    + ":wrong:" + Slapd.PEOPLE)).hasMessageStartingWith("Invalid value for proxyauth: LDAP bind failed: ");
            assertThat(rig.proxy().sluice().options().str("proxyauth")).isNull();
        }
    }

    @Test
    void withProxyauthOffTheHeaderIsForwardedAsReceived() throws Exception {
        assertThat(get(basic("x", "y"))).startsWith("HTTP/1.1 200 OK");
        assertThat(rig.origin().take().header("Proxy-Authorization")).isEqualTo(new Credentials("x", "y").toBasicHeader());
    }
}
