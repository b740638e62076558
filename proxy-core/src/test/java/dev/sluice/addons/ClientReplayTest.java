package dev.sluice.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.addon.Addon;
import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.io.FlowFiles;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.TestFlows;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client-side replay against a real origin that records what it receives (features.md §4). */
class ClientReplayTest {

    @TempDir
    Path dir;

    private Origin origin;
    private ProxyFixture proxy;
    private final List<Flow> seenByLaterAddons = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (proxy != null) proxy.close();
        if (origin != null) origin.close();
    }

    /** The proxy with an addon at the end of the chain that sees every replayed flow's response or error. */
    private void start() throws Exception {
        proxy = new ProxyFixture(new Addon() {
            @Override
            public void response(Flow flow) {
                seenByLaterAddons.add(flow);
            }

            @Override
            public void error(Flow flow) {
                seenByLaterAddons.add(flow);
            }
        });
        proxy.sluice().addons().lifecycle("running", Addon::running);
    }

    private ClientReplay replay() {
        return proxy.sluice().addons().find(ClientReplay.class);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(10);
        }
    }

    @Test
    void theRequestIsSentAsRecordedAndTheAnswerBecomesTheFlowsResponse() throws Exception {
        origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 204, "No Content", Map.of(), new byte[0]);
            return true;
        });
        start();
        Flow f = TestFlows.http("POST", origin.url("/path")).requestHeader("header", "qvalue").requestBody("data").response(200)
                .responseBody("old").build();
        replay().start(List.of(f));
        Origin.Received r = origin.take();
        assertThat(r.rawHead()).startsWith("POST /path HTTP/1.1\r\n").contains("\r\nheader: qvalue\r\n", "\r\ncontent-length: 4\r\n");
        assertThat(r.bodyText()).isEqualTo("data");
        await(() -> replay().count() == 0 && seenByLaterAddons.size() == 1);
        assertThat(f.response().statusCode()).isEqualTo(204);
        assertThat(f.replay()).isEqualTo(Flow.Replay.REQUEST);
        assertThat(f.isLive()).isFalse();
        assertThat(seenByLaterAddons).containsExactly(f);
        assertThat(f.backupState().response().text()).as("the backup keeps the recording").isEqualTo("old");
        replay().start(List.of(f));
        origin.take();
        await(() -> replay().count() == 0 && seenByLaterAddons.size() == 2);
        assertThat(f.response().statusCode()).isEqualTo(204);
        assertThat(f.backupState().response().text()).isEqualTo("old");
    }

    @Test
    void aRequestRecordedOverHttp2IsSentAsHttp11() throws Exception {
        origin = Origin.echo();
        start();
        Flow f = TestFlows.http("GET", origin.url("/h2")).requestBody("").build();
        f.request().setHttpVersion("HTTP/2.0");
        f.request().headers().clear();
        f.request().headers().add(":authority", "127.0.0.1:" + origin.port()).add("accept", "*/*");
        replay().start(List.of(f));
        Origin.Received r = origin.take();
        assertThat(r.rawHead()).isEqualTo("GET /h2 HTTP/1.1\r\naccept: */*\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
        await(() -> replay().count() == 0);
        assertThat(f.response().statusCode()).isEqualTo(200);
    }

    @Test
    void withConcurrencyOneTheNextRequestWaitsForTheResponse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin = new Origin((req, out) -> {
            if (req.target().equals("/1")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Origin.writeResponse(out, 200, "OK", Map.of(), req.target().getBytes(StandardCharsets.UTF_8));
            return true;
        });
        start();
        List<Flow> flows = List.of(TestFlows.http("GET", origin.url("/1")).requestBody("").build(),
                TestFlows.http("GET", origin.url("/2")).requestBody("").build(),
                TestFlows.http("GET", origin.url("/3")).requestBody("").build());
        replay().start(flows);
        assertThat(origin.take().target()).isEqualTo("/1");
        Thread.sleep(300);
        assertThat(origin.poll()).as("the second request waits for the first response").isNull();
        assertThat(replay().count()).isEqualTo(3);
        release.countDown();
        assertThat(origin.take().target()).isEqualTo("/2");
        assertThat(origin.take().target()).isEqualTo("/3");
        await(() -> replay().count() == 0);
        assertThat(flows).extracting(f -> f.response().text()).containsExactly("/1", "/2", "/3");
        assertThat(origin.connectionCount()).as("a new connection for each replay").isEqualTo(3);
    }

    @Test
    void failuresEndTheFlowWithAnErrorAndTheQueueGoesOn() throws Exception {
        origin = new Origin((req, out) -> {
            if (req.target().equals("/close")) return false;
            Origin.writeResponse(out, 200, "OK", Map.of(), new byte[0]);
            return true;
        });
        start();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Flow refused = TestFlows.http("GET", "http://127.0.0.1:" + closedPort + "/x").requestBody("").build();
        Flow closes = TestFlows.http("GET", origin.url("/close")).requestBody("").build();
        Flow fine = TestFlows.http("GET", origin.url("/fine")).requestBody("").build();
        replay().start(List.of(refused, closes, fine));
        await(() -> replay().count() == 0 && seenByLaterAddons.size() == 3);
        assertThat(refused.error().msg()).isEqualTo("Cannot connect to 127.0.0.1:" + closedPort + ": Connection refused");
        assertThat(closes.error().msg()).isEqualTo("Server disconnected.");
        assertThat(fine.response().statusCode()).isEqualTo(200);
    }

    @Test
    void anHttpsFlowIsReplayedOverVerifiedTls() throws Exception {
        origin = Origin.echo();
        start();
        dev.sluice.testsupport.TestPki.Issued cert = dev.sluice.testsupport.TestPki.certificate().sans("127.0.0.1")
                .signedBy(dev.sluice.testsupport.TestPki.ca("untrusted test ca"));
        var context = dev.sluice.tls.SslContexts.using(io.netty.handler.ssl.SslProvider.JDK)
                .clientFacing(new dev.sluice.tls.LeafCert(cert.chain(), cert.privateKey()), dev.sluice.tls.SslContexts.HTTP_1_1);
        try (dev.sluice.testsupport.TlsTestServer tls = dev.sluice.testsupport.TlsTestServer.start(context)) {
            Flow f = TestFlows.http("GET", "https://127.0.0.1:" + tls.port() + "/").requestBody("").build();
            replay().start(List.of(f));
            await(() -> replay().count() == 0);
            // the upstream is verified like live traffic: a certificate from an unknown CA fails the handshake
            assertThat(f.error().msg()).startsWith("Certificate verify failed");
        }
    }

    @Test
    void flowsThatCannotBeReplayedAreRefusedWithAWarning() throws Exception {
        origin = Origin.echo();
        start();
        Flow ws = TestFlows.http("GET", origin.url("/ws")).requestBody("").response(101).webSocket().build();
        Flow tcp = TestFlows.tcp("example.com", 22).build();
        Flow streamed = TestFlows.http("POST", origin.url("/big")).build();
        Flow live = new Flow(ws.client(), null, TestFlows.http("GET", origin.url("/live")).requestBody("").build().request(), true);
        replay().start(List.of(ws, tcp, streamed, live));
        assertThat(replay().count()).isZero();
        assertThat(proxy.log()).extracting(e -> e.message()).contains("Can't replay WebSocket flows.", "Can only replay HTTP flows.",
                "Can't replay flow with missing content.", "Can't replay live flow.");
    }

    @Test
    void stoppingEmptiesTheQueueAndRevertsFlowsThatHadNotStarted() throws Exception {
        origin = Origin.echo();
        proxy = new ProxyFixture(); // not running: nothing is sent
        Flow f = TestFlows.http("GET", origin.url("/q")).requestBody("").response(200).responseBody("recorded").build();
        replay().start(List.of(f));
        assertThat(f.response()).isNull();
        replay().start(List.of(f));
        assertThat(proxy.logged("Flow is already queued for replay.")).isTrue();
        assertThat(proxy.sluice().commands().execute("replay.client.count")).isEqualTo(1L);
        proxy.sluice().commands().execute("replay.client.stop");
        assertThat(proxy.sluice().commands().execute("replay.client.count")).isEqualTo(0L);
        assertThat(f.response().text()).isEqualTo("recorded");
        assertThat(proxy.logged("Client replay queue cleared.")).isTrue();
    }

    @Test
    void filesAreQueuedFromTheOptionAndTheCommand() throws Exception {
        origin = Origin.echo();
        start();
        Path file = dir.resolve("flows.sluice");
        FlowFiles.save(file, false, List.of(TestFlows.http("GET", origin.url("/a")).requestBody("").build(),
                TestFlows.http("GET", origin.url("/b")).requestBody("").build()));
        proxy.sluice().options().set("client_replay=" + file);
        assertThat(origin.take().target()).isEqualTo("/a");
        assertThat(origin.take().target()).isEqualTo("/b");
        await(() -> replay().count() == 0);
        assertThat(proxy.sluice().flows().snapshot()).hasSize(2).allMatch(f -> f.replay() == Flow.Replay.REQUEST && f.response() != null);
        proxy.sluice().options().set("client_replay=" + file);
        assertThat(origin.take().target()).as("re-assigning the same list queues the files again").isEqualTo("/a");
        proxy.sluice().commands().execute("replay.client.file " + file);
        await(() -> replay().count() == 0);
        proxy.sluice().options().set("client_replay=");
        assertThatThrownBy(() -> proxy.sluice().options().set("client_replay=nonexistent"))
                .hasMessage("Invalid value for client_replay: cannot read nonexistent: No such file or directory");
        assertThatThrownBy(() -> proxy.sluice().commands().execute("replay.client.file nonexistent")).isInstanceOf(CommandException.class)
                .hasMessage("Cannot read nonexistent: No such file or directory");
        assertThat(replay().count()).isZero();
    }

    @Test
    void concurrencyMustBeMinusOneOrPositive() throws Exception {
        proxy = new ProxyFixture();
        for (String bad : List.of("0", "-2")) {
            assertThatThrownBy(() -> proxy.sluice().options().set("client_replay_concurrency=" + bad))
                    .hasMessage("Invalid value for client_replay_concurrency: must be -1 (unlimited) or a positive integer");
        }
        proxy.sluice().options().set("client_replay_concurrency=-1");
        proxy.sluice().options().set("client_replay_concurrency=4");
    }
}
