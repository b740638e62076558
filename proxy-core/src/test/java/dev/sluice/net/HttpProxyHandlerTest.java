package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.addon.Addon;
import dev.sluice.flow.Flow;
import dev.sluice.flow.Headers;
import dev.sluice.flow.Response;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpProxyHandlerTest {

    private Origin origin;
    private ProxyFixture proxy;

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) proxy.close();
        if (origin != null) origin.close();
    }

    private String get(String url) throws Exception {
        HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    @Test
    void forwardsGetAndReturnsTheOriginsResponse() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        assertThat(get(origin.url("/hello?x=1"))).isEqualTo("200 method=GET\ntarget=/hello?x=1\nbody=");
        assertThat(origin.take().target()).isEqualTo("/hello?x=1");
    }

    @Test
    void forwardsPostBodies() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(URI.create(origin.url("/post")))
                .POST(HttpRequest.BodyPublishers.ofString("a=1&b=2")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).endsWith("body=a=1&b=2");
        assertThat(origin.take().header("Content-Length")).isEqualTo("7");
    }

    @Test
    void forwardsHeadersAsTheClientSentThem() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/h") + " HTTP/1.1\r\nhost: 127.0.0.1:" + origin.port()
                + "\r\nX-Custom-CASE: one\r\nx-custom-case: two\r\nConnection: close\r\nproxy-connection: keep-alive\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        Origin.Received got = origin.take();
        assertThat(got.rawHead()).isEqualTo("GET /h HTTP/1.1\r\nhost: 127.0.0.1:" + origin.port()
                + "\r\nX-Custom-CASE: one\r\nx-custom-case: two\r\nConnection: close\r\nproxy-connection: keep-alive\r\n\r\n");
    }

    @Test
    void relaysChunkedResponsesWithTrailers() throws Exception {
        origin = new Origin((req, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 11\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return true;
        });
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/c") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("Transfer-Encoding: chunked\r\n").endsWith("b\r\nhello world\r\n0\r\nX-Sum: 11\r\n\r\n");
    }

    @Test
    void reframesCloseDelimitedResponsesAsChunkedForHttp11Clients() throws Exception {
        origin = new Origin((req, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close".getBytes(StandardCharsets.ISO_8859_1));
            return false;
        });
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/u") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("Transfer-Encoding: chunked\r\n").endsWith("b\r\nuntil close\r\n0\r\n\r\n");
    }

    @Test
    void closeDelimitedHttp10ResponsesGetAContentLength() throws Exception {
        origin = new Origin((req, out) -> {
            out.write("HTTP/1.0 200 ok\r\nContent-Type: text/html\r\n\r\n<html>hello</html>".getBytes(StandardCharsets.ISO_8859_1));
            return false;
        });
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/old") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.0 200 ok\r\n").doesNotContain("Transfer-Encoding")
                .contains("Content-Length: 18\r\n").endsWith("\r\n\r\n<html>hello</html>");
    }

    @Test
    void servesHttp10ClientsWithContentLength() throws Exception {
        origin = new Origin((req, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return true;
        });
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/10") + " HTTP/1.0\r\n\r\n");
        assertThat(response).doesNotContain("Transfer-Encoding").contains("Content-Length: 3\r\n").endsWith("\r\n\r\nabc");
    }

    @Test
    void reusesUpstreamConnectionsAcrossRequests() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        var client = proxy.client();
        for (int i = 0; i < 5; i++) {
            client.send(HttpRequest.newBuilder(URI.create(origin.url("/r" + i))).build(), HttpResponse.BodyHandlers.ofString());
        }
        assertThat(origin.connectionCount()).isEqualTo(1);
    }

    @Test
    void sharesPooledUpstreamConnectionsBetweenClients() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        for (int i = 0; i < 6; i++) {
            String response = proxy.raw("GET " + origin.url("/c" + i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200 OK");
        }
        // the pool lives on each event loop (no locks); the fixture runs two loops
        assertThat(origin.connectionCount()).isLessThanOrEqualTo(2);
    }

    @Test
    void keepsTheClientConnectionAlive() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        try (Socket s = proxy.connect()) {
            for (int i = 0; i < 3; i++) {
                ProxyFixture.write(s, "GET " + origin.url("/k" + i) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
                String head = readResponse(s);
                assertThat(head).startsWith("HTTP/1.1 200 OK").endsWith("target=/k" + i + "\nbody=");
            }
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        String req = "GET " + origin.url("/p1") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n"
                + "GET " + origin.url("/p2") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\nConnection: close\r\n\r\n";
        String response = proxy.raw(req);
        assertThat(response.indexOf("target=/p1")).isPositive().isLessThan(response.indexOf("target=/p2"));
    }

    @Test
    void answersExpectContinueItselfAndForwardsTheBody() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        try (Socket s = proxy.connect()) {
            ProxyFixture.write(s, "POST " + origin.url("/e") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                    + "\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            byte[] buf = new byte[64];
            int n = s.getInputStream().read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            ProxyFixture.write(s, "data");
            assertThat(readResponse(s)).endsWith("body=data");
        }
        assertThat(origin.take().header("Expect")).isNull();
    }

    @Test
    void headAnd204And304HaveNoBody() throws Exception {
        origin = new Origin((req, out) -> {
            String path = req.target();
            String resp = switch (path) {
                case "/204" -> "HTTP/1.1 204 No Content\r\n\r\n";
                case "/304" -> "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n";
                default -> "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
            };
            out.write(resp.getBytes(StandardCharsets.ISO_8859_1));
            return true;
        });
        proxy = new ProxyFixture();
        try (Socket s = proxy.connect()) {
            for (String[] c : new String[][]{{"HEAD", "/head"}, {"GET", "/204"}, {"GET", "/304"}}) {
                ProxyFixture.write(s, c[0] + " " + origin.url(c[1]) + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
                String head = readHead(s);
                assertThat(head).startsWith("HTTP/1.1 ");
            }
            // the connection still works: nothing was read as a body
            ProxyFixture.write(s, "HEAD " + origin.url("/again") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            assertThat(readHead(s)).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 10");
        }
    }

    @Test
    void relaysInterimResponsesBeforeTheFinalOne() throws Exception {
        origin = new Origin((req, out) -> {
            out.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
            return true;
        });
        proxy = new ProxyFixture();
        String response = proxy.raw("GET " + origin.url("/103") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n").endsWith("ok");
    }

    @Test
    void unreachableUpstreamGets502NamingHostAndReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        List<Flow> errors = new CopyOnWriteArrayList<>();
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void error(Flow flow) {
                errors.add(flow);
            }
        });
        String response = proxy.raw("GET http://127.0.0.1:" + closedPort + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + closedPort + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("Cannot connect to 127.0.0.1:" + closedPort + ": Connection refused");
        assertThat(errors).singleElement().satisfies(f -> assertThat(f.error().msg()).isEqualTo("Cannot connect to 127.0.0.1:" + closedPort + ": Connection refused"));
    }

    @Test
    void unresolvableHostGets502() throws Exception {
        proxy = new ProxyFixture();
        String response = proxy.raw("GET http://no-such-host.invalid/ HTTP/1.1\r\nHost: no-such-host.invalid\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("Cannot connect to no-such-host.invalid:80: ");
    }

    @Test
    void silentUpstreamGets504AfterTheResponseTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin = new Origin((req, out) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        });
        proxy = new ProxyFixture();
        proxy.sluice().options().set("server_response_timeout=1");
        String response = proxy.raw("GET " + origin.url("/slow") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        release.countDown();
        assertThat(response).startsWith("HTTP/1.1 504 Gateway Timeout\r\n").contains("Server did not respond within 1 s.");
    }

    @Test
    void refusesRequestsToTheProxyItself() throws Exception {
        proxy = new ProxyFixture();
        String response = proxy.raw("GET http://127.0.0.1:" + proxy.port() + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port() + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                .contains("Refusing to connect to the proxy itself (127.0.0.1:" + proxy.port() + ").");
    }

    @Test
    void refusesOriginFormRequestsInRegularMode() throws Exception {
        proxy = new ProxyFixture();
        String response = proxy.raw("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("This is a proxy: use it as an HTTP proxy (absolute-form requests or CONNECT)");
    }

    @Test
    void rejectsAmbiguousFramingAndKeepsServingOthers() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        String bad = proxy.raw("POST " + origin.url("/x") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                + "\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        assertThat(bad).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close");
        assertThat(get(origin.url("/fine"))).startsWith("200 ");
        assertThat(origin.take().target()).isEqualTo("/fine");
    }

    @Test
    void anAddonCanAnswerAFlowWithoutContactingTheServer() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void request(Flow flow) {
                flow.setResponse(Response.make(418, "teapot".getBytes(StandardCharsets.UTF_8), Headers.of("X-Answered", "yes")));
            }
        });
        assertThat(get(origin.url("/answered"))).isEqualTo("418 teapot");
        assertThat(origin.poll()).isNull();
        assertThat(origin.connectionCount()).isZero();
    }

    @Test
    void responseHooksRunForAnsweredFlows() throws Exception {
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void request(Flow flow) {
                flow.setResponse(Response.make(200, "x".getBytes(StandardCharsets.UTF_8), null));
            }

            @Override
            public void responseHeaders(Flow flow) {
                flow.response().headers().add("X-Seen", "responseHeaders");
            }
        });
        String response = proxy.raw("GET http://example.test/ HTTP/1.1\r\nHost: example.test\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("X-Seen: responseHeaders\r\n");
    }

    @Test
    void killingAFlowHangsUpWithoutAResponseAndRunsTheErrorHook() throws Exception {
        origin = Origin.echo();
        List<String> errors = new CopyOnWriteArrayList<>();
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void request(Flow flow) {
                flow.kill();
            }

            @Override
            public void error(Flow flow) {
                errors.add(flow.error().msg());
            }
        });
        String response = proxy.raw("GET " + origin.url("/kill") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        assertThat(response).isEmpty();
        assertThat(errors).containsExactly("Connection killed.");
        assertThat(origin.poll()).isNull();
    }

    @Test
    void aPausedFlowContinuesWhereItStoppedWhenResumedFromAnotherThread() throws Exception {
        origin = Origin.echo();
        List<String> order = new CopyOnWriteArrayList<>();
        List<Flow> paused = new CopyOnWriteArrayList<>();
        Addon pauser = new Addon() {
            @Override
            public void request(Flow flow) {
                order.add("pauser");
                flow.intercept();
                paused.add(flow);
            }
        };
        Addon after = new Addon() {
            @Override
            public void request(Flow flow) {
                order.add("after");
                flow.request().headers().add("X-After", "1");
            }
        };
        proxy = new ProxyFixture(pauser, after);
        Thread resumer = new Thread(() -> {
            while (paused.isEmpty()) Thread.onSpinWait();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            assertThat(order).containsExactly("pauser");
            paused.get(0).resume();
        });
        resumer.start();
        assertThat(get(origin.url("/paused"))).startsWith("200 ");
        resumer.join();
        assertThat(order).containsExactly("pauser", "after");
        assertThat(origin.take().header("X-After")).isEqualTo("1");
    }

    @Test
    void killWorksOnAPausedFlow() throws Exception {
        origin = Origin.echo();
        List<Flow> paused = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void request(Flow flow) {
                flow.intercept();
                paused.add(flow);
            }

            @Override
            public void error(Flow flow) {
                errors.add(flow.error().msg());
            }
        });
        try (Socket s = proxy.connect()) {
            ProxyFixture.write(s, "GET " + origin.url("/pk") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (paused.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(paused.get(0).isIntercepted()).isTrue();
            assertThat(paused.get(0).kill()).isTrue();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(errors).containsExactly("Connection killed.");
        assertThat(origin.poll()).isNull();
    }

    @Test
    void anAddonExceptionIsLoggedAndTheChainGoesOn() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture(new Addon() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public void request(Flow flow) {
                throw new IllegalStateException("boom");
            }
        });
        assertThat(get(origin.url("/broken"))).startsWith("200 ");
        assertThat(proxy.logged("Addon error: Broken.request: java.lang.IllegalStateException: boom")).isTrue();
    }

    @Test
    void bodySizeLimitRefusesDeclaredLargeRequestsWith413() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        proxy.sluice().options().set("body_size_limit=1k");
        String response = proxy.raw("POST " + origin.url("/big") + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                + "\r\nContent-Length: 5000\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 413 Payload Too Large\r\n");
        assertThat(origin.poll()).isNull();
    }

    @Test
    void flowsAreStoredWithTimestampsAndServerFacts() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture();
        get(origin.url("/stored"));
        Flow f = proxy.sluice().flows().snapshot().get(0);
        assertThat(f.response().statusCode()).isEqualTo(200);
        assertThat(f.isResponseComplete()).isTrue();
        assertThat(f.request().timestampStart()).isPositive().isLessThanOrEqualTo(f.request().timestampEnd());
        assertThat(f.response().timestampStart()).isGreaterThanOrEqualTo(f.request().timestampEnd());
        assertThat(f.server().peer().getPort()).isEqualTo(origin.port());
        assertThat(f.client().peer().getAddress().isLoopbackAddress()).isTrue();
    }

    private static String readHead(Socket s) throws IOException {
        return ProxyFixture.readHead(s.getInputStream());
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(Socket s) throws IOException {
        String head = readHead(s);
        int cl = 0;
        for (String line : head.split("\r\n")) if (line.toLowerCase().startsWith("content-length:")) cl = Integer.parseInt(line.substring(15).trim());
        byte[] body = s.getInputStream().readNBytes(cl);
        return head + new String(body, StandardCharsets.ISO_8859_1);
    }
}
