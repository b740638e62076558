package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.TestFlows;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * map_remote through the real proxy (features.md §6). The spec's remote hosts are replaced by the
 * local origin (written ORIGIN in the tables), so a rewritten request really arrives somewhere.
 */
class MapRemoteTest {

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin();

    private String local(String text) {
        return text.replace("ORIGIN", "127.0.0.1:" + rig.origin().port());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = '¦', value = {
            // rules (;; between rules) ¦ URL sent ¦ target the origin receives
            "|example.org/images/|ORIGIN/img/                                   ¦ http://example.org/images/test.jpg ¦ /img/test.jpg",
            "|http://[^/]+|http://ORIGIN                                        ¦ http://example.com/p?q=1            ¦ /p?q=1",
            "|.*\\.jpg$|http://ORIGIN/640/480?random                            ¦ http://example.com/a/b.jpg          ¦ /640/480?random",
            "|http://(?P<h>[a-z]+)\\.example\\.com/|http://ORIGIN/\\g<h>/       ¦ http://api.example.com/x            ¦ /api/x",
            "|http://([a-z]+)\\.example\\.com/|http://ORIGIN/\\1/               ¦ http://api.example.com/x            ¦ /api/x",
            "|/old|/new$1                                                       ¦ http://ORIGIN/old                   ¦ /new$1",
            "|/a|/b ;; |/b|/c                                                   ¦ http://ORIGIN/a                     ¦ /c",
            "|~u /a|/a|/b ;; |~u /b|/b|/c                                       ¦ http://ORIGIN/a                     ¦ /c",
            "|~m GET|/x|/y                                                      ¦ http://ORIGIN/x                     ¦ /y",
    })
    void rewritesTheUrlAndTheHostHeaderFollows(String rules, String url, String target) throws Exception {
        rig.proxy().sluice().options().update(java.util.Map.of("map_remote", List.of(local(rules).split(" ;; "))));
        assertThat(rig.proxy().send(RawRequest.get(local(url))).status()).isEqualTo(200);
        Origin.Received received = rig.origin().take();
        assertThat(received.target()).isEqualTo(target);
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + rig.origin().port());
    }

    @Test
    void aFilterLimitsTheRule() throws Exception {
        rig.proxy().set("map_remote=|~m GET|/x|/y");
        rig.proxy().send(RawRequest.of("POST", rig.origin().url("/x")).body("data"));
        assertThat(rig.origin().take().target()).isEqualTo("/x");
    }

    @Test
    void aRuleThatDoesNotMatchLeavesTheRequestAlone() throws Exception {
        rig.proxy().set("map_remote=|nomatch|x");
        rig.proxy().send(RawRequest.get(rig.origin().url("/p")).header("X", "1"));
        assertThat(rig.origin().take().rawHead()).isEqualTo("GET /p HTTP/1.1\r\nHost: 127.0.0.1:" + rig.origin().port()
                + "\r\nX: 1\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aRequestWithoutHostHeaderGetsNone() throws Exception {
        rig.proxy().set(local("map_remote=|example.org|ORIGIN"));
        rig.proxy().send(RawRequest.get("http://example.org/p").version("HTTP/1.0").host(null));
        Origin.Received received = rig.origin().take();
        assertThat(received.target()).isEqualTo("/p");
        assertThat(received.header("Host")).isNull();
    }

    @Test
    void anInvalidResultLeavesTheRequestUnchangedWithAWarning() throws Exception {
        rig.proxy().set("map_remote=|http://|ftp://");
        assertThat(rig.proxy().send(RawRequest.get(rig.origin().url("/p"))).status()).isEqualTo(200);
        assertThat(rig.origin().take().target()).isEqualTo("/p");
        assertThat(rig.proxy().logged("map_remote: rewritten URL is invalid: ftp://127.0.0.1:" + rig.origin().port() + "/p")).isTrue();
    }

    @Test
    void anHttpsResultIsSentOverTls() throws Exception {
        try (ServerSocket tlsServer = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (Socket s = tlsServer.accept(); InputStream in = s.getInputStream()) {
                    return in.read();
                } catch (Exception e) {
                    return -2;
                }
            });
            rig.proxy().set("map_remote=|http://example.org/|https://127.0.0.1:" + tlsServer.getLocalPort() + "/");
            RawResponse response = rig.proxy().send(RawRequest.get("http://example.org/secure"));
            assertThat(firstByte.get(10, TimeUnit.SECONDS)).as("a TLS handshake record").isEqualTo(0x16);
            assertThat(response.status()).isEqualTo(502);
        }
    }

    @Test
    void anHttpsResultWithoutPortUsesPort443AndTheHostHeaderHasNoPort() throws Exception {
        rig.proxy().set("map_remote=|^http://example.org:8080/|https://example.net/");
        Flow flow = TestFlows.http("GET", "http://example.org:8080/a").live().build();
        rig.proxy().sluice().addons().find(MapRemote.class).request(flow);
        assertThat(flow.request().url()).isEqualTo("https://example.net/a");
        assertThat(flow.request().port()).isEqualTo(443);
        assertThat(flow.request().headers().get("Host")).isEqualTo("example.net");
    }

    @Test
    void aRuleSetAtRunTimeAppliesToTheNextRequest() throws Exception {
        rig.proxy().send(RawRequest.get(rig.origin().url("/before")));
        assertThat(rig.origin().take().target()).isEqualTo("/before");
        rig.proxy().sluice().commands().execute("set map_remote '|/before|/after'");
        rig.proxy().send(RawRequest.get(rig.origin().url("/before")));
        assertThat(rig.origin().take().target()).isEqualTo("/after");
    }

    @Test
    void aBadGroupReferenceIsRefusedWhenSetAndTheOldValueStays() throws Exception {
        rig.proxy().set("map_remote=|a|b");
        assertThatThrownBy(() -> rig.proxy().sluice().commands().execute("set map_remote '|(a+)|\\2'"))
                .hasMessage("Cannot parse map_remote option |(a+)|\\2: invalid group reference 2");
        assertThatThrownBy(() -> rig.proxy().set("map_remote=|+|x"))
                .hasMessage("Cannot parse map_remote option |+|x: Invalid regular expression '+' (Dangling meta character '+')");
        assertThatThrownBy(() -> rig.proxy().set("map_remote=|x"))
                .hasMessage("Cannot parse map_remote option |x: Invalid number of parameters (2 or 3 are expected)");
        assertThat(rig.proxy().sluice().options().list("map_remote")).containsExactly("|a|b");
    }

    @Test
    void flowsWithAResponseAnErrorOrNotLiveAreNotRewritten() throws Exception {
        rig.proxy().set("map_remote=|example.org|example.net");
        MapRemote mapRemote = rig.proxy().sluice().addons().find(MapRemote.class);
        List<Flow> flows = List.of(TestFlows.http("GET", "http://example.org/").build(),
                TestFlows.http("GET", "http://example.org/").response(200).live().build(),
                TestFlows.http("GET", "http://example.org/").error("Connection killed.").live().build());
        for (Flow flow : flows) {
            mapRemote.request(flow);
            assertThat(flow.request().url()).isEqualTo("http://example.org/");
        }
    }
}
