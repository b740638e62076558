package dev.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.Sluice;
import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.log.LogEntry;
import dev.sluice.testsupport.Origin;
import dev.sluice.testsupport.ProxyFixture;
import dev.sluice.testsupport.RawRequest;
import dev.sluice.testsupport.TestFlows;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** flow.set, flow.decode, flow.encode, flow.encode.toggle and flow.revert through the registry (console.md §8). */
class FlowEditCommandsTest {

    private Sluice sluice;
    private final List<LogEntry> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        sluice = new Sluice(true);
        sluice.log().addListener(log::add);
    }

    private Flow stored(TestFlows.Builder b) {
        Flow f = b.build();
        sluice.flows().add(f);
        return f;
    }

    private Object run(String command) throws CommandException {
        return sluice.commands().execute(command);
    }

    private boolean alerted(String message) {
        return log.stream().anyMatch(e -> e.message().equals(message));
    }

    @Test
    void setMethodUpperCasesItAndRevertRestoresTheOriginal() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/a").response(200));
        run("flow.set @all method patch");
        assertThat(f.request().method()).isEqualTo("PATCH");
        assertThat(f.isModified()).isTrue();
        assertThat(alerted("Set method on 1 flows.")).isTrue();
        run("flow.revert @all");
        assertThat(f.request().method()).isEqualTo("GET");
        assertThat(f.isModified()).isFalse();
        assertThat(alerted("Reverted 1 flows.")).isTrue();
    }

    @Test
    void aSecondEditKeepsTheFirstBackup() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/a").response(200));
        run("flow.set @all path /b");
        run("flow.set @all path /c");
        run("flow.revert @all");
        assertThat(f.request().path()).isEqualTo("/a");
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({"404,404,Not Found", "201,201,Created", "299,299,OK"})
    void statusCodeAlsoSetsTheStandardReason(String value, int code, String reason) throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").response(200));
        run("flow.set @all status_code " + value);
        assertThat(f.response().statusCode()).isEqualTo(code);
        assertThat(f.response().reason()).isEqualTo(reason);
    }

    @Test
    void aStatusCodeThatIsNotAnIntegerIsRefused() {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").response(200));
        assertThatThrownBy(() -> run("flow.set @all status_code abc")).isInstanceOf(CommandException.class)
                .hasMessage("Status code is not an integer: abc");
        assertThat(f.response().statusCode()).isEqualTo(200);
        assertThat(f.isModified()).isFalse();
    }

    @Test
    void aBadUrlIsRefusedAndAGoodOneMovesHostPortPathAndHostHeader() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/a").response(200));
        assertThatThrownBy(() -> run("flow.set @all url nonsense")).isInstanceOf(CommandException.class)
                .hasMessage("URL 'nonsense' is invalid: not an absolute URL");
        assertThatThrownBy(() -> run("flow.set @all url ftp://x/")).hasMessage("URL 'ftp://x/' is invalid: unsupported scheme ftp");
        assertThat(f.isModified()).isFalse();
        run("flow.set @all url https://other.test:8443/p?q=1");
        assertThat(f.request().url()).isEqualTo("https://other.test:8443/p?q=1");
        assertThat(f.request().headers().get("host")).isEqualTo("other.test:8443");
        run("flow.set @all host third.test");
        assertThat(f.request().prettyUrl()).isEqualTo("https://third.test:8443/p?q=1");
    }

    @Test
    void editingTheResponseOfARequestOnlyFlowCreatesAnEmpty200() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/"));
        run("flow.set @all reason Fine");
        assertThat(f.response().statusCode()).isEqualTo(200);
        assertThat(f.response().reason()).isEqualTo("Fine");
        assertThat(f.response().rawContent()).isEmpty();
        run("flow.revert @all");
        assertThat(f.response()).isNull();
    }

    @Test
    void anUnknownAttributeIsRefusedByTheRegistry() {
        stored(TestFlows.http("GET", "http://example.com/"));
        assertThatThrownBy(() -> run("flow.set @all colour red"))
                .hasMessage("Invalid argument attr for flow.set: 'colour' is not one of host, status_code, method, path, url, reason");
    }

    @Test
    void aLiveFlowThatIsNotInterceptedCannotBeEdited() {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").live());
        for (String command : List.of("flow.set @all method POST", "flow.decode @all request", "flow.encode @all request gzip",
                "flow.encode.toggle @all request")) {
            assertThatThrownBy(() -> run(command)).as(command).isInstanceOf(CommandException.class)
                    .hasMessage("Flow is live and not intercepted; intercept it or duplicate it (D) first.");
        }
        assertThat(f.request().method()).isEqualTo("GET");
        assertThat(f.isModified()).isFalse();
        assertThatThrownBy(() -> FlowEdits.begin(f, FlowEdits.Part.RESPONSE)).hasMessage(FlowEdits.LIVE_NOT_INTERCEPTED);
        assertThat(f.response()).as("nothing created").isNull();
    }

    @Test
    void anInterceptedRequestEditedByCommandIsWhatTheServerGets() throws Exception {
        try (Origin origin = Origin.echo(); ProxyFixture proxy = ProxyFixture.console("intercept=~q")) {
            try (Socket client = proxy.connect()) {
                client.getOutputStream().write(RawRequest.get(origin.url("/original")).bytes());
                Flow flow = awaitIntercepted(proxy);
                proxy.sluice().commands().execute("flow.set @all method put");
                proxy.sluice().commands().execute("flow.set @all path /edited");
                proxy.sluice().commands().execute("flow.resume @all");
                Origin.Received r = origin.take();
                assertThat(r.method()).isEqualTo("PUT");
                assertThat(r.target()).isEqualTo("/edited");
                assertThat(ProxyFixture.readHead(client.getInputStream())).startsWith("HTTP/1.1 200 OK");
                assertThat(flow.backupState().request().path()).isEqualTo("/original");
            }
        }
    }

    private static Flow awaitIntercepted(ProxyFixture proxy) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (Flow f : proxy.sluice().flows().snapshot()) if (f.isIntercepted()) return f;
            Thread.sleep(10);
        }
        throw new AssertionError("no flow was intercepted within 10 s");
    }

    @Test
    void decodeRemovesTheEncodingAndKeepsTheContent() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").responseBody(TestFlows.utf8("hello hello hello"), "gzip"));
        run("flow.decode @all response");
        assertThat(f.response().headers().contains("content-encoding")).isFalse();
        assertThat(f.response().rawContent()).isEqualTo(TestFlows.utf8("hello hello hello"));
        assertThat(f.response().headers().get("content-length")).isEqualTo("17");
        run("flow.revert @all");
        assertThat(f.response().headers().get("content-encoding")).isEqualTo("gzip");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gzip", "deflate", "br", "zstd"})
    void encodeAppliesTheCodingToAnUnencodedBody(String coding) throws Exception {
        Flow f = stored(TestFlows.http("POST", "http://example.com/").requestBody("payload payload payload"));
        run("flow.encode @all request " + coding);
        assertThat(f.request().headers().get("content-encoding")).isEqualTo(coding);
        assertThat(ContentEncoding.decode(f.request().rawContent(), coding)).isEqualTo(TestFlows.utf8("payload payload payload"));
        assertThat(f.request().headers().get("content-length")).isEqualTo(Integer.toString(f.request().rawContent().length));
    }

    @Test
    void encodeLeavesAnAlreadyEncodedBodyAlone() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").responseBody(TestFlows.utf8("x"), "gzip"));
        byte[] before = f.response().rawContent();
        run("flow.encode @all response br");
        assertThat(f.response().headers().get("content-encoding")).isEqualTo("gzip");
        assertThat(f.response().rawContent()).isEqualTo(before);
        assertThat(f.isModified()).isFalse();
        assertThatThrownBy(() -> run("flow.encode @all response lzma"))
                .hasMessage("Invalid argument encoding for flow.encode: 'lzma' is not one of gzip, deflate, br, zstd");
    }

    @Test
    void toggleSwitchesBetweenIdentityAndDeflate() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").responseBody("body body body"));
        run("flow.encode.toggle @all response");
        assertThat(f.response().headers().get("content-encoding")).isEqualTo("deflate");
        assertThat(f.response().text()).isEqualTo("body body body");
        run("flow.encode.toggle @all response");
        assertThat(f.response().headers().contains("content-encoding")).isFalse();
        assertThat(f.response().rawContent()).isEqualTo(TestFlows.utf8("body body body"));
    }

    @Test
    void aBodyThatCannotBeDecodedIsReported() {
        Flow f = stored(TestFlows.http("GET", "http://example.com/").responseBody("not gzip"));
        f.response().headers().set("Content-Encoding", "gzip");
        assertThatThrownBy(() -> run("flow.decode @all response")).isInstanceOf(CommandException.class)
                .hasMessageStartingWith("Cannot decode the response of GET http://example.com/: cannot decode gzip body");
        assertThat(f.isModified()).isFalse();
    }

    @Test
    void flowsWithoutThePartAreSkipped() throws Exception {
        Flow f = stored(TestFlows.http("GET", "http://example.com/"));
        run("flow.decode @all response");
        run("flow.encode @all response gzip");
        assertThat(f.response()).isNull();
        assertThat(f.isModified()).isFalse();
    }
}
