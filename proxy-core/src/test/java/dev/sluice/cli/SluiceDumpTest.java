package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.SluiceProcess;
import dev.sluice.testsupport.TestPki;
import dev.sluice.testsupport.TrustingClients;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void interceptsHttpsWithTheCaOfItsConfdirAndPrintsTheFlow(@TempDir Path dir) throws Exception {
        int port = SluiceProcess.freePort();
        TestPki.Issued originCa = TestPki.ca("Dump Origin CA");
        TestPki.Issued originCert = TestPki.certificate().subject("origin.test", null).sans("origin.test", "127.0.0.1").signedBy(originCa);
        Path trusted = originCa.writeCertificatePem(dir.resolve("origin-ca.pem"));
        Path confdir = dir.resolve("conf");
        try (Origin origin = Origin.tlsEcho(originCert.serverContext());
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port),
                     "--set", "confdir=" + confdir, "--set", "ssl_verify_upstream_trusted_ca=" + trusted)) {
            dump.awaitLine("HTTP(S) proxy listening at 127.0.0.1:" + port + ".");
            X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(confdir.resolve("sluice-ca-cert.pem")));
            TrustingClients.Exchange exchange = TrustingClients.getThroughProxy(TrustingClients.trusting(ca), port,
                    "127.0.0.1:" + origin.port(), "origin.test", List.of("http/1.1"), "/secret");
            assertThat(exchange.response()).startsWith("HTTP/1.1 200 OK\r\n");
            dump.awaitLine("<< 200 OK");
            assertThat(dump.stdout().get(0)).matches("127\\.0\\.0\\.1:\\d+: GET https://127\\.0\\.0\\.1:" + origin.port() + "/secret");
        }
    }

    @Test
    void aBrokenCaFileStopsStartUpAndIsLeftAsItWas(@TempDir Path confdir) throws Exception {
        Path caFile = Files.writeString(confdir.resolve("sluice-ca.pem"), "not a certificate\n");
        try (SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(SluiceProcess.freePort()),
                "--set", "confdir=" + confdir)) {
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(dump.stderr()).hasSize(1);
            assertThat(dump.stderr().get(0)).startsWith("sluicedump: Invalid CA file " + caFile + ": ");
        }
        assertThat(Files.readString(caFile)).isEqualTo("not a certificate\n");
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
                Arguments.of(new String[]{"--mode", "transparent"}, "sluicedump: Invalid mode specification: transparent (not supported by Sluice)"),
                Arguments.of(new String[]{"--ignore-hosts", "a", "--allow-hosts", "b"},
                        "sluicedump: ignore_hosts and allow_hosts are mutually exclusive; please choose one."),
                Arguments.of(new String[]{"--key-size", "1024"}, "sluicedump: Invalid value for key_size: must be at least 2048"));
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

    // ---- flow files and replay (cli.md §3-§5) ----

    private static java.net.http.HttpClient clientVia(int port) {
        return HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
    }

    @Test
    void recordWithWThenServeWithSWhileTheOriginIsStopped(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path flows = dir.resolve("flows.json");
        int port = SluiceProcess.freePort();
        String originUrl;
        try (Origin origin = new Origin((req, out) -> {
            Origin.writeResponse(out, 200, "OK", java.util.Map.of("Date", "Wed, 21 Oct 2015 07:28:00 GMT"),
                    ("recorded " + req.target()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return true;
        }); SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port), "-w", flows.toString())) {
            dump.awaitLine("listening at");
            originUrl = origin.url("");
            for (String path : new String[]{"/a", "/b"}) {
                clientVia(port).send(HttpRequest.newBuilder(URI.create(origin.url(path))).build(), HttpResponse.BodyHandlers.ofString());
            }
            dump.awaitLine("/b");
            long deadline = System.nanoTime() + 5_000_000_000L; // the writer thread runs beside the printer
            while (java.nio.file.Files.readAllLines(flows).size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(java.nio.file.Files.readAllLines(flows)).as("flushed per flow, before exit").hasSize(2);
            assertThat(dump.stop()).isZero();
        }
        int port2 = SluiceProcess.freePort();
        try (SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port2), "-S", flows.toString())) {
            dump.awaitLine("listening at");
            HttpResponse<String> a = clientVia(port2).send(HttpRequest.newBuilder(URI.create(originUrl + "/a")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(a.body()).isEqualTo("recorded /a");
            assertThat(a.headers().firstValue("Date").orElseThrow()).isNotEqualTo("Wed, 21 Oct 2015 07:28:00 GMT");
            HttpResponse<String> b = clientVia(port2).send(HttpRequest.newBuilder(URI.create(originUrl + "/b")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(b.body()).isEqualTo("recorded /b");
            assertThat(dump.waitFor()).as("exits once the buffer is empty").isZero();
            assertThat(dump.stdout()).anyMatch(l -> l.startsWith("[replay] << 200 OK") || l.contains("[replay]"));
        }
    }

    @Test
    void clientReplayWithNoServerSendsInOrderAndExits(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Origin origin = Origin.echo()) {
            java.nio.file.Path file = dir.resolve("flows.mitm");
            java.util.List<dev.sluice.flow.Flow> recorded = new java.util.ArrayList<>();
            for (String path : new String[]{"/1", "/2", "/3"}) {
                recorded.add(dev.sluice.testsupport.TestFlows.http("GET", origin.url(path)).requestBody("").build());
            }
            dev.sluice.io.FlowFiles.save(file, false, recorded);
            try (SluiceProcess dump = SluiceProcess.dump("-n", "-C", file.toString())) {
                assertThat(dump.waitFor()).isZero();
                assertThat(dump.stdout()).filteredOn(l -> l.startsWith("[replay]: GET")).hasSize(3);
            }
            assertThat(java.util.List.of(origin.take().target(), origin.take().target(), origin.take().target())).containsExactly("/1", "/2", "/3");
        }
    }

    @Test
    void readingAMitmdumpRecordingPrintsItsFlowsAndExits() throws Exception {
        try (SluiceProcess dump = SluiceProcess.dump("-nr", dev.sluice.testsupport.Mitmproxy.fixture("mitmdump-8.1.1.mitm").toString())) {
            assertThat(dump.waitFor()).isZero();
            assertThat(dump.stdout()).anyMatch(l -> l.endsWith("POST http://127.0.0.1:18901/post"));
        }
    }

    static Stream<Arguments> unreadableFiles() {
        return Stream.of(
                Arguments.of("{broken\n", java.util.List.of("sluicedump: Flow file corrupted.", "%s: line 1: not valid JSON")),
                Arguments.of(null, java.util.List.of("sluicedump: Cannot load flows: %s: No such file or directory")),
                Arguments.of("<html>", java.util.List.of("sluicedump: Cannot read %s: unknown flow file format")));
    }

    @ParameterizedTest
    @MethodSource("unreadableFiles")
    void aFileWithoutReadableFlowsEndsStartUpWithStatus1(String content, java.util.List<String> expected,
                                                        @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("bad.sluice");
        if (content != null) java.nio.file.Files.writeString(file, content);
        try (SluiceProcess dump = SluiceProcess.dump("-n", "-r", file.toString())) {
            assertThat(dump.waitFor()).isEqualTo(1);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(dump.stderr().get(i)).startsWith(String.format(expected.get(i), file));
            }
        }
    }

    @Test
    void anUnopenableWFileIsAStartUpError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (SluiceProcess dump = SluiceProcess.dump("-n", "-w", dir.toString())) {
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(dump.stderr().get(0)).startsWith("sluicedump: Invalid value for save_stream_file: cannot open " + dir);
        }
    }

    @Test
    void aFailedWriteEndsSluicedumpWithStatus1() throws Exception {
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo();
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port), "-w", "/dev/full")) {
            dump.awaitLine("listening at");
            clientVia(port).send(HttpRequest.newBuilder(URI.create(origin.url("/x"))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dump.waitFor()).isEqualTo(1);
            assertThat(dump.stderr()).anyMatch(l -> l.endsWith("Error while writing to /dev/full: No space left on device"));
        }
    }

    @Test
    void killedWhileWritingTheFileHoldsEveryFinishedFlow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("out.har");
        int port = SluiceProcess.freePort();
        try (Origin origin = Origin.echo(); SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port), "-w", file.toString())) {
            dump.awaitLine("listening at");
            for (int i = 0; i < 3; i++) {
                clientVia(port).send(HttpRequest.newBuilder(URI.create(origin.url("/" + i))).build(), HttpResponse.BodyHandlers.ofString());
            }
            dump.awaitLine("/2");
            long deadline = System.nanoTime() + 5_000_000_000L; // written by the writer thread, flushed per flow
            while (dev.sluice.io.FlowFiles.readAll(file).flows().size() < 3 && System.nanoTime() < deadline) Thread.sleep(10);
            dump.close(); // SIGKILL: no shutdown code runs
        }
        Thread.sleep(200);
        assertThat(dev.sluice.io.FlowFiles.readAll(file).flows()).hasSize(3);
    }

    @Test
    void keepservingKeepsSluicedumpRunningAfterTheWorkIsDone(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("empty.sluice");
        java.nio.file.Files.writeString(file, "");
        try (SluiceProcess dump = SluiceProcess.dump("-n", "-r", file.toString(), "--set", "keepserving=true")) {
            Thread.sleep(2500);
            assertThat(dump.stderr()).isEmpty();
            assertThat(dump.stop()).isZero();
        }
        try (SluiceProcess dump = SluiceProcess.dump("-n", "-r", file.toString())) {
            assertThat(dump.waitFor()).isZero();
        }
    }

    /** features.md §14: sluicedump keeps no flows, so a body's file goes as soon as its flow is done. */
    @Test
    void aBodyOnDiskIsDeletedOnceItsFlowIsDone(@TempDir Path confdir) throws Exception {
        byte[] big = new byte[3 << 20];
        new java.util.Random(3).nextBytes(big);
        int port = SluiceProcess.freePort();
        try (Origin origin = new Origin((req, out) -> {
                Origin.writeResponse(out, 200, "OK", java.util.Map.of(), big);
                return true;
            });
             SluiceProcess dump = SluiceProcess.dump("--listen-host", "127.0.0.1", "-p", Integer.toString(port),
                     "--set", "confdir=" + confdir, "--set", "body_spill_threshold=64k")) {
            dump.awaitLine("listening at");
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port))).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(origin.url("/big"))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.body()).isEqualTo(big);
            dump.awaitLine("<< 200 OK");

            Path bodies = confdir.resolve("bodies");
            for (int i = 0; i < 500 && filesUnder(bodies) > 0; i++) Thread.sleep(10);
            assertThat(filesUnder(bodies)).isZero();
            try (Stream<Path> dirs = Files.list(bodies)) {
                assertThat(dirs.count()).as("the process's own directory, made by the spill").isEqualTo(1);
            }
            assertThat(dump.stop()).isZero();
            try (Stream<Path> dirs = Files.list(bodies)) {
                assertThat(dirs.count()).as("removed with the process").isZero();
            }
        }
    }

    private static long filesUnder(Path dir) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }
}
