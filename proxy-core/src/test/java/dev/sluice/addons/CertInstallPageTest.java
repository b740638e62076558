package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestConfdir;
import dev.sluice.testsupport.TrustingClients;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The install page through the real proxy, over http and https, as a device would fetch it. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertInstallPageTest {
    private ProxyFixture proxy;

    @AfterEach
    void tearDown() {
        if (proxy != null) proxy.close();
    }

    private String get(String method, String url, String host) throws Exception {
        return proxy.raw(method + " " + url + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static byte[] body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void servesTheSameBytesAsTheCertificateFileInTheConfdir() throws Exception {
        proxy = new ProxyFixture();
        String response = get("GET", "http://sluice.proxy/cert/pem", "sluice.proxy");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n")
                .contains("Content-Type: application/x-x509-ca-cert\r\n",
                        "Content-Disposition: inline; filename=sluice-ca-cert.pem\r\n", "Cache-Control: no-store\r\n");
        assertThat(body(response)).isEqualTo(Files.readAllBytes(TestConfdir.shared().resolve("sluice-ca-cert.pem")));
    }

    @Test
    void servesPkcs12OverHttpsWithoutAnyServer() throws Exception {
        proxy = new ProxyFixture();
        TrustingClients.Exchange exchange = TrustingClients.getThroughProxy(TrustingClients.trusting(proxy.caCertificate()),
                proxy.port(), "mitm.it:443", "mitm.it", List.of("http/1.1"), "/cert/p12");
        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: application/x-pkcs12\r\n");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(new ByteArrayInputStream(body(exchange.response())), new char[0]);
        List<String> aliases = Collections.list(p12.aliases());
        assertThat(aliases).hasSize(1);
        Certificate only = p12.getCertificate(aliases.get(0));
        assertThat(only).isEqualTo(proxy.caCertificate());
        assertThat(proxy.sluice().flows().snapshot()).extracting(f -> f.request().url()).containsExactly("https://mitm.it/cert/p12");
    }

    @Test
    void headGivesTheHeadersWithoutTheBody() throws Exception {
        proxy = new ProxyFixture();
        long size = Files.size(TestConfdir.shared().resolve("sluice-ca-cert.cer"));
        String response = get("HEAD", "http://sluice.proxy/cert/cer", "sluice.proxy");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: " + size + "\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void thePageShowsTheFingerprintAndTheDownloads() throws Exception {
        proxy = new ProxyFixture();
        String response = get("GET", "http://sluice.proxy:8443/", "sluice.proxy:8443");
        String fingerprint = proxy.tls().certificateAuthority().sha256Fingerprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Type: text/html; charset=utf-8\r\n")
                .contains(fingerprint, "href=\"/cert/pem\"", "href=\"/cert/cer\"", "href=\"/cert/p12\"", "href=\"/cert/magisk\"",
                        "Windows", "macOS", "iOS", "Android", "Linux", "Firefox", "keytool")
                .doesNotContain("<script", "http://", "https://");
    }

    @Test
    void otherPathsAre404AndOtherMethods405() throws Exception {
        proxy = new ProxyFixture();
        assertThat(get("GET", "http://mitm.it/secret", "mitm.it")).startsWith("HTTP/1.1 404 Not Found\r\n")
                .contains("Content-Type: text/plain\r\n");
        assertThat(get("POST", "http://mitm.it/cert/pem", "mitm.it")).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                .contains("Allow: GET, HEAD\r\n");
    }

    @Test
    void theMagiskModuleIsAZip() throws Exception {
        proxy = new ProxyFixture();
        String response = get("GET", "http://sluice.proxy/cert/magisk", "sluice.proxy");
        assertThat(response).contains("Content-Type: application/zip\r\n", "filename=sluice-magisk-module.zip\r\n");
        assertThat(body(response)).startsWith('P', 'K');
    }

    @Test
    void onboardingHostMovesThePageAndTheOldNameGoesUpstream() throws Exception {
        ReachedUpstream upstream = new ReachedUpstream();
        proxy = new ProxyFixture(List.of("onboarding_host=ca.test"), upstream);
        assertThat(get("GET", "http://ca.test/cert/pem", "ca.test")).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(get("GET", "http://MITM.IT/cert/pem", "MITM.IT")).startsWith("HTTP/1.1 200 OK\r\n");
        get("GET", "http://sluice.proxy/", "sluice.proxy");
        assertThat(upstream.hosts).containsExactly("sluice.proxy");
    }

    @Test
    void withOnboardingOffRequestsGoUpstream() throws Exception {
        ReachedUpstream upstream = new ReachedUpstream();
        proxy = new ProxyFixture(List.of("onboarding=false"), upstream);
        get("GET", "http://mitm.it/", "mitm.it");
        assertThat(upstream.hosts).containsExactly("mitm.it");
    }

    @Test
    void onboardingPortIsAcceptedAndSaidToHaveNoEffect() throws Exception {
        proxy = new ProxyFixture(List.of("onboarding_port=8081"));
        assertThat(proxy.logged("onboarding_port has no effect in Sluice; the page answers on every port.")).isTrue();
    }

    /** Stands for the server: records what would have gone upstream and hangs up instead (no DNS, no network). */
    private static final class ReachedUpstream implements Addon {
        final List<String> hosts = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void request(Flow flow) {
            if (flow.response() != null) return;
            hosts.add(flow.request().host());
            flow.kill();
        }
    }
}
