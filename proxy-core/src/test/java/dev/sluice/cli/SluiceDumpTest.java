package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.SluiceProcess;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SluiceDumpTest {

    @Test
    void proxiesAndPrintsOneSummaryPerFlow() throws Exception {
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo(); SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port))) {
            dump.awaitLine("HTTP(S) proxy listening at 127.0.0.1:" + port + ".");
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(origin.url("/dumped"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            dump.awaitLine("<< 200 OK");
            assertThat(dump.stdout().get(0)).matches("127\\.0\\.0\\.1:\\d+: GET http://127\\.0\\.0\\.1:" + origin.port() + "/dumped");
            assertThat(dump.stdout().get(1)).matches(" +<< 200 OK \\d+b");
            assertThat(dump.stop()).isZero();
        }
    }

    @Test
    void verboseLevelPrintsHeaders() throws Exception {
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo(); SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p" + port, "--flow-detail", "2")) {
            dump.awaitLine("listening at");
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
            client.send(HttpRequest.newBuilder(URI.create(origin.url("/v"))).header("X-Probe", "1").build(), HttpResponse.BodyHandlers.ofString());
            dump.awaitLine("    Content-Type: text/plain");
            assertThat(dump.stdout()).contains("    X-Probe: 1");
        }
    }

    @Test
    void thePositionalFilterSelectsWhatIsPrinted() throws Exception {
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo();
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port), "~d", "127.0.0.1", "&", "~m", "POST")) {
            dump.awaitLine("HTTP(S) proxy listening at");
            assertThat(dump.stderr()).anyMatch(l -> l.endsWith("Only processing flows that match \"~d 127.0.0.1 & ~m POST\""));
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
            client.send(HttpRequest.newBuilder(URI.create(origin.url("/get"))).build(), HttpResponse.BodyHandlers.ofString());
            client.send(HttpRequest.newBuilder(URI.create(origin.url("/post"))).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            dump.awaitLine("/post");
            assertThat(dump.stdout()).noneMatch(l -> l.contains("/get"));
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new String[]{"--set", "listen_port=abc"}, "sluicedump: Failed to parse option listen_port: not an integer: abc"),
                Arguments.of(new String[]{"--set", "nosuch=1"}, "sluicedump: Unknown option: nosuch"),
                Arguments.of(new String[]{"--set", "intercept=~q"}, "sluicedump: Unknown option: intercept"),
                Arguments.of(new String[]{"--bogus"}, "sluicedump: error: unrecognized arguments: --bogus"),
                Arguments.of(new String[]{"-p"}, "sluicedump: error: argument -p: expected one argument"),
                Arguments.of(new String[]{"--nopop"}, "sluicedump: error: --nopop is deprecated; use --server-replay-reuse (or --set server_replay_reuse=true)."),
                Arguments.of(new String[]{"--flow-detail", "7"}, "sluicedump: Invalid value for flow_detail: must be between 0 and 4"),
                Arguments.of(new String[]{"~q", "&"}, "sluicedump: Invalid value for dumper_filter: Invalid filter expression: '~q &' (at 4: missing operand after &)"),
                Arguments.of(new String[]{"--mode", "transparent"}, "sluicedump: Invalid mode specification: transparent (not supported by Sluice)"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void badFlagsAndValuesPrintOneLineAndExit1(String[] args, String message) throws Exception {
        try (SluiceProcess dump = SluiceProcess.dump(args)) {
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(dump.stderr()).containsExactly(message);
        }
    }

    @Test
    void aTakenPortIsAStartupError() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(taken.getLocalPort()))) {
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(dump.stderr()).containsExactly("sluicedump: Invalid value for listen_port: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use");
        }
    }

    @Test
    void versionOptionsAndCommandsPrintAndExit0() throws Exception {
        try (SluiceProcess v = SluiceProcess.dump("--version")) {
            assertThat(v.waitFor()).isZero();
            assertThat(v.stdout()).hasSize(4);
            assertThat(v.stdout().get(0)).startsWith("Sluice: ");
            assertThat(v.stdout().get(2)).startsWith("Netty: 4.2.");
        }
        try (SluiceProcess o = SluiceProcess.dump("--options")) {
            assertThat(o.waitFor()).isZero();
            assertThat(o.stdout()).contains("listen_port: null", "block_global: true", "body_size_limit: null", "mode:", "- 'regular'");
        }
        try (SluiceProcess c = SluiceProcess.dump("--commands")) {
            assertThat(c.waitFor()).isZero();
            assertThat(c.stdout()).contains("set option:str *value:str", "flow.kill flows:flow[]");
        }
    }

    @Test
    void longFlagPrefixesAndClusteredShortFlagsWork() throws Exception {
        int port = SluiceProcess.freePort();
        try (SluiceProcess dump = SluiceProcess.dump("--listen-h", "127.0.0.1", "-qp" + port)) {
            // -q sets termlog_verbosity=error: the listening line is not printed, so probe the port
            long deadline = System.nanoTime() + 15_000_000_000L;
            boolean open = false;
            while (!open && System.nanoTime() < deadline) {
                try (var s = new java.net.Socket("127.0.0.1", port)) {
                    open = true;
                } catch (java.io.IOException e) {
                    Thread.sleep(50);
                }
            }
            assertThat(open).isTrue();
            assertThat(dump.stderr()).isEmpty();
        }
    }
}
