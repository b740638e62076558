package dev.sluice.tui.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.flow.ContentEncoding;
import dev.sluice.flow.Flow;
import dev.sluice.tui.ConsoleFixture;
import dev.sluice.tui.grid.GridEditorWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing flows from the console (console.md §10.1): the part chooser, grids, the prompt and the external editor. */
class FlowEditorTest {

    @TempDir
    Path dir;

    /** A flow as the proxy holds it while intercepted: live and paused at the request. */
    private static Flow interceptedRequest(String url) {
        Flow template = ConsoleFixture.flow("GET", url);
        Flow f = new Flow(template.client(), template.server(), template.request(), true);
        f.intercept();
        return f;
    }

    /** A shell script used as $SLUICE_EDITOR (or $PAGER): deterministic, no terminal needed. */
    private ExternalEditor script(String variable, String body) throws Exception {
        Path script = dir.resolve(variable.toLowerCase() + ".sh");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new ExternalEditor(Map.of(variable, script.toString(), "PATH", System.getenv("PATH")));
    }

    @Test
    void eOffersThePartsInMitmproxysOrder() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(interceptedRequest("http://example.test/")).keys("e");
            assertThat(f.console.chooser().title()).isEqualTo("Part");
            assertThat(f.console.chooser().choices()).containsExactly("cookies", "urlencoded form", "multipart form", "path",
                    "method", "query", "reason", "request-headers", "response-headers", "request-body", "response-body",
                    "status_code", "set-cookies", "url");
            assertThat(f.text()).contains("8 request-headers");
        }
    }

    @Test
    void aHeaderEditedInTheGridChangesThePausedRequestAndVRevertsIt() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = interceptedRequest("http://example.test/");
            f.add(flow).keys("enter", "e", "8");
            assertThat(f.row(0)).isEqualTo(" Edit request-headers");
            assertThat(f.row(1)).startsWith("   Name").contains("Value");
            assertThat(f.text()).contains(">> User-Agent").contains("test");
            f.keys("right", "enter", "ctrl u").type("edited\\x21").keys("esc");
            f.keys("a").type("X-Added").keys("tab").type("yes").keys("esc", "q");
            assertThat(f.row(0)).isEqualTo(" Flow Details");
            assertThat(flow.request().headers().get("user-agent")).isEqualTo("edited!");
            assertThat(flow.request().headers().get("x-added")).isEqualTo("yes");
            assertThat(flow.isModified()).isTrue();
            assertThat(f.text()).contains("User-Agent: edited!").contains("X-Added: yes");
            f.keys("V");
            assertThat(flow.request().headers().get("user-agent")).isEqualTo("test");
            assertThat(f.text()).doesNotContain("X-Added");
            assertThat(f.row(23)).isEqualTo("Alert: Reverted 1 flows.");
        }
    }

    @Test
    void aHeaderNameThatIsNoTokenIsRefusedAndTheGridStaysOpen() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = interceptedRequest("http://example.test/");
            f.add(flow).keys("e", "8", "a").type("Bad Name").keys("esc", "q");
            assertThat(f.row(0)).isEqualTo(" Edit request-headers");
            assertThat(f.row(23)).isEqualTo("Error: Invalid header name: Bad Name");
            assertThat(((GridEditorWindow) f.console.focusedWindow()).faultRow()).isEqualTo(1);
            assertThat(flow.isModified()).isFalse();
        }
    }

    @Test
    void aLiveFlowThatIsNotInterceptedCannotBeEdited() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow template = ConsoleFixture.flow("GET", "http://example.test/");
            Flow live = new Flow(template.client(), template.server(), template.request(), true);
            f.add(live).keys("e", "8");
            assertThat(f.row(0)).isEqualTo(" Flows");
            assertThat(f.row(23)).isEqualTo("Error: Flow is live and not intercepted; intercept it or duplicate it (D) first.");
        }
    }

    @Test
    void methodStatusCodeAndReasonOpenThePromptWithFlowSet() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.add(ConsoleFixture.flow("GET", "http://example.test/", 200, "text/plain", "x"));
            f.keys("e", "5", "e", "c", "e", "7");
            assertThat(f.prompts).containsExactly("flow.set @focus method |", "flow.set @focus status_code |", "flow.set @focus reason |");
        }
    }

    @Test
    void theQueryGridRewritesThePathsQuery() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://example.test/search?q=a+b&page=2");
            f.add(flow).keys("e", "6");
            assertThat(f.text()).contains(">> q").contains("a b").contains("page");
            f.keys("j", "d", "a").type("lang").keys("tab").type("en gb").keys("esc", "q");
            assertThat(flow.request().path()).isEqualTo("/search?q=a+b&lang=en+gb");
        }
    }

    @Test
    void editingAResponsePartOfAFlowWithoutResponseCreatesA200() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = interceptedRequest("http://example.test/");
            f.add(flow).keys("e", "9", "a").type("X-Made").keys("tab").type("here").keys("esc", "q");
            assertThat(flow.response().statusCode()).isEqualTo(200);
            assertThat(flow.response().headers().get("x-made")).isEqualTo("here");
        }
    }

    @Test
    void aBodyIsEditedDecodedInTheExternalEditorAndEncodedAgain() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.setEditor(script("SLUICE_EDITOR", "sed -i 's/hello/goodbye/' \"$1\""));
            Flow flow = ConsoleFixture.flow("GET", "http://example.test/");
            byte[] gzipped = ContentEncoding.encode("hello world".getBytes(StandardCharsets.UTF_8), "gzip");
            ConsoleFixture.respond(flow, 200, "text/plain", gzipped);
            flow.response().headers().set("Content-Encoding", "gzip");
            f.add(flow).keys("e", "b");
            assertThat(flow.response().headers().get("content-encoding")).isEqualTo("gzip");
            assertThat(new String(ContentEncoding.decode(flow.response().rawContent(), "gzip"), StandardCharsets.UTF_8)).isEqualTo("goodbye world");
            assertThat(flow.isModified()).isTrue();
        }
    }

    @Test
    void trailingNewlinesTheEditorAddsAreStrippedWhenTheOptionSaysSo() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.setEditor(script("SLUICE_EDITOR", "printf 'name=value\\n\\n' > \"$1\""));
            Flow flow = ConsoleFixture.flow("POST", "http://example.test/");
            f.add(flow).keys("e", "a");
            assertThat(flow.request().rawContent()).isEqualTo("name=value\n\n".getBytes(StandardCharsets.US_ASCII));
            f.run("set console_strip_trailing_newlines true").keys("e", "a");
            assertThat(flow.request().rawContent()).isEqualTo("name=value".getBytes(StandardCharsets.US_ASCII));
            assertThat(flow.request().headers().get("content-length")).isEqualTo("10");
        }
    }

    @Test
    void aGridCellIsEditedInTheExternalEditorWithE() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.setEditor(script("SLUICE_EDITOR", "printf 'from editor\\n' > \"$1\""));
            Flow flow = interceptedRequest("http://example.test/");
            f.add(flow).keys("e", "8", "right", "e", "q");
            assertThat(flow.request().headers().get("user-agent")).isEqualTo("from editor");
        }
    }

    @Test
    void vInTheFlowViewShowsTheChosenBodyInThePager() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Path seen = dir.resolve("seen.txt");
            f.console.setEditor(script("PAGER", "cp \"$1\" '" + seen + "'"));
            f.add(ConsoleFixture.flow("GET", "http://example.test/", 200, "application/json", "{\"a\":1}"));
            f.keys("enter", "v", "2");
            assertThat(Files.readString(seen)).isEqualTo("{\"a\":1}");
            f.keys("v", "1");
            assertThat(f.row(23)).isEqualTo("Error: The request has no body.");
        }
    }

    @Test
    void cookiesAreEditedAsNameValueRowsOfOneCookieHeader() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = ConsoleFixture.flow("GET", "http://example.test/");
            flow.request().headers().add("Cookie", "a=1; b=2");
            f.add(flow).keys("e", "1");
            GridEditorWindow grid = (GridEditorWindow) f.console.focusedWindow();
            assertThat(grid.values()).containsExactly(List.of("a", "1"), List.of("b", "2"));
            f.keys("d", "q");
            assertThat(flow.request().headers().getAll("cookie")).containsExactly("b=2");
        }
    }

    @Test
    void theUrlIsEditedInTheExternalEditorAndSetThroughFlowSet() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            f.console.setEditor(script("SLUICE_EDITOR", "sed -i 's#/old#/new?x=1#' \"$1\""));
            Flow flow = interceptedRequest("http://example.test/old");
            f.add(flow).keys("e", "e");
            assertThat(flow.request().url()).isEqualTo("http://example.test/new?x=1");
            assertThat(flow.isModified()).isTrue();
            f.console.setEditor(script("SLUICE_EDITOR", "echo 'not a url' > \"$1\""));
            f.keys("e", "e");
            assertThat(f.row(23)).startsWith("Error: URL 'not a url' is invalid");
            assertThat(flow.request().url()).isEqualTo("http://example.test/new?x=1");
        }
    }

    @Test
    void aFlowResumedWhileItsGridIsOpenKeepsItsDataAndTheGridCanBeLeft() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture()) {
            Flow flow = interceptedRequest("http://example.test/");
            f.add(flow).keys("e", "8", "a").type("X-Late").keys("tab").type("1").keys("esc");
            f.run("flow.resume @all").keys("q");
            assertThat(f.row(0)).isEqualTo(" Flows");
            assertThat(f.row(23)).isEqualTo("Error: Flow is live and not intercepted; intercept it or duplicate it (D) first.");
            assertThat(flow.request().headers().contains("x-late")).isFalse();
            assertThat(flow.isModified()).isFalse();
        }
    }
}
