package dev.sluice.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.sluice.addon.Addon;
import dev.sluice.addons.DumpOptions;
import dev.sluice.addons.DumpPrinter;
import dev.sluice.cli.Output;
import dev.sluice.flow.Flow;
import dev.sluice.flow.StreamMessage;
import dev.sluice.io.FlowFiles;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.ProxyToTlsOrigin;
import dev.sluice.testsupport.RawServer;
import dev.sluice.testsupport.TrustingClients;

/**
 * Relayed tunnels recorded as {@code tcp} flows (tls.md §7): raw TCP, {@code tcp_hosts} (TLS
 * intercepted, content not parsed), passed-through hosts with {@code show_ignored_hosts}; their
 * hooks, the dump output, flow files, and the bounds on what is kept.
 */
class TcpFlowRecorderTest {
    @RegisterExtension
    static final ProxyToTlsOrigin rig = new ProxyToTlsOrigin("Tcp Flow Test CA");
    @TempDir
    Path dir;

    private final List<String> hooks = new CopyOnWriteArrayList<>();
    private final Addon hookRecorder = new Addon() {
        @Override
        public void tcpStart(Flow flow) {
            hooks.add("tcpStart");
        }

        @Override
        public void tcpMessage(Flow flow) {
            hooks.add("tcpMessage " + (flow.messages().get(flow.messages().size() - 1).fromClient() ? "->" : "<-"));
        }

        @Override
        public void tcpEnd(Flow flow) {
            hooks.add("tcpEnd");
        }

        @Override
        public void tcpError(Flow flow) {
            hooks.add("tcpError");
        }
    };
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private ProxyFixture proxy;

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
    }

    private void start(String... options) throws Exception {
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>(List.of("flow_detail=3"));
        all.addAll(List.of(options));
        proxy = new ProxyFixture(all, hookRecorder, new DumpOptions(), new DumpPrinter(new Output(out, out), false, 0));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    /** The one flow, once it has ended. */
    private Flow endedFlow() throws InterruptedException {
        await(() -> hooks.contains("tcpEnd") || hooks.contains("tcpError"), "the tcp flow to end");
        List<Flow> flows = proxy.sluice().flows().snapshot();
        assertThat(flows).hasSize(1);
        return flows.get(0);
    }

    private static String text(StreamMessage m) {
        return (m.fromClient() ? "-> " : "<- ") + new String(m.content(), StandardCharsets.ISO_8859_1);
    }

    /** Sends the bytes through a tunnel to the echo server, reads them back, half-closes, waits for the end. */
    private static void echoThrough(int proxyPort, RawServer echo, byte[] bytes) throws IOException {
        try (Socket tunnel = TrustingClients.connectThroughProxy(proxyPort, echo.target())) {
            tunnel.getOutputStream().write(bytes);
            tunnel.getOutputStream().flush();
            assertThat(tunnel.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
            tunnel.shutdownOutput();
            assertThat(tunnel.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRawTcpTunnelIsATcpFlowWithItsMessagesHooksDumpAndFileEntry() throws Exception {
        Path file = dir.resolve("flows.sluice");
        start("save_stream_file=" + file);
        try (RawServer echo = RawServer.echo()) {
            echoThrough(proxy.port(), echo, "ping\u0000".getBytes(StandardCharsets.ISO_8859_1));
            Flow flow = endedFlow();

            assertThat(flow.type()).isEqualTo(Flow.Type.TCP);
            assertThat(flow.request()).isNull();
            assertThat(flow.error()).isNull();
            assertThat(flow.server().port()).isEqualTo(Integer.parseInt(echo.target().split(":")[1]));
            assertThat(flow.messages()).extracting(TcpFlowRecorderTest::text).containsExactly("-> ping\u0000", "<- ping\u0000");
            assertThat(flow.metadata()).containsEntry("tcp_bytes_from_client", 5L).containsEntry("tcp_bytes_from_server", 5L)
                    .doesNotContainKey("tcp_truncated");
            assertThat(hooks).containsExactly("tcpStart", "tcpMessage ->", "tcpMessage <-", "tcpEnd");
            await(() -> printed.toString(StandardCharsets.UTF_8).contains("<-"), "the dump");
            assertThat(printed.toString(StandardCharsets.UTF_8))
                    .contains(flow.client().peerText() + " <-> tcp <-> " + echo.target() + "\n")
                    .contains("  -> 5b\n\n    ping\\x00\n", "  <- 5b\n");
            await(() -> {
                try {
                    return FlowFiles.readAll(file).flows().size() == 1;
                } catch (IOException e) {
                    return false;
                }
            }, "the flow file");
            Flow saved = FlowFiles.readAll(file).flows().get(0);
            assertThat(saved.type()).isEqualTo(Flow.Type.TCP);
            assertThat(saved.messages()).extracting(TcpFlowRecorderTest::text).containsExactly("-> ping\u0000", "<- ping\u0000");
        }
    }

    @Test
    void aFlowKeepsAMebibyteOfContentAndCountsTheRest() throws Exception {
        start();
        byte[] big = new byte[3 * TcpFlowRecorder.CONTENT_CAP / 2];
        Arrays.fill(big, (byte) 'x');
        try (RawServer echo = RawServer.echo()) {
            echoThrough(proxy.port(), echo, big);
            Flow flow = endedFlow();
            long kept = flow.messages().stream().mapToLong(m -> m.content().length).sum();
            assertThat(kept).isEqualTo(TcpFlowRecorder.CONTENT_CAP);
            assertThat(flow.metadata()).containsEntry("tcp_bytes_from_client", (long) big.length)
                    .containsEntry("tcp_bytes_from_server", (long) big.length).containsEntry("tcp_truncated", true);
        }
    }

    @Test
    void tcpHostsRelayPlainHttpWithoutParsingIt() throws Exception {
        start("tcp_hosts=^127\\.0\\.0\\.1:");
        try (RawServer echo = RawServer.echo()) {
            echoThrough(proxy.port(), echo, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Flow flow = endedFlow();
            assertThat(flow.type()).isEqualTo(Flow.Type.TCP);
            assertThat(flow.messages()).extracting(TcpFlowRecorderTest::text).first().isEqualTo("-> GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        }
    }

    @Test
    void tcpHostsStillInterceptTlsAndRecordTheDecryptedBytes() throws Exception {
        proxy = rig.startProxy(null, "tcp_hosts=upstream\\.test");
        proxy.sluice().addAddons(List.of(hookRecorder));
        rig.startOrigin(parameters -> { });
        SSLContext device = TrustingClients.trusting(proxy.caCertificate());

        TrustingClients.Exchange exchange = TrustingClients.getThroughProxy(device, proxy.port(), rig.target(), "upstream.test",
                List.of("http/1.1"), "/decrypted");

        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n").contains("target=/decrypted");
        assertThat(exchange.serverChain().get(0).getIssuerX500Principal()).isEqualTo(proxy.caCertificate().getSubjectX500Principal());
        Flow flow = endedFlow();
        assertThat(flow.type()).isEqualTo(Flow.Type.TCP);
        String conversation = flow.messages().stream().map(TcpFlowRecorderTest::text).collect(Collectors.joining());
        assertThat(conversation).startsWith("-> GET /decrypted HTTP/1.1\r\n").contains("<- HTTP/1.1 200 OK\r\n");
        assertThat(flow.client().sni()).isEqualTo("upstream.test");
    }

    @Test
    void ignoredHostsAreRecordedOnlyWithShowIgnoredHosts() throws Exception {
        proxy = rig.startProxy(null, "ignore_hosts=upstream\\.test", "show_ignored_hosts=true");
        proxy.sluice().addAddons(List.of(hookRecorder));
        rig.startOrigin(parameters -> { });
        SSLContext trustsTheOrigin = TrustingClients.trusting(rig.originCa());

        TrustingClients.Exchange exchange = TrustingClients.getThroughProxy(trustsTheOrigin, proxy.port(), rig.target(),
                "upstream.test", List.of("http/1.1"), "/ignored");

        assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n");
        Flow flow = endedFlow();
        assertThat(flow.type()).isEqualTo(Flow.Type.TCP);
        assertThat(flow.messages()).isNotEmpty();
        assertThat(flow.messages().get(0).fromClient()).isTrue();
        assertThat(flow.messages().get(0).content()[0]).isEqualTo((byte) 0x16); // the ClientHello, untouched
        assertThat(proxy.tls().leafCertificates().generations()).isZero();
    }
}
