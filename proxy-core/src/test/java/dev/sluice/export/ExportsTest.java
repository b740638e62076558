package dev.sluice.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.command.CommandException;
import dev.sluice.flow.Flow;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.TestFlows;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export formats of console.md §11; curl lines are also run through {@code sh -c} against a real origin. */
class ExportsTest {

    @TempDir
    Path dir;

    private Origin origin;

    @AfterEach
    void tearDown() throws Exception {
        if (origin != null) origin.close();
    }

    private static String text(String format, Flow f) throws CommandException {
        return new String(Exports.export(format, f, false), StandardCharsets.UTF_8);
    }

    // ---- curl ----

    @Test
    void curlOfAGetListsHeadersInOrderAndLeavesOutTheHostItDerives() throws Exception {
        Flow f = TestFlows.http("GET", "http://example.com/a?b=c").requestHeader("User-Agent", "test/1")
                .requestHeader("X-Two", "2").build();
        assertThat(text("curl", f)).isEqualTo("curl -H 'User-Agent: test/1' -H 'X-Two: 2' 'http://example.com/a?b=c'");
    }

    @Test
    void curlKeepsAHostThatDiffersAndTurnsAcceptEncodingIntoCompressed() throws Exception {
        Flow f = TestFlows.http("GET", "http://10.0.0.1:8080/").requestHeader("Accept-Encoding", "gzip").build();
        f.request().headers().set("Host", "10.0.0.1:8080");
        assertThat(text("curl", f)).isEqualTo("curl --compressed 'http://10.0.0.1:8080/'");
        f.request().headers().set("Host", "10.0.0.1");
        // curl would derive 10.0.0.1:8080 from the URL: the recorded header differs, so it is sent as recorded
        assertThat(text("curl", f)).isEqualTo("curl -H 'Host: 10.0.0.1' --compressed 'http://10.0.0.1:8080/'");
        f.request().headers().set("Host", "virtual.test:8080");
        assertThat(text("curl", f)).isEqualTo("curl --compressed 'http://virtual.test:8080/'");
    }

    @Test
    void curlOfAnEmptyPostSendsContentLengthZero() throws Exception {
        Flow f = TestFlows.http("POST", "http://example.com/").build();
        assertThat(text("curl", f)).isEqualTo("curl -H 'content-length: 0' -X 'POST' 'http://example.com/'");
    }

    @Test
    void curlOfATextBodyPassesItAsOneQuotedArgumentWithoutContentLength() throws Exception {
        Flow f = TestFlows.http("PUT", "http://example.com/x").requestHeader("Content-Type", "text/plain").requestBody("it's\n\ta body").build();
        assertThat(text("curl", f)).isEqualTo("curl -H 'Content-Type: text/plain' -X 'PUT' 'http://example.com/x' --data-binary 'it'\\''s\n\ta body'");
    }

    @Test
    void curlOfABinaryBodyFeedsItFromPrintf() throws Exception {
        Flow f = TestFlows.http("POST", "http://example.com/").requestBody(new byte[]{'A', 0, (byte) 0xff, '\'', '%', '\\', 'z'}, null).build();
        assertThat(text("curl", f)).isEqualTo("printf 'A\\000\\377\\047\\045\\134z' | curl -X 'POST' 'http://example.com/' --data-binary @-");
    }

    @Test
    void curlWithPreserveOriginalIpResolvesTheHostToTheRecordedAddress() throws Exception {
        Flow f = TestFlows.http("GET", "https://example.com/").build();
        f.server().setPeer(new InetSocketAddress("93.184.216.34", 443));
        assertThat(new String(Exports.export("curl", f, true), StandardCharsets.UTF_8))
                .isEqualTo("curl --resolve 'example.com:443:[93.184.216.34]' 'https://example.com/'");
        f.request().setUrl("https://93.184.216.34/");
        f.request().headers().set("Host", "93.184.216.34");
        assertThat(new String(Exports.export("curl", f, true), StandardCharsets.UTF_8)).as("the host is the address").isEqualTo("curl 'https://93.184.216.34/'");
    }

    // ---- curl, run for real ----

