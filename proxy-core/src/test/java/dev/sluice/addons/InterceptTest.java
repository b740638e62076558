package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.flow.FlowError;
import dev.sluice.option.OptionsException;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToOrigin;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.RawResponse;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.TestFlows;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TrustingClients;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** intercept through the real proxy, with the console's chain, to a real origin (features.md §15). */
class InterceptTest {

    @RegisterExtension
    final ProxyToOrigin rig = new ProxyToOrigin(ProxyFixture::console);

    @TempDir
    Path dir;

    private Sluice sluice() {
        return rig.proxy().sluice();
    }

    private Object run(String command) throws CommandException {
        return sluice().commands().execute(command);
    }

    /** Opens a connection and sends the request without reading the answer. */
    private Socket sendOnly(String url) throws IOException {
        Socket s = rig.proxy().connect();
        s.getOutputStream().write(RawRequest.get(url).bytes());
        s.getOutputStream().flush();
        return s;
    }

    private Flow awaitFlow(Predicate<Flow> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Flow f : sluice().flows().snapshot()) if (condition.test(f)) return f;
            Thread.sleep(10);
        }
        throw new AssertionError("no flow met the condition within 10 s: " + sluice().flows().snapshot());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(10);
        }
    }

    /** Nothing arrives on the socket for a moment: the client is still waiting. */
    private static void assertNothingArrives(Socket s) throws IOException {
        s.setSoTimeout(300);
        try {
            int b = s.getInputStream().read();
            throw new AssertionError("the client received data or EOF while the flow was paused: " + b);
        } catch (SocketTimeoutException expected) {
            // still waiting
        } finally {
            s.setSoTimeout(5000);
        }
    }

    private static RawResponse readResponse(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        String head = ProxyFixture.readHead(in);
        RawResponse parsed = RawResponse.parse(head);
        int length = Integer.parseInt(parsed.header("Content-Length"));
        byte[] body = in.readNBytes(length);
        return RawResponse.parse(head + new String(body, StandardCharsets.ISO_8859_1));
    }

    // ---- options ----

    @Test
    void settingAFilterSwitchesInterceptionOnAndClearingItSwitchesItOff() throws Exception {
        rig.proxy().set("intercept=~q");
        assertThat(sluice().options().bool("intercept_active")).isTrue();
        rig.proxy().set("intercept_active=false");
        assertThat(sluice().options().str("intercept")).isEqualTo("~q");
        rig.proxy().set("intercept=~s");
        assertThat(sluice().options().bool("intercept_active")).isTrue();
        rig.proxy().set("intercept=");
        assertThat(sluice().options().bool("intercept_active")).isFalse();
        rig.proxy().set("intercept=~q");
        run("set intercept");
        assertThat(sluice().options().str("intercept")).isNull();
        assertThat(sluice().options().bool("intercept_active")).isFalse();
    }

    @Test
    void anInvalidFilterIsRefusedAndChangesNeitherOption() throws Exception {
        rig.proxy().set("intercept=~q");
        rig.proxy().set("intercept_active=false");
        assertThatThrownBy(() -> rig.proxy().set("intercept=~u ("))
                .isInstanceOf(OptionsException.class).hasMessageStartingWith("Invalid value for intercept: ");
        assertThat(sluice().options().str("intercept")).isEqualTo("~q");
        assertThat(sluice().options().bool("intercept_active")).isFalse();
    }

    @Test
    void theOptionsDoNotExistInSluicedump() throws Exception {
        try (ProxyFixture dump = new ProxyFixture()) {
            assertThat(dump.sluice().options().has("intercept")).isFalse();
            assertThat(dump.sluice().options().has("intercept_active")).isFalse();
            assertThat(dump.sluice().addons().find(Intercept.class)).isNull();
        }
    }

    @Test
    void theConsoleChainIsTheDefaultsWithInterceptAfterTheLastFeatureAddon() {
        List<String> console = Addons.console().stream().map(a -> a.getClass().getSimpleName()).toList();
        List<String> defaults = Addons.defaults().stream().map(a -> a.getClass().getSimpleName()).toList();
        assertThat(console).hasSize(defaults.size() + 1);
        assertThat(console.subList(console.indexOf("Intercept") - 1, console.indexOf("Intercept") + 2))
                .containsExactly("StickyCookie", "Intercept", "ClientReplay");
        assertThat(console.stream().filter(n -> !n.equals("Intercept")).toList()).isEqualTo(defaults);
    }

    // ---- pausing ----

    @Test
    void aPausedRequestReachesTheServerOnlyAfterResume() throws Exception {
        rig.proxy().set("intercept=~q");
        try (Socket client = sendOnly(rig.origin().url("/a"))) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            assertThat(flow.response()).isNull();
            assertNothingArrives(client);
            assertThat(rig.origin().poll()).as("nothing reaches the server").isNull();
            assertThat(rig.origin().connectionCount()).isZero();
            run("flow.resume @all");
            assertThat(rig.origin().take().target()).isEqualTo("/a");
            RawResponse response = readResponse(client);
            assertThat(response.bodyText()).startsWith("method=GET\ntarget=/a");
            assertThat(flow.isIntercepted()).isFalse();
        }
    }

    @Test
    void anEditOfThePausedRequestIsWhatTheServerGets() throws Exception {
        rig.proxy().set("intercept=~q");
        try (Socket client = sendOnly(rig.origin().url("/a"))) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            flow.request().setPath("/edited");
            run("flow.resume @all");
            assertThat(rig.origin().take().target()).isEqualTo("/edited");
            assertThat(readResponse(client).status()).isEqualTo(200);
        }
    }

    @Test
    void withResponseFilterTheRequestGoesOutAndTheResponseWaitsBeforeTheClientGetsIt() throws Exception {
        rig.proxy().set("intercept=~s");
        try (Socket client = sendOnly(rig.origin().url("/b"))) {
            assertThat(rig.origin().take().target()).as("the request phase is not paused").isEqualTo("/b");
            Flow flow = awaitFlow(Flow::isIntercepted);
            assertThat(flow.response().statusCode()).isEqualTo(200);
            assertNothingArrives(client);
            flow.response().setReason("Edited");
            run("flow.resume @all");
            RawResponse response = readResponse(client);
            assertThat(response.statusLine()).isEqualTo("HTTP/1.1 200 Edited");
        }
    }

    @Test
    void aRequestOnlyFlowIsNotPausedByResponseFilter() throws Exception {
        rig.proxy().set("intercept=~s");
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        RawResponse response = rig.proxy().send(RawRequest.get("http://127.0.0.1:" + closedPort + "/"));
        assertThat(response.status()).isEqualTo(502);
        Flow flow = sluice().flows().snapshot().get(0);
        assertThat(flow.response()).isNull();
        assertThat(flow.error()).isNotNull();
        assertThat(flow.isIntercepted()).isFalse();
    }

    @Test
    void aFilterMatchingBothPhasesPausesTwice() throws Exception {
        rig.proxy().set("intercept=/twice");
        try (Socket client = sendOnly(rig.origin().url("/twice"))) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            assertThat(flow.response()).isNull();
            run("flow.resume @all");
            rig.origin().take();
            await(() -> flow.isIntercepted() && flow.response() != null);
            assertNothingArrives(client);
            run("flow.resume @all");
            assertThat(readResponse(client).status()).isEqualTo(200);
        }
    }

    @Test
    void withInterceptionInactiveAMatchingFlowPasses() throws Exception {
        rig.proxy().set("intercept=~q");
        rig.proxy().set("intercept_active=false");
        RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/c")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(sluice().flows().snapshot().get(0).isIntercepted()).isFalse();
        rig.proxy().set("intercept_active=true");
        try (Socket client = sendOnly(rig.origin().url("/d"))) {
            awaitFlow(Flow::isIntercepted);
            run("flow.resume @all");
            assertThat(readResponse(client).status()).isEqualTo(200);
        }
    }

    @Test
    void aClientReplayIsNotPaused() throws Exception {
        rig.proxy().set("intercept=~all");
        sluice().addons().lifecycle("running", dev.sluice.addon.Addon::running);
        Flow recorded = TestFlows.http("GET", rig.origin().url("/replayed")).requestBody("").response(200).build();
        sluice().flows().add(recorded);
        run("replay.client @all");
        assertThat(rig.origin().take().target()).isEqualTo("/replayed");
        await(() -> !recorded.isLive());
        assertThat(recorded.response().text()).startsWith("method=GET\ntarget=/replayed");
        assertThat(recorded.isIntercepted()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"block_list,418", "map_local,200", "server_replay,203"})
    void aSyntheticResponseIsPausedByResponseFilter(String feature, int status) throws Exception {
        switch (feature) {
            case "block_list" -> rig.proxy().set("block_list=:~u /synthetic:418");
            case "map_local" -> {
                Files.writeString(dir.resolve("local.txt"), "local");
                rig.proxy().set("map_local=|/synthetic|" + dir.resolve("local.txt"));
            }
            default -> {
                sluice().flows().add(TestFlows.http("GET", "http://example.invalid/synthetic").requestBody("").response(203).responseBody("replayed").build());
                run("replay.server @all");
            }
        }
        rig.proxy().set("intercept=~s");
        try (Socket client = sendOnly("http://example.invalid/synthetic")) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            assertThat(flow.response().statusCode()).isEqualTo(status);
            assertNothingArrives(client);
            run("flow.resume @all");
            // answered in the request hook, it is paused once, in the response hook that follows at once
            assertThat(readResponse(client).status()).isEqualTo(status);
        }
        assertThat(rig.origin().connectionCount()).isZero();
    }

    @Test
    void anHttpsRequestInsideATunnelIsPausedAndResumedLikeAPlainOne() throws Exception {
        TestPki.Issued ca = TestPki.ca("Intercept Origin CA");
        TestPki.Issued cert = TestPki.certificate().subject("upstream.test", null).sans("upstream.test", "127.0.0.1").signedBy(ca);
        Path caFile = ca.writeCertificatePem(dir.resolve("origin-ca.pem"));
        try (Origin origin = Origin.tlsEcho(cert.serverContext());
             ProxyFixture proxy = ProxyFixture.console("ssl_verify_upstream_trusted_ca=" + caFile, "intercept=~u /secret & ~q")) {
            CompletableFuture<TrustingClients.Exchange> exchange = CompletableFuture.supplyAsync(() -> {
                try {
                    return TrustingClients.getThroughProxy(TrustingClients.trusting(proxy.caCertificate()), proxy.port(),
                            "127.0.0.1:" + origin.port(), "upstream.test", List.of("http/1.1"), "/secret");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Flow paused = null;
            while (paused == null && System.nanoTime() < deadline) {
                for (Flow f : proxy.sluice().flows().snapshot()) if (f.isIntercepted()) paused = f;
                Thread.sleep(10);
            }
            assertThat(paused).as("the request inside the tunnel is intercepted").isNotNull();
            assertThat(paused.request().scheme()).isEqualTo("https");
            assertThat(origin.poll()).isNull();
            proxy.sluice().commands().execute("flow.resume @all");
            assertThat(exchange.get(10, TimeUnit.SECONDS).response()).startsWith("HTTP/1.1 200 OK").contains("target=/secret");
        }
    }

    // ---- kill and disconnect ----

    @Test
    void killingAPausedRequestClosesTheClientConnectionWithoutAnswer() throws Exception {
        rig.proxy().set("intercept=~q");
        try (Socket client = sendOnly(rig.origin().url("/k"))) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            run("flow.kill @all");
            assertThat(client.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            assertThat(flow.error().msg()).isEqualTo(FlowError.KILLED);
            assertThat(flow.isIntercepted()).isFalse();
        }
        assertThat(rig.origin().connectionCount()).isZero();
        assertThat(rig.proxy().logged("Killed 1 flows.")).isTrue();
    }

    @Test
    void killingAPausedResponseDropsItAndClosesTheClientConnection() throws Exception {
        rig.proxy().set("intercept=~s");
        try (Socket client = sendOnly(rig.origin().url("/k"))) {
            Flow flow = awaitFlow(Flow::isIntercepted);
            run("flow.kill @all");
            assertThat(client.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            assertThat(flow.error().msg()).isEqualTo(FlowError.KILLED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "POST"})
    void aClientThatDisconnectsWhileItsRequestIsPausedEndsTheFlow(String method) throws Exception {
        rig.proxy().set("intercept=~q");
        Flow flow;
        try (Socket client = rig.proxy().connect()) {
            RawRequest request = RawRequest.of(method, rig.origin().url("/gone"));
            if (method.equals("POST")) request.body("a body that is read completely before the pause");
            client.getOutputStream().write(request.bytes());
            flow = awaitFlow(Flow::isIntercepted);
        }
        await(() -> flow.error() != null);
        assertThat(flow.error().msg()).isEqualTo(FlowError.CLIENT_DISCONNECTED);
        assertThat(flow.isIntercepted()).isFalse();
        run("flow.resume @all");
        Thread.sleep(100);
        assertThat(rig.origin().connectionCount()).as("nothing is sent for a client that left").isZero();
    }

    @Test
    void otherClientsAreServedWhileOneFlowIsPaused() throws Exception {
        rig.proxy().set("intercept=~u /held & ~q");
        try (Socket held = sendOnly(rig.origin().url("/held"))) {
            awaitFlow(Flow::isIntercepted);
            // more clients than the proxy has event loops: whichever loop holds the paused flow serves them too
            for (int i = 0; i < 4; i++) {
                RawResponse response = rig.proxy().send(RawRequest.get(rig.origin().url("/free" + i)));
                assertThat(response.bodyText()).contains("target=/free" + i);
            }
            assertNothingArrives(held);
            run("flow.resume @all");
            assertThat(readResponse(held).bodyText()).contains("target=/held");
        }
    }

    @Test
    void theStoreIsToldWhenAFlowIsIntercepted() throws Exception {
        List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        sluice().flows().addListener(new dev.sluice.view.FlowStore.Listener() {
            @Override
            public void updated(Flow flow) {
                seen.add(flow.isIntercepted());
            }
        });
        rig.proxy().set("intercept=~q");
        try (Socket client = sendOnly(rig.origin().url("/seen"))) {
            awaitFlow(Flow::isIntercepted);
            await(() -> seen.contains(true));
            run("flow.resume @all");
            readResponse(client);
        }
        assertThat(seen.get(seen.size() - 1)).isFalse();
    }
}