    /** Runs the line with sh against the test origin, with no proxy from the environment. */
    private static void runShell(String line, Path cwd) throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed: the exported command cannot be run");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", line).directory(cwd.toFile()).redirectErrorStream(true);
        for (String v : List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")) pb.environment().remove(v);
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl output: " + new String(output, StandardCharsets.UTF_8)).isZero();
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) return true;
        }
        return false;
    }

    @Test
    void theCurlLineSendsExactlyTheRecordedBinaryBody() throws Exception {
        origin = Origin.echo();
        byte[] body = new byte[256 + 3];
        for (int i = 0; i < 256; i++) body[i] = (byte) i;
        body[256] = 0;
        body[257] = (byte) 0xff;
        body[258] = '\n';
        Flow f = TestFlows.http("POST", origin.url("/bin")).requestHeader("Content-Type", "application/octet-stream").requestBody(body, null).build();
        runShell(text("curl", f), dir);
        Origin.Received r = origin.take();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.target()).isEqualTo("/bin");
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void nothingFromTheFlowRunsExpandsOrGlobsInTheShell() throws Exception {
        origin = Origin.echo();
        Files.writeString(dir.resolve("glob-target"), "");
        String hostile = "a'b $(touch pwned1) `touch pwned2` ${HOME} * ; touch pwned3 \\ \"q\"";
        String body = hostile + "\nsecond line $(touch pwned4)\n";
        Flow f = TestFlows.http("POST", origin.url("/p?x=" + "$(touch%20pwned5)")).requestHeader("X-Evil", hostile)
                .requestBody(body).build();
        runShell(text("curl", f), dir);
        Origin.Received r = origin.take();
        assertThat(r.header("X-Evil")).isEqualTo(hostile);
        assertThat(r.bodyText()).isEqualTo(body);
        assertThat(r.target()).isEqualTo("/p?x=$(touch%20pwned5)");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("glob-target");
        }
    }

    @Test
    void theResolveOptionReachesTheRecordedAddressUnderTheRecordedName() throws Exception {
        origin = Origin.echo();
        Flow f = TestFlows.http("GET", "http://recorded-name.invalid:" + origin.port() + "/r").build();
        f.server().setPeer(new InetSocketAddress("127.0.0.1", origin.port()));
        runShell(new String(Exports.export("curl", f, true), StandardCharsets.UTF_8), dir);
        Origin.Received r = origin.take();
        assertThat(r.header("Host")).isEqualTo("recorded-name.invalid:" + origin.port());
    }

    // ---- httpie ----

    @Test
    void httpieNamesMethodUrlAndHeadersAndPassesTheBodyRaw() throws Exception {
        Flow f = TestFlows.http("POST", "http://example.com/h").requestHeader("X-A", "it's").requestBody("{\"a\": 1}").build();
        assertThat(text("httpie", f)).isEqualTo("http 'POST' 'http://example.com/h' 'X-A:it'\\''s' --raw '{\"a\": 1}'");
        Flow bin = TestFlows.http("PUT", "http://example.com/b").requestBody(new byte[]{0, 1}, null).build();
        assertThat(text("httpie", bin)).isEqualTo("printf '\\000\\001' | http 'PUT' 'http://example.com/b'");
    }

    // ---- raw and har ----

    @Test
    void rawFormsAreTheWireFormWithTheBodyAsRecorded() throws Exception {
        Flow f = TestFlows.http("POST", "http://example.com/r?q").requestHeader("X-Case", "V").requestBody("req")
                .response(201).responseHeader("Content-Type", "text/plain").responseBody(TestFlows.utf8("zipped"), "gzip").build();
        byte[] gz = f.response().rawContent();
        String request = "POST /r?q HTTP/1.1\r\nHost: example.com\r\nX-Case: V\r\ncontent-length: 3\r\n\r\nreq";
        assertThat(text("raw_request", f)).isEqualTo(request);
        byte[] response = Exports.export("raw_response", f, false);
        String head = "HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\ncontent-length: " + gz.length + "\r\n\r\n";
        assertThat(response).isEqualTo(concat(head.getBytes(StandardCharsets.ISO_8859_1), gz));
        assertThat(Exports.export("raw", f, false)).isEqualTo(concat(request.getBytes(StandardCharsets.ISO_8859_1),
                "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), response));
    }

    @Test
    void anHttp2RequestIsRenderedAsHttp11() throws Exception {
        Flow f = TestFlows.http("GET", "https://example.com/h2").build();
        f.request().setHttpVersion("HTTP/2.0");
        f.request().headers().clear();
        f.request().headers().add(":authority", "example.com").add("accept", "*/*");
        assertThat(text("raw_request", f)).isEqualTo("GET /h2 HTTP/1.1\r\naccept: */*\r\nHost: example.com\r\n\r\n");
    }

    @Test
    void harIsADocumentWithOneEntry() throws Exception {
        Flow f = TestFlows.http("GET", "http://example.com/har").response(200).responseBody("ok").build();
        var doc = com.google.gson.JsonParser.parseString(text("har", f)).getAsJsonObject();
        var entries = doc.getAsJsonObject("log").getAsJsonArray("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getAsJsonObject().getAsJsonObject("request").get("url").getAsString()).isEqualTo("http://example.com/har");
    }

    @Test
    void flowsWithoutTheNeededPartAreRefused() {
        Flow tcp = TestFlows.tcp("example.com", 22).build();
        for (String format : Exports.FORMATS) {
            assertThatThrownBy(() -> Exports.export(format, tcp, false)).hasMessage("Can't export flow with no request.");
        }
        Flow requestOnly = TestFlows.http("GET", "http://example.com/").build();
        assertThatThrownBy(() -> Exports.export("raw_response", requestOnly, false)).hasMessage("Can't export flow with no response.");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
